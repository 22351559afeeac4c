#!/usr/bin/env bash
# with-broker.sh CERTDIR LOGFILE -- COMMAND...
# Start Mosquitto (plain on 1883, TLS on 8883 with CERTDIR's certificates) in
# this container, wait until it accepts connections, then
# run COMMAND (QEMU), whose stdin/stdout are the ESP32's serial console, and
# stop the broker when it ends.
# Our own messages go to stderr so the serial stream stays clean. The broker
# logs connections (with the MQTT protocol level) to LOGFILE for the harness.
set -euo pipefail
[ $# -ge 4 ] && [ "$3" = "--" ] || { echo "usage: $0 CERTDIR LOGFILE -- COMMAND..." >&2; exit 2; }
certs=$1 log=$2
shift 3
# The firmware expects the standard ports; the host-side test of this script
# (test/firmware/broker-scripts.test.ts) picks free ones.
port=${BROKER_PORT:-1883}
tls_port=${BROKER_TLS_PORT:-8883}

conf=$(mktemp /tmp/mosquitto.XXXXXX.conf)
mkdir -p "$(dirname "$log")"
: > "$log"
# As root, Mosquitto would switch to user "mosquitto", which cannot read the
# certificates or write the log; under `docker run -u` we are not root anyway.
run_as=""
[ "$(id -u)" = 0 ] && run_as="user root"
cat > "$conf" <<CONF
# Written by with-broker.sh. Works with Mosquitto 1.6 (Ubuntu 20.04) and 2.x.
per_listener_settings false
$run_as
allow_anonymous true
persistence false
log_dest file $log
log_type all
connection_messages true
listener $port 0.0.0.0
listener $tls_port 0.0.0.0
cafile $certs/ca.pem
certfile $certs/server.pem
keyfile $certs/server.key
CONF

mosquitto -c "$conf" >&2 &
broker=$!
child=""
# Stop the broker whatever way we leave; pass SIGTERM/SIGINT (docker stop,
# docker run's signal proxy) on to the command.
trap 'kill "$broker" 2>/dev/null; wait "$broker" 2>/dev/null; rm -f "$conf"' EXIT
trap '[ -n "$child" ] && kill -TERM "$child" 2>/dev/null' TERM INT

ready=0
for _ in $(seq 1 50); do
  if mosquitto_pub -h 127.0.0.1 -p "$port" -t with-broker/ready -m up -q 0 2>/dev/null; then
    ready=1
    break
  fi
  kill -0 "$broker" 2>/dev/null || { echo "with-broker: mosquitto exited, see $log" >&2; exit 1; }
  sleep 0.2
done
[ "$ready" = 1 ] || { echo "with-broker: mosquitto did not accept connections within 10 s" >&2; exit 1; }
echo "with-broker: mosquitto ready (pid $broker): $port plain, $tls_port TLS" >&2

# In the background so the traps can act, with our stdin handed on explicitly
# (a background command would otherwise read /dev/null): it is the serial input.
"$@" <&0 &
child=$!
status=0
wait "$child" || status=$?
# A trapped signal interrupts `wait`; wait again for the real exit status.
if kill -0 "$child" 2>/dev/null; then wait "$child" || status=$?; fi
exit "$status"
