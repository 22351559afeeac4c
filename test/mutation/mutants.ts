/**
 * The mutants of module-src/mqtt.ts that `npm run test:mutation` (run.ts)
 * applies one at a time: each is a plausible mistake, the exact text it
 * changes (which must occur once), and the vitest cases that should catch it
 * (files, and a -t pattern over test names; Lua 5.3 only). `equivalent` says
 * why a mutant that survives cannot be caught by any test of behaviour here.
 */
import { applyEdit } from "../../bench/features.ts";

export interface Mutant {
  id: string;
  what: string;
  find: string;
  replace: string;
  tests: { files: string[]; names: string };
  equivalent?: string;
}

const NOLOSS = "test/mqtt/noloss.test.ts";
const LIFECYCLE = "test/mqtt/lifecycle.test.ts";
const RECONNECT = "test/mqtt/reconnect.test.ts";
const CONNECT = "test/mqtt/connect.test.ts";
const MESSAGING = "test/mqtt/messaging.test.ts";
const LWT = "test/mqtt/lwt.test.ts";
const TLS = "test/mqtt/tls.test.ts";
const PROTOCOL = "test/mqtt/protocol.test.ts";

const t = (files: string | string[], names: string) => ({ files: Array.isArray(files) ? files : [files], names });

export const MUTANTS: Mutant[] = [
  // --- the survivors of issue 16's first mutation run
  {
    id: "rx-not-freed",
    what: "stopClient does not free a message being reassembled",
    find: "    free(this.rx);\n    this.rx = null;\n    this.conn = 0;",
    replace: "    this.conn = 0;",
    tests: t(MESSAGING, "200 KB message|sizes around"),
    equivalent:
      "only a connection that ends inside a chunked message leaves rx allocated; the host port gets whole messages from libmosquitto and dispatches all their chunks at once, so no test on the host can end a connection between two chunks",
  },
  {
    id: "subscribe-default-qos-1",
    what: "subscribe's default QoS is 1",
    find: "subscribe(topic: LuaString | LuaTable, qos: int = 0,",
    replace: "subscribe(topic: LuaString | LuaTable, qos: int = 1,",
    tests: t(NOLOSS, "finding 5/6/7"),
  },
  {
    id: "anchor-kept",
    what: "stopClient keeps the anchor: a closed client is never collected",
    find: "    this.sentStuck = false;\n    this.anchor = null;",
    replace: "    this.sentStuck = false;",
    tests: t(LIFECYCLE, "clients collected"),
  },
  {
    id: "qos0-newest-first",
    what: "QoS 0 callbacks fire newest first",
    find: "      if (p.op === op) oldest = p;",
    replace: "      if (p.op === op && oldest === null) oldest = p;",
    tests: t(NOLOSS, "finding 1"),
  },
  {
    id: "fail-reason-not-reset",
    what: "failReason is not reset after DISCONNECTED",
    find: "      self.failReason = 0;\n",
    replace: "",
    tests: t(NOLOSS, "finding 5: nothing listening"),
  },
  {
    id: "routing-ignores-conn",
    what: "events are routed to any client with a live connection",
    find: "    if (c.conn === conn) return c;",
    replace: "    if (c.conn !== 0) return c;",
    tests: t(NOLOSS, "late events"),
  },
  // --- finding 1 and 4: nothing dropped, the wait and its way out
  {
    id: "wait-bounded",
    what: "deliver waits for a slot at most 2 s",
    find: "@luaTask wait=forever abandon=waitAbandoned",
    replace: "@luaTask wait=2000",
    tests: t(NOLOSS, "finding 4"),
  },
  {
    id: "never-abandon",
    what: "the MQTT task never gives up waiting, even for a connection being destroyed",
    find: "  return conn === __atomic_load_n(addr(closing), __ATOMIC_SEQ_CST);",
    replace: "  return conn === 0 && __atomic_load_n(addr(closing), __ATOMIC_SEQ_CST) === 1;",
    tests: t(NOLOSS, "late events"),
  },
  {
    id: "closing-not-set",
    what: "stopClient does not tell the waiting MQTT task that it destroys its client",
    find: "      __atomic_store_n(addr(closing), this.conn, __ATOMIC_SEQ_CST);\n",
    replace: "",
    tests: t(NOLOSS, "late events"),
  },
  {
    id: "post-closing-events",
    what: "the handler keeps posting events of a connection being destroyed",
    find: "  if (waitAbandoned(self.conn)) return;",
    replace: "  if (waitAbandoned(self.conn) && self.conn === 0) return;",
    tests: t(NOLOSS, "late events"),
    equivalent: "those events carry the old connection number and deliver() ignores them; skipping them only saves the posts",
  },
  {
    id: "qos0-no-flush",
    what: "a QoS 0 publish with a callback queues no flush",
    find: "    this.track(0, Op.SENT).fn = fn;\n    this.postSent();\n",
    replace: "    this.track(0, Op.SENT).fn = fn;\n",
    tests: t(NOLOSS, "finding 1"),
  },
  {
    id: "qos0-flush-per-publish",
    what: "every QoS 0 publish queues its own flush",
    find: "    if (this.sentPosted) return;\n",
    replace: "",
    tests: t([NOLOSS, MESSAGING], "finding 1|QoS 0 publish callback"),
    equivalent: "extra flushes find nothing left to fire, and the high-priority queue has room for them in every test; only a full high queue would show it (then the next event flushes)",
  },
  {
    id: "flush-flag-kept",
    what: "a flush leaves sentPosted set: later QoS 0 callbacks wait forever",
    find: "    this.sentPosted = false;\n    this.sentStuck = false;\n    let n",
    replace: "    this.sentStuck = false;\n    let n",
    tests: t(NOLOSS, "finding 1"),
  },
  {
    id: "flush-fires-false",
    what: "QoS 0 callbacks get ok=false",
    find: "this.settleOldest(Op.SENT, true)) n--;",
    replace: "this.settleOldest(Op.SENT, false)) n--;",
    tests: t(NOLOSS, "finding 1"),
  },
  // --- finding 2: long topics
  {
    id: "first-chunk-by-offset",
    what: "a chunk at offset 0 is taken as a message's first (the old test)",
    find: "  if (ev.topic !== null) {\n    free(self.rx);",
    replace: "  if (ev.current_data_offset === 0) {\n    free(self.rx);",
    tests: t(NOLOSS, "finding 2: a 1017"),
  },
  {
    id: "memcpy-empty-chunk",
    what: "an empty chunk is copied with memcpy(.., NULL, 0)",
    find: "  if (len > 0 && at < self.rxKeep) {",
    replace: "  if (at < self.rxKeep) {",
    tests: t(NOLOSS, "finding 2: a 1017"),
  },
  {
    id: "reassembly-limit-small",
    what: "the reassembly limit is checked against 1000 bytes",
    find: "  if (max === 0) return total <= MAX_MESSAGE ? total : MAX_MESSAGE;",
    replace: "  if (max === 0) return total <= 1000 ? total : 1000;",
    tests: t(MESSAGING, "200 KB message"),
  },
  {
    id: "reassembly-never-ends",
    what: "a reassembled message is delivered only past its end",
    find: "  if (at + len >= total) {",
    replace: "  if (at + len > total) {",
    tests: t(MESSAGING, "sizes around"),
  },
  {
    id: "too-big-not-logged",
    what: "a connection dropped over an unreadable packet is not logged",
    find: '        if (code === ConnFail.NOT_A_CONNACK_MSG) ESP_LOGE("mqtt", "connection dropped: esp-mqtt could not read a packet from the broker (its error line above says why)");\n',
    replace: "",
    tests: t(NOLOSS, "finding 2: a 1100"),
  },
  // --- finding 3: operations that end unacknowledged
  {
    id: "sub-kept-on-drop",
    what: "subscribes/unsubscribes in flight are kept across a drop",
    find: "      c.failAll(Op.SUBSCRIBE, conn);\n",
    replace: "",
    tests: t(NOLOSS, "finding 3: with autoreconnect"),
  },
  {
    id: "pub-uncalled-on-stop",
    what: "publishes in flight when a client stops are released uncalled",
    find: "        c.failAll(Op.PUBLISH, conn);\n",
    replace: "",
    tests: t(NOLOSS, "finding 3: without autoreconnect"),
  },
  {
    id: "deleted-ignored",
    what: "MQTT_EVENT_DELETED is ignored",
    find: "    case esp_mqtt_event_id_t.MQTT_EVENT_DELETED: kind = Ev.DELETED; break;\n",
    replace: "",
    tests: t(NOLOSS, "DELETED"),
  },
  {
    id: "refused-as-acked",
    what: "a SUBACK with 0x80 counts as success",
    find: "      const ok = kind !== Ev.SUB_REFUSED;",
    replace: "      const ok = true;",
    tests: t(CONNECT, "ACL"),
  },
  // --- finding 5: reasons
  {
    id: "not-a-connack-as-not-found",
    what: "a reply that is no CONNACK reads -5",
    find: "  if (e.esp_tls_last_esp_err === 0 && e.esp_transport_sock_errno === 0) return ConnFail.NOT_A_CONNACK_MSG;\n",
    replace: "",
    tests: t(NOLOSS, "finding 5: nothing listening"),
  },
  {
    id: "dns-as-not-found",
    what: "an unresolved host name reads -5",
    find: "TLS_CANNOT_RESOLVE_HOSTNAME) return ConnFail.DNS;",
    replace: "TLS_CANNOT_RESOLVE_HOSTNAME) return ConnFail.SERVER_NOT_FOUND;",
    tests: t(CONNECT, "does not resolve"),
  },
  {
    id: "refused-code-lost",
    what: "a CONNACK refusal reads -5",
    find: "MQTT_ERROR_TYPE_CONNECTION_REFUSED) return e.connect_return_code;",
    replace: "MQTT_ERROR_TYPE_CONNECTION_REFUSED) return ConnFail.SERVER_NOT_FOUND;",
    tests: t(CONNECT, "CONNACK code"),
  },
  {
    id: "silent-reads-zero",
    what: "a DISCONNECTED without ERROR gives reason 0",
    find: "callLua(c.callbacks[On.CONNFAIL]!, c, code !== 0 ? code : ConnFail.TIMEOUT_RECEIVING);",
    replace: "callLua(c.callbacks[On.CONNFAIL]!, c, code);",
    tests: t(NOLOSS, "finding 5: nothing listening"),
  },
  {
    id: "tls-as-not-found",
    what: "a TLS failure reads -5",
    find: "  if (e.esp_tls_last_esp_err === 0 || e.esp_tls_last_esp_err === TLS_FAILED_CONNECT_TO_HOST) return ConnFail.SERVER_NOT_FOUND;\n  return ConnFail.TLS;",
    replace: "  return ConnFail.SERVER_NOT_FOUND;",
    tests: t(TLS, "wrong CA"),
  },
  // --- findings 5, 6, 7: arguments
  {
    id: "keepalive-any-int",
    what: "keepalive is any int",
    find: "constructor(clientid: LuaString, keepalive: uint16,",
    replace: "constructor(clientid: LuaString, keepalive: int,",
    tests: t(NOLOSS, "finding 5/6/7"),
  },
  {
    id: "port-any-int",
    what: "port is any int",
    find: "connect(host: LuaString, port: uint16 = 0,",
    replace: "connect(host: LuaString, port: int = 0,",
    tests: t(NOLOSS, "finding 5/6/7"),
  },
  {
    id: "no-length-limit",
    what: "strings of any length pass",
    find: "  if (size_t(s.length) > MAX_MQTT_STRING || memchr(cstr(s), 0, size_t(s.length)) !== null) {",
    replace: "  if (memchr(cstr(s), 0, size_t(s.length)) !== null) {",
    tests: t(NOLOSS, "finding 5/6/7"),
  },
  {
    id: "nul-allowed",
    what: "embedded NULs pass",
    find: "  if (size_t(s.length) > MAX_MQTT_STRING || memchr(cstr(s), 0, size_t(s.length)) !== null) {",
    replace: "  if (size_t(s.length) > MAX_MQTT_STRING) {",
    tests: t(NOLOSS, "finding 5/6/7"),
  },
  {
    id: "lwt-message-unlimited",
    what: "an LWT message of any length passes",
    find: "    if (message.length > MAX_MQTT_STRING) luaError",
    replace: "    if (message.length > 10 * MAX_MQTT_STRING) luaError",
    tests: t(NOLOSS, "finding 5/6/7"),
  },
  {
    id: "unsubscribe-checks-late",
    what: "unsubscribe's table is not checked before sending",
    find: "    else n = countTopics(topic, \"unsubscribe\", false, null);",
    replace: "    else n = 1;",
    tests: t(NOLOSS, "finding 5/6/7"),
  },
  {
    id: "publish-topic-unchecked",
    what: "publish does not check its topic",
    find: '    checkString(topic, "publish", "the topic");',
    replace: '',
    tests: t(NOLOSS, "finding 5/6/7"),
  },
  // --- finding 9 and connection settings
  {
    id: "no-session-present",
    what: "the connect callback always gets session_present false",
    find: "      callLua(c.callbacks[On.CONNECT]!, c, code !== 0);",
    replace: "      callLua(c.callbacks[On.CONNECT]!, c, false);",
    tests: t(RECONNECT, "broker crash"),
  },
  {
    id: "clean-session-always",
    what: "cleansession=0 is ignored",
    find: "        disable_clean_session: !this.cleansession,",
    replace: "        disable_clean_session: false,",
    tests: t(PROTOCOL, "300-byte client id"),
  },
  {
    id: "lwt-qos-0",
    what: "the LWT always has QoS 0",
    find: "          qos: this.lwtQos, retain:",
    replace: "          qos: 0, retain:",
    tests: t(LWT, "fix 1"),
  },
  {
    id: "lwt-msg-len-0",
    what: "the LWT message length is left to strlen (binary wills cut at NUL)",
    find: "msg_len: int(refBytes(this.lwtMessage).length),",
    replace: "msg_len: 0,",
    tests: t(LWT, "fix 1: LWT with qos 2"),
  },
  {
    id: "tls-as-tcp",
    what: "secure connections use TCP",
    find: "tls ? esp_mqtt_transport_t.MQTT_TRANSPORT_OVER_SSL : esp_mqtt_transport_t.MQTT_TRANSPORT_OVER_TCP",
    replace: "tls && isUri ? esp_mqtt_transport_t.MQTT_TRANSPORT_OVER_SSL : esp_mqtt_transport_t.MQTT_TRANSPORT_OVER_TCP",
    tests: t(TLS, "broker's CA as secure"),
  },
  // --- lifecycle
  {
    id: "close-no-offline",
    what: "close() never fires offline",
    find: "    if (wasConnected) callLua(this.callbacks[On.OFFLINE]!, this);",
    replace: "    if (wasConnected && this.connected) callLua(this.callbacks[On.OFFLINE]!, this);",
    tests: t(LIFECYCLE, "close\\(\\) fires"),
  },
  {
    id: "retry-first-failure",
    what: "autoreconnect also retries a first connection that failed",
    find: "(!c.autoreconnect || !c.everConnected)) {",
    replace: "(!c.autoreconnect)) {",
    tests: t(RECONNECT, "FIRST connection"),
  },
  {
    id: "fail-after-connected",
    what: "a drop of an established connection also calls the failure callback",
    find: "      } else if (!c.everConnected) {",
    replace: "      } else {",
    tests: t(NOLOSS, "finding 3: with autoreconnect"),
  },
  {
    id: "stop-replaced-connection",
    what: "a DISCONNECTED stops the client even after its callback connected anew",
    find: "      if (c.conn === conn && (!c.autoreconnect || !c.everConnected)) {\n        c.failAll(Op.PUBLISH, conn);\n        if (c.conn === conn) c.ended(c.stopClient());",
    replace: "      if (!c.autoreconnect || !c.everConnected) {\n        c.failAll(Op.PUBLISH, conn);\n        c.ended(c.stopClient());",
    tests: t(RECONNECT, "retrying from the connect-failure"),
  },
  {
    id: "close-ends-uncalled",
    what: "close() drops the callbacks of its operations in flight without calling them (issue 26)",
    find: "    if (wasConnected) callLua(this.callbacks[On.OFFLINE]!, this);\n    this.ended(ended);\n",
    replace: "    if (wasConnected) callLua(this.callbacks[On.OFFLINE]!, this);\n    if (ended === null) this.ended(ended);\n",
    tests: t(LIFECYCLE, "clients collected with operations"),
  },
  {
    id: "ended-qos0-false",
    what: "a QoS 0 publish whose callback had not fired when its connection ended is told it failed",
    find: "      this.finish(p, p.op === Op.SENT);",
    replace: "      this.finish(p, false);",
    tests: t(LIFECYCLE, "clients collected with operations"),
  },
  {
    id: "ended-newest-first",
    what: "an ended connection's callbacks fire newest first",
    find: "      p.next = oldest;\n      oldest = p;\n",
    replace: "      p.next = null;\n      this.finish(p, p.op === Op.SENT);\n",
    tests: t(LIFECYCLE, "clients collected with operations"),
  },
  {
    id: "on-message-to-offline",
    what: 'on("message") sets the offline callback',
    find: '"connect", "connfail", "message", "overflow", "offline", "puback"',
    replace: '"connect", "connfail", "offline", "overflow", "message", "puback"',
    tests: t(NOLOSS, "finding 1"),
  },
  {
    id: "unlink-head-kept",
    what: "a collected client at the head of the list stays linked",
    find: "  if (clients === self) clients = self.next;\n",
    replace: "",
    tests: t(LIFECYCLE, "clients collected"),
  },
  {
    id: "conn-wrap-to-zero",
    what: "connection numbers wrap to 0 instead of 1",
    find: "lastConn = lastConn === 0xffffffff ? 1 : lastConn + 1;",
    replace: "lastConn = lastConn + 1;",
    tests: t(LIFECYCLE, "two connect\\(\\) calls"),
    equivalent: "differs only after 2^32 - 1 connects, which no test can make",
  },
];

/** The mutated source; throws unless `find` occurs exactly once in module-src/mqtt.ts (a stale mutant must not pass as killed). */
export function applyMutant(source: string, m: Mutant): string {
  return applyEdit(source, m, `mutant ${m.id}`);
}
