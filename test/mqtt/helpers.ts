/**
 * Shared by the mqtt scenario tests (issue 5 part 3): run a Lua scenario from
 * test/mqtt/scenarios/ in nodemcu-host against a real broker, either to the end
 * (run) or as a live process the test talks to (start: wait for a line, kill).
 *
 * Every scenario takes the broker address as arg[1], arg[2] and prints lines
 * the tests assert on.
 */
import { spawn } from "node:child_process";
import type { Broker } from "../helpers/broker.ts";
import { join } from "node:path";
import net from "node:net";
import { REPO_ROOT, buildHost, type BuildOptions } from "../../host/runner/build.ts";
import type { LuaVersion } from "../../host/runner/config.ts";

export const SCENARIOS = join(REPO_ROOT, "test/mqtt/scenarios");
/** Both, unless MQTT_TEST_LUA names one (the mutation runner, test/mutation/run.ts, tests each mutant under 5.3 only). */
export const LUA_VERSIONS: LuaVersion[] = process.env.MQTT_TEST_LUA ? [process.env.MQTT_TEST_LUA as LuaVersion] : ["5.1", "5.3"];

export interface ScenarioOptions {
  sanitize?: boolean;
  config?: Record<string, string>;
  env?: Record<string, string>;
  /** seconds; nodemcu-host's own --timeout guard (default 30) */
  timeout?: number;
  /** a generated mqtt module to build instead of components/modules/mqtt.c */
  mqttModule?: string;
}

export interface Finished {
  code: number;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout lines, empty ones left out */
  lines: string[];
}

export interface Live {
  /** stdout lines so far */
  lines: string[];
  stderr(): string;
  /** resolves with the first line (so far or later) matching re; rejects on timeout or exit */
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
  kill(signal: NodeJS.Signals): void;
  /** resolves when the process has ended */
  done: Promise<Finished>;
}

function buildOpts(lua: LuaVersion, opts: ScenarioOptions): BuildOptions {
  return { lua, sanitize: opts.sanitize, config: opts.config, ...(opts.mqttModule ? { mqttModule: opts.mqttModule } : {}) };
}

/** Builds (cached) the runner a scenario needs; call in beforeAll to keep builds out of test timings. */
export async function prebuild(lua: LuaVersion, opts: ScenarioOptions = {}): Promise<void> {
  await buildHost(buildOpts(lua, opts));
}

/** Starts test/mqtt/scenarios/<name>.lua with args; the test can follow its output while it runs. */
export async function start(lua: LuaVersion, name: string, args: Array<string | number>, opts: ScenarioOptions = {}): Promise<Live> {
  const { binary } = await buildHost(buildOpts(lua, opts));
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  if (opts.sanitize) {
    env.UBSAN_OPTIONS ??= "print_stacktrace=1:halt_on_error=1";
    env.ASAN_OPTIONS ??= "abort_on_error=0:detect_leaks=1";
  }
  const timeout = opts.timeout ?? 30;
  const child = spawn(binary, ["--timeout", String(timeout), "--", join(SCENARIOS, `${name}.lua`), ...args.map(String)], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let stdout = "";
  let stderr = "";
  let partial = "";
  let ended = false;
  const waiters = new Set<() => void>();
  const wake = () => [...waiters].forEach((w) => w());
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
    partial += d;
    let nl: number;
    while ((nl = partial.indexOf("\n")) >= 0) {
      const line = partial.slice(0, nl);
      partial = partial.slice(nl + 1);
      if (line !== "") lines.push(line);
    }
    wake();
  });
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const guard = setTimeout(() => child.kill("SIGKILL"), (timeout + 10) * 1000);
  const done = new Promise<Finished>((resolve) => {
    child.on("close", (code, signal) => {
      clearTimeout(guard);
      ended = true;
      if (partial !== "") lines.push(partial);
      wake();
      resolve({ code: code ?? -1, signal, stdout, stderr, lines: lines.slice() });
    });
  });
  const describeState = () => `stdout:\n${lines.join("\n")}\nstderr:\n${stderr}`;
  return {
    lines,
    stderr: () => stderr,
    waitFor: (re: RegExp, timeoutMs = 15_000) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${name}: no line matching ${re} after ${timeoutMs} ms\n${describeState()}`));
        }, timeoutMs);
        const check = () => {
          const hit = lines.find((l) => re.test(l));
          if (hit !== undefined) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(hit);
          } else if (ended) {
            clearTimeout(timer);
            waiters.delete(check);
            reject(new Error(`${name}: exited without a line matching ${re}\n${describeState()}`));
          }
        };
        waiters.add(check);
        check();
      }),
    kill: (signal: NodeJS.Signals) => {
      if (!ended) child.kill(signal);
    },
    done,
  };
}

/** Runs a scenario to its end. */
export async function run(lua: LuaVersion, name: string, args: Array<string | number>, opts: ScenarioOptions = {}): Promise<Finished> {
  return (await start(lua, name, args, opts)).done;
}

/** The lines that start with `prefix` (a word), in order. */
export function linesOf(lines: string[], prefix: string): string[] {
  return lines.filter((l) => l === prefix || l.startsWith(prefix + " ") || l.startsWith(prefix + "\t"));
}

/** A unique topic prefix / client id part per test and Lua version. */
let serial = 0;
export function unique(tag: string, lua: LuaVersion): string {
  serial++;
  return `${tag}-${lua.replace(".", "")}-${process.pid}-${serial}`;
}

/** How the finished run looks, for assertion messages. */
export function show(r: Finished): string {
  return `exit ${r.code}${r.signal ? ` (${r.signal})` : ""}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
}

