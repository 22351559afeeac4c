// The tsc2c command line, parsed into what main.ts does: run a command, print
// help or the version (stdout, exit 0), or a usage error (stderr, exit 2).
import { type Command, USAGE } from "./usage.ts";

export interface BuildArgs {
  command: "build" | "check";
  entry: string;
  out?: string;
  lineDirectives: boolean;
  watch: boolean;
}

export type Parsed =
  | { kind: "run"; args: BuildArgs }
  | { kind: "init"; dir: string }
  | { kind: "docs"; entry: string; luaStubs?: string; page?: string }
  | { kind: "help"; text: string }
  | { kind: "version" }
  | { kind: "error"; message: string; usage: string };

const commands: readonly string[] = ["build", "check", "init", "docs"];

export function parseArgs(argv: string[]): Parsed {
  const [first, ...rest] = argv;
  if (first === "-h" || first === "--help") return { kind: "help", text: USAGE.top };
  if (first === "-v" || first === "--version") return { kind: "version" };
  if (first === undefined) return { kind: "error", message: "no command given", usage: USAGE.top };
  if (!commands.includes(first)) return { kind: "error", message: `unknown command ${first}`, usage: USAGE.top };
  const command = first as Command;
  const usage = USAGE[command];
  const fail = (message: string): Parsed => ({ kind: "error", message, usage });

  const positional: string[] = [];
  let out: string | undefined, luaStubs: string | undefined, page: string | undefined;
  let lineDirectives = false, watch = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === "-h" || a === "--help") return { kind: "help", text: usage };
    if (a === "-v" || a === "--version") return { kind: "version" };
    if (command === "build" && (a === "-o" || a === "--out")) {
      out = rest[++i];
      if (out === undefined) return fail(`${a} needs a file name`);
    } else if (command === "docs" && (a === "--lua-stubs" || a === "--page")) {
      const file = rest[++i];
      if (file === undefined) return fail(`${a} needs a file name`);
      if (a === "--page") page = file;
      else luaStubs = file;
    } else if (command === "build" && a === "--line-directives") lineDirectives = true;
    else if ((command === "build" || command === "check") && (a === "-w" || a === "--watch")) watch = true;
    else if (a.startsWith("-")) return fail(`unknown option ${a}`);
    else positional.push(a);
  }
  if (positional.length > 1) return fail(`unexpected argument ${positional[1]}`);
  const [target] = positional;
  if (command === "init") return target === undefined ? fail("init needs a directory") : { kind: "init", dir: target };
  if (target === undefined) return fail(`${command} needs an entry file`);
  if (command === "docs") {
    if (luaStubs === undefined && page === undefined) return fail("docs needs --lua-stubs <file> and/or --page <file>");
    return { kind: "docs", entry: target, ...(luaStubs !== undefined ? { luaStubs } : {}), ...(page !== undefined ? { page } : {}) };
  }
  if (command === "build" && out === undefined) return fail("build needs -o <out.c>");
  return { kind: "run", args: { command, entry: target, ...(out !== undefined ? { out } : {}), lineDirectives, watch } };
}
