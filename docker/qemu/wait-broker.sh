#!/usr/bin/env bash
# wait-broker.sh SECONDS PORT... -- COMMAND...
# Wait until something accepts TCP connections on 127.0.0.1 at every PORT (the
# broker container whose network this container shares, see broker.sh), then
# run COMMAND (QEMU) in its place: its stdin/stdout are the ESP32's serial
# console, so our own messages go to stderr.
set -euo pipefail
usage() { echo "usage: $0 SECONDS PORT... -- COMMAND..." >&2; exit 2; }
[ $# -ge 4 ] || usage
seconds=$1
shift
[[ $seconds =~ ^[1-9][0-9]*$ ]] || usage
ports=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  [[ $1 =~ ^[1-9][0-9]*$ ]] || usage
  ports+=("$1")
  shift
done
[ $# -ge 2 ] && [ ${#ports[@]} -ge 1 ] || usage
shift

deadline=$((SECONDS + seconds))
for port in "${ports[@]}"; do
  # bash's /dev/tcp: a plain connect, no MQTT client needed in this image.
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "wait-broker: nothing accepts connections on 127.0.0.1:$port after $seconds s; is the broker container running? (docker logs <its name>)" >&2
      exit 1
    fi
    sleep 0.2
  done
done
echo "wait-broker: broker up on 127.0.0.1 port(s) ${ports[*]}" >&2
exec "$@"
