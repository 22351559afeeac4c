// The project's own TypeScript (compiler, host runner, docker scripts, bench, tests) type-checks
// under the root tsconfig.json: `npm run typecheck` in npm test, so a merge that breaks a type
// (e.g. an API that gained a case its callers do not narrow) fails here, not in an editor later.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, run } from "../compiler/helpers.ts";

const tscJs = join(repoRoot, "node_modules/typescript/lib/tsc.js");

describe("tsconfig.json", () => {
  it("npm run typecheck (tsc --noEmit -p .) reports no error", async () => {
    const r = await run(process.execPath, [tscJs, "--noEmit", "-p", "."], { timeout: 240_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  }, 300_000);
});
