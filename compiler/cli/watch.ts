// `--watch`: builds again whenever a file under the entry's folder changes, and says
// so as tsc --watch does, so editors' tsc problem matchers and users read it alike:
//   [HH:MM:SS] Starting compilation in watch mode...
//   [HH:MM:SS] Found 1 error. Watching for file changes.
//   [HH:MM:SS] File change detected. Starting incremental compilation...
// Status lines go to stdout; diagnostics stay on stderr, as without --watch.
import { watch } from "node:fs";
import { dirname, resolve } from "node:path";

/** `[HH:MM:SS] text`, local time, 24 hours. */
export function stamped(text: string, now = new Date()): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `[${two(now.getHours())}:${two(now.getMinutes())}:${two(now.getSeconds())}] ${text}`;
}

export function foundErrors(n: number): string {
  return `Found ${n} error${n === 1 ? "" : "s"}. Watching for file changes.`;
}

/** Runs `build` (which returns its error count) now and after every change; never returns. */
export function watchBuild(entry: string, build: () => number): void {
  const say = (text: string) => process.stdout.write(stamped(text) + "\n\n");
  say("Starting compilation in watch mode...");
  say(foundErrors(build()));
  let timer: NodeJS.Timeout | undefined;
  // editors save in bursts (write, rename, chmod): one build per burst
  watch(dirname(resolve(entry)), { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      say("File change detected. Starting incremental compilation...");
      say(foundErrors(build()));
    }, 100);
  });
}
