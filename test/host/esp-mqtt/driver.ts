/**
 * Builds esp_mqtt_driver.c against the host esp-mqtt with gcc -Werror (plain,
 * sanitized, or without CONFIG_MQTT_PROTOCOL_311) and runs it: commands go to
 * its stdin, its stdout lines (events "EV ...", results "RET ...") are kept.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { strictFlags } from "../../compiler/helpers.ts";

const run = promisify(execFile);
const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, "../../..");

export type Variant = "plain" | "no311" | "asan" | "tsan" | "v5" | "v5asan";

const FLAGS: Record<Variant, string[]> = {
  plain: ["-O1", "-g"],
  no311: ["-O1", "-g"],
  asan: ["-O1", "-g", "-fsanitize=address,undefined", "-fno-omit-frame-pointer", "-fno-sanitize-recover=undefined"],
  tsan: ["-O1", "-g", "-fsanitize=thread"],
  v5: ["-O1", "-g"],
  v5asan: ["-O1", "-g", "-fsanitize=address,undefined", "-fno-omit-frame-pointer", "-fno-sanitize-recover=undefined"],
};

/** The variants built with CONFIG_MQTT_PROTOCOL_5 (host --config MQTT_PROTOCOL_5=y). */
const V5: Variant[] = ["v5", "v5asan"];

/** Compiles the driver for one variant into a fresh temp dir; resolves with the binary path. */
export async function buildDriver(variant: Variant): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `esp-mqtt-${variant}-`));
  mkdirSync(dir, { recursive: true });
  // The runner generates sdkconfig.h; our own builds write the same two settings.
  writeFileSync(
    path.join(dir, "sdkconfig.h"),
    (variant === "no311" ? "" : "#define CONFIG_MQTT_PROTOCOL_311 1\n") +
      (V5.includes(variant) ? "#define CONFIG_MQTT_PROTOCOL_5 1\n" : "") +
      "#define CONFIG_MQTT_BUFFER_SIZE 1024\n",
  );
  const sources = readdirSync(path.join(root, "host/esp-mqtt"))
    .filter((f) => f.endsWith(".c"))
    .map((f) => path.join(root, "host/esp-mqtt", f));
  const out = path.join(dir, "driver");
  await run("gcc", [
    ...strictFlags, ...FLAGS[variant],
    "-I", dir, "-I", path.join(root, "host/include"),
    ...sources, path.join(here, "esp_mqtt_driver.c"),
    "-o", out, "-lmosquitto", "-lssl", "-lcrypto", "-lpthread",
  ]);
  return out;
}

export class Driver {
  readonly lines: string[] = [];
  stderr = "";
  private waiters: Array<() => void> = [];
  private child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(binary: string, args: string[], env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(binary, args, { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, ...env } });
    live.add(this.child);
    let pending = "";
    this.child.stdout!.on("data", (d: Buffer) => {
      pending += d.toString();
      let nl: number;
      while ((nl = pending.indexOf("\n")) >= 0) {
        this.lines.push(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
      this.waiters.splice(0).forEach((w) => w());
    });
    this.child.stderr!.on("data", (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) =>
      this.child.once("exit", (code, signal) => {
        live.delete(this.child);
        this.waiters.splice(0).forEach((w) => w());
        resolve({ code, signal });
      }),
    );
  }

  send(...commands: string[]): void {
    for (const c of commands) this.child.stdin!.write(c + "\n");
  }

  /** Index of the first line at or after `from` matching re, waiting up to timeoutMs. */
  async waitFor(re: RegExp, timeoutMs = 10_000, from = 0): Promise<{ line: string; index: number; match: RegExpExecArray }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (let i = from; i < this.lines.length; i++) {
        const m = re.exec(this.lines[i]);
        if (m) return { line: this.lines[i], index: i, match: m };
      }
      const left = deadline - Date.now();
      if (left <= 0 || this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`no line matching ${re} within ${timeoutMs} ms; got:\n${this.lines.join("\n")}\nstderr:\n${this.stderr}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Lines matching re (from index `from`). */
  matching(re: RegExp, from = 0): string[] {
    return this.lines.slice(from).filter((l) => re.test(l));
  }

  /** Sends "quit" and waits for the exit (then the client is destroyed by the driver). */
  async quit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.stdin!.end("quit\n");
    return this.exited;
  }

  kill(): void {
    this.child.kill("SIGKILL");
  }
}

const live = new Set<ChildProcess>();
process.on("exit", () => {
  for (const c of live) c.kill("SIGKILL");
});
