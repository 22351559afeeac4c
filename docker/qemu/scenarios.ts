// Lua MQTT scenarios typed into NodeMCU's REPL in QEMU. The broker runs in the
// same container, so the firmware reaches it as 10.0.2.2 (QEMU user network).
//
// Each step types its lines (each <= 255 characters, one REPL line each) and then
// waits until every `expect` pattern has matched an output line. Output is
// printed by callbacks with a unique prefix per scenario; patterns are anchored
// so that the REPL's echo of the typed line never satisfies them.

export interface Step {
  send: string[];
  expect: RegExp[];
}

export interface Scenario {
  name: string;
  /** Client ids whose broker-side protocol level must match the build's --protocol. */
  clientIds: string[];
  steps: Step[];
}

const BROKER = `"10.0.2.2"`;

/** Failure output in any scenario: a connect failure callback, a Lua error, a crash. */
export const FAILURE_PATTERNS: RegExp[] = [
  /^[A-Z]-CONNFAIL/,
  /stdin:\d+:/,
  /Guru Meditation/,
  /abort\(\) was called/,
  /^Backtrace:/,
];

function failCb(tag: string): string {
  return `function(c,r) print("${tag}-CONNFAIL "..tostring(r)) end`;
}

function onMessage(client: string, tag: string): string {
  return `${client}:on("message",function(c,t,d) print("${tag}-MSG "..t.." "..d) end)`;
}

export function plainRoundTrip(): Scenario {
  return {
    name: "connect to 10.0.2.2:1883, subscribe, publish QoS 0, receive it",
    clientIds: ["qemu-a"],
    steps: [
      {
        send: [
          `a=mqtt.Client("qemu-a",60)`,
          onMessage("a", "A"),
          `a:connect(${BROKER},1883,0,function(c) print("A-CONNECTED") c:subscribe("qemu/a",0,function(c) print("A-SUBACK") c:publish("qemu/a","hello-a",0,0) end) end,${failCb("A")})`,
        ],
        expect: [/^A-CONNECTED$/, /^A-SUBACK$/, /^A-MSG qemu\/a hello-a$/],
      },
      { send: [`a:close()`], expect: [] },
    ],
  };
}

export function qos1RoundTrip(): Scenario {
  return {
    name: "QoS 1: subscribe QoS 1, publish QoS 1 with PUBACK callback, receive it",
    clientIds: ["qemu-b"],
    steps: [
      {
        send: [
          `b=mqtt.Client("qemu-b",60)`,
          onMessage("b", "B"),
          `b:connect(${BROKER},1883,0,function(c) c:subscribe("qemu/b",1,function(c) c:publish("qemu/b","hello-b",1,0,function(c) print("B-PUBACK") end) end) end,${failCb("B")})`,
        ],
        expect: [/^B-PUBACK$/, /^B-MSG qemu\/b hello-b$/],
      },
      { send: [`b:close()`], expect: [] },
    ],
  };
}

/**
 * Last will: client L sets a will and connects; a second connection with L's
 * client id makes the broker drop L without a DISCONNECT packet (session
 * takeover), which publishes L's will to watcher W.
 */
export function lastWill(): Scenario {
  return {
    name: "LWT: will published when the broker drops a client (session takeover)",
    clientIds: ["qemu-w", "qemu-l"],
    steps: [
      {
        send: [
          `w=mqtt.Client("qemu-w",60)`,
          onMessage("w", "W"),
          `w:connect(${BROKER},1883,0,function(c) c:subscribe("qemu/lwt",1,function(c) print("W-SUBACK") end) end,${failCb("W")})`,
        ],
        expect: [/^W-SUBACK$/],
      },
      {
        send: [
          `l=mqtt.Client("qemu-l",60)`,
          `l:lwt("qemu/lwt","gone-l",1,0)`,
          `l:connect(${BROKER},1883,0,function(c) print("L-CONNECTED") end,${failCb("L")})`,
        ],
        expect: [/^L-CONNECTED$/],
      },
      {
        send: [
          `t=mqtt.Client("qemu-l",60)`,
          `t:connect(${BROKER},1883,0,function(c) print("T-CONNECTED") end,${failCb("T")})`,
        ],
        expect: [/^T-CONNECTED$/, /^W-MSG qemu\/lwt gone-l$/],
      },
      { send: [`t:close()`, `l:close()`, `w:close()`], expect: [] },
    ],
  };
}

/** Lua lines that build the CA certificate in variable `ca`, one PEM line each. */
export function caCertLines(pem: string): string[] {
  const lines = pem.split(/\r?\n/).filter((l) => l.length > 0);
  for (const l of lines) {
    if (!/^[A-Za-z0-9+/= -]+$/.test(l)) throw new Error(`unexpected character in PEM line: ${l}`);
  }
  return [`ca=""`, ...lines.map((l) => `ca=ca.."${l}\\n"`)];
}

export function tlsRoundTrip(caPem: string): Scenario {
  return {
    name: "TLS: connect to 10.0.2.2:8883 verifying the broker against our CA, QoS 1 round trip",
    clientIds: ["qemu-s"],
    steps: [
      {
        send: [
          ...caCertLines(caPem),
          `s=mqtt.Client("qemu-s",60)`,
          onMessage("s", "S"),
          `s:connect(${BROKER},8883,{ca_cert=ca},function(c) print("S-CONNECTED") c:subscribe("qemu/s",1,function(c) c:publish("qemu/s","hello-tls",1,0) end) end,${failCb("S")})`,
        ],
        expect: [/^S-CONNECTED$/, /^S-MSG qemu\/s hello-tls$/],
      },
      { send: [`s:close()`], expect: [] },
    ],
  };
}

export function allScenarios(caPem: string): Scenario[] {
  return [plainRoundTrip(), qos1RoundTrip(), lastWill(), tlsRoundTrip(caPem)];
}
