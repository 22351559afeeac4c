// Command line of the nodemcu-host runner:
//   [--lua 5.1|5.3] [--with module.c ...] [--sanitize] [--debug] [--config NAME=value ...]
//   [--no-mqtt] [--timeout S] script.lua [args...]
// Options stop at the script; whatever follows belongs to the script.
import { parseConfigArg } from "./config.ts";
import type { RunOptions } from "./build.ts";

export const USAGE =
  "usage: npm run -s host -- [--lua 5.1|5.3] [--with module.c ...] [--sanitize] [--debug]\n" +
  "                          [--config NAME=y|n|value ...] [--no-mqtt] [--timeout S]\n" +
  "                          script.lua [args...]";

/** `--help`: the usage and one line per option (docs/host.md has the details). */
export const HELP = `${USAGE}

Builds nodemcu-host (cached in build/host/) and runs script.lua in it; the
arguments after the script are its arg[1..n]. Exit status: the script's (1 also
when a callback or task raised an error no node.setonerror handler took).

options:
  --lua 5.1|5.3          Lua to build against (default 5.3)
  --with module.c        also build this NodeMCU C module in (repeatable)
  --sanitize             build with AddressSanitizer and UBSan
  --debug                build at -O0 for a debugger (default -Os -g, as the firmware)
  --config NAME=value    Kconfig override: y, n (undefined) or a value (repeatable)
  --no-mqtt              leave out the esp-mqtt port and components/modules/mqtt.c
  --timeout S            stop the script after S seconds, exit 124
  -h, --help             print this help and exit`;

export class UsageError extends Error {}

/** The run's options, or "help" for -h/--help; throws UsageError (or a bad --config's Error). */
export function parseArgs(argv: string[]): RunOptions | "help" {
  const opts: RunOptions = { script: "", with: [], config: {} };
  let i = 0;
  const value = (flag: string): string => {
    const v = argv[++i];
    if (v === undefined) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (a === "-h") return "help";
    if (!a.startsWith("--")) break;
    switch (a) {
      case "--lua": {
        const v = value(a);
        if (v !== "5.1" && v !== "5.3") throw new UsageError(`--lua must be 5.1 or 5.3, got '${v}'`);
        opts.lua = v;
        break;
      }
      case "--with":
        opts.with!.push(value(a));
        break;
      case "--sanitize":
        opts.sanitize = true;
        break;
      case "--debug":
        opts.debug = true;
        break;
      case "--no-mqtt":
        opts.mqtt = false;
        break;
      case "--config": {
        const [name, v] = parseConfigArg(value(a));
        opts.config![name] = v;
        break;
      }
      case "--timeout": {
        const v = Number(value(a));
        if (!(v > 0)) throw new UsageError(`--timeout wants a positive number of seconds`);
        opts.timeout = v;
        break;
      }
      case "--help":
        return "help";
      default:
        throw new UsageError(`unknown option ${a}`);
    }
  }
  const script = argv[i];
  if (script === undefined) throw new UsageError("no script given");
  opts.script = script;
  opts.args = argv.slice(i + 1);
  return opts;
}
