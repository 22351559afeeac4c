#!/usr/bin/env bash
# fetch-nodemcu.sh URL COMMIT DIR [SUBMODULE...]
# Check NodeMCU out at exactly COMMIT into DIR (repository-relative), with only
# the named submodules. Run inside the IDF image by `npm run firmware`; safe to
# re-run: an existing checkout is reused and moved to COMMIT.
# Nothing fetched here is committed to our repository (.cache/ is ignored).
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 URL COMMIT DIR [SUBMODULE...]" >&2; exit 2; }
url=$1 commit=$2 dir=$3
shift 3

if [ ! -d "$dir/.git" ]; then
  mkdir -p "$dir"
  git -C "$dir" init -q
  git -C "$dir" remote add origin "$url"
fi
if [ "$(git -C "$dir" rev-parse -q --verify HEAD 2>/dev/null || true)" != "$commit" ]; then
  echo "fetch-nodemcu: fetching $commit from $url"
  git -C "$dir" fetch -q --depth 1 origin "$commit"
  # -f: buildinfo.h and similar generated files must not block the checkout.
  git -C "$dir" checkout -q -f --detach FETCH_HEAD
fi
[ "$(git -C "$dir" rev-parse HEAD)" = "$commit" ] || { echo "fetch-nodemcu: HEAD is not $commit" >&2; exit 1; }

if [ $# -gt 0 ]; then
  echo "fetch-nodemcu: submodules $*"
  git -C "$dir" submodule sync -q -- "$@"
  git -C "$dir" submodule update -q --init --depth 1 -- "$@"
fi

# Upstream's modules/mqtt.c is never compiled (components/modules/CMakeLists.txt
# builds ours instead); say so in the log so nobody wonders which one is in.
echo "fetch-nodemcu: NodeMCU $(git -C "$dir" log -1 --format='%h %cs %s') ready in $dir"
echo "fetch-nodemcu: components/modules/mqtt.c is replaced by our generated module at build time"
