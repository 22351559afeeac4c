#!/usr/bin/env bash
# kconfig-check.sh -- check, without ESP-IDF, that our Kconfig composition works
# and what each firmware variant's fragments turn on. Outside CI: it needs local
# git copies of the upstream repositories (MIRROR_ROOT, as for
# real-headers-check.sh) and Python's kconfiglib (Debian: python3-kconfiglib).
#
# It parses a small Kconfig tree made of the REAL files: ESP-IDF v5.1.3's esp_eth
# Kconfig, esp-mqtt's Kconfig, NodeMCU's lua Kconfig, and our
# components/modules/Kconfig (which pulls in NodeMCU's module menu from the
# checkout in .cache/nodemcu-firmware, made here from MIRROR_ROOT if missing).
# Then, for each Lua version x profile x protocol, it applies the fragment files
# in the order `npm run firmware` passes them and prints the options that matter.
#
# Usage: MIRROR_ROOT=/path/to/mirrors docker/tools/kconfig-check.sh
set -euo pipefail
: "${MIRROR_ROOT:?MIRROR_ROOT must point at the upstream git copies}"
root=$(cd "$(dirname "$0")/../.." && pwd)
gitdir() { if [ -d "$MIRROR_ROOT/$1/repo" ]; then echo "$MIRROR_ROOT/$1/repo"; else echo "$MIRROR_ROOT/$1"; fi; }
nm=$root/.cache/nodemcu-firmware
commit=$(sed -n 's/^export const NODEMCU_COMMIT = "\([0-9a-f]*\)";$/\1/p' "$root/docker/lib/pins.ts")
if [ ! -f "$nm/components/modules/Kconfig" ]; then
  mkdir -p "$nm"
  git --git-dir="$(gitdir nodemcu+nodemcu-firmware)" archive "$commit" components sdkconfig.defaults tools | tar -x -C "$nm"
fi
idf=$(gitdir espressif+esp-idf)
mqtt_rev=$(git --git-dir="$idf" ls-tree v5.1.3 components/mqtt/esp-mqtt | awk '{print $3}')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git --git-dir="$idf" show v5.1.3:components/esp_eth/Kconfig > "$tmp/eth.Kconfig"
git --git-dir="$idf" show v5.1.3:components/log/Kconfig > "$tmp/log.Kconfig"
git --git-dir="$(gitdir espressif+esp-mqtt)" show "$mqtt_rev:Kconfig" > "$tmp/mqtt.Kconfig"
# Stand-ins for the three IDF symbols these files depend on (true on esp32).
cat > "$tmp/Kconfig" <<KCONFIG
mainmenu "kconfig-check"
config IDF_TARGET_ESP32
    bool
    default y
config SOC_EMAC_SUPPORTED
    bool
    default y
config WS_TRANSPORT
    bool
    default y
menu "Component config"
source "$tmp/eth.Kconfig"
source "$tmp/log.Kconfig"
source "$tmp/mqtt.Kconfig"
source "$nm/components/lua/Kconfig"
source "$root/components/modules/Kconfig"
endmenu
KCONFIG

python3 - "$tmp/Kconfig" "$root" <<'PY'
import sys, kconfiglib
top, root = sys.argv[1], sys.argv[2]
kc = kconfiglib.Kconfig(top, warn=False)
for name, prompt in [("MQTT_PROTOCOL_311", "Enable MQTT protocol 3.1.1"), ("NODEMCU_CMODULE_MQTT", "MQTT module"),
                     ("ETH_USE_OPENETH", None), ("ETH_USE_ESP32_EMAC", None), ("LOG_DEFAULT_LEVEL_WARN", None),
                     ("LUA_VERSION_51", "Lua 5.1")]:
    sym = kc.syms.get(name)
    prompts = [n.prompt[0] for n in sym.nodes if n.prompt] if sym else []
    ok = bool(prompts) and (prompt is None or prompt in prompts)
    print(f"{'ok ' if ok else 'BAD'} {name}: {prompts}")
    if not ok:
        sys.exit(1)
keys = ["NODEMCU_CMODULE_MQTT", "MQTT_TRANSPORT_SSL", "MQTT_PROTOCOL_311", "LUA_VERSION_53", "ETH_USE_OPENETH",
        "ETH_USE_ESP32_EMAC", "LOG_DEFAULT_LEVEL_WARN", "NODEMCU_CMODULE_WIFI"]
print("variant".ljust(22), " ".join(k.replace("NODEMCU_CMODULE_", "MOD_") for k in keys))
for lua in ("5.1", "5.3"):
    for profile in ("device", "qemu"):
        for proto in ("311", "31"):
            files = [f"{root}/.cache/nodemcu-firmware/sdkconfig.defaults"] + [
                f"{root}/firmware-config/{f}.defaults"
                for f in ("common", "app-firmware", f"lua-{lua}", f"profile-{profile}", f"mqtt-{proto}")]
            kc.load_config(files[0], replace=True)
            for f in files[1:]:
                kc.load_config(f, replace=False)
            row = " ".join(kc.syms[k].str_value.ljust(len(k.replace("NODEMCU_CMODULE_", "MOD_"))) for k in keys)
            print(f"lua{lua} {profile} {proto}".ljust(22), row)
PY
