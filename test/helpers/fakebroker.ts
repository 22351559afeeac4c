/**
 * A scripted MQTT 3.1.1 "broker" on loopback for protocol-edge tests: it answers
 * CONNECT, SUBSCRIBE, PINGREQ and the QoS handshakes of the client like a broker
 * would, except where the script says otherwise, and sends the script's raw
 * bytes after the first SUBACK (malformed packets, a second CONNACK, a QoS 2
 * PUBLISH resent before PUBREL...). Everything the client sends is recorded.
 */
import net from "node:net";
import tls from "node:tls";
import { splitPackets, type RawPacket } from "./relay.ts";

export interface FakeBrokerScript {
  /** The answer to CONNECT (default: CONNACK, session not present, accepted). */
  connack?: Buffer;
  /** The answer to a SUBSCRIBE with packet id `id` and `count` filters (default: grant each at QoS 0). */
  suback?: (id: number, count: number) => Buffer;
  /** Raw bytes sent, in order, once the first SUBACK is out (on the first connection only). */
  afterSuback?: Buffer[];
  /** Pause between the afterSuback writes, ms (default 100). */
  gapMs?: number;
  /** Never answer the client's PUBREC with PUBREL (a QoS 2 delivery left half done). */
  holdPubrel?: boolean;
  /** Listen with TLS, with this certificate and key (PEM). */
  tls?: { cert: string; key: string };
}

export interface FakeBroker {
  port: number;
  /** What each connection's client sent, as packets, in order. */
  received: RawPacket[][];
  close(): Promise<void>;
}

/** A PUBLISH packet's bytes (remaining length < 128 unless `remaining` overrides it). */
export function publishPacket(topic: string, payload: string, qos: number, id = 0, flags = 0, remaining?: number): Buffer {
  const t = Buffer.from(topic);
  const body = Buffer.concat([
    Buffer.from([t.length >> 8, t.length & 0xff]),
    t,
    qos > 0 ? Buffer.from([id >> 8, id & 0xff]) : Buffer.alloc(0),
    Buffer.from(payload),
  ]);
  return Buffer.concat([Buffer.from([0x30 | (qos << 1) | flags, remaining ?? body.length]), body]);
}

/** The first two body bytes as a number: the packet id of an acknowledgement. */
function idOf(p: RawPacket): number {
  return (p.body[0]! << 8) | p.body[1]!;
}

/** A SUBSCRIBE's filter count: each is a 2-byte length, the filter and a QoS byte. */
function filterCount(body: Buffer): number {
  let n = 0;
  for (let i = 2; i + 2 <= body.length; n++) i += 2 + ((body[i]! << 8) | body[i + 1]!) + 1;
  return n;
}

export function startFakeBroker(script: FakeBrokerScript = {}): Promise<FakeBroker> {
  const sockets = new Set<net.Socket>();
  const received: RawPacket[][] = [];
  const onConnection = (s: net.Socket) => {
    sockets.add(s);
    const first = received.length === 0;
    const mine: RawPacket[] = [];
    received.push(mine);
    let pending = Buffer.alloc(0);
    let subacks = 0;
    s.on("data", (d: Buffer) => {
      pending = Buffer.concat([pending, d]);
      const packets = splitPackets(pending);
      // drop the bytes of the whole packets just split off
      let used = 0;
      for (const p of packets) used += 1 + lengthBytes(p.body.length) + p.body.length;
      pending = pending.subarray(used);
      for (const p of packets) {
        mine.push(p);
        if (p.type === 1) s.write(script.connack ?? Buffer.from([0x20, 2, 0, 0]));
        else if (p.type === 8) {
          const id = idOf(p);
          s.write(script.suback ? script.suback(id, filterCount(p.body)) : Buffer.from([0x90, 3, id >> 8, id & 0xff, 0]));
          if (first && subacks++ === 0) void sendLater(s, script.afterSuback ?? [], script.gapMs ?? 100);
        } else if (p.type === 12) s.write(Buffer.from([0xd0, 0]));
        else if (p.type === 3 && ((p.flags >> 1) & 3) === 1) {
          const topicLen = idOf(p); // a PUBLISH body starts with its topic length; the packet id follows the topic
          s.write(Buffer.from([0x40, 2, ...p.body.subarray(2 + topicLen, 4 + topicLen)]));
        } else if (p.type === 5 && !script.holdPubrel) s.write(Buffer.from([0x62, 2, p.body[0]!, p.body[1]!]));
      }
    });
    s.on("error", () => undefined);
    s.on("close", () => sockets.delete(s));
  };
  const server = script.tls ? tls.createServer(script.tls, onConnection) : net.createServer(onConnection);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as net.AddressInfo;
      resolve({
        port: address.port,
        received,
        close: () =>
          new Promise<void>((res) => {
            for (const s of sockets) s.destroy();
            server.close(() => res());
          }),
      });
    });
  });
}

function lengthBytes(n: number): number {
  return n < 128 ? 1 : n < 16384 ? 2 : n < 2097152 ? 3 : 4;
}

async function sendLater(s: net.Socket, chunks: Buffer[], gapMs: number): Promise<void> {
  for (const c of chunks) {
    await new Promise((r) => setTimeout(r, gapMs));
    if (s.destroyed) return;
    s.write(c);
  }
}
