/**
 * Reference MQTT clients for tests: Debian's mosquitto_sub / mosquitto_pub as
 * child processes, to observe what a client under test published (LWT,
 * retained messages, QoS) or to feed it messages.
 */
import { spawn, execFile, type ChildProcess } from "node:child_process";
import type { Broker } from "./broker.ts";

/** What these clients need of a broker: any MQTT broker on loopback (Mosquitto, aedes, RabbitMQ). */
export type Endpoint = Pick<Broker, "host" | "port" | "tlsPort" | "certs">;

export interface ClientAuth {
  username?: string;
  password?: string;
  /** Use the broker's TLS listener with its test CA (and the client certificate when mutual). */
  tls?: boolean;
  clientCert?: boolean;
  clientId?: string;
}

export interface ReceivedMessage {
  topic: string;
  payload: Buffer;
  qos: number;
  retain: boolean;
}

export interface Collector {
  /** Messages received so far. */
  messages: ReceivedMessage[];
  /** Resolves when the broker acknowledged the subscription (SUBACK). */
  ready: Promise<void>;
  /** Resolves with messages once `count` arrived; rejects after timeoutMs. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMessage[]>;
  /** Stops the subscriber process. */
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
process.on("exit", () => {
  for (const c of children) c.kill("SIGKILL");
});

function connectArgs(broker: Endpoint, auth: ClientAuth): string[] {
  const args = ["-h", broker.host, "-V", "mqttv311"];
  if (auth.tls) {
    if (!broker.tlsPort || !broker.certs) throw new Error("broker has no TLS listener");
    args.push("-p", String(broker.tlsPort), "--cafile", broker.certs.caCert);
    if (auth.clientCert) args.push("--cert", broker.certs.clientCert, "--key", broker.certs.clientKey);
  } else {
    args.push("-p", String(broker.port));
  }
  if (auth.username !== undefined) args.push("-u", auth.username);
  if (auth.password !== undefined) args.push("-P", auth.password);
  if (auth.clientId !== undefined) args.push("-i", auth.clientId);
  return args;
}

/**
 * Subscribes with mosquitto_sub to one or more filters at `qos` and collects
 * every message (binary-safe). Await `ready` before publishing.
 */
export function subscribe(broker: Endpoint, topics: string | string[], opts: ClientAuth & { qos?: number } = {}): Collector {
  const filters = Array.isArray(topics) ? topics : [topics];
  const args = [...connectArgs(broker, opts), "-d", "-q", String(opts.qos ?? 0), "-F", "MSG %q %r %x %t"];
  for (const f of filters) args.push("-t", f);
  // stdbuf: mosquitto_sub block-buffers its debug lines (the SUBACK notice) on a pipe.
  const child = spawn("stdbuf", ["-oL", "mosquitto_sub", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  child.once("exit", () => children.delete(child));

  const messages: ReceivedMessage[] = [];
  const waiters: Array<() => void> = [];
  let log = "";
  let resolveReady!: () => void;
  let rejectReady!: (e: Error) => void;
  const ready = new Promise<void>((res, rej) => {
    resolveReady = res;
    rejectReady = rej;
  });
  let pending = "";
  child.stdout!.on("data", (d: Buffer) => {
    pending += d.toString();
    let nl: number;
    while ((nl = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      log += line + "\n";
      if (line.includes("received SUBACK")) resolveReady();
      const m = /^MSG (\d) (\d) ([0-9a-f]*) (.*)$/.exec(line);
      if (m) {
        messages.push({ qos: Number(m[1]), retain: m[2] === "1", payload: Buffer.from(m[3], "hex"), topic: m[4] });
        waiters.splice(0).forEach((w) => w());
      }
    }
  });
  child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  child.once("exit", (code) => rejectReady(new Error(`mosquitto_sub exited (${code}):\n${log}`)));
  const readyTimer = setTimeout(() => rejectReady(new Error(`mosquitto_sub: no SUBACK after 10 s:\n${log}`)), 10_000);
  ready.finally(() => clearTimeout(readyTimer)).catch(() => undefined);
  ready.catch(() => undefined);

  return {
    messages,
    ready,
    waitFor: (count: number, timeoutMs = 10_000) =>
      new Promise<ReceivedMessage[]>((res, rej) => {
        const timer = setTimeout(
          () => rej(new Error(`mosquitto_sub: ${messages.length}/${count} messages after ${timeoutMs} ms\n${log}`)),
          timeoutMs,
        );
        const check = () => {
          if (messages.length >= count) {
            clearTimeout(timer);
            res(messages.slice());
          } else {
            waiters.push(check);
          }
        };
        check();
      }),
    stop: () =>
      new Promise<void>((res) => {
        if (child.exitCode !== null || child.signalCode !== null) return res();
        // mosquitto_sub sometimes ignores a SIGTERM that lands mid-loop: insist.
        const force = setTimeout(() => child.kill("SIGKILL"), 1000);
        child.once("exit", () => {
          clearTimeout(force);
          res();
        });
        child.kill("SIGTERM");
      }),
  };
}

/** Publishes one message with mosquitto_pub (payload may be binary). */
export function publish(
  broker: Endpoint,
  topic: string,
  payload: string | Buffer,
  opts: ClientAuth & { qos?: number; retain?: boolean } = {},
): Promise<void> {
  // -s reads the (binary) payload from stdin; an empty payload needs -n instead.
  const empty = payload.length === 0;
  const args = [...connectArgs(broker, opts), "-t", topic, "-q", String(opts.qos ?? 0), empty ? "-n" : "-s"];
  if (opts.retain) args.push("-r");
  return new Promise((resolve, reject) => {
    const child = execFile("mosquitto_pub", args, (err, _stdout, stderr) =>
      err ? reject(new Error(`mosquitto_pub failed: ${stderr || err.message}`)) : resolve(),
    );
    child.stdin!.end(empty ? undefined : payload);
  });
}
