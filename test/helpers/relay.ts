/**
 * A loopback TCP relay that records what clients send, to read MQTT packets on
 * the wire (e.g. the CONNECT's protocol name and level).
 *
 *   const relay = await tcpRelay(broker.port);
 *   ... connect the client to relay.port ...
 *   const connect = parseConnect(await relay.waitForBytes(10));
 */
import net from "node:net";

export interface TcpRelay {
  /** The relay's own port on 127.0.0.1. */
  port: number;
  /** Bytes the first client connection sent so far (up to the first 64 KiB). */
  firstBytes(): Buffer;
  /** Bytes sent by each client connection so far, in connection order. */
  connections(): Buffer[];
  /** Resolves with firstBytes() once it holds at least n bytes; rejects after timeoutMs. */
  waitForBytes(n: number, timeoutMs?: number): Promise<Buffer>;
  /** Stops listening and closes every relayed connection. */
  close(): Promise<void>;
}

const RECORD_LIMIT = 64 * 1024;

export interface RelayOptions {
  targetHost?: string;
  /**
   * Fault injection: rewrites each chunk the broker sends before the client
   * sees it (e.g. turn a SUBACK return code into 0x80). Default: unchanged.
   */
  fromServer?: (chunk: Buffer) => Buffer;
}

export function tcpRelay(targetPort: number, opts: RelayOptions = {}): Promise<TcpRelay> {
  const targetHost = opts.targetHost ?? "127.0.0.1";
  const fromServer = opts.fromServer ?? ((chunk: Buffer) => chunk);
  const recorded: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const waiters: Array<() => void> = [];
  const wake = () => waiters.splice(0).forEach((w) => w());

  const server = net.createServer((client) => {
    const index = recorded.length;
    recorded.push(Buffer.alloc(0));
    const upstream = net.connect({ host: targetHost, port: targetPort });
    sockets.add(client);
    sockets.add(upstream);
    client.on("data", (chunk: Buffer) => {
      if (recorded[index].length < RECORD_LIMIT) {
        recorded[index] = Buffer.concat([recorded[index], chunk]).subarray(0, RECORD_LIMIT);
        wake();
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => client.write(fromServer(chunk)));
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", closeBoth);
    upstream.on("close", closeBoth);
    client.on("error", closeBoth);
    upstream.on("error", closeBoth);
  });

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      const firstBytes = () => recorded[0] ?? Buffer.alloc(0);
      resolve({
        port,
        firstBytes,
        connections: () => recorded.slice(),
        waitForBytes: (n: number, timeoutMs = 10_000) =>
          new Promise<Buffer>((res, rej) => {
            const timer = setTimeout(() => rej(new Error(`relay: fewer than ${n} bytes after ${timeoutMs} ms`)), timeoutMs);
            const check = () => {
              if (firstBytes().length >= n) {
                clearTimeout(timer);
                res(firstBytes());
              } else {
                waiters.push(check);
              }
            };
            check();
          }),
        close: () =>
          new Promise<void>((res) => {
            for (const s of sockets) s.destroy();
            server.close(() => res());
          }),
      });
    });
  });
}

export interface ConnectPacket {
  /** "MQTT" for 3.1.1, "MQIsdp" for 3.1. */
  protocolName: string;
  /** 4 for 3.1.1, 3 for 3.1. */
  protocolLevel: number;
  cleanSession: boolean;
  willFlag: boolean;
  willQos: number;
  willRetain: boolean;
  usernameFlag: boolean;
  passwordFlag: boolean;
  keepalive: number;
  clientId: string;
}

/** Decodes the CONNECT packet at the start of buf (throws if it is not one). */
export function parseConnect(buf: Buffer): ConnectPacket {
  if (buf.length < 2 || buf[0] >> 4 !== 1) throw new Error(`not a CONNECT packet: ${buf.subarray(0, 16).toString("hex")}`);
  let i = 1;
  while (buf[i++] & 0x80); // skip the remaining-length bytes
  const readString = () => {
    const len = buf.readUInt16BE(i);
    const s = buf.subarray(i + 2, i + 2 + len).toString("utf8");
    i += 2 + len;
    return s;
  };
  const protocolName = readString();
  const protocolLevel = buf[i++];
  const flags = buf[i++];
  const keepalive = buf.readUInt16BE(i);
  i += 2;
  const clientId = readString();
  return {
    protocolName,
    protocolLevel,
    cleanSession: (flags & 0x02) !== 0,
    willFlag: (flags & 0x04) !== 0,
    willQos: (flags >> 3) & 3,
    willRetain: (flags & 0x20) !== 0,
    usernameFlag: (flags & 0x80) !== 0,
    passwordFlag: (flags & 0x40) !== 0,
    keepalive,
    clientId,
  };
}

export interface RawPacket {
  /** MQTT control packet type (1 CONNECT, 3 PUBLISH, 8 SUBSCRIBE, 14 DISCONNECT ...). */
  type: number;
  /** The low four bits of the first byte. */
  flags: number;
  /** Everything after the fixed header. */
  body: Buffer;
}

/** Splits a recorded byte stream into MQTT packets (a trailing partial packet is left out). */
export function splitPackets(buf: Buffer): RawPacket[] {
  const packets: RawPacket[] = [];
  let i = 0;
  while (i < buf.length) {
    let j = i + 1;
    let multiplier = 1;
    let remaining = 0;
    let byte: number;
    do {
      if (j >= buf.length) return packets;
      byte = buf[j++];
      remaining += (byte & 0x7f) * multiplier;
      multiplier *= 128;
    } while (byte & 0x80);
    if (j + remaining > buf.length) return packets;
    packets.push({ type: buf[i] >> 4, flags: buf[i] & 0x0f, body: buf.subarray(j, j + remaining) });
    i = j + remaining;
  }
  return packets;
}

/** Counts the packets of one type in a recorded byte stream. */
export function countPackets(buf: Buffer, type: number): number {
  return splitPackets(buf).filter((p) => p.type === type).length;
}

/** Decodes a SUBSCRIBE packet body: its message id and (filter, requested QoS) list. */
export function parseSubscribe(body: Buffer): { msgId: number; topics: Array<{ filter: string; qos: number }> } {
  const msgId = body.readUInt16BE(0);
  const topics: Array<{ filter: string; qos: number }> = [];
  let i = 2;
  while (i < body.length) {
    const len = body.readUInt16BE(i);
    topics.push({ filter: body.subarray(i + 2, i + 2 + len).toString("utf8"), qos: body[i + 2 + len] & 3 });
    i += 3 + len;
  }
  return { msgId, topics };
}
