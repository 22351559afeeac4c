// Render an argv as one line a POSIX shell would run unchanged (for --dry-run
// output and progress messages). Only arguments that need it get quotes.

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quoteArg(arg: string): string {
  if (arg !== "" && SAFE.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function formatCommand(argv: readonly string[]): string {
  return argv.map(quoteArg).join(" ");
}
