/**
 * A real Mosquitto broker for a test suite: Debian's `mosquitto` started with a
 * generated config in a temporary directory, on free loopback ports.
 *
 *   const broker = await startBroker({ users: { alice: "secret" }, tls: true });
 *   ... connect to broker.host:broker.port (or broker.tlsPort with broker.certs) ...
 *   await broker.stop();
 *
 * Every broker started here is SIGKILLed when the test process exits, whatever
 * the tests did, and its directory is removed by stop().
 */
import { spawn, spawnSync, execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { mosquittoVersionProblem } from "../../docker/lib/mosquitto-version.ts";
import { generateCerts, type CertFiles } from "./certs.ts";
import { freePort, sleep, waitForPort } from "./ports.ts";

export interface TlsOptions {
  /** Clients must present a certificate signed by the test CA (mutual auth). */
  requireCertificate?: boolean;
}

export interface BrokerOptions {
  /** Allow clients without username (default: true unless `users` is given). */
  allowAnonymous?: boolean;
  /** Users for a password file made with `mosquitto_passwd -b`. */
  users?: Record<string, string>;
  /**
   * ACL file contents, in mosquitto's acl_file syntax, e.g.
   * "user alice\ntopic readwrite test/#\n". With users and no acl, everyone may do anything.
   */
  acl?: string;
  /** Keep sessions and queued messages across restart() (saved after every change). Default false. */
  persistence?: boolean;
  /** Also listen with TLS on `tlsPort`, with certificates generated for this broker. */
  tls?: boolean | TlsOptions;
  /** Plain TCP listener on `port` (default true). */
  plain?: boolean;
  /** Extra lines appended to the generated mosquitto.conf. */
  extraConfig?: string;
  /**
   * Log every packet (mosquitto's log_type all). Default false: errors, warnings,
   * notices, connections and subscriptions only, so message-rate runs are not
   * slowed down by the broker's own logging.
   */
  debugLog?: boolean;
}

export interface Broker {
  host: "127.0.0.1";
  /** Plain MQTT port (0 when `plain: false`). */
  port: number;
  /** TLS port, when `tls` was requested. */
  tlsPort?: number;
  /** Temporary directory with mosquitto.conf, the log, the persistence file and certs/. */
  dir: string;
  /** The generated certificates, when `tls` was requested. */
  certs?: CertFiles;
  /** "mqtt://127.0.0.1:<port>" */
  url: string;
  /** SIGKILL the broker (a crash: nothing is saved, clients see the connection drop). */
  kill(): Promise<void>;
  /** Start it again on the same ports with the same config and persistence file. */
  restart(): Promise<void>;
  /** Stop for good (SIGTERM, then SIGKILL) and remove the directory. Idempotent. */
  stop(): Promise<void>;
  /** Everything the broker logged so far (all runs). */
  log(): string;
  /** True while the broker process runs. */
  running(): boolean;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = () => {
    for (const child of live) {
      try {
        child.kill("SIGKILL");
      } catch {
        /* already gone */
      }
    }
    live.clear();
  };
  process.on("exit", killAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}

function writeConfig(dir: string, opts: BrokerOptions, port: number, tlsPort: number | undefined, certs?: CertFiles): string {
  const lines: string[] = [
    "per_listener_settings false",
    // Run as root, mosquitto would switch to user "mosquitto", who cannot read our temp dir.
    `user ${os.userInfo().username}`,
    `allow_anonymous ${(opts.allowAnonymous ?? !opts.users) ? "true" : "false"}`,
    `log_dest file ${path.join(dir, "mosquitto.log")}`,
    ...(opts.debugLog
      ? ["log_type all"]
      : ["log_type error", "log_type warning", "log_type notice", "log_type information", "log_type subscribe", "log_type unsubscribe"]),
    "connection_messages true",
    "log_timestamp_format %H:%M:%S",
  ];
  if (opts.users) {
    const file = path.join(dir, "passwd");
    writeFileSync(file, "");
    for (const [user, password] of Object.entries(opts.users)) {
      execFileSync("mosquitto_passwd", ["-b", file, user, password], { stdio: "ignore" });
    }
    lines.push(`password_file ${file}`);
  }
  if (opts.acl !== undefined) {
    const file = path.join(dir, "acl");
    writeFileSync(file, opts.acl.endsWith("\n") ? opts.acl : opts.acl + "\n");
    lines.push(`acl_file ${file}`);
  }
  if (opts.persistence) {
    lines.push("persistence true", `persistence_location ${dir}/`, "persistence_file mosquitto.db",
      "autosave_interval 1", "autosave_on_changes true");
  } else {
    lines.push("persistence false");
  }
  if (opts.plain !== false) {
    lines.push(`listener ${port} 127.0.0.1`);
  }
  if (tlsPort !== undefined && certs) {
    const tls = typeof opts.tls === "object" ? opts.tls : {};
    lines.push(
      `listener ${tlsPort} 127.0.0.1`,
      `cafile ${certs.caCert}`,
      `certfile ${certs.serverCert}`,
      `keyfile ${certs.serverKey}`,
      `require_certificate ${tls.requireCertificate ? "true" : "false"}`,
    );
  }
  if (opts.extraConfig) lines.push(opts.extraConfig);
  const conf = path.join(dir, "mosquitto.conf");
  writeFileSync(conf, lines.join("\n") + "\n");
  return conf;
}

let versionChecked = false;

/**
 * Throws unless `mosquitto -h` (this machine's broker, by default) says 2.0.3 or
 * later: older brokers lose a client's will on session takeover, which the
 * last-will tests would report as a bug of ours.
 */
export function assertMosquittoVersion(helpOutput?: string): void {
  let text = helpOutput;
  if (text === undefined) {
    const r = spawnSync("mosquitto", ["-h"], { encoding: "utf8" }); // exits 3 after the help
    text = `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? r.error.message : ""}`;
  }
  const problem = mosquittoVersionProblem(text);
  if (problem) throw new Error(`test broker: ${problem}`);
}

/** Starts a broker; retries with new ports when one was taken meanwhile. */
export async function startBroker(opts: BrokerOptions = {}): Promise<Broker> {
  installExitHook();
  if (!versionChecked) {
    assertMosquittoVersion();
    versionChecked = true;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "mqtt-broker-"));
  const certs = opts.tls ? generateCerts(path.join(dir, "certs")) : undefined;
  let earlier = "";
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = opts.plain === false ? 0 : await freePort();
    const tlsPort = opts.tls ? await freePort() : undefined;
    const conf = writeConfig(dir, opts, port, tlsPort, certs);
    const handle = new BrokerProcess(dir, conf, port, tlsPort, certs);
    const outcome = await handle.launch();
    if (outcome === "ok") return handle.api();
    earlier = handle.log();
    if (!/address already in use/i.test(earlier)) break;
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`mosquitto did not start:\n${earlier}`);
}

