// Is a container ENGINE reachable (not just a docker client installed), and how
// do its containers run as the calling user (rootful, rootless Docker, rootless
// Podman)? `info` talks to the daemon, so it fails when only the client exists.

import { spawnSync } from "node:child_process";
import type { UserMode } from "./commands.ts";

export type EngineCheck = { ok: true; mode: UserMode; kind: string } | { ok: false; reason: string };

/**
 * The user mode from `info --format '{{json .}}'`: Docker lists "name=rootless"
 * in SecurityOptions when its daemon is rootless; Podman says host.security.rootless.
 * Anything else (or output that is not JSON) is taken as rootful.
 */
export function userModeFromInfo(infoJson: string): { mode: UserMode; kind: string } {
  let info: unknown;
  try {
    info = JSON.parse(infoJson);
  } catch {
    return { mode: "map-user", kind: "engine" };
  }
  const o = (info ?? {}) as {
    host?: { security?: { rootless?: boolean } };
    SecurityOptions?: unknown;
  };
  if (o.host && typeof o.host === "object") {
    return o.host.security?.rootless === true
      ? { mode: "keep-id", kind: "rootless Podman" }
      : { mode: "map-user", kind: "Podman" };
  }
  const security = Array.isArray(o.SecurityOptions) ? o.SecurityOptions.map(String) : [];
  return security.some((s) => /(^|,)name=rootless(,|$)/.test(s))
    ? { mode: "rootless", kind: "rootless Docker" }
    : { mode: "map-user", kind: "Docker" };
}

const MODES: readonly UserMode[] = ["map-user", "rootless", "keep-id"];

/** CONTAINER_USER_MODE overrides what `info` suggests (for engines it misjudges). */
export function userModeOverride(env: NodeJS.ProcessEnv): UserMode | undefined {
  const v = env.CONTAINER_USER_MODE;
  if (v === undefined || v === "") return undefined;
  if ((MODES as readonly string[]).includes(v)) return v as UserMode;
  throw new Error(`CONTAINER_USER_MODE must be one of ${MODES.join(", ")} (got "${v}")`);
}

export function checkDockerEngine(docker: string): EngineCheck {
  const r = spawnSync(docker, ["info", "--format", "{{json .}}"], {
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
  return { ok: true, ...userModeFromInfo(r.stdout) };
}

/** The one line printed when there is no engine (the command then exits 2). */
export function noEngineMessage(command: string, reason: string): string {
  return `${command}: needs a Docker engine and none is reachable (${reason}); see docs/firmware.md, or add --dry-run to print the commands`;
}
