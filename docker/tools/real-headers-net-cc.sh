#!/usr/bin/env bash
# real-headers-net-cc.sh -- a CC wrapper for /work/shared/tools/real-headers-check.sh
# (or any copy of it) so that it can check main/*.c, which also includes the
# Ethernet and netif headers that the shared script does not put on its path.
#
# It adds, from the same ESP-IDF git copy (MIRROR_ROOT/espressif+esp-idf, IDF_REV
# default v5.1.3), the REAL headers of: esp_eth, esp_netif. And it defines what the
# QEMU profile's sdkconfig adds: CONFIG_ETH_USE_OPENETH, CONFIG_ETH_ENABLED.
# One shim: <machine/endian.h> (newlib-only, included by esp_netif_ip_addr.h)
# forwards to glibc's <endian.h>, which defines the same BYTE_ORDER macros.
# Everything else is passed through to ${REAL_CC:-gcc} unchanged.
#
# Use: CC=docker/tools/real-headers-net-cc.sh MIRROR_ROOT=... real-headers-check.sh ... main/x.c
set -euo pipefail
: "${MIRROR_ROOT:?MIRROR_ROOT must point at the upstream git copies}"
idf_git="$MIRROR_ROOT/espressif+esp-idf"
[ -d "$idf_git/repo" ] && idf_git="$idf_git/repo"
rev=${IDF_REV:-v5.1.3}
sha=$(git --git-dir="$idf_git" rev-parse --verify -q "$rev^{commit}")
cache="${TMPDIR:-/tmp}/real-headers-net-cache/$sha"
if [ ! -f "$cache/.complete" ]; then
  tmp="$cache.tmp.$$"
  mkdir -p "$tmp/shim/machine"
  git --git-dir="$idf_git" archive --format=tar "$sha" -- \
    ':(glob)components/esp_eth/include/**/*.h' ':(glob)components/esp_netif/include/**/*.h' \
    | tar -x -C "$tmp"
  printf '/* SHIM (real-headers-net-cc): newlib <machine/endian.h> -> glibc */\n#pragma once\n#include <endian.h>\n' \
    > "$tmp/shim/machine/endian.h"
  touch "$tmp/.complete"
  mv -T "$tmp" "$cache" 2>/dev/null || rm -rf "$tmp"
fi
exec "${REAL_CC:-gcc}" "$@" \
  -DCONFIG_ETH_ENABLED=1 -DCONFIG_ETH_USE_OPENETH=1 \
  -DCONFIG_ETH_OPENETH_DMA_RX_BUFFER_NUM=4 -DCONFIG_ETH_OPENETH_DMA_TX_BUFFER_NUM=1 \
  -isystem "$cache/components/esp_eth/include" \
  -isystem "$cache/components/esp_netif/include" \
  -idirafter "$cache/shim"
