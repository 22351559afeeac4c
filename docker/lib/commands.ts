// The exact commands each npm script runs: pure functions from options to argv
// lists, so that --dry-run prints what a real run executes and tests can check it.
//
// All ESP-IDF work runs in our image (IDF v5.1.3 + Mosquitto) with the repository
// mounted at /project, as the calling user so build output stays theirs. Paths
// given to idf.py/esptool/qemu are absolute container paths: ESP-IDF resolves
// relative SDKCONFIG paths against the project folder, which differs per app.

import {
  BROKER_IMAGE,
  FLASH_SIZE,
  IMAGE,
  NODEMCU_COMMIT,
  NODEMCU_DIR,
  NODEMCU_REPO_URL,
  NODEMCU_SUBMODULES,
} from "./pins.ts";
import { fragmentFiles } from "./sdkconfig.ts";
import type { Variant } from "./variant.ts";
import { projectDir, variantDir, variantName } from "./variant.ts";

export const CONTAINER_ROOT = "/project";

/**
 * How containers run as the calling user, so that files they write in the
 * mounted repository are the user's:
 *   - "map-user": rootful Docker or Podman: `-u uid:gid`;
 *   - "rootless": rootless Docker: no `-u`; container root IS the calling user
 *     (a `-u uid` would map to a subordinate id that cannot write the repository);
 *   - "keep-id": rootless Podman: `--userns=keep-id`, the user's own ids inside.
 */
export type UserMode = "map-user" | "rootless" | "keep-id";

export interface HostContext {
  /** Absolute path of the repository on the host (mounted at /project). */
  repoRoot: string;
  /** "uid:gid" for `docker run -u`. */
  user: string;
  /** The docker client to call. */
  docker: string;
  userMode: UserMode;
}

export interface Command {
  /** Shown as the progress line before the command runs. */
  title: string;
  argv: string[];
}

/** Container path of a repository-relative path. */
export function inContainer(relPath: string): string {
  return relPath === "." ? CONTAINER_ROOT : `${CONTAINER_ROOT}/${relPath}`;
}

interface RunOptions {
  workdir?: string;
  /** Keep stdin open (the QEMU serial console is driven through it). */
  interactive?: boolean;
  /** Also allocate a terminal (menuconfig draws a full-screen UI). */
  tty?: boolean;
  /** A host device to pass in (the serial port for flashing). */
  device?: string;
  /** Container name, so a timed-out run can be removed for sure. */
  name?: string;
  /** Extra group for the container process (the serial port's group for flashing). */
  groupAdd?: string;
  /** Join another container's network (`container:NAME`). */
  network?: string;
  /** Start in the background (`-d`) and keep the container until removed (its logs too). */
  detach?: boolean;
  /** Another image than ours (the broker's). */
  image?: string;
  /** Extra environment, NAME=value. */
  env?: string[];
}

/** The options that make a container run as the calling user (see UserMode). */
export function userOptions(ctx: HostContext): string[] {
  switch (ctx.userMode) {
    case "map-user":
      return ["-u", ctx.user];
    case "rootless":
      return [];
    case "keep-id":
      return ["--userns=keep-id"];
  }
}

export function dockerRun(ctx: HostContext, inner: string[], opts: RunOptions = {}): string[] {
  return [
    ctx.docker, "run", ...(opts.detach ? ["-d"] : ["--rm"]),
    ...(opts.name ? ["--name", opts.name] : []),
    ...(opts.interactive ? [opts.tty ? "-it" : "-i"] : []),
    ...(opts.network ? ["--network", opts.network] : []),
    ...(opts.device ? ["--device", opts.device] : []),
    ...(opts.groupAdd ? ["--group-add", opts.groupAdd] : []),
    "-v", `${ctx.repoRoot}:${CONTAINER_ROOT}`,
    "-w", opts.workdir ?? CONTAINER_ROOT,
    ...userOptions(ctx),
    "-e", "HOME=/tmp",
    ...(opts.env ?? []).flatMap((e) => ["-e", e]),
    opts.image ?? IMAGE,
    ...inner,
  ];
}

export function imageBuildCommand(ctx: HostContext): Command {
  return {
    title: `Docker image ${IMAGE} (ESP-IDF v5.1.3 + NodeMCU's build needs)`,
    argv: [ctx.docker, "build", "-t", IMAGE, "-f", `${ctx.repoRoot}/docker/Dockerfile`, `${ctx.repoRoot}/docker`],
  };
}

export function fetchCommand(ctx: HostContext): Command {
  return {
    title: `NodeMCU dev-esp32 @ ${NODEMCU_COMMIT.slice(0, 8)} into ${NODEMCU_DIR}`,
    argv: dockerRun(ctx, [
      "bash", "docker/fetch-nodemcu.sh", NODEMCU_REPO_URL, NODEMCU_COMMIT, NODEMCU_DIR, ...NODEMCU_SUBMODULES,
    ]),
  };
}

