// The runner's build: generated sdkconfig.h, content-keyed cache, safe
// concurrent builds, readable gcc errors, the sanitizer build.
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HostBuildError, REPO_ROOT, buildHost } from "../../../host/runner/build.ts";
import { parseArgs } from "../../../host/runner/args.ts";
import { sanitizerReports } from "../../helpers/sanitizer.ts";
import { FIXTURES, RINGBUF, run } from "./helpers.ts";

const scratch = mkdtempSync(join(tmpdir(), "nodemcu-host-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("sdkconfig.h", () => {
  it("has the host defaults, --config overrides, and Kconfig n as 'not defined'", async () => {
    const plain = await buildHost({ mqtt: false, lua: "5.1" });
    const cfg = readFileSync(join(plain.dir, "sdkconfig.h"), "utf8");
    expect(cfg).toContain("#define CONFIG_MQTT_PROTOCOL_311 1\n");
    expect(cfg).toContain("#define CONFIG_MQTT_TRANSPORT_SSL 1\n");
    expect(cfg).toContain("#define CONFIG_MQTT_BUFFER_SIZE 1024\n");
    expect(cfg).toContain("#define CONFIG_LUA_VERSION_51 1\n");
    expect(cfg).not.toContain("CONFIG_LUA_VERSION_53");

    const over = await buildHost({
      mqtt: false,
      config: { MQTT_PROTOCOL_311: "n", CONFIG_MQTT_BUFFER_SIZE: "256", MQTT_PROTOCOL_5: "y" },
    });
    const cfg2 = readFileSync(join(over.dir, "sdkconfig.h"), "utf8");
    expect(cfg2).not.toContain("CONFIG_MQTT_PROTOCOL_311");
    expect(cfg2).toContain("#define CONFIG_MQTT_BUFFER_SIZE 256\n");
    expect(cfg2).toContain("#define CONFIG_MQTT_PROTOCOL_5 1\n");
    expect(cfg2).toContain("#define CONFIG_LUA_VERSION_53 1\n");
    expect(over.key).not.toBe(plain.key);
  });

  it("enables the modules found in --with files", async () => {
    const r = await buildHost({ mqtt: false, with: [RINGBUF] });
    expect(readFileSync(join(r.dir, "sdkconfig.h"), "utf8")).toContain("#define CONFIG_NODEMCU_CMODULE_RINGBUF 1\n");
  });
});

describe("build cache", () => {
  it("reuses the binary until a source changes", async () => {
    const mod = join(scratch, "ringbuf.c");
    copyFileSync(RINGBUF, mod);
    const opts = { mqtt: false, with: [mod], buildDir: join(scratch, "cache") };
    const first = await buildHost(opts);
    const second = await buildHost(opts);
    expect(first.cached).toBe(false);
    expect(second.cached).toBe(true);
    expect(second.binary).toBe(first.binary);

    writeFileSync(mod, readFileSync(mod, "utf8") + "\n/* touched */\n");
    const third = await buildHost(opts);
    expect(third.cached).toBe(false);
    expect(third.key).not.toBe(first.key);
  });

  it("two processes building the same key at once both get a working binary", async () => {
    const dir = join(scratch, "race");
    const child = () =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const p = spawn(process.execPath, ["--import", "tsx", join(FIXTURES, "build-once.ts"), dir, RINGBUF], {
          cwd: REPO_ROOT,
        });
        let out = "";
        let err = "";
        p.stdout.on("data", (d) => (out += d));
        p.stderr.on("data", (d) => (err += d));
        p.on("close", (code) => resolve({ code, out, err }));
      });
    const [a, b] = await Promise.all([child(), child()]);
    expect(a.code, a.err).toBe(0);
    expect(b.code, b.err).toBe(0);
    const ra = JSON.parse(a.out) as { binary: string; key: string };
    const rb = JSON.parse(b.out) as { binary: string; key: string };
    expect(ra.key).toBe(rb.key);
    const r = await run("5.3", "ringbuf_api.lua", { with: [RINGBUF], buildDir: dir });
    expect(r.code, r.stderr).toBe(0);
  });
});

describe("build errors", () => {
  it("reports gcc's diagnostics with the file and line", async () => {
    const err = await buildHost({ mqtt: false, with: [join(FIXTURES, "broken.c")], buildDir: join(scratch, "broken") }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HostBuildError);
    const msg = (err as HostBuildError).message;
    expect(msg).toContain("nodemcu-host: build failed");
    expect(msg).toMatch(/broken\.c:5:\d+: error: .undeclared_identifier. undeclared/);
  });
});

describe("--sanitize", () => {
  it("runs the foreign-thread scenario clean under ASan/UBSan", async () => {
    const r = await run("5.3", "foreign_thread.lua", { with: [RINGBUF], sanitize: true, args: ["500"] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines).toEqual(["received\t500\tbad\t0"]);
    expect(sanitizerReports(r.stderr), r.stderr).toEqual([]);
  });
});

describe("command line", () => {
  it("parses runner options up to the script; the rest are script args", () => {
    const o = parseArgs([
      "--lua", "5.1", "--with", "a.c", "--with", "b.c", "--sanitize", "--config", "MQTT_PROTOCOL_311=n",
      "--timeout", "2.5", "s.lua", "--lua", "x",
    ]);
    if (o === "help") throw new Error("parsed as --help");
    expect(o.lua).toBe("5.1");
    expect(o.with).toEqual(["a.c", "b.c"]);
    expect(o.sanitize).toBe(true);
    expect(o.config).toEqual({ CONFIG_MQTT_PROTOCOL_311: "n" });
    expect(o.timeout).toBe(2.5);
    expect(o.script).toBe("s.lua");
    expect(o.args).toEqual(["--lua", "x"]);
    expect(() => parseArgs(["--lua", "5.2", "s.lua"])).toThrow(/5.1 or 5.3/);
    expect(() => parseArgs(["--bogus", "s.lua"])).toThrow(/unknown option/);
    // help before the script; after it, -h and --help are the script's
    expect(parseArgs(["--lua", "5.1", "--help", "s.lua"])).toBe("help");
    expect(parseArgs(["-h"])).toBe("help");
    expect(parseArgs(["s.lua", "--help"])).toMatchObject({ script: "s.lua", args: ["--help"] });
  });
});
