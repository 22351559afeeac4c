// Runs one of the docker/ entry points (firmware.ts, flash.ts, test-qemu.ts) as
// `npm run` does (through tsx), synchronously, with extra environment variables.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "../../docker/lib/host-context.ts";

const TSX = path.join(REPO_ROOT, "node_modules", ".bin", "tsx");

export function runDockerCli(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(TSX, [path.join(REPO_ROOT, "docker", script), ...args], {
    encoding: "utf8",
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
  });
}