class BrokerProcess {
  private child: ChildProcess | undefined;
  private output = "";
  private stopped = false;

  constructor(
    readonly dir: string,
    readonly conf: string,
    readonly port: number,
    readonly tlsPort: number | undefined,
    readonly certs: CertFiles | undefined,
  ) {}

  /** "ok" once every listener accepts connections, "failed" if mosquitto exits or never listens. */
  async launch(): Promise<"ok" | "failed"> {
    const child = spawn("mosquitto", ["-c", this.conf], { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    live.add(child);
    let exited = false;
    child.stdout?.on("data", (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (this.output += d.toString()));
    child.once("exit", () => {
      exited = true;
      live.delete(child);
    });
    const ports = [this.port, this.tlsPort].filter((p): p is number => !!p);
    const deadline = Date.now() + 5_000;
    for (const p of ports) {
      while (!exited && Date.now() < deadline) {
        if (await waitForPort(p, 200)) break;
      }
    }
    if (exited || Date.now() >= deadline) {
      await this.halt("SIGKILL");
      return "failed";
    }
    return "ok";
  }

  private async halt(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill(signal);
    // The 3 s grace timer is cleared as soon as mosquitto is gone: left pending, it kept
    // the process alive 3 s after the broker stopped (npm start lingered that long).
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), 3000)));
    const outcome = await Promise.race([gone.then(() => "gone" as const), timeout]);
    clearTimeout(timer);
    if (outcome === "timeout") {
      child.kill("SIGKILL");
      await gone;
    }
  }

  log(): string {
    const file = path.join(this.dir, "mosquitto.log");
    const fileLog = existsSync(file) ? readFileSync(file, "utf8") : "";
    return fileLog + this.output;
  }

  api(): Broker {
    return {
      host: "127.0.0.1",
      port: this.port,
      tlsPort: this.tlsPort,
      dir: this.dir,
      certs: this.certs,
      url: `mqtt://127.0.0.1:${this.port}`,
      kill: async () => {
        await this.halt("SIGKILL");
      },
      restart: async () => {
        if (this.stopped) throw new Error("broker was stopped for good");
        await this.halt("SIGTERM");
        // The ports were ours a moment ago; mosquitto binds with SO_REUSEADDR.
        for (let attempt = 0; attempt < 5; attempt++) {
          if ((await this.launch()) === "ok") return;
          await sleep(200);
        }
        throw new Error(`mosquitto did not restart:\n${this.log()}`);
      },
      stop: async () => {
        if (this.stopped) return;
        this.stopped = true;
        await this.halt("SIGTERM");
        rmSync(this.dir, { recursive: true, force: true });
      },
      log: () => this.log(),
      running: () => !!this.child && this.child.exitCode === null && this.child.signalCode === null,
    };
  }
}
