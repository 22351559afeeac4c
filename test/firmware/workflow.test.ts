// .github/workflows/firmware.yml parses and does what the issue asks: build both
// Lua variants in the image, run the QEMU tests, upload the firmware.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseFirmwareArgs, parseQemuTestArgs } from "../../docker/lib/args.ts";
import { CCACHE_DIR, idfBuildCommand } from "../../docker/lib/commands.ts";
import { REPO_ROOT } from "../../docker/lib/host-context.ts";
import { NODEMCU_DIR } from "../../docker/lib/pins.ts";
import { formatCommand } from "../../docker/lib/shell-quote.ts";

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  if?: string;
}
interface Job {
  needs?: string | string[];
  "timeout-minutes"?: number;
  strategy?: { matrix?: { lua?: string[]; target?: string[]; include?: Array<Record<string, string>> } };
  steps: Step[];
}

const wf = parse(readFileSync(path.join(REPO_ROOT, ".github/workflows/firmware.yml"), "utf8")) as {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
};

/** The job's matrix combinations as GitHub expands them (lua x target, then include's extra keys). */
function combinations(job: Job): Array<Record<string, string>> {
  const m = job.strategy?.matrix ?? {};
  const out: Array<Record<string, string>> = [];
  for (const lua of m.lua ?? []) {
    for (const target of m.target ?? [undefined]) {
      const combo: Record<string, string> = target === undefined ? { lua } : { lua, target };
      for (const extra of m.include ?? []) {
        if (Object.entries(extra).every(([k, v]) => !(k in combo) || combo[k] === v)) Object.assign(combo, extra);
      }
      out.push(combo);
    }
  }
  return out;
}

/** A string with the matrix values of one combination filled in. */
function expand(text: string, combo: Record<string, string>): string {
  return text.replace(/\$\{\{ matrix\.(\w+) \}\}/g, (_, k: string) => combo[k] ?? `<no matrix.${k}>`);
}

/** `npm run X -- args` lines of a job, with one combination's matrix values filled in. */
function npmRuns(job: Job, combo: Record<string, string>): Array<{ script: string; args: string[] }> {
  return job.steps
    .filter((s) => s.run?.startsWith("npm run "))
    .map((s) => {
      const [, script, rest] = /^npm run (\S+)(?: -- (.*))?$/.exec(s.run!.trim())!;
      return { script: script!, args: expand(rest ?? "", combo).split(/\s+/).filter(Boolean) };
    });
}

