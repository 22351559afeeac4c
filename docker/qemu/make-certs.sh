#!/usr/bin/env bash
# make-certs.sh DIR -- a throwaway CA and a broker certificate for the QEMU TLS
# test. The firmware reaches the broker as 10.0.2.2 (QEMU's user-network host),
# so that is the name in the certificate (CN and subjectAltName, IP and DNS form:
# mbedTLS matches the host string against either). Regenerated on every run.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
dir=$1
mkdir -p "$dir"
cd "$dir"
rm -f ca.key ca.pem server.key server.csr server.pem server.ext ca.srl

openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 30 \
  -keyout ca.key -out ca.pem -subj "/CN=nodemcu-mqtt-ts QEMU test CA" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -sha256 \
  -keyout server.key -out server.csr -subj "/CN=10.0.2.2" 2>/dev/null
printf 'subjectAltName=IP:10.0.2.2,DNS:10.0.2.2\nbasicConstraints=CA:FALSE\n' > server.ext
openssl x509 -req -sha256 -days 30 -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
  -extfile server.ext -out server.pem 2>/dev/null
rm -f server.csr server.ext ca.srl
echo "make-certs: CA and broker certificate for 10.0.2.2 in $dir"
