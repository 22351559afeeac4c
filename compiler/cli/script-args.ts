/**
 * The command line of an npm script without options of its own: -h/--help
 * prints the usage (stdout, exit 0), anything else is an error (stderr, exit 2).
 */
export function scriptArgs(name: string, usage: string): void {
  const argv = process.argv.slice(2);
  if (argv.length === 1 && (argv[0] === "-h" || argv[0] === "--help")) {
    process.stdout.write(usage + "\n");
    process.exit(0);
  }
  if (argv.length) {
    process.stderr.write(`${name}: ${argv[0]!.startsWith("-") ? "unknown option" : "unexpected argument"} ${argv[0]}\n${usage}\n`);
    process.exit(2);
  }
}