/** Name of the app image ESP-IDF writes (project() name + .bin). */
export function appBinName(v: Variant): string {
  return v.app === "unity" ? "nodemcu_unity.bin" : "nodemcu.bin";
}

export function idfBuildDir(v: Variant): string {
  return `${variantDir(v)}/idf`;
}

/**
 * Compiler cache of the idf.py runs, in the repository's git-ignored .cache/ so
 * that rebuilds (and CI, which caches the folder) reuse objects. The image has
 * ccache; idf.py uses it with --ccache.
 */
export const CCACHE_DIR = ".cache/ccache";
const IDF_ENV = [`CCACHE_DIR=${inContainer(CCACHE_DIR)}`];

/** idf.py with the variant's project, build folder, sdkconfig and fragment list. */
function idfArgs(v: Variant, ...action: string[]): string[] {
  const defaults = fragmentFiles(v).map(inContainer).join(";");
  return [
    "idf.py",
    "--ccache",
    "-C", inContainer(projectDir(v)),
    "-B", inContainer(idfBuildDir(v)),
    "-D", `SDKCONFIG=${inContainer(variantDir(v))}/sdkconfig`,
    "-D", `SDKCONFIG_DEFAULTS=${defaults}`,
    ...action,
  ];
}

export function idfBuildCommand(ctx: HostContext, v: Variant): Command {
  return {
    title: `idf.py build (${projectDir(v) === "." ? "NodeMCU firmware" : "Unity test app"}) into ${idfBuildDir(v)}`,
    argv: dockerRun(ctx, idfArgs(v, "build"), { env: IDF_ENV }),
  };
}

/** Where `idf.py size` writes its summary for the app-size check (docker/lib/app-size.ts). */
export function sizeReportPath(v: Variant): string {
  return `${variantDir(v)}/size.txt`;
}

/**
 * esp-idf-size's summary of the built app, as text into the variant folder. The
 * size action rebuilds nothing after a successful build, and still reports when
 * the build failed because the app did not fit its partition.
 */
export function idfSizeCommand(ctx: HostContext, v: Variant): Command {
  return {
    title: `idf.py size -> ${sizeReportPath(v)}`,
    argv: dockerRun(ctx, idfArgs(v, "size", "--format", "text", "--output-file", inContainer(sizeReportPath(v))), {
      env: IDF_ENV,
    }),
  };
}

/** menuconfig on the variant's own sdkconfig; the next build keeps the changes. */
export function idfMenuconfigCommand(ctx: HostContext, v: Variant): Command {
  return {
    title: `idf.py menuconfig for ${variantDir(v)}/sdkconfig`,
    argv: dockerRun(ctx, idfArgs(v, "menuconfig"), { interactive: true, tty: true, env: IDF_ENV }),
  };
}

/** One 4 MB image (bootloader + partition table + app at their offsets) for QEMU. */
export function mergeCommand(ctx: HostContext, v: Variant): Command {
  return {
    title: `esptool merge_bin -> ${variantDir(v)}/flash_image.bin`,
    argv: dockerRun(
      ctx,
      [
        "esptool.py", "--chip", "esp32", "merge_bin",
        "--fill-flash-size", FLASH_SIZE,
        "-o", `${inContainer(variantDir(v))}/flash_image.bin`,
        "@flash_args",
      ],
      // flash_args names its files relative to the build folder.
      { workdir: inContainer(idfBuildDir(v)) },
    ),
  };
}

/** Files copied from the ESP-IDF build folder to the variant folder after a build. */
export function artifactCopies(v: Variant): Array<{ from: string; to: string }> {
  const idf = idfBuildDir(v);
  const out = variantDir(v);
  return [
    { from: `${idf}/bootloader/bootloader.bin`, to: `${out}/bootloader.bin` },
    { from: `${idf}/partition_table/partition-table.bin`, to: `${out}/partition-table.bin` },
    { from: `${idf}/${appBinName(v)}`, to: `${out}/${appBinName(v)}` },
    { from: `${idf}/flash_args`, to: `${out}/flash_args` },
  ];
}

/** The per-variant part of a build: [menuconfig], build, size report, merged image. */
export function variantSteps(ctx: HostContext, v: Variant, menuconfig = false): Command[] {
  return [
    ...(menuconfig ? [idfMenuconfigCommand(ctx, v)] : []),
    idfBuildCommand(ctx, v),
    idfSizeCommand(ctx, v),
    mergeCommand(ctx, v),
  ];
}

/** Everything `npm run firmware` runs for one variant, in order. */
export function firmwarePlan(ctx: HostContext, v: Variant, menuconfig = false): Command[] {
  return [imageBuildCommand(ctx), fetchCommand(ctx), ...variantSteps(ctx, v, menuconfig)];
}

