// The exact command lines --dry-run prints (and a real run executes), for both
// Lua versions and both profiles, plus the CLI printing them unchanged.
import { describe, expect, it } from "vitest";
import {
  type HostContext,
  firmwarePlan,
  flashCommand,
  qemuBootCommand,
  idfBuildCommand,
} from "../../docker/lib/commands.ts";
import { hostContext } from "../../docker/lib/host-context.ts";
import { bootWithBroker, qemuTestPlan } from "../../docker/lib/qemu-plan.ts";
import { formatCommand, quoteArg } from "../../docker/lib/shell-quote.ts";
import type { Variant } from "../../docker/lib/variant.ts";
import { runDockerCli } from "./cli.ts";

const ctx: HostContext = { repoRoot: "/home/u/nodemcu-mqtt-ts", user: "1000:1000", docker: "docker", userMode: "map-user" };
const RUN = "docker run --rm -v /home/u/nodemcu-mqtt-ts:/project -w /project -u 1000:1000 -e HOME=/tmp nodemcu-mqtt-ts-idf:v5.1.3";
// idf.py runs use ccache, kept in the repository's .cache/ccache.
const IDF = "docker run --rm -v /home/u/nodemcu-mqtt-ts:/project -w /project -u 1000:1000 -e HOME=/tmp -e CCACHE_DIR=/project/.cache/ccache nodemcu-mqtt-ts-idf:v5.1.3 idf.py --ccache";
const lines = (v: Variant) => firmwarePlan(ctx, v).map((c) => formatCommand(c.argv));

describe("shell quoting", () => {
  it("quotes only what a shell would split or expand", () => {
    expect(quoteArg("/a/b-c_d.bin")).toBe("/a/b-c_d.bin");
    expect(quoteArg("SDKCONFIG_DEFAULTS=a;b")).toBe("'SDKCONFIG_DEFAULTS=a;b'");
    expect(quoteArg("it's")).toBe(`'it'\\''s'`);
    expect(quoteArg("")).toBe("''");
  });
});

