/**
 * The features of module-src/mqtt.ts that `npm run bench:features` prices in
 * flash (issue 11: "if a feature costs more than its worth in flash, say so
 * with numbers"). Each is taken out of a copy of mqtt.ts by exact text edits,
 * the copy is compiled and built into an ESP32 object, and the difference to
 * the full module is what the feature costs.
 *
 * An edit replaces `find`, or the span from the start of `from` to the end of
 * `to`; each text must occur exactly once (in the source as the earlier edits
 * left it), or the run stops: a stale list must not print a figure. A variant
 * only has to compile and show what the module would lose; it is never run or
 * shipped. The costs do not add up exactly: features share code. All of them
 * applied in list order (withoutAll) is the module's core.
 */
export type Edit = { find: string; replace: string } | { from: string; to: string; replace: string };

export interface Feature {
  id: string;
  /** what a user would lose without it */
  buys: string;
  edits: Edit[];
}

export const FEATURES: Feature[] = [
  {
    id: "string-limits",
    buys: "an error instead of a string esp-mqtt would cut at a NUL byte or its 16-bit length (client id, user, password, host, topics, will)",
    edits: [
      { from: "  if (size_t(s.length) > MAX_MQTT_STRING || memchr(", to: "must be at most 65535 bytes without NUL bytes\", op, what);\n  }\n", replace: "" },
      { find: "    if (message.length > MAX_MQTT_STRING) luaError(\"lwt: the message must be at most 65535 bytes\");\n", replace: "" },
    ],
  },
  {
    id: "topic-tables",
    buys: "subscribe({[filter] = qos, ...}) in one SUBSCRIBE packet, unsubscribe({[filter] = true, ...})",
    edits: [
      {
        from: "  subscribe(topic: LuaString | LuaTable,",
        to: "    return this.started(\"subscribe\", id, Op.SUBSCRIBE, fn);\n  }\n",
        replace: `  subscribe(topic: LuaString, qos: int = 0, fn: LuaFunction | null = null): bool {
    if (!validQos(qos)) argError(qos, "qos must be 0, 1 or 2");
    checkString(topic, "subscribe", "the topic");
    const id = this.handle === null ? -1 : esp_mqtt_client_subscribe_single(this.handle, cstr(topic), qos);
    return this.started("subscribe", id, Op.SUBSCRIBE, fn);
  }
`,
      },
      {
        from: "  unsubscribe(topic: LuaString | LuaTable,",
        to: "    return this.started(\"unsubscribe\", id, Op.SUBSCRIBE, fn);\n  }\n",
        replace: `  unsubscribe(topic: LuaString, fn: LuaFunction | null = null): bool {
    checkString(topic, "unsubscribe", "the topic");
    const id = this.handle === null ? -1 : esp_mqtt_client_unsubscribe(this.handle, cstr(topic));
    return this.started("unsubscribe", id, Op.SUBSCRIBE, fn);
  }
`,
      },
      { from: "/**\n * Checks the table form of subscribe", to: "  return badQos ? -1 : n;\n}\n", replace: "" },
    ],
  },
  {
    id: "reassembly",
    buys: "messages longer than esp-mqtt's buffer (CONFIG_MQTT_BUFFER_SIZE) reach Lua whole, in one allocation",
    edits: [
      {
        from: "  if (ev.topic !== null) {\n    free(self.rx);",
        to: "    free(rx);\n    self.rx = null;\n  }\n",
        replace: `  if (ev.topic === null || len !== total || at !== 0) return;
  const topicLen = size_t(ev.topic_len);
  const keep = keptPayload(self.maxMessage, topicLen, total);
  deliver(self.conn, keep === total ? Ev.MESSAGE : Ev.OVERFLOW, ev.total_data_len, bytesFrom(ev.topic, topicLen), bytesFrom(ev.data, keep));
`,
      },
    ],
  },
  {
    id: "esp8266-events",
    buys: "the ESP8266 module's puback/suback/unsuback/overflow events and Client()'s max_message_length",
    edits: [
      {
        from: "const enum On {",
        to: "\"suback\", \"unsuback\"];",
        replace: "const enum On { CONNECT, CONNFAIL, MESSAGE, OFFLINE }\nconst EVENT_NAMES: FixedArray<cstring, 4> = [\"connect\", \"connfail\", \"message\", \"offline\"];",
      },
      { find: "callbacks: FixedArray<LuaRef, 8> = fill(8, LUA_NOREF);", replace: "callbacks: FixedArray<LuaRef, 4> = fill(4, LUA_NOREF);" },
      { find: "  maxMessage: size_t = 0;\n", replace: "" },
      { find: ",\n    max_message_length: int = 0) {", replace: ") {" },
      { from: "    // absent: 0, the default's marker", to: "    this.maxMessage = size_t(max_message_length);\n", replace: "" },
      { find: "|| (fn === null && this.callbacks[On.PUBACK] === null)", replace: "|| fn === null" },
      { from: "    if (p.op === Op.SENT && p.fn === null) callLua(", to: "    else callLua(p.fn, this, ok);", replace: "    callLua(p.fn, this, ok);" },
      { from: "    case Ev.PUBLISHED:\n    case Ev.SUBSCRIBED:", to: "      if (!c.settle(code, ok)) callLua(c.callbacks[event]!, c, ok);", replace: "    case Ev.PUBLISHED:\n    case Ev.SUBSCRIBED:\n    case Ev.SUB_REFUSED:\n    case Ev.UNSUBSCRIBED: {\n      c.settle(code, kind !== Ev.SUB_REFUSED);" },
      { find: "      if (c.callbacks[On.OVERFLOW] !== null) callLua(c.callbacks[On.OVERFLOW]!, c, topic, payload);\n      else ESP_LOGE(", replace: "      ESP_LOGE(" },
      { find: "c.maxMessage !== 0 ? int(c.maxMessage) : MAX_MESSAGE", replace: "MAX_MESSAGE" },
      { find: "keptPayload(self.maxMessage, topicLen, total)", replace: "keptPayload(0, topicLen, total)" },
    ],
  },
  {
    id: "failure-reasons",
    buys: "connfail reasons beyond the broker's CONNACK code: DNS, timeout, no CONNACK, TLS (else all -5)",
    edits: [
      {
        from: "  if (e.esp_tls_last_esp_err === TLS_CANNOT_RESOLVE_HOSTNAME)",
        to: "  return ConnFail.TLS;\n}",
        replace: "  return ConnFail.SERVER_NOT_FOUND;\n}",
      },
      { from: "/** esp-tls: ESP_ERR_ESP_TLS_BASE + 1", to: "const TLS_CANNOT_RESOLVE_HOSTNAME = 0x8001;\n", replace: "" },
    ],
  },
  {
    id: "qos0-callbacks",
    buys: "publish()'s callback (or puback) for QoS 0, fired once sent, in order, from a queued flush",
    edits: [
      {
        from: "    if (id !== 0 ||",
        to: "    this.postSent();\n    return true;\n",
        replace: "    if (id === 0) return true; // QoS 0: nothing is acknowledged, nothing called\n    return this.started(\"publish\", id, Op.PUBLISH, fn);\n",
      },
      { from: "  /** @internal queues the flush of the QoS 0 callbacks", to: "    while (n > 0 && this.conn === conn && this.settleOldest(Op.SENT, true)) n--;\n  }\n", replace: "" },
      { from: "/**\n * @luaTask prio=high", to: "  if (c !== null) c.flushSent();\n}\n", replace: "" },
      { from: "  // QoS 0 callbacks whose flush found the queue full go first", to: "    if (s.sentStuck) s.postSent();\n  }\n", replace: "" },
      { find: "    this.sentPosted = false;\n    this.sentStuck = false;\n    this.anchor = null;", replace: "    this.anchor = null;" },
    ],
  },
  {
    id: "unbounded-wait",
    buys: "no event lost to a full Lua task queue: the MQTT task waits without a time bound (2 s otherwise), with a way out for close/__gc/connect",
    edits: [
      { find: "@luaTask wait=forever abandon=waitAbandoned", replace: "@luaTask wait=2000" },
      { from: "/** Whether esp-mqtt's task of connection `conn` must stop waiting", to: "  return conn === __atomic_load_n(addr(closing), __ATOMIC_SEQ_CST);\n}\n", replace: "" },
      { find: "  // the Lua task is destroying this connection: whatever it would be told is ignored\n  if (waitAbandoned(self.conn)) return;\n", replace: "" },
      { from: "      // its task may be waiting for a queue slot", to: "      __atomic_store_n(addr(closing), 0, __ATOMIC_SEQ_CST);\n", replace: "" },
      { from: "/** the connection whose esp-mqtt client the Lua task is destroying", to: "let closing: uint32 = 0;\n", replace: "" },
    ],
  },
  {
    id: "uri-and-certificates",
    buys: "connect() with an mqtt(s)/ws(s) URI and a {ca_cert, client_cert, client_key} table",
    edits: [
      { find: "secure: bool | TlsOptions = false,", replace: "secure: bool = false," },
      { from: "    const isUri = strstr(cstr(host), \"://\") !== null;", to: "      tls = secure;\n    }\n", replace: "    const tls = secure;\n" },
      { from: "    if (isTable(secure)) {\n      this.caCert = secure.ca_cert;", to: "      this.clientKey = null;\n    }\n", replace: "" },
      { find: "uri: isUri ? cstr(host) : null, hostname: isUri ? null : cstr(host), port: uint32(isUri ? 0 : port !== 0 ? port : tls ? 8883 : 1883)", replace: "hostname: cstr(host), port: uint32(port !== 0 ? port : tls ? 8883 : 1883)" },
      { find: "transport: isUri ? esp_mqtt_transport_t.MQTT_TRANSPORT_UNKNOWN : tls ?", replace: "transport: tls ?" },
      { find: "verification: { certificate: cstr(refBytes(this.caCert)) },", replace: "" },
      { find: "authentication: { password: cstr(refBytes(this.password)), certificate: cstr(refBytes(this.clientCert)), key: cstr(refBytes(this.clientKey)) },", replace: "authentication: { password: cstr(refBytes(this.password)) }," },
      { from: "/** Whether a URI starts with a scheme", to: "  return strncasecmp(uri, scheme, strlen(scheme)) === 0;\n}\n", replace: "" },
    ],
  },
  {
    id: "server-unavailable-constant",
    buys: "mqtt.CONNACK_REFUSED_SERVER_UNAVAILABLE under its ESP8266 name (34 characters: too long for a ROM table key, so served by __index)",
    edits: [
      { from: "  /** the broker is unavailable (a 34-character key", to: "  REFUSED_SERVER_UNAVAILABLE = 3,\n", replace: "" },
    ],
  },
];

/**
 * `source` with one edit applied; `who` names its owner in the error thrown when a text is
 * missing or not unique. Also what test/mutation applies its mutants with.
 */
export function applyEdit(source: string, e: Edit, who: string): string {
  const once = (text: string, from = 0): number => {
    const at = source.indexOf(text, from);
    if (at < 0 || source.indexOf(text, at + 1) >= 0) throw new Error(`${who}: ${JSON.stringify(text.slice(0, 60))} must occur exactly once in module-src/mqtt.ts`);
    return at;
  };
  if ("find" in e) {
    const at = once(e.find);
    return source.slice(0, at) + e.replace + source.slice(at + e.find.length);
  }
  const start = once(e.from);
  return source.slice(0, start) + e.replace + source.slice(once(e.to, start) + e.to.length);
}

/** `source` with every edit of `f` applied, in order. */
export function applyFeatureEdits(source: string, f: Feature): string {
  return f.edits.reduce((s, e) => applyEdit(s, e, `feature ${f.id}`), source);
}

/** `source` without any of the features: every edit of the list, in order. */
export function withoutAll(source: string): string {
  return FEATURES.reduce(applyFeatureEdits, source);
}
