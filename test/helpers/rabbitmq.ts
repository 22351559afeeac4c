/**
 * A RabbitMQ node of our own with its MQTT plugin (Debian `rabbitmq-server`),
 * set up with the interop fixtures of interop-broker.ts. Never the system
 * service: own node name, config, definitions, enabled-plugins file, data
 * (mnesia) and log dirs in a temporary directory, free loopback ports for
 * AMQP, MQTT, Erlang distribution and its own epmd.
 *
 *   const rabbit = await startRabbit();   // ~15 s: start one per test file
 *   ... MQTT clients connect to rabbit.host:rabbit.port ...
 *   await rabbit.stop();
 *
 * Users, permissions and topic permissions come from a definitions file loaded
 * at boot, so no rabbitmqctl call (an Erlang VM start each) is needed.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { INTEROP_PASSWORD, INTEROP_USER, REFUSED_PREFIX, type InteropBroker } from "./interop-broker.ts";
import { freePort, sleep, waitForPort } from "./ports.ts";

const RABBIT_BIN = "/usr/lib/rabbitmq/bin";
/** Boot takes 10-15 s on an idle machine; much more on a loaded one. */
const START_TIMEOUT_MS = 120_000;

/** RabbitMQ's rabbit_password_hashing_sha256: base64(salt ++ sha256(salt ++ password)), 4-byte salt. */
function passwordHash(password: string): string {
  const salt = randomBytes(4);
  const digest = createHash("sha256").update(Buffer.concat([salt, Buffer.from(password, "utf8")])).digest();
  return Buffer.concat([salt, digest]).toString("base64");
}

function definitions(): string {
  const user = (name: string, password: string) => ({
    name,
    password_hash: passwordHash(password),
    hashing_algorithm: "rabbit_password_hashing_sha256",
    tags: [],
  });
  const all = (name: string) => ({ user: name, vhost: "/", configure: ".*", write: ".*", read: ".*" });
  return JSON.stringify({
    users: [user("guest", "guest"), user(INTEROP_USER, INTEROP_PASSWORD)],
    vhosts: [{ name: "/" }],
    permissions: [all("guest"), all(INTEROP_USER)],
    // MQTT topics become routing keys with "/" -> ".": anonymous (guest) may not read secret.*
    topic_permissions: [{ user: "guest", vhost: "/", exchange: "amq.topic", write: ".*", read: `^(?!${REFUSED_PREFIX}\\.).*` }],
  });
}

interface Ports {
  amqp: number;
  mqtt: number;
  dist: number;
  epmd: number;
}

const live = new Set<() => void>();
let hooked = false;
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on("exit", () => live.forEach((kill) => kill()));
}

let serial = 0;

export async function startRabbit(): Promise<InteropBroker> {
  hookExit();
  const dir = mkdtempSync(path.join(os.tmpdir(), "mqtt-rabbit-"));
  const node = `interop-${process.pid}-${++serial}@localhost`;
  const ports: Ports = { amqp: await freePort(), mqtt: await freePort(), dist: await freePort(), epmd: await freePort() };
  for (const d of ["mnesia", "log"]) mkdirSync(path.join(dir, d));
  writeFileSync(path.join(dir, "enabled_plugins"), "[rabbitmq_mqtt].\n");
  writeFileSync(path.join(dir, "rabbitmq-env.conf"), ""); // not /etc/rabbitmq's
  writeFileSync(path.join(dir, "definitions.json"), definitions());
  writeFileSync(
    path.join(dir, "rabbitmq.conf"),
    [
      `listeners.tcp.1 = 127.0.0.1:${ports.amqp}`,
      `mqtt.listeners.tcp.1 = 127.0.0.1:${ports.mqtt}`,
      "mqtt.allow_anonymous = true",
      "mqtt.default_user = guest",
      "mqtt.default_pass = guest",
      `load_definitions = ${path.join(dir, "definitions.json")}`,
      "log.console = false",
      "log.file.level = info",
      "",
    ].join("\n"),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: dir, // the Erlang cookie goes here
    RABBITMQ_NODENAME: node,
    RABBITMQ_NODE_IP_ADDRESS: "127.0.0.1",
    RABBITMQ_NODE_PORT: String(ports.amqp),
    RABBITMQ_DIST_PORT: String(ports.dist),
    ERL_EPMD_PORT: String(ports.epmd),
    ERL_EPMD_ADDRESS: "127.0.0.1",
    RABBITMQ_CONF_ENV_FILE: path.join(dir, "rabbitmq-env.conf"),
    RABBITMQ_CONFIG_FILE: path.join(dir, "rabbitmq.conf"),
    RABBITMQ_ADVANCED_CONFIG_FILE: path.join(dir, "advanced.config"),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, "enabled_plugins"),
    RABBITMQ_MNESIA_BASE: path.join(dir, "mnesia"),
    RABBITMQ_LOG_BASE: path.join(dir, "log"),
    RABBITMQ_PID_FILE: path.join(dir, "rabbit.pid"),
  };
  const logFile = path.join(dir, "log", `${node}.log`);
  let child: ChildProcess | undefined;
  let output = "";
  const log = () => (existsSync(logFile) ? readFileSync(logFile, "utf8") : "") + output;

  const killGroup = (signal: NodeJS.Signals) => {
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        /* gone */
      }
    }
  };
  const killEpmd = () => {
    try {
      execFileSync("epmd", ["-kill"], { env, stdio: "ignore", timeout: 5000 });
    } catch {
      /* not running */
    }
  };
  const onExit = () => {
    killGroup("SIGKILL");
    killEpmd();
  };
  live.add(onExit);

  const launch = async () => {
    // its own process group: the start script, beam and its port programs go together
    const c = spawn(path.join(RABBIT_BIN, "rabbitmq-server"), [], { env, cwd: dir, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    child = c;
    c.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    c.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline && c.exitCode === null) {
      if ((await waitForPort(ports.mqtt, 500)) && /Server startup complete/.test(log())) return;
    }
    killGroup("SIGKILL");
    throw new Error(`rabbitmq did not start within ${START_TIMEOUT_MS} ms:\n${log().slice(-4000)}`);
  };
  const halt = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise<void>((r) => c.once("exit", () => r()));
    killGroup("SIGTERM"); // beam stops the node cleanly on SIGTERM
    if ((await Promise.race([gone.then(() => true), sleep(30_000).then(() => false)])) === false) {
      killGroup("SIGKILL");
      await gone;
    }
  };

  try {
    await launch();
  } catch (e) {
    onExit();
    live.delete(onExit);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const version = /Starting RabbitMQ (\S+)/.exec(log())?.[1] ?? "unknown";
  let stopped = false;
  return {
    name: "rabbitmq",
    version,
    host: "127.0.0.1",
    port: ports.mqtt,
    restart: async () => {
      await halt();
      await launch();
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await halt();
      killEpmd();
      live.delete(onExit);
      rmSync(dir, { recursive: true, force: true });
    },
    log,
  };
}
