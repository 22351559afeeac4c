// The pipe port (module-src/examples/pipe.ts, issue 22 item 12) against the Lua test
// of NodeMCU's documented pipe API, test/host/upstream/lua/pipe.lua, run with its
// "docs" argument: the checks where upstream's pipe.c differs from pipe.md follow
// pipe.md (the port lists the differences). Lua 5.1 and 5.3 under ASan+UBSan, and
// gcc and clang -Werror.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, runHost } from "../../host/runner/build.ts";
import { sanitizerReports } from "../helpers/sanitizer.ts";
import { compileModule, compilesWithBothCompilers } from "./module-harness.ts";

let moduleC = "";
const pipeC = (): string => (moduleC ||= compileModule(join(REPO_ROOT, "module-src/examples"), "pipe"));
const script = join(REPO_ROOT, "test/host/upstream/lua/pipe.lua");

describe("pipe port", () => {
  for (const lua of ["5.1", "5.3"] as const) {
    it(`passes pipe.lua (pipe.md's behaviour) under Lua ${lua} (ASan+UBSan)`, async () => {
      const r = await runHost({ script, args: ["docs"], lua, mqtt: false, with: [pipeC()], timeout: 60, sanitize: true });
      expect(sanitizerReports(r.stderr), r.stderr).toEqual([]);
      expect(r.stdout + r.stderr).toMatch(/^pass 42 checks$/m);
      expect(r.code, r.stderr).toBe(0);
    }, 300_000);
  }

  compilesWithBothCompilers("pipe port", pipeC);
});
