// Scenario tests (issue 5 part 3): TLS with the broker's CA, a wrong CA, mutual
// authentication, and `secure` given as a boolean/number. Lua 5.1 and 5.3.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type Broker } from "../helpers/broker.ts";
import { LUA_VERSIONS, prebuild, run, show, unique } from "./helpers.ts";

// esp-tls refuses a TLS connection with no way to verify the server unless built with
// CONFIG_ESP_TLS_SKIP_SERVER_CERT_VERIFY; `secure = true` alone gives no CA.
const SKIP_VERIFY = { ESP_TLS_SKIP_SERVER_CERT_VERIFY: "y" };

let tls: Broker;
let mutual: Broker;

beforeAll(async () => {
  [tls, mutual] = await Promise.all([startBroker({ tls: true }), startBroker({ tls: { requireCertificate: true } })]);
  await Promise.all(LUA_VERSIONS.flatMap((lua) => [prebuild(lua), prebuild(lua, { config: SKIP_VERIFY })]));
});

afterAll(async () => {
  await Promise.all([tls?.stop(), mutual?.stop()]);
});

const connectedLines = (prefix: string) => [
  "connect-returned true",
  "connected",
  "suback true",
  `message ${prefix}/tls over-tls`,
  "offline",
];

describe.concurrent.each(LUA_VERSIONS)("Lua %s", (lua) => {
  it.concurrent("API: TLS with the broker's CA as secure = {ca_cert = ...} connects; publish/subscribe work over it", async () => {
    const prefix = unique("tls-ca", lua);
    const r = await run(lua, "tls", [tls.host, tls.tlsPort!, "table", prefix, tls.certs!.caCert]);
    expect(r.code, show(r)).toBe(0);
    expect(r.lines).toEqual(connectedLines(prefix));
  });

  it.concurrent("fix 6: TLS with a wrong CA → onFail(client, mqtt.CONN_FAIL_TLS) once, nothing else", async () => {
    const prefix = unique("tls-wrongca", lua);
    const r = await run(lua, "tls", [tls.host, tls.tlsPort!, "table", prefix, tls.certs!.otherCaCert]);
    expect(r.code, show(r)).toBe(0);
    expect(r.lines).toEqual(["connect-returned true", "fail -6 mqtt.CONN_FAIL_TLS 1"]);
  });

  it.concurrent("issue 13: an mqtts:// URI with secure = {ca_cert = the broker's CA} (upstream's form) verifies the server and connects", async () => {
    const prefix = unique("tls-uri-ca", lua);
    const r = await run(lua, "tls", [`mqtts://${tls.host}:${tls.tlsPort}`, 0, "uri-table", prefix, tls.certs!.caCert]);
    expect(r.code, show(r)).toBe(0);
    expect(r.lines).toEqual(connectedLines(prefix));
  });

  it.concurrent("issue 13: an mqtts:// URI with a wrong CA in the table is refused: onFail(client, mqtt.CONN_FAIL_TLS) once", async () => {
    const prefix = unique("tls-uri-wrongca", lua);
    const r = await run(lua, "tls", [`mqtts://${tls.host}:${tls.tlsPort}`, 0, "uri-table", prefix, tls.certs!.otherCaCert]);
    expect(r.code, show(r)).toBe(0);
    expect(r.lines).toEqual(["connect-returned true", "fail -6 mqtt.CONN_FAIL_TLS 1"]);
  });

  it.concurrent("API: mutual TLS (ca_cert, client_cert, client_key) connects to a broker that requires a client certificate", async () => {
    const prefix = unique("tls-mutual", lua);
    const c = mutual.certs!;
    const r = await run(lua, "tls", [mutual.host, mutual.tlsPort!, "table", prefix, c.caCert, c.clientCert, c.clientKey]);
    expect(r.code, show(r)).toBe(0);
    expect(r.lines).toEqual(connectedLines(prefix));
    expect(mutual.log()).toMatch(new RegExp(`New client connected from .* as ${prefix}`));
  });

  it.concurrent("fix 6: no client certificate for a broker that requires one → onFail with a reason (mqtt.CONN_FAIL_TLS)", async () => {
    const prefix = unique("tls-nocert", lua);
    const r = await run(lua, "tls", [mutual.host, mutual.tlsPort!, "table", prefix, mutual.certs!.caCert]);
    expect(r.code, show(r)).toBe(0);
    expect(r.lines).toEqual(["connect-returned true", "fail -6 mqtt.CONN_FAIL_TLS 1"]);
  });

  it.concurrent("API: client_cert without client_key is a Lua error", async () => {
    const prefix = unique("tls-nokey", lua);
    const c = mutual.certs!;
    const r = await run(lua, "tls", [mutual.host, mutual.tlsPort!, "nokey", prefix, c.caCert, c.clientCert]);
    expect(r.code, show(r)).toBe(0);
    expect(r.lines).toEqual(["error connect: client_cert and client_key go together"]);
  });

  for (const mode of ["true", "1"]) {
    it.concurrent(`fix 9: secure = ${mode} (no CA) still calls back: onFail(client, mqtt.CONN_FAIL_TLS) on a build that needs a CA`, async () => {
      const prefix = unique("tls-bool", lua);
      const r = await run(lua, "tls", [tls.host, tls.tlsPort!, mode, prefix]);
      expect(r.code, show(r)).toBe(0);
      expect(r.lines).toEqual(["connect-returned true", "fail -6 mqtt.CONN_FAIL_TLS 1"]);
    });

    it.concurrent(`fix 9: secure = ${mode} connects over TLS and the connect callback fires (built with ESP_TLS_SKIP_SERVER_CERT_VERIFY)`, async () => {
      const prefix = unique("tls-bool-skip", lua);
      const r = await run(lua, "tls", [tls.host, tls.tlsPort!, mode, prefix], { config: SKIP_VERIFY });
      expect(r.code, show(r)).toBe(0);
      expect(r.lines).toEqual(connectedLines(prefix));
    });
  }

  for (const mode of ["false", "0"]) {
    it.concurrent(`fix 9: secure = ${mode} connects in plain TCP and the connect callback fires`, async () => {
      const prefix = unique("plain-bool", lua);
      const r = await run(lua, "tls", [tls.host, tls.port, mode, prefix]);
      expect(r.code, show(r)).toBe(0);
      expect(r.lines).toEqual(connectedLines(prefix));
    });
  }

  // As connect.test.ts's mqtt:// case: with a URI the module leaves transport and port unset.
  it.concurrent("API: connect(\"mqtts://host:port\", ...) connects over TLS (built with ESP_TLS_SKIP_SERVER_CERT_VERIFY)", async () => {
    const prefix = unique("tls-uri", lua);
    const r = await run(lua, "tls", [`mqtts://127.0.0.1:${tls.tlsPort}`, 0, "uri", prefix], { config: SKIP_VERIFY });
    expect(r.code, show(r)).toBe(0);
    expect(r.lines).toEqual(connectedLines(prefix));
  });

  it.concurrent("fix 9: secure = true against a plain-TCP listener → onFail with a reason, not silence", async () => {
    const prefix = unique("tls-on-plain", lua);
    const r = await run(lua, "tls", [tls.host, tls.port, "true", prefix], { config: SKIP_VERIFY });
    expect(r.code, show(r)).toBe(0);
    expect(r.lines).toEqual(["connect-returned true", "fail -6 mqtt.CONN_FAIL_TLS 1"]);
  });
});
