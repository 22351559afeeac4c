// Is a Docker ENGINE reachable (not just a docker client installed)?
// `docker info` talks to the daemon, so it fails when only the client exists.

import { spawnSync } from "node:child_process";

export type EngineCheck = { ok: true } | { ok: false; reason: string };

export function checkDockerEngine(docker: string): EngineCheck {
  const r = spawnSync(docker, ["info", "--format", "{{.ServerVersion}}"], {
    encoding: "utf8",
    timeout: 30_000,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === "ENOENT" ? `no '${docker}' command on PATH` : r.error.message };
  }
  if (r.status !== 0) {
    // First line of docker's own complaint, e.g. "Cannot connect to the Docker daemon at ...".
    const first = `${r.stderr ?? ""}\n${r.stdout ?? ""}`.split("\n").map((l) => l.trim()).find((l) => l) ?? "";
    return { ok: false, reason: `'${docker} info' failed${first ? `: ${first}` : ` (exit ${r.status})`}` };
  }
  return { ok: true };
}

/** The one line printed when there is no engine (the command then exits 2). */
export function noEngineMessage(command: string, reason: string): string {
  return `${command}: needs a Docker engine and none is reachable (${reason}); see docs/firmware.md, or add --dry-run to print the commands`;
}