/**
 * Flash bootloader, partition table and app at the offsets ESP-IDF chose
 * (flash_args), not the merged image: that would also overwrite the board's
 * SPIFFS and LFS partitions with blank space. `groupAdd`: see portGroupOption
 * in serial-port.ts.
 */
export function flashCommand(ctx: HostContext, v: Variant, port: string, baud: number, groupAdd?: string): Command {
  return {
    title: `esptool write_flash ${variantDir(v)} -> ${port}`,
    argv: dockerRun(
      ctx,
      [
        "esptool.py", "--chip", "esp32", "-p", port, "-b", String(baud),
        "--before", "default_reset", "--after", "hard_reset",
        "write_flash", "@flash_args",
      ],
      { workdir: inContainer(idfBuildDir(v)), device: port, groupAdd },
    ),
  };
}

export const QEMU_TEST_DIR = "build/qemu-test";
export const CERT_DIR = `${QEMU_TEST_DIR}/certs`;

export function certsCommand(ctx: HostContext): Command {
  return {
    title: `test certificates (CA, broker for 10.0.2.2) into ${CERT_DIR}`,
    argv: dockerRun(ctx, ["bash", "docker/qemu/make-certs.sh", inContainer(CERT_DIR)]),
  };
}

/**
 * The QEMU command line itself, as run inside the container. `snapshot=on`:
 * the firmware's writes to flash (SPIFFS formatted at first boot, files the
 * scenarios write) go to a temporary overlay, so flash_image.bin stays the
 * build's output and every run boots the same image.
 */
export function qemuArgv(v: Variant): string[] {
  return [
    "qemu-system-xtensa",
    "-nographic",
    "-machine", "esp32",
    "-drive", `file=${inContainer(variantDir(v))}/flash_image.bin,if=mtd,format=raw,snapshot=on`,
    "-nic", "user,model=open_eth",
    "-global", "driver=timer.esp32.timg,property=wdt_disable,value=true",
    "-serial", "mon:stdio",
  ];
}

export function brokerLogPath(v: Variant): string {
  return `${QEMU_TEST_DIR}/repl-lua${v.lua.replace(".", "")}-mqtt${v.protocol}-mosquitto.log`;
}

export function qemuContainerName(v: Variant): string {
  return `nodemcu-qemu-${variantName(v)}`;
}

export function brokerContainerName(v: Variant): string {
  return `nodemcu-broker-${variantName(v)}`;
}

/** Refuses a broker image older than Mosquitto 2.0.3 before anything boots (docker/qemu/broker.sh). */
export function brokerCheckCommand(ctx: HostContext): Command {
  return {
    title: `broker image ${BROKER_IMAGE}: Mosquitto 2.0.3 or later (will published on session takeover)`,
    argv: dockerRun(ctx, ["sh", "docker/qemu/broker.sh", "--check"], { image: BROKER_IMAGE }),
  };
}

/** The broker for one QEMU boot, in the background: plain 1883 and TLS 8883 on its 127.0.0.1. */
export function brokerStartCommand(ctx: HostContext, v: Variant): Command {
  return {
    title: `Mosquitto 2 in container ${brokerContainerName(v)} (1883, TLS 8883), log ${brokerLogPath(v)}`,
    argv: dockerRun(ctx, ["sh", "docker/qemu/broker.sh", inContainer(CERT_DIR), inContainer(brokerLogPath(v))], {
      image: BROKER_IMAGE,
      name: brokerContainerName(v),
      detach: true,
    }),
  };
}

export function brokerStopCommand(ctx: HostContext, v: Variant): Command {
  return {
    title: `remove the broker container ${brokerContainerName(v)}`,
    argv: [ctx.docker, "rm", "-f", brokerContainerName(v)],
  };
}

/** Seconds QEMU's container waits for the broker's ports before it gives up. */
export const BROKER_WAIT_SECONDS = 30;

/**
 * QEMU in our image. The firmware shares the broker container's network: QEMU's
 * user network maps 10.0.2.2 to 127.0.0.1 of that network, where the broker
 * listens. The Unity app talks to no broker, so it boots on its own, at once.
 * stdin and stdout are QEMU's serial port.
 */
export function qemuBootCommand(ctx: HostContext, v: Variant): Command {
  if (v.app === "unity") {
    return {
      title: `QEMU esp32 boots ${variantDir(v)}/flash_image.bin (Unity app, no broker)`,
      argv: dockerRun(ctx, qemuArgv(v), { interactive: true, name: qemuContainerName(v) }),
    };
  }
  return {
    title: `QEMU esp32 boots ${variantDir(v)}/flash_image.bin (broker ${brokerContainerName(v)} at 10.0.2.2:1883, TLS :8883)`,
    argv: dockerRun(
      ctx,
      ["bash", "docker/qemu/wait-broker.sh", String(BROKER_WAIT_SECONDS), "1883", "8883", "--", ...qemuArgv(v)],
      { interactive: true, name: qemuContainerName(v), network: `container:${brokerContainerName(v)}` },
    ),
  };
}
