// Facts about the calling machine that go into the docker command lines.

import { fileURLToPath } from "node:url";
import path from "node:path";
import type { HostContext, UserMode } from "./commands.ts";

/** The repository root: two levels above this file (docker/lib/). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export function hostContext(env: NodeJS.ProcessEnv = process.env, userMode: UserMode = "map-user"): HostContext {
  const uid = typeof process.getuid === "function" ? process.getuid() : 1000;
  const gid = typeof process.getgid === "function" ? process.getgid() : 1000;
  return {
    repoRoot: REPO_ROOT,
    user: `${uid}:${gid}`,
    // DOCKER lets a user pick another client (e.g. podman); tests point it at fakes.
    docker: env.DOCKER && env.DOCKER.length > 0 ? env.DOCKER : "docker",
    userMode,
  };
}
