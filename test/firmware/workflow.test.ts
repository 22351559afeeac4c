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
  strategy?: { matrix?: { lua?: string[] } };
  steps: Step[];
}

const wf = parse(readFileSync(path.join(REPO_ROOT, ".github/workflows/firmware.yml"), "utf8")) as {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
};

/** `npm run X -- args` lines of a job, with the matrix value filled in. */
function npmRuns(job: Job, lua: string): Array<{ script: string; args: string[] }> {
  return job.steps
    .filter((s) => s.run?.startsWith("npm run "))
    .map((s) => {
      const [, script, rest] = /^npm run (\S+)(?: -- (.*))?$/.exec(s.run!.trim())!;
      return { script: script!, args: (rest ?? "").replaceAll("${{ matrix.lua }}", lua).split(/\s+/).filter(Boolean) };
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

  it("builds device and QEMU firmware and the Unity app through npm run firmware, with valid arguments", () => {
    for (const lua of ["5.1", "5.3"]) {
      const runs = npmRuns(wf.jobs.build!, lua);
      const variants = runs.filter((r) => r.script === "firmware").map((r) => parseFirmwareArgs(r.args).variant);
      expect(variants).toEqual([
        { lua, profile: "device", protocol: "311", app: "firmware" },
        { lua, profile: "qemu", protocol: "311", app: "firmware" },
        { lua, profile: "qemu", protocol: "311", app: "unity" },
      ]);
    }
  });

  it("uploads the firmware folders and hands them to the QEMU job", () => {
    const upload = wf.jobs.build!.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"));
    expect(upload?.with?.name).toBe("nodemcu-firmware-lua${{ matrix.lua }}");
    expect(String(upload?.with?.path)).toContain("build/firmware/*/*.bin");
    const download = wf.jobs.qemu!.steps.find((s) => s.uses?.startsWith("actions/download-artifact@"));
    expect(download?.with).toEqual({ name: "nodemcu-firmware-lua${{ matrix.lua }}", path: "build/firmware" });
  });

  it("runs npm run test:qemu on the downloaded firmware", () => {
    for (const lua of ["5.1", "5.3"]) {
      const runs = npmRuns(wf.jobs.qemu!, lua).filter((r) => r.script === "test:qemu");
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
    expect(String(steps[cache]!.with?.key)).toContain("hashFiles('docker/lib/pins.ts', 'docker/Dockerfile')");
    expect(String(steps[cache]!.with?.["restore-keys"])).toContain("firmware-lua${{ matrix.lua }}-");
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
      for (const r of npmRuns(job, "5.3")) expect(scripts[r.script], r.script).toBeDefined();
  });
});
