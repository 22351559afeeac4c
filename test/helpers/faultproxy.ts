/**
 * A fault-injecting TCP proxy on loopback, to put a Wi-Fi-like link between a
 * client under test and its broker:
 *
 *   const link = await faultProxy(broker.port);
 *   ... the client connects to link.port ...
 *   link.setLatency(200, 100);  // every chunk 100..300 ms late, order kept
 *   link.setRate(20_000);       // 20 kB/s each way
 *   link.stall();               // nothing gets through, both sockets stay open
 *   link.resume();              // what was held is delivered, in order
 *   link.cut();                 // RST to both ends of every open connection
 *   link.halfOpen();            // open connections go silent for good (no FIN, no RST);
 *                               // new connections work: only a keepalive notices
 *
 * (test/helpers/relay.ts records bytes; this one only damages the link.)
 */
import net from "node:net";

export interface LinkStats {
  /** connections accepted so far */
  connections: number;
  /** bytes delivered client -> broker, broker -> client */
  bytesUp: number;
  bytesDown: number;
  /** connections ended with cut() */
  cuts: number;
}

export interface FaultProxy {
  port: number;
  setLatency(latencyMs: number, jitterMs?: number): void;
  /** bytes per second in each direction; 0 for no cap */
  setRate(bytesPerSecond: number): void;
  stall(): void;
  resume(): void;
  cut(): void;
  halfOpen(): void;
  /** number of connections currently open at both ends */
  openConnections(): number;
  stats(): LinkStats;
  close(): Promise<void>;
}

interface Shape {
  latencyMs: number;
  jitterMs: number;
  rate: number;
  stalled: boolean;
}

/** One direction of one connection: chunks wait until their delivery time and while the link stalls. */
class Pipe {
  private queue: Array<{ at: number; data: Buffer | null }> = [];
  private lastAt = 0;
  private timer: NodeJS.Timeout | undefined;
  dead = false;

  constructor(
    private readonly to: net.Socket,
    private readonly shape: Shape,
    private readonly count: (n: number) => void,
  ) {}

  /** data, or null for the sender's FIN */
  push(data: Buffer | null): void {
    if (this.dead) return;
    const { latencyMs, jitterMs, rate } = this.shape;
    const delay = latencyMs + (jitterMs ? (Math.random() * 2 - 1) * jitterMs : 0);
    let at = Math.max(this.lastAt, Date.now() + Math.max(0, delay));
    if (rate > 0 && data) at = Math.max(at, this.lastAt) + (data.length * 1000) / rate;
    this.lastAt = at;
    this.queue.push({ at, data });
    this.schedule();
  }

  schedule(): void {
    if (this.timer || this.dead || this.shape.stalled || this.queue.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, Math.max(0, this.queue[0].at - Date.now()));
  }

  private flush(): void {
    while (!this.dead && !this.shape.stalled && this.queue.length && this.queue[0].at <= Date.now()) {
      const { data } = this.queue.shift()!;
      if (this.to.destroyed) continue;
      if (data) {
        this.to.write(data);
        this.count(data.length);
      } else {
        this.to.end();
      }
    }
    this.schedule();
  }

  /** forget everything queued and never deliver again */
  kill(): void {
    this.dead = true;
    this.queue = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

interface Conn {
  client: net.Socket;
  upstream: net.Socket;
  up: Pipe;
  down: Pipe;
}

export function faultProxy(targetPort: number, targetHost = "127.0.0.1"): Promise<FaultProxy> {
  const shape: Shape = { latencyMs: 0, jitterMs: 0, rate: 0, stalled: false };
  const conns = new Set<Conn>();
  const stats: LinkStats = { connections: 0, bytesUp: 0, bytesDown: 0, cuts: 0 };

  const server = net.createServer((client) => {
    stats.connections++;
    const upstream = net.connect({ host: targetHost, port: targetPort });
    const conn: Conn = {
      client,
      upstream,
      up: new Pipe(upstream, shape, (n) => (stats.bytesUp += n)),
      down: new Pipe(client, shape, (n) => (stats.bytesDown += n)),
    };
    conns.add(conn);
    // allowHalfOpen is off: a FIN from one end is passed on (in order, after the data) as a FIN
    client.on("data", (d: Buffer) => conn.up.push(d));
    upstream.on("data", (d: Buffer) => conn.down.push(d));
    client.on("end", () => conn.up.push(null));
    upstream.on("end", () => conn.down.push(null));
    const gone = (hadError: boolean) => {
      // a half-open connection stays silent: the other end must find out by itself;
      // on a stalled link a clean close waits in the queue (its FIN) behind the data
      if (!conn.up.dead && (hadError || !shape.stalled)) {
        conn.up.kill();
        conn.down.kill();
        client.destroy();
        upstream.destroy();
      }
      if (client.destroyed && upstream.destroyed) conns.delete(conn);
    };
    for (const s of [client, upstream]) {
      s.on("error", () => gone(true));
      s.on("close", (hadError) => gone(hadError));
    }
  });

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve({
        port: typeof address === "object" && address ? address.port : 0,
        setLatency: (latencyMs, jitterMs = 0) => Object.assign(shape, { latencyMs, jitterMs }),
        setRate: (rate) => Object.assign(shape, { rate }),
        stall: () => {
          shape.stalled = true;
        },
        resume: () => {
          shape.stalled = false;
          for (const c of conns) {
            c.up.schedule();
            c.down.schedule();
          }
        },
        cut: () => {
          for (const c of conns) {
            if (c.up.dead) continue;
            stats.cuts++;
            c.up.kill();
            c.down.kill();
            c.client.resetAndDestroy();
            c.upstream.resetAndDestroy();
          }
        },
        halfOpen: () => {
          for (const c of conns) {
            c.up.kill();
            c.down.kill();
          }
        },
        openConnections: () => [...conns].filter((c) => !c.up.dead && !c.client.destroyed && !c.upstream.destroyed).length,
        stats: () => ({ ...stats }),
        close: () =>
          new Promise<void>((res) => {
            for (const c of conns) {
              c.up.kill();
              c.down.kill();
              c.client.destroy();
              c.upstream.destroy();
            }
            conns.clear();
            server.close(() => res());
          }),
      });
    });
  });
}
