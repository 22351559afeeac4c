// Drive NodeMCU's Lua REPL over a serial stream (QEMU's stdio in the QEMU tests,
// a fake peer in the unit tests): wait for the `> ` prompt, type lines, and wait
// for output lines that match patterns, each wait with a deadline.
//
// What the REPL looks like from outside:
//   - it prints `> ` (or `>> ` inside an unfinished chunk) with no newline, then
//     echoes what is typed;
//   - output printed later by callbacks lands after the prompt, so a line may
//     read `> CONNECTED`. Lines are therefore matched with leading prompts
//     stripped, and patterns are meant to be anchored (^...$): an echoed command
//     such as `> print("CONNECTED")` must not satisfy /^CONNECTED$/;
//   - NodeMCU reads at most 255 characters per line (LUA_MAXINPUT 256);
//   - an ESP-IDF log line printed right after a prompt (`> I (5123)
//     esp_netif_handlers: eth ip: ...`) swallows it: the REPL waits for input
//     but no `> ` is left at the end of the output. When a prompt wait sees that
//     and then nothing for a while, the driver types an empty line, which makes
//     the REPL print a fresh prompt (and runs nothing).

import type { ChildProcess } from "node:child_process";

/** The two directions of a serial line. */
export interface SerialLink {
  write(text: string): void;
  onData(listener: (chunk: string) => void): void;
  /** Called once when the peer goes away (process exit, stream end). */
  onClose(listener: (why: string) => void): void;
}

/** A child process spawned with stdin and stdout as pipes. */
export function childProcessLink(child: ChildProcess): SerialLink {
  const { stdin, stdout } = child;
  if (!stdin || !stdout) throw new Error("childProcessLink: spawn the peer with stdin and stdout piped");
  stdout.setEncoding("utf8");
  let closedWhy: string | null = null;
  const closeListeners: Array<(why: string) => void> = [];
  const close = (why: string) => {
    if (closedWhy !== null) return;
    closedWhy = why;
    for (const l of closeListeners) l(why);
  };
  child.on("exit", (code, signal) => close(`peer exited (${signal ?? `code ${code}`})`));
  child.on("error", (e) => close(`peer failed: ${e.message}`));
  stdin.on("error", () => {}); // EPIPE after exit is reported through "exit"
  return {
    write: (text) => {
      if (closedWhy === null) stdin.write(text);
    },
    onData: (listener) => {
      stdout.on("data", (chunk: string) => listener(chunk));
    },
    onClose: (listener) => {
      if (closedWhy !== null) listener(closedWhy);
      else closeListeners.push(listener);
    },
  };
}

export class ReplError extends Error {
  constructor(
    message: string,
    readonly transcriptTail: string,
  ) {
    super(`${message}\n--- last serial output ---\n${transcriptTail}\n--- end ---`);
  }
}

export const MAX_LINE = 255;

const PROMPT_AT_START = /^(?:>>? )+/;

/** A line as the patterns see it: no CR, no leading prompts. */
export function normalizeLine(raw: string): string {
  return raw.replace(/\r/g, "").replace(PROMPT_AT_START, "");
}

export interface ReplDriverOptions {
  /** Called with every complete raw line, e.g. to echo the session to the console. */
  onLine?: (line: string) => void;
  /** Lines kept in error messages. */
  tailLines?: number;
  /** Quiet time after a swallowed prompt before an empty line is typed (default 1000 ms). */
  nudgeAfterMs?: number;
}

export class ReplDriver {
  private readonly lines: string[] = [];
  private partial = "";
  private closedWhy: string | null = null;
  private readonly wakeups = new Set<() => void>();
  /** Index of the first line later waits look at. */
  private mark = 0;
  /** The last line typed, to tell its echo from output printed after a prompt. */
  private lastSent: string | null = null;
  /** A prompt was followed by output on its line and no fresh prompt came since. */
  private swallowed = false;
  /** Empty lines typed to get a fresh prompt (for the session log and tests). */
  nudges = 0;

  constructor(
    private readonly link: SerialLink,
    private readonly opts: ReplDriverOptions = {},
  ) {
    link.onData((chunk) => this.receive(chunk));
    link.onClose((why) => {
      this.closedWhy = why;
      this.wake();
    });
  }

  private receive(chunk: string): void {
    const parts = (this.partial + chunk).split("\n");
    this.partial = parts.pop() ?? "";
    for (const raw of parts) {
      const line = raw.replace(/\r/g, "");
      this.lines.push(line);
      this.opts.onLine?.(line);
      const after = normalizeLine(line);
      if (PROMPT_AT_START.test(line) && after !== "" && after !== this.lastSent) this.swallowed = true;
    }
    if (this.promptShowing()) this.swallowed = false;
    this.wake();
  }

  /** The output ends with a prompt: the REPL waits for input and says so. */
  private promptShowing(): boolean {
    return /(?:^|[^>])> $/.test(this.partial);
  }

