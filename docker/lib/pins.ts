// Every pinned upstream input of the firmware build, in one place.

/** ESP-IDF release NodeMCU dev-esp32 @ 7c5bb151 is built against. */
export const IDF_BASE_IMAGE = "espressif/idf:v5.1.3";
/** Our image: the IDF image plus what NodeMCU's build needs (docker/Dockerfile). */
export const IMAGE = "nodemcu-mqtt-ts-idf:v5.1.3";
/**
 * The QEMU tests' MQTT broker: Eclipse's official Mosquitto image (Alpine, built
 * with TLS), run beside the QEMU container. Not Ubuntu 20.04's Mosquitto 1.6.9
 * from the IDF image: before 2.0.3 a will is lost on session takeover (see
 * docker/lib/mosquitto-version.ts). 2.0.18 is the 2.0 release of September 2023.
 */
export const BROKER_IMAGE = "eclipse-mosquitto:2.0.18";

export const NODEMCU_REPO_URL = "https://github.com/nodemcu/nodemcu-firmware.git";
export const NODEMCU_BRANCH = "dev-esp32";
export const NODEMCU_COMMIT = "7c5bb15154f6766987bf3f119335b08dfcc51a40";
/**
 * Where the build-time checkout goes, relative to the repository root. The same
 * path is written in components/nodemcu-upstream.cmake, components/modules/Kconfig
 * and firmware-config/app-firmware.defaults (a test keeps them in step).
 */
export const NODEMCU_DIR = ".cache/nodemcu-firmware";
/**
 * Submodules the firmware needs. NodeMCU's fourth, sdk/esp32-esp-idf, is left
 * out on purpose: the image's own IDF (IDF_PATH=/opt/esp/idf) is used instead.
 */
export const NODEMCU_SUBMODULES = [
  "components/u8g2/u8g2",
  "components/ucg/ucg",
  "components/qrcodegen/qrcodegen",
] as const;

/**
 * ziglang (PyPI) for NodeMCU's luac.cross build, pinned in docker/Dockerfile:
 * the newest release when NodeMCU's CI built 7c5bb151 (see the Dockerfile).
 */
export const ZIGLANG_VERSION = "0.13.0";

/** Flash size of the boards NodeMCU's partition table is laid out for. */
export const FLASH_SIZE = "4MB";