export interface DuplexConnection {
  /** client -> broker bytes */
  up: Buffer;
  /** broker -> client bytes */
  down: Buffer;
}

export interface DuplexRelay {
  port: number;
  connections: DuplexConnection[];
  close(): Promise<void>;
}

/**
 * A loopback relay recording both directions of every connection (the helper
 * in test/helpers/relay.ts records only what clients send; CONNACK and SUBACK
 * codes come the other way). listenPort 0 picks a free port.
 */
export function duplexRelay(targetPort: number, targetHost = "127.0.0.1", listenPort = 0): Promise<DuplexRelay> {
  const connections: DuplexConnection[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const rec: DuplexConnection = { up: Buffer.alloc(0), down: Buffer.alloc(0) };
    connections.push(rec);
    const upstream = net.connect({ host: targetHost, port: targetPort });
    sockets.add(client);
    sockets.add(upstream);
    client.on("data", (d: Buffer) => {
      rec.up = Buffer.concat([rec.up, d]);
      upstream.write(d);
    });
    upstream.on("data", (d: Buffer) => {
      rec.down = Buffer.concat([rec.down, d]);
      client.write(d);
    });
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const s of [client, upstream]) {
      s.on("close", closeBoth);
      s.on("error", closeBoth);
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(listenPort, "127.0.0.1", () => {
      const address = server.address();
      resolve({
        port: typeof address === "object" && address ? address.port : 0,
        connections,
        close: () =>
          new Promise<void>((res) => {
            for (const s of sockets) s.destroy();
            server.close(() => res());
          }),
      });
    });
  });
}

/** A TCP server that accepts connections and never answers (a broker that hangs). */
export function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  return fakeServer(undefined);
}

/** The same bytes the scenarios build with binary(n): every byte value, NULs included, repeated. */
export function binaryBytes(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 7 + 3) % 256;
  return b;
}

/** Publishes `count` QoS 0 messages m1..mN to `topic` at once with one `mosquitto_pub -l`. */
export function burst(broker: Broker, topic: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("mosquitto_pub", ["-h", broker.host, "-p", String(broker.port), "-t", topic, "-q", "0", "-l"], {
      stdio: ["pipe", "ignore", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d));
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`mosquitto_pub -l: ${code} ${err}`))));
    child.stdin.end(Array.from({ length: count }, (_, i) => `m${i + 1}`).join("\n") + "\n");
  });
}

/** A TCP server that answers the client's first bytes with `reply`, then stays silent (a broker that is none). */
export function replyServer(reply: Buffer): Promise<{ port: number; close(): Promise<void> }> {
  return fakeServer(reply);
}

/** A loopback TCP server on a free port that answers the first bytes with `reply` (if any), then stays silent. */
function fakeServer(reply: Buffer | undefined): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    if (reply) s.once("data", () => s.write(reply));
    s.on("error", () => undefined);
    s.on("close", () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve({
        port: typeof address === "object" && address ? address.port : 0,
        close: () =>
          new Promise<void>((res) => {
            for (const s of sockets) s.destroy();
            server.close(() => res());
          }),
      });
    });
  });
}
