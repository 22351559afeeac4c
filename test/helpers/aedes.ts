/**
 * aedes (npm) as a real MQTT broker inside the test's Node process, on a free
 * loopback port, with aedes' own in-memory persistence, set up with the
 * interop fixtures of interop-broker.ts.
 *
 * restart() closes the listener and every client connection and listens again
 * on the same port with the same broker instance: in-memory persistence cannot
 * outlive a process, so this is the restart where sessions survive (what a
 * persistent aedes does across a real restart).
 */
import net from "node:net";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Aedes, type AuthenticateError } from "aedes";
import { INTEROP_PASSWORD, INTEROP_USER, REFUSED_PREFIX, type InteropBroker } from "./interop-broker.ts";
import { freePort } from "./ports.ts";

import { REPO_ROOT } from "../../host/runner/build.ts";

// aedes does not export its package.json; read the installed one
const AEDES_VERSION: string = JSON.parse(readFileSync(path.join(REPO_ROOT, "node_modules/aedes/package.json"), "utf8")).version;

export async function startAedes(): Promise<InteropBroker> {
  const events: string[] = [];
  const broker = await Aedes.createBroker({
    authenticate: (client, username, password, done) => {
      // anonymous clients are welcome; a named one must give the right password
      if (username === undefined || (username === INTEROP_USER && password?.toString() === INTEROP_PASSWORD)) {
        return done(null, true);
      }
      const err = new Error("bad user name or password") as AuthenticateError;
      err.returnCode = 4;
      events.push(`refused ${client.id}: ${username}`);
      done(err, false);
    },
    authorizeSubscribe: (client, sub, done) => {
      // a null subscription is aedes' way of answering SUBACK 0x80 for this filter
      if (sub.topic === REFUSED_PREFIX || sub.topic.startsWith(REFUSED_PREFIX + "/")) {
        events.push(`refused subscription ${client?.id}: ${sub.topic}`);
        return done(null, null as never);
      }
      done(null, sub);
    },
  });
  broker.on("clientError", (client, err) => events.push(`client error ${client.id}: ${err.message}`));
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  const port = await freePort();

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer((socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
        broker.handle(socket);
      });
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => {
        server = s;
        resolve();
      });
    });
  const unlisten = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      sockets.clear();
      if (!server) return resolve();
      server.close(() => resolve());
      server = undefined;
    });
  await listen();

  let stopped = false;
  return {
    name: "aedes",
    version: AEDES_VERSION,
    host: "127.0.0.1",
    port,
    restart: async () => {
      await unlisten();
      events.push("restart");
      for (let attempt = 0; ; attempt++) {
        try {
          return await listen();
        } catch (e) {
          if (attempt >= 10) throw e;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await unlisten();
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
    log: () => events.join("\n"),
  };
}
