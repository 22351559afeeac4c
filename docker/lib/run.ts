// Run a plan of commands with visible progress: a numbered title, the command
// line, then the command's own output streamed as it comes.

import { spawn } from "node:child_process";
import type { Command } from "./commands.ts";
import { formatCommand } from "./shell-quote.ts";

export function printPlan(commands: readonly Command[], out: (line: string) => void = console.log): void {
  commands.forEach((c, i) => {
    out(`# [${i + 1}/${commands.length}] ${c.title}`);
    out(formatCommand(c.argv));
  });
}

export function runCommand(c: Command): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(c.argv[0]!, c.argv.slice(1), { stdio: "inherit" });
    child.on("error", (e) => {
      console.error(`failed to start ${c.argv[0]}: ${e.message}`);
      resolve(127);
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Run in order; stop at the first failure and return its exit code (0 = all ran). */
export async function runPlan(commands: readonly Command[], label: string): Promise<number> {
  for (const [i, c] of commands.entries()) {
    console.log(`\n==> ${label} [${i + 1}/${commands.length}] ${c.title}`);
    console.log(`$ ${formatCommand(c.argv)}`);
    const code = await runCommand(c);
    if (code !== 0) {
      console.error(`==> ${label}: step ${i + 1} failed (exit ${code}): ${c.title}`);
      return code;
    }
  }
  return 0;
}