describe("npm run firmware --dry-run command lines", () => {
  it("Lua 5.3, device profile: the complete plan", () => {
    expect(lines({ lua: "5.3", profile: "device", protocol: "311", app: "firmware" })).toEqual([
      "docker build -t nodemcu-mqtt-ts-idf:v5.1.3 -f /home/u/nodemcu-mqtt-ts/docker/Dockerfile /home/u/nodemcu-mqtt-ts/docker",
      `${RUN} bash docker/fetch-nodemcu.sh https://github.com/nodemcu/nodemcu-firmware.git 7c5bb15154f6766987bf3f119335b08dfcc51a40 .cache/nodemcu-firmware components/u8g2/u8g2 components/ucg/ucg components/qrcodegen/qrcodegen`,
      `${IDF} -C /project -B /project/build/firmware/lua53-device-mqtt311/idf -D SDKCONFIG=/project/build/firmware/lua53-device-mqtt311/sdkconfig -D 'SDKCONFIG_DEFAULTS=/project/.cache/nodemcu-firmware/sdkconfig.defaults;/project/firmware-config/common.defaults;/project/firmware-config/app-firmware.defaults;/project/firmware-config/lua-5.3.defaults;/project/firmware-config/profile-device.defaults;/project/firmware-config/mqtt-311.defaults' build`,
      `${IDF} -C /project -B /project/build/firmware/lua53-device-mqtt311/idf -D SDKCONFIG=/project/build/firmware/lua53-device-mqtt311/sdkconfig -D 'SDKCONFIG_DEFAULTS=/project/.cache/nodemcu-firmware/sdkconfig.defaults;/project/firmware-config/common.defaults;/project/firmware-config/app-firmware.defaults;/project/firmware-config/lua-5.3.defaults;/project/firmware-config/profile-device.defaults;/project/firmware-config/mqtt-311.defaults' size --format text --output-file /project/build/firmware/lua53-device-mqtt311/size.txt`,
      "docker run --rm -v /home/u/nodemcu-mqtt-ts:/project -w /project/build/firmware/lua53-device-mqtt311/idf -u 1000:1000 -e HOME=/tmp nodemcu-mqtt-ts-idf:v5.1.3 esptool.py --chip esp32 merge_bin --fill-flash-size 4MB -o /project/build/firmware/lua53-device-mqtt311/flash_image.bin @flash_args",
    ]);
  });

  it.each([
    ["5.3", "device", "lua53-device-mqtt311", "lua-5.3", "profile-device"],
    ["5.3", "qemu", "lua53-qemu-mqtt311", "lua-5.3", "profile-qemu"],
    ["5.1", "device", "lua51-device-mqtt311", "lua-5.1", "profile-device"],
    ["5.1", "qemu", "lua51-qemu-mqtt311", "lua-5.1", "profile-qemu"],
  ] as const)("Lua %s, %s profile: idf.py build, idf.py size and merge_bin lines", (lua, profile, name, luaFrag, profFrag) => {
    const [, , build, size, merge] = lines({ lua, profile, protocol: "311", app: "firmware" });
    expect(size).toBe(build!.replace(/ build$/, ` size --format text --output-file /project/build/firmware/${name}/size.txt`));
    expect(build).toBe(
      `${IDF} -C /project -B /project/build/firmware/${name}/idf -D SDKCONFIG=/project/build/firmware/${name}/sdkconfig -D 'SDKCONFIG_DEFAULTS=/project/.cache/nodemcu-firmware/sdkconfig.defaults;/project/firmware-config/common.defaults;/project/firmware-config/app-firmware.defaults;/project/firmware-config/${luaFrag}.defaults;/project/firmware-config/${profFrag}.defaults;/project/firmware-config/mqtt-311.defaults' build`,
    );
    expect(merge).toBe(
      `docker run --rm -v /home/u/nodemcu-mqtt-ts:/project -w /project/build/firmware/${name}/idf -u 1000:1000 -e HOME=/tmp nodemcu-mqtt-ts-idf:v5.1.3 esptool.py --chip esp32 merge_bin --fill-flash-size 4MB -o /project/build/firmware/${name}/flash_image.bin @flash_args`,
    );
  });

  it("--protocol 31 swaps only the protocol fragment and the folder name", () => {
    const a = formatCommand(idfBuildCommand(ctx, { lua: "5.3", profile: "qemu", protocol: "311", app: "firmware" }).argv);
    const b = formatCommand(idfBuildCommand(ctx, { lua: "5.3", profile: "qemu", protocol: "31", app: "firmware" }).argv);
    expect(b).toBe(a.replaceAll("mqtt311", "mqtt31").replace("mqtt-311.defaults", "mqtt-31.defaults"));
  });

  it("the Unity app builds test/target with its own app fragment", () => {
    const line = formatCommand(idfBuildCommand(ctx, { lua: "5.1", profile: "qemu", protocol: "311", app: "unity" }).argv);
    expect(line).toContain("idf.py --ccache -C /project/test/target -B /project/build/firmware/lua51-qemu-mqtt311-unity/idf");
    expect(line).toContain("/project/test/target/sdkconfig.unity.defaults;");
    expect(line).not.toContain("app-firmware.defaults");
  });
});

describe("npm run firmware -- --menuconfig", () => {
  it("opens menuconfig on the variant's sdkconfig in a terminal, before the build", () => {
    const plan = firmwarePlan(ctx, { lua: "5.3", profile: "qemu", protocol: "31", app: "firmware" }, true).map((c) =>
      formatCommand(c.argv),
    );
    expect(plan).toHaveLength(6);
    expect(plan[2]).toBe(
      "docker run --rm -it -v /home/u/nodemcu-mqtt-ts:/project -w /project -u 1000:1000 -e HOME=/tmp -e CCACHE_DIR=/project/.cache/ccache nodemcu-mqtt-ts-idf:v5.1.3 idf.py --ccache -C /project -B /project/build/firmware/lua53-qemu-mqtt31/idf -D SDKCONFIG=/project/build/firmware/lua53-qemu-mqtt31/sdkconfig -D 'SDKCONFIG_DEFAULTS=/project/.cache/nodemcu-firmware/sdkconfig.defaults;/project/firmware-config/common.defaults;/project/firmware-config/app-firmware.defaults;/project/firmware-config/lua-5.3.defaults;/project/firmware-config/profile-qemu.defaults;/project/firmware-config/mqtt-31.defaults' menuconfig",
    );
    expect(plan[3]).toBe(plan[2]!.replace(" -it", "").replace(/menuconfig$/, "build"));
  });
});

