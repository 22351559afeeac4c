/** The nodemcu-host binaries the benchmark runs (built once, cached by build/host). */
import { buildHost, type BuildResult } from "../host/runner/build.ts";

let plain: Promise<BuildResult> | undefined;

/** The default build (Lua 5.3, -g, no sanitizers): what every figure runs. */
export function hostBinary(): Promise<BuildResult> {
  plain ??= buildHost({ lua: "5.3" });
  return plain;
}
