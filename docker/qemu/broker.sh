#!/bin/sh
# broker.sh --check | broker.sh CERTDIR LOGFILE
# The MQTT broker of the QEMU tests. Runs in the official eclipse-mosquitto image
# (BROKER_IMAGE in docker/lib/pins.ts; Alpine, so POSIX sh), in its own container
# whose network the QEMU container joins: QEMU's 10.0.2.2 is that network's
# 127.0.0.1, where this broker listens (plain 1883, TLS 8883 with CERTDIR's
# certificates). Connections, with their MQTT protocol level, go to LOGFILE.
#
# Either form first checks the broker's version and refuses anything before
# Mosquitto 2.0.3: older brokers drop a client's will when another connection
# takes over its client id (fixed in 2.0.3, eclipse/mosquitto#1946), so the
# last-will scenario could never pass. --check stops after that check.
set -eu
usage() { echo "usage: $0 --check | $0 CERTDIR LOGFILE" >&2; exit 2; }
if [ $# -eq 1 ] && [ "$1" = "--check" ]; then
  check_only=1
elif [ $# -eq 2 ] && [ "${1#-}" = "$1" ]; then
  check_only=0
else
  usage
fi

# `mosquitto -h` prints "mosquitto version X.Y.Z" first (and exits 3).
help=$(mosquitto -h 2>&1 || true)
version=$(printf '%s\n' "$help" | sed -n 's/^mosquitto version \([0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*\).*/\1/p' | head -n 1)
if [ -z "$version" ]; then
  echo "broker: cannot tell which Mosquitto this is; 'mosquitto -h' said: $(printf '%s\n' "$help" | head -n 1)" >&2
  exit 3
fi
major=${version%%.*}
rest=${version#*.}
minor=${rest%%.*}
patch=${rest#*.}
if [ $((major * 1000000 + minor * 1000 + patch)) -lt 2000003 ]; then
  echo "broker: Mosquitto $version is too old for the QEMU tests: they need 2.0.3 or later." >&2
  echo "broker: Before 2.0.3 Mosquitto drops a client's will when another connection takes over its client id" >&2
  echo "broker: (eclipse/mosquitto#1946), so the last-will scenario would always fail. Use the image in docker/lib/pins.ts." >&2
  exit 3
fi
echo "broker: Mosquitto $version (2.0.3 or later: publishes the will on session takeover)" >&2

[ "$check_only" = 0 ] || exit 0
certs=$1 log=$2
# The firmware expects the standard ports; host-side tests pick free ones.
port=${BROKER_PORT:-1883}
tls_port=${BROKER_TLS_PORT:-8883}

mkdir -p "$(dirname "$log")"
: > "$log"
conf=$(mktemp /tmp/mosquitto.XXXXXX)
# As root (rootless engines map the calling user to root) Mosquitto would switch
# to user "mosquitto", who may not write the log in the mounted repository.
run_as=""
[ "$(id -u)" = 0 ] && run_as="user root"
cat > "$conf" <<CONF
# Written by docker/qemu/broker.sh for Mosquitto 2.x.
per_listener_settings false
$run_as
allow_anonymous true
persistence false
log_dest file $log
log_dest stderr
log_type all
connection_messages true
listener $port 127.0.0.1
listener $tls_port 127.0.0.1
cafile $certs/ca.pem
certfile $certs/server.pem
keyfile $certs/server.key
CONF
exec mosquitto -c "$conf"