describe("npm run flash --dry-run", () => {
  it("flashes the variant's flash_args with the image's esptool, passing the port in", () => {
    expect(formatCommand(flashCommand(ctx, { lua: "5.1", profile: "device", protocol: "311", app: "firmware" }, "/dev/ttyUSB0", 460800).argv)).toBe(
      "docker run --rm --device /dev/ttyUSB0 -v /home/u/nodemcu-mqtt-ts:/project -w /project/build/firmware/lua51-device-mqtt311/idf -u 1000:1000 -e HOME=/tmp nodemcu-mqtt-ts-idf:v5.1.3 esptool.py --chip esp32 -p /dev/ttyUSB0 -b 460800 --before default_reset --after hard_reset write_flash @flash_args",
    );
  });
});

describe("npm run test:qemu --dry-run", () => {
  it.each(["5.1", "5.3"] as const)("Lua %s: a Mosquitto 2 container, QEMU in its network, then the container removed", (lua) => {
    const l = lua.replace(".", "");
    const name = `lua${l}-qemu-mqtt311`;
    const [start, boot, stop] = bootWithBroker(ctx, { lua, profile: "qemu", protocol: "311", app: "firmware" }).map((c) =>
      formatCommand(c.argv),
    );
    expect(start).toBe(
      `docker run -d --name nodemcu-broker-${name} -v /home/u/nodemcu-mqtt-ts:/project -w /project -u 1000:1000 -e HOME=/tmp eclipse-mosquitto:2.0.18 sh docker/qemu/broker.sh /project/build/qemu-test/certs /project/build/qemu-test/repl-lua${l}-mqtt311-mosquitto.log`,
    );
    expect(boot).toBe(
      `docker run --rm --name nodemcu-qemu-${name} -i --network container:nodemcu-broker-${name} -v /home/u/nodemcu-mqtt-ts:/project -w /project -u 1000:1000 -e HOME=/tmp nodemcu-mqtt-ts-idf:v5.1.3 bash docker/qemu/wait-broker.sh 30 1883 8883 -- qemu-system-xtensa -nographic -machine esp32 -drive file=/project/build/firmware/${name}/flash_image.bin,if=mtd,format=raw,snapshot=on -nic user,model=open_eth -global driver=timer.esp32.timg,property=wdt_disable,value=true -serial mon:stdio`,
    );
    expect(stop).toBe(`docker rm -f nodemcu-broker-${name}`);
  });

  it.each(["5.1", "5.3"] as const)("Lua %s: the Unity app boots alone: no broker, no --network, no wait for ports", (lua) => {
    const name = `lua${lua.replace(".", "")}-qemu-mqtt311-unity`;
    expect(formatCommand(qemuBootCommand(ctx, { lua, profile: "qemu", protocol: "311", app: "unity" }).argv)).toBe(
      `docker run --rm --name nodemcu-qemu-${name} -i -v /home/u/nodemcu-mqtt-ts:/project -w /project -u 1000:1000 -e HOME=/tmp nodemcu-mqtt-ts-idf:v5.1.3 qemu-system-xtensa -nographic -machine esp32 -drive file=/project/build/firmware/${name}/flash_image.bin,if=mtd,format=raw,snapshot=on -nic user,model=open_eth -global driver=timer.esp32.timg,property=wdt_disable,value=true -serial mon:stdio`,
    );
  });

  it("builds both QEMU apps, makes certificates, checks the broker's version, then boots firmware and Unity app", () => {
    const titles = qemuTestPlan(ctx, { lua: "5.3", protocol: "311", noBuild: false, timeoutSec: 60, dryRun: true }).map(
      (c) => formatCommand(c.argv),
    );
    expect(titles).toHaveLength(14);
    expect(titles[2]).toContain("-C /project -B /project/build/firmware/lua53-qemu-mqtt311/idf");
    expect(titles[3]).toContain("size --format text --output-file /project/build/firmware/lua53-qemu-mqtt311/size.txt");
    expect(titles[5]).toContain("-C /project/test/target -B /project/build/firmware/lua53-qemu-mqtt311-unity/idf");
    expect(titles[6]).toContain("size --format text --output-file /project/build/firmware/lua53-qemu-mqtt311-unity/size.txt");
    expect(titles[8]).toBe(`${RUN} bash docker/qemu/make-certs.sh /project/build/qemu-test/certs`);
    expect(titles[9]).toBe(
      "docker run --rm -v /home/u/nodemcu-mqtt-ts:/project -w /project -u 1000:1000 -e HOME=/tmp eclipse-mosquitto:2.0.18 sh docker/qemu/broker.sh --check",
    );
    expect(titles[10]).toContain("--name nodemcu-broker-lua53-qemu-mqtt311 ");
    expect(titles[11]).toContain("file=/project/build/firmware/lua53-qemu-mqtt311/flash_image.bin");
    expect(titles[12]).toBe("docker rm -f nodemcu-broker-lua53-qemu-mqtt311");
    expect(titles[13]).toContain("file=/project/build/firmware/lua53-qemu-mqtt311-unity/flash_image.bin");
    expect(titles[13]).not.toContain("broker");
    const noBuild = qemuTestPlan(ctx, { lua: "5.3", protocol: "311", noBuild: true, timeoutSec: 60, dryRun: true });
    // image, certs, broker check, (broker, QEMU, remove broker) for the firmware, then QEMU for the Unity app
    expect(noBuild.map((c) => c.argv.slice(1, 3).join(" "))).toEqual([
      "build -t", "run --rm", "run --rm", "run -d", "run --rm", "rm -f", "run --rm",
    ]);
  });
});

