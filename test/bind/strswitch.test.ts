// A chain of equals() tests on one string is a switch over bytes_index() from
// four names on (compiler/bind/strswitch.ts): the C reads that way, builds into
// nodemcu-host with -Werror, and behaves as the chain in Lua 5.1 and 5.3 under ASan+UBSan.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileModule, runsUnderBothLuas } from "./module-harness.ts";

const dir = join(import.meta.dirname, "strswitch");
let moduleC = "";

beforeAll(() => {
  moduleC = compileModule(dir, "strswitch");
});

describe("equals() chains as a switch", () => {
  it("emits a switch for which() and tally(), an if chain for tallyUntilStop()", () => {
    const c = readFileSync(moduleC, "utf8");
    expect(c).toMatch(/switch \(bytes_index\(name, "one\\000two\\000four\\000fo\\000two\\000"\)\) \{\n  case 0:\n    \/\* "one" \*\/\n/);
    expect(c).toMatch(/switch \(bytes_index\(slot_bytes\(L, -2\), "a\\000b\\000c\\000d\\000"\)\)/);
    expect(c.match(/bytes_index\(/g)?.length).toBe(3); // the helper and its two calls
    expect(c).toMatch(/memcmp\(slot_bytes\(L, -2\)\.ptr, "stop", 4\)/);
  });

  runsUnderBothLuas("behaves as the chain", dir, "strswitch", () => moduleC, 6);
});