  private wake(): void {
    for (const w of [...this.wakeups]) w();
  }

  /** All output so far, raw lines plus the unfinished one. */
  transcript(): string {
    return [...this.lines, this.partial].join("\n");
  }

  private tail(): string {
    const n = this.opts.tailLines ?? 25;
    return [...this.lines.slice(-n), this.partial].join("\n");
  }

  /** Lines that arrived since the last mark (normalized). */
  linesSinceMark(): string[] {
    return this.lines.slice(this.mark).map(normalizeLine);
  }

  /** Later waits only look at output that arrives from now on. */
  setMark(): void {
    this.mark = this.lines.length;
  }

  /**
   * Resolve when `check` returns a value (checked now and on every new output),
   * reject after `timeoutMs`, or at once when the peer has gone away.
   */
  private waitUntil<T>(what: string, timeoutMs: number, check: () => T | undefined, promptWait = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let nudge: NodeJS.Timeout | undefined;
      const finish = (f: () => void) => {
        this.wakeups.delete(poll);
        if (timer) clearTimeout(timer);
        if (nudge) clearTimeout(nudge);
        f();
      };
      // Every new output restarts the quiet period before a nudge.
      const armNudge = () => {
        if (nudge) clearTimeout(nudge);
        nudge = undefined;
        if (!promptWait || !this.swallowed) return;
        nudge = setTimeout(() => {
          if (!this.swallowed || this.promptShowing() || this.closedWhy !== null) return;
          this.swallowed = false;
          this.nudges++;
          this.link.write("\n");
        }, this.opts.nudgeAfterMs ?? 1000);
      };
      const poll = () => {
        let value: T | undefined;
        try {
          value = check();
        } catch (e) {
          finish(() => reject(e));
          return;
        }
        if (value !== undefined) finish(() => resolve(value as T));
        else if (this.closedWhy !== null)
          finish(() => reject(new ReplError(`${what}: serial peer gone (${this.closedWhy})`, this.tail())));
        else armNudge();
      };
      timer = setTimeout(
        () => finish(() => reject(new ReplError(`${what}: no match within ${timeoutMs} ms`, this.tail()))),
        timeoutMs,
      );
      this.wakeups.add(poll);
      poll();
    });
  }

  /** Wait until the REPL shows a fresh top-level `> ` prompt; marks everything before as read. */
  waitForPrompt(timeoutMs: number): Promise<void> {
    return this.waitUntil(
      "waiting for the Lua prompt",
      timeoutMs,
      () => {
        if (this.promptShowing()) {
          this.setMark();
          return true;
        }
        return undefined;
      },
      true,
    ).then(() => undefined);
  }

  /** Type one line of Lua (no newline inside, at most MAX_LINE characters). */
  send(line: string): void {
    if (/[\r\n]/.test(line)) throw new Error(`REPL input must be one line: ${JSON.stringify(line)}`);
    if (line.length > MAX_LINE) throw new Error(`REPL input longer than ${MAX_LINE} characters (${line.length})`);
    this.lastSent = line;
    this.swallowed = false; // the REPL is busy with this line now
    this.link.write(`${line}\n`);
  }

  /**
   * Type a line and wait for the prompt that follows its execution; returns the
   * lines it printed meanwhile (normalized, without the echo). Does not move the
   * mark, so a later waitForAll() still sees this output.
   */
  async command(line: string, timeoutMs: number): Promise<string[]> {
    const first = this.lines.length;
    this.send(line);
    await this.waitUntil(
      `running ${JSON.stringify(line)}`,
      timeoutMs,
      () => (this.lines.length > first && this.promptShowing() ? true : undefined),
      true,
    );
    // lines[first] is the echo of the command itself.
    return this.lines.slice(first + 1).map(normalizeLine);
  }

  /**
   * Wait until every pattern has matched some line since the mark (any order).
   * A line matching a `fail` pattern rejects at once. Returns the matched lines.
   */
  waitForAll(patterns: readonly RegExp[], timeoutMs: number, fail: readonly RegExp[] = []): Promise<string[]> {
    const what = `waiting for ${patterns.map(String).join(", ")}`;
    return this.waitUntil(what, timeoutMs, () => {
      const seen = this.linesSinceMark();
      for (const line of seen) {
        const bad = fail.find((f) => f.test(line));
        if (bad) throw new ReplError(`${what}: failure output ${JSON.stringify(line)} (matched ${bad})`, this.tail());
      }
      const found = patterns.map((p) => seen.find((l) => p.test(l)));
      return found.every((f) => f !== undefined) ? (found as string[]) : undefined;
    });
  }

  /** Wait for one line matching `pattern` since the mark; returns its match. */
  async waitForLine(pattern: RegExp, timeoutMs: number, fail: readonly RegExp[] = []): Promise<RegExpExecArray> {
    const [line] = await this.waitForAll([pattern], timeoutMs, fail);
    return pattern.exec(line!)!;
  }
}
