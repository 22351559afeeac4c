// The broker harness itself: real mosquitto, real openssl certificates.
import { afterAll, describe, expect, it } from "vitest";
import net from "node:net";
import { startBroker, type Broker } from "../../helpers/broker.ts";
import { publish, subscribe } from "../../helpers/clients.ts";
import { sleep, waitForPort } from "../../helpers/ports.ts";

const brokers: Broker[] = [];
afterAll(async () => {
  await Promise.all(brokers.map((b) => b.stop()));
});

describe("broker harness", () => {
  it("starts on free loopback ports and relays messages (binary-safe, qos, retain)", async () => {
    const broker = await startBroker();
    brokers.push(broker);
    expect(broker.host).toBe("127.0.0.1");
    expect(broker.port).toBeGreaterThan(0);
    const sub = subscribe(broker, "h/#", { qos: 1 });
    await sub.ready;
    await publish(broker, "h/bin", Buffer.from([0, 255, 10, 13, 32]), { qos: 1, retain: true });
    const [msg] = await sub.waitFor(1);
    expect(msg.topic).toBe("h/bin");
    expect([...msg.payload]).toEqual([0, 255, 10, 13, 32]);
    expect(msg.qos).toBe(1);
    await sub.stop();
    const late = subscribe(broker, "h/bin");
    const [retained] = await late.waitFor(1);
    expect(retained.retain).toBe(true);
    await late.stop();
  });

  it("enforces passwords and ACLs", async () => {
    const broker = await startBroker({
      users: { alice: "secret", bob: "other" },
      acl: "user alice\ntopic readwrite a/#\nuser bob\ntopic read b/#\n",
    });
    brokers.push(broker);
    await expect(publish(broker, "a/x", "no", { username: "alice", password: "wrong" })).rejects.toThrow();
    const sub = subscribe(broker, "a/#", { username: "alice", password: "secret" });
    await sub.ready;
    await publish(broker, "a/x", "yes", { username: "alice", password: "secret" });
    expect((await sub.waitFor(1))[0].payload.toString()).toBe("yes");
    await sub.stop();
    expect(broker.log()).toMatch(/alice/);
  });

  it("kill() drops clients, restart() comes back on the same port with persistence", async () => {
    const broker = await startBroker({ persistence: true });
    brokers.push(broker);
    const port = broker.port;
    await publish(broker, "p/kept", "retained", { retain: true, qos: 1 });
    await sleep(1500); // autosave_interval 1
    await broker.kill();
    expect(broker.running()).toBe(false);
    expect(await waitForPort(port, 300)).toBe(false);
    await broker.restart();
    expect(broker.port).toBe(port);
    const sub = subscribe(broker, "p/kept");
    expect((await sub.waitFor(1))[0].payload.toString()).toBe("retained");
    await sub.stop();
  });

  it("serves TLS with generated certificates, and require_certificate rejects clients without one", async () => {
    const broker = await startBroker({ tls: { requireCertificate: true } });
    brokers.push(broker);
    expect(broker.tlsPort).toBeGreaterThan(0);
    await publish(broker, "t/x", "mutual", { tls: true, clientCert: true });
    await expect(publish(broker, "t/x", "anonymous", { tls: true })).rejects.toThrow();
    // the plain listener is there too
    await new Promise<void>((res, rej) => net.connect(broker.port, "127.0.0.1").once("connect", res).once("error", rej));
  });

  it("stop() is idempotent and frees the port", async () => {
    const broker = await startBroker();
    await broker.stop();
    await broker.stop();
    expect(await waitForPort(broker.port, 300)).toBe(false);
  });
});