describe("firmware workflow", () => {
  it("runs on push to main and on pull requests", () => {
    expect(Object.keys(wf.on)).toEqual(expect.arrayContaining(["push", "pull_request"]));
  });

  it("has a build job and a QEMU job that needs it, both for Lua 5.1 and 5.3", () => {
    expect(Object.keys(wf.jobs).sort()).toEqual(["build", "qemu"]);
    expect(wf.jobs.build!.strategy?.matrix?.lua).toEqual(["5.1", "5.3"]);
    expect(wf.jobs.qemu!.strategy?.matrix?.lua).toEqual(["5.1", "5.3"]);
    expect(wf.jobs.qemu!.needs).toBe("build");
  });

  it("builds device and QEMU firmware and the Unity app through npm run firmware, one build per job", () => {
    // Three builds in one job share no ccache objects (different sdkconfig.h):
    // each job builds one variant, within its own time limit.
    const built = combinations(wf.jobs.build!).map((combo) => {
      const runs = npmRuns(wf.jobs.build!, combo).filter((r) => r.script === "firmware");
      expect(runs, JSON.stringify(combo)).toHaveLength(1);
      return parseFirmwareArgs(runs[0]!.args).variant;
    });
    const want = ["5.1", "5.3"].flatMap((lua) => [
      { lua, profile: "device", protocol: "311", app: "firmware" },
      { lua, profile: "qemu", protocol: "311", app: "firmware" },
      { lua, profile: "qemu", protocol: "311", app: "unity" },
    ]);
    expect(built).toEqual(want);
    expect(wf.jobs.build!["timeout-minutes"]).toBeLessThanOrEqual(60);
  });

  it("uploads each variant folder under its own name and hands the two QEMU ones to the QEMU job", () => {
    const upload = wf.jobs.build!.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"));
    const names = combinations(wf.jobs.build!).map((c) => expand(String(upload?.with?.name), c));
    expect(new Set(names).size).toBe(6);
    expect(names).toContain("nodemcu-firmware-lua5.3-qemu");
    expect(names).toContain("nodemcu-firmware-lua5.3-unity");
    expect(String(upload?.with?.path)).toContain("build/firmware/*/*.bin");
    const downloads = wf.jobs.qemu!.steps.filter((s) => s.uses?.startsWith("actions/download-artifact@"));
    expect(downloads.map((d) => d.with)).toEqual([
      { name: "nodemcu-firmware-lua${{ matrix.lua }}-qemu", path: "build/firmware" },
      { name: "nodemcu-firmware-lua${{ matrix.lua }}-unity", path: "build/firmware" },
    ]);
  });

  it("runs npm run test:qemu on the downloaded firmware", () => {
    for (const lua of ["5.1", "5.3"]) {
      const runs = npmRuns(wf.jobs.qemu!, { lua }).filter((r) => r.script === "test:qemu");
      expect(runs).toHaveLength(1);
      expect(parseQemuTestArgs(runs[0]!.args)).toMatchObject({ lua, noBuild: true, dryRun: false });
    }
  });

  it("frees disk space before anything pulls or builds the multi-GB image, in both jobs", () => {
    for (const job of [wf.jobs.build!, wf.jobs.qemu!]) {
      const free = job.steps.findIndex((s) => s.name === "Free disk space");
      const firstNpmRun = job.steps.findIndex((s) => s.run?.startsWith("npm run "));
      expect(free).toBeGreaterThanOrEqual(0);
      expect(free).toBeLessThan(firstNpmRun);
      expect(job.steps[free]!.run).toMatch(/df -h/);
      expect(job.steps[free]!.run).toMatch(/rm -rf .*\/usr\/share\/dotnet/);
      expect(job.steps[free]!.run).toMatch(/docker image prune/);
    }
  });

  it("caches the NodeMCU checkout and ccache's folder (the one the idf.py runs use) before building", () => {
    const steps = wf.jobs.build!.steps;
    const cache = steps.findIndex((s) => s.uses?.startsWith("actions/cache@"));
    expect(cache).toBeGreaterThanOrEqual(0);
    expect(cache).toBeLessThan(steps.findIndex((s) => s.run?.startsWith("npm run firmware")));
    const paths = String(steps[cache]!.with?.path).split("\n").map((p) => p.trim()).filter(Boolean);
    expect(paths).toEqual(expect.arrayContaining([NODEMCU_DIR, CCACHE_DIR]));
    // Keyed on the inputs, per variant: not on the commit, so a push that changes
    // none of them restores its exact key and stores nothing new.
    const key = String(steps[cache]!.with?.key);
    expect(key).not.toMatch(/github\.(sha|run_id|run_number)/);
    expect(key).toContain("firmware-lua${{ matrix.lua }}-${{ matrix.target }}-");
    for (const input of ["docker/lib/pins.ts", "docker/Dockerfile", "firmware-config/*.defaults", "test/target/sdkconfig.unity.defaults"])
      expect(key).toContain(`'${input}'`);
    expect(String(steps[cache]!.with?.["restore-keys"]).trim()).toBe("firmware-lua${{ matrix.lua }}-${{ matrix.target }}-");
    // ccache's folder is where idf.py puts it.
    const build = formatCommand(
      idfBuildCommand({ repoRoot: "/r", user: "1:1", docker: "docker", userMode: "map-user" }, {
        lua: "5.3", profile: "qemu", protocol: "311", app: "firmware",
      }).argv,
    );
    expect(build).toContain(`-e CCACHE_DIR=/project/${CCACHE_DIR} `);
    expect(build).toContain("idf.py --ccache ");
  });

  it("uploads idf.py size's report with the images", () => {
    const upload = wf.jobs.build!.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"));
    expect(String(upload?.with?.path)).toContain("build/firmware/*/size.txt");
  });

  it("only calls npm scripts that package.json defines", () => {
    const scripts = (JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> })
      .scripts;
    for (const job of Object.values(wf.jobs))
      for (const combo of combinations(job))
        for (const r of npmRuns(job, combo)) expect(scripts[r.script], r.script).toBeDefined();
  });
});