// The CLIs, run as `npm run` runs them (tsx), print the same plan.

describe("the CLIs' --dry-run output", () => {
  const here = hostContext({});
  it.each([
    [["--lua", "5.1", "--profile", "device"], { lua: "5.1", profile: "device" }],
    [["--lua", "5.1", "--profile", "qemu"], { lua: "5.1", profile: "qemu" }],
    [["--lua", "5.3", "--profile", "device"], { lua: "5.3", profile: "device" }],
    [["--lua", "5.3", "--profile", "qemu"], { lua: "5.3", profile: "qemu" }],
  ] as const)("npm run firmware -- %j --dry-run", (args, v) => {
    const r = runDockerCli("firmware.ts", [...args, "--dry-run"], { DOCKER: "" });
    expect(r.status).toBe(0);
    const printed = r.stdout.split("\n").filter((l) => l && !l.startsWith("#"));
    expect(printed).toEqual(firmwarePlan(here, { ...v, protocol: "311", app: "firmware" }).map((c) => formatCommand(c.argv)));
  });

  it.each(["5.1", "5.3"])("npm run test:qemu -- --lua %s --dry-run", (lua) => {
    const r = runDockerCli("test-qemu.ts", ["--lua", lua, "--dry-run"], { DOCKER: "" });
    expect(r.status).toBe(0);
    const printed = r.stdout.split("\n").filter((l) => l && !l.startsWith("#"));
    expect(printed).toEqual(
      qemuTestPlan(here, { lua: lua as "5.1" | "5.3", protocol: "311", noBuild: false, timeoutSec: 60, dryRun: true }).map(
        (c) => formatCommand(c.argv),
      ),
    );
  });
});
