/**
 * @luaModule mqtt
 * @kconfig MQTT
 *
 * NodeMCU's `mqtt` module for ESP32 (docs: ../docs/mqtt.md), bound to
 * esp-mqtt. Compiled by tsc2c into components/modules/mqtt.c; the Lua glue
 * (argument checks, userdata, refs, the hand-over of events from the MQTT
 * task to the Lua task) is derived from the declarations below.
 *
 * Threads: onMqttEvent runs in esp-mqtt's task and never touches Lua; it
 * posts copies to deliver(), which runs in the Lua task. Events carry the
 * connection number they belong to, so a closed, replaced or collected
 * client never sees a late event of an earlier connection.
 *
 * Nothing is dropped because a queue is full: deliver() waits for a slot
 * without a time bound, except for a connection the Lua task is destroying
 * (its events would be ignored anyway, and the Lua task waits for that very
 * thread); QoS 0 callbacks share one queued flush per client.
 */
import {
  esp_mqtt_client_destroy, esp_mqtt_client_init, esp_mqtt_client_publish, esp_mqtt_client_register_event,
  esp_mqtt_client_start, esp_mqtt_client_subscribe_multiple, esp_mqtt_client_subscribe_single,
  esp_mqtt_client_unsubscribe, esp_mqtt_error_type_t, esp_mqtt_event_id_t, esp_mqtt_transport_t,
  type esp_event_base_t, type esp_mqtt_client_config_t, type esp_mqtt_client_handle_t,
  type esp_mqtt_error_codes_t, type esp_mqtt_event_t, type esp_mqtt_topic_t,
} from "./decl/esp_mqtt";
import { ESP_LOGD, ESP_LOGE } from "./decl/esp_log";
import { __ATOMIC_SEQ_CST, __atomic_load_n, __atomic_store_n } from "./decl/atomic";
import { free, malloc } from "./decl/libc";
import { memchr, memcpy, strstr } from "./decl/string";
import { ECONNREFUSED, EHOSTUNREACH, ETIMEDOUT } from "./decl/errno";
import { LUA_TNUMBER, LUA_TSTRING, lua_next, lua_pop, lua_pushnil, lua_tointeger, lua_tolstring, lua_tostring, lua_type } from "./decl/lua";

/** Reasons passed to the connect-failure callback (ESP8266-compatible values). */
/** @luaPrefix CONN_FAIL_ */
export const enum ConnFail {
  SERVER_NOT_FOUND = -5, NOT_A_CONNACK_MSG = -4, DNS = -3, TIMEOUT_RECEIVING = -2, TIMEOUT_SENDING = -1,
  /** ESP32 only: the TLS handshake or certificate check failed */
  TLS = -6,
}

/** The broker's CONNACK codes; SERVER_UNAVAILABLE's key is too long for a ROM table and is served by __index. */
/** @luaPrefix CONNACK_ */
export const enum Connack {
  ACCEPTED = 0, REFUSED_PROTOCOL_VER = 1, REFUSED_ID_REJECTED = 2, REFUSED_SERVER_UNAVAILABLE = 3,
  REFUSED_BAD_USER_OR_PASS = 4, REFUSED_NOT_AUTHORIZED = 5,
}

/** What deliver() is told. */
const enum Ev { CONNECTED, DISCONNECTED, ACKED, REFUSED, MESSAGE, DELETED }

/** What a pending callback waits for. */
const enum Op {
  /** a QoS 0 publish: sent when publish returned; fired by the next flush, oldest first */
  SENT,
  /** a QoS 1/2 publish: esp-mqtt resends it from its outbox across a reconnect */
  PUBLISH,
  /** a subscribe or unsubscribe: esp-mqtt forgets it when the connection drops */
  SUBSCRIBE,
}

/** MQTT's strings carry a 16-bit length. */
const MAX_MQTT_STRING = 65535;

/** The largest message reassembled from chunks; larger ones are dropped with an error. */
const MAX_MESSAGE = 262144;
/** esp-tls: ESP_ERR_ESP_TLS_BASE + 1, "cannot resolve hostname" (esp_tls_errors.h) */
const TLS_CANNOT_RESOLVE_HOSTNAME = 0x8001;

/** connect()'s table form of `secure`: PEM strings, kept (not copied) while connected. */
interface TlsOptions { ca_cert: LuaString; client_cert: LuaString; client_key: LuaString }

/** A callback waiting for the acknowledgement of one operation (one per operation). */
interface Pending { key: int; op: Op; fn: LuaRef; next: Ptr<Pending> | null }

let clients: Ptr<Client> | null = null;
let lastConn: uint32 = 0;
/** the connection whose esp-mqtt client the Lua task is destroying (0: none); read by esp-mqtt's tasks */
let closing: uint32 = 0;

/** @userdata mqtt.mt */
export class Client {
  handle: esp_mqtt_client_handle_t | null = null;
  /** the live connection's number; 0 when there is none */
  conn: uint32 = 0;
  connected: bool = false; everConnected: bool = false; autoreconnect: bool = false;
  keepalive: int = 0; cleansession: bool = true;
  /** a sent() flush of QoS 0 callbacks is queued, or could not be and waits for the next event */
  sentPosted: bool = false; sentStuck: bool = false;
  clientId: LuaRef = null; username: LuaRef = null; password: LuaRef = null;
  lwtTopic: LuaRef = null; lwtMessage: LuaRef = null; lwtQos: int = 0; lwtRetain: bool = false;
  caCert: LuaRef = null; clientCert: LuaRef = null; clientKey: LuaRef = null;
  onConnect: LuaRef = null; onFail: LuaRef = null; onMessage: LuaRef = null; onOffline: LuaRef = null;
  /** keeps the userdata alive while a connection may call back */
  anchor: LuaRef = null;
  pending: Ptr<Pending> | null = null;
  next: Ptr<Client> | null = null;
  // written by the MQTT task only: the failure reason until DISCONNECTED, the message being reassembled
  failReason: int = 0; rx: Ptr<char> | null = null; rxTopicLen: size_t = 0;

  constructor(clientid: LuaString, keepalive: uint16, username: LuaString | null = null, password: LuaString | null = null, cleansession: bool = true) {
    if (!mqttString(clientid)) luaError("Client: the client id must be at most 65535 bytes without NUL bytes");
    if (username !== null && !mqttString(username)) luaError("Client: the username must be at most 65535 bytes without NUL bytes");
    if (password !== null && !mqttString(password)) luaError("Client: the password must be at most 65535 bytes without NUL bytes (esp-mqtt takes a C string)");
    this.clientId = clientid;
    this.keepalive = keepalive;
    this.username = username;
    this.password = password;
    this.cleansession = cleansession;
    this.next = clients;
    clients = this;
  }

  /** connect(host[, port[, secure[, autoreconnect]]][, function(client)[, function(client, reason)]]) */
  connect(host: LuaString, port: uint16 = 0, secure: bool | TlsOptions = false, autoreconnect: bool = false,
    onConnect: LuaFunction | null = null, onFail: LuaFunction | null = null): bool {
    const isUri = strstr(cstr(host), "://") !== null;
    if (!mqttString(host)) luaError("connect: the host must be at most 65535 bytes without NUL bytes");
    if (isUri && (port !== 0 || isTable(secure) || secure)) luaError("connect: give either a URI or a port and secure flag, not both");
    let tls = false;
    if (isTable(secure)) {
      if ((secure.client_cert.length > 0) !== (secure.client_key.length > 0)) luaError("connect: client_cert and client_key go together");
      tls = true;
    } else {
      tls = secure;
    }
    if (!kconfig("MQTT_TRANSPORT_SSL")) if (tls) luaError("connect: this firmware was built without CONFIG_MQTT_TRANSPORT_SSL");
    // esp-mqtt reads the PEM strings in place until its client is destroyed: the old ones go only after that
    this.stopClient();
    if (isTable(secure)) {
      this.caCert = secure.ca_cert;
      this.clientCert = secure.client_cert;
      this.clientKey = secure.client_key;
    } else {
      this.caCert = null;
      this.clientCert = null;
      this.clientKey = null;
    }
    this.autoreconnect = autoreconnect;
    if (onConnect !== null) this.onConnect = onConnect;
    this.onFail = onFail;
    const cfg: esp_mqtt_client_config_t = {
      broker: {
        // esp-mqtt rejects a transport or port next to a URI: the URI says both
        address: { uri: isUri ? cstr(host) : null, hostname: isUri ? null : cstr(host), port: uint32(isUri ? 0 : port === 0 ? 1883 : port),
          transport: isUri ? esp_mqtt_transport_t.MQTT_TRANSPORT_UNKNOWN : tls ? esp_mqtt_transport_t.MQTT_TRANSPORT_OVER_SSL : esp_mqtt_transport_t.MQTT_TRANSPORT_OVER_TCP },
        verification: { certificate: cstr(refBytes(this.caCert)) },
      },
      credentials: {
        client_id: cstr(refBytes(this.clientId)), username: cstr(refBytes(this.username)),
        authentication: { password: cstr(refBytes(this.password)), certificate: cstr(refBytes(this.clientCert)), key: cstr(refBytes(this.clientKey)) },
      },
      session: {
        last_will: { topic: cstr(refBytes(this.lwtTopic)), msg: cstr(refBytes(this.lwtMessage)), msg_len: int(refBytes(this.lwtMessage).length),
          qos: this.lwtQos, retain: this.lwtRetain ? 1 : 0 },
        disable_clean_session: !this.cleansession,
        keepalive: this.keepalive,
      },
      network: { disable_auto_reconnect: !autoreconnect },
    };
    const handle = esp_mqtt_client_init(cfg);
    if (handle === null) return false;
    // connection numbers wrap past 2^32 - 1 to 1: 0 means "no connection"
    lastConn = lastConn === 0xffffffff ? 1 : lastConn + 1;
    this.conn = lastConn;
    this.handle = handle;
    this.anchor = this;
    esp_mqtt_client_register_event(handle, esp_mqtt_event_id_t.MQTT_EVENT_ANY, onMqttEvent, castPtr<void>(this));
    if (esp_mqtt_client_start(handle) !== 0) {
      this.stopClient();
      return false;
    }
    return true;
  }

  /** close(): ends the connection; "offline" fires once if it was up */
  close(): void {
    const wasConnected = this.connected;
    this.stopClient();
    if (wasConnected) callLua(this.onOffline, this);
  }

  /** lwt(topic, message[, qos[, retain]]): arguments are all checked before anything changes */
  lwt(topic: LuaString, message: LuaString, qos: int = 0, retain: bool = false): void {
    if (!mqttString(topic)) luaError("lwt: the topic must be at most 65535 bytes without NUL bytes");
    if (message.length > MAX_MQTT_STRING) luaError("lwt: the message must be at most 65535 bytes");
    this.lwtTopic = topic;
    this.lwtMessage = message;
    this.lwtQos = qos;
    this.lwtRetain = retain;
  }

  /** on("connect"|"message"|"offline", fn|nil) */
  on(event: LuaString, fn: LuaFunction | null): void {
    if (equals(event, "connect")) this.onConnect = fn;
    else if (equals(event, "message")) this.onMessage = fn;
    else if (equals(event, "offline")) this.onOffline = fn;
    else luaError("on: unknown event (expected \"connect\", \"message\" or \"offline\")");
  }

  /** publish(topic, payload, qos, retain[, fn]): fn fires at PUBACK/PUBCOMP, or for QoS 0 once the message is sent */
  publish(topic: LuaString, payload: LuaString, qos: int, retain: bool, fn: LuaFunction | null = null): bool {
    if (!mqttString(topic)) luaError("publish: the topic must be at most 65535 bytes without NUL bytes");
    if (this.handle === null) return false;
    const id = esp_mqtt_client_publish(this.handle, cstr(topic), cstr(payload), int(payload.length), qos, retain ? 1 : 0);
    if (id < 0) return false;
    if (id > 0) return this.started(id, Op.PUBLISH, fn);
    if (fn !== null) {
      // QoS 0 has no acknowledgement: esp-mqtt has written it to the network when publish returns.
      // Its callback waits for one queued flush per client (never inside publish), oldest first.
      this.expect(0, Op.SENT, fn);
      this.postSent();
    }
    return true;
  }

  /** subscribe(topic, qos[, fn]) or subscribe({topic = qos, ...}[, fn]): one SUBSCRIBE packet either way */
  subscribe(topic: LuaString | LuaTable, qos: int = 0, fn: LuaFunction | null = null): bool {
    if (isString(topic) && !mqttString(topic)) luaError("subscribe: the topic must be at most 65535 bytes without NUL bytes");
    if (this.handle === null) return false;
    let id: int = -1;
    if (isString(topic)) {
      id = esp_mqtt_client_subscribe_single(this.handle, cstr(topic), qos);
    } else {
      const n = countPairs(topic);
      const list = castPtr<esp_mqtt_topic_t>(malloc(size_t(n) * sizeOf<esp_mqtt_topic_t>()));
      if (n === 0 || list === null) {
        free(list);
        return false;
      }
      let i: int = 0;
      lua_pushnil(L);
      while (lua_next(L, topic) !== 0) {
        if (lua_type(L, -2) !== LUA_TSTRING || lua_type(L, -1) !== LUA_TNUMBER) {
          free(list);
          luaError("subscribe: the table maps topic strings to QoS numbers");
        }
        let len: size_t = 0;
        const key = lua_tolstring(L, -2, addr(len)); // a separate statement: C leaves argument order open
        if (!mqttBytes(key, len)) {
          free(list);
          luaError("subscribe: each topic must be at most 65535 bytes without NUL bytes");
        }
        at(list, i).filter = lua_tostring(L, -2);
        at(list, i).qos = lua_tointeger(L, -1);
        lua_pop(L, 1);
        i++;
      }
      id = esp_mqtt_client_subscribe_multiple(this.handle, list, n);
      free(list);
    }
    return this.started(id, Op.SUBSCRIBE, fn);
  }

  /** unsubscribe(topic[, fn]) or unsubscribe({topic = true, ...}[, fn]) */
  unsubscribe(topic: LuaString | LuaTable, fn: LuaFunction | null = null): bool {
    if (isString(topic) && !mqttString(topic)) luaError("unsubscribe: the topic must be at most 65535 bytes without NUL bytes");
    if (this.handle === null) return false;
    if (isString(topic)) return this.started(esp_mqtt_client_unsubscribe(this.handle, cstr(topic)), Op.SUBSCRIBE, fn);
    // the whole table is checked before the first UNSUBSCRIBE goes out
    lua_pushnil(L);
    while (lua_next(L, topic) !== 0) {
      if (lua_type(L, -2) !== LUA_TSTRING) luaError("unsubscribe: the table's keys must be topic strings");
      let len: size_t = 0;
      const key = lua_tolstring(L, -2, addr(len)); // a separate statement: C leaves argument order open
      if (!mqttBytes(key, len)) luaError("unsubscribe: each topic must be at most 65535 bytes without NUL bytes");
      lua_pop(L, 1);
    }
    // esp-mqtt v5.1.3 unsubscribes one topic per packet: fn waits for the last one
    let id: int = -1;
    lua_pushnil(L);
    while (lua_next(L, topic) !== 0) {
      id = esp_mqtt_client_unsubscribe(this.handle, lua_tostring(L, -2));
      lua_pop(L, 1);
      if (id < 0) return false;
    }
    return this.started(id, Op.SUBSCRIBE, fn);
  }

  __gc(): void {
    this.stopClient();
    unlinkClient(this);
  }

  /** an operation esp-mqtt accepted (msg id >= 0) waits for its acknowledgement */
  private started(id: int, op: Op, fn: LuaFunction | null): bool {
    if (id < 0) return false;
    this.expect(id, op, fn);
    return true;
  }

  private expect(key: int, op: Op, fn: LuaFunction | null): void {
    if (fn === null) return;
    const p = castPtr<Pending>(malloc(sizeOf<Pending>()));
    if (p === null) luaError("out of memory");
    p.key = key;
    p.op = op;
    p.fn = LUA_NOREF; // fresh memory: nothing to release
    p.fn = fn;
    p.next = this.pending;
    this.pending = p;
  }

  /** @internal the acknowledged operation `key` (an esp-mqtt message id) ended: its callback gets (client, ok) */
  settle(key: int, ok: bool): void {
    let p = this.pending;
    while (p !== null && (p.key !== key || p.op === Op.SENT)) p = p.next;
    if (p !== null) this.release(p, ok, true);
  }

  /** @internal the oldest pending callback of `op` (the list is newest first) gets (client, ok); false if none */
  settleOldest(op: Op, ok: bool): bool {
    let oldest: Ptr<Pending> | null = null;
    for (let p = this.pending; p !== null; p = p.next) {
      if (p.op === op) oldest = p;
    }
    if (oldest === null) return false;
    this.release(oldest, ok, true);
    return true;
  }

  /** @internal unlinks `p` first (a callback may close or reuse the client), then calls it when `call` and frees it */
  release(p: Ptr<Pending>, ok: bool, call: bool): void {
    if (this.pending === p) this.pending = p.next;
    for (let q = this.pending; q !== null; q = q.next) {
      if (q.next === p) q.next = p.next;
    }
    if (call) callLua(p.fn, this, ok);
    p.fn = null;
    free(p);
  }

  /** @internal `op`'s callbacks get (client, false), oldest first, while `conn` is still this client's connection */
  failAll(op: Op, conn: uint32): void {
    while (this.conn === conn && this.settleOldest(op, false)) {}
  }

  /** @internal queues the flush of the QoS 0 callbacks unless one is queued; the Lua task cannot wait for a slot */
  postSent(): void {
    if (this.sentPosted) return;
    this.sentPosted = sent(this.conn);
    // if the queue is full, the next event of any of this module's connections flushes instead (deliver)
    this.sentStuck = !this.sentPosted;
  }

  /** @internal fires the QoS 0 callbacks pending now, oldest first; those their callbacks add wait for the next flush */
  flushSent(): void {
    const conn = this.conn;
    this.sentPosted = false;
    this.sentStuck = false;
    let n: int = 0;
    for (let p = this.pending; p !== null; p = p.next) {
      if (p.op === Op.SENT) n++;
    }
    while (n > 0 && this.conn === conn && this.settleOldest(Op.SENT, true)) n--;
  }

  /** @internal destroys the esp-mqtt client (blocks until its task ended), so no event can come after */
  stopClient(): void {
    if (this.handle !== null) {
      // its task may be waiting for a queue slot that only this (now blocked) task could free: it gives up
      __atomic_store_n(addr(closing), this.conn, __ATOMIC_SEQ_CST);
      esp_mqtt_client_destroy(this.handle);
      __atomic_store_n(addr(closing), 0, __ATOMIC_SEQ_CST);
    }
    this.handle = null;
    free(this.rx);
    this.rx = null;
    this.conn = 0;
    this.connected = false;
    this.everConnected = false;
    this.sentPosted = false;
    this.sentStuck = false;
    this.anchor = null;
    // operations of a connection that ended are never acknowledged: their callbacks are released uncalled
    while (this.pending !== null) this.release(this.pending, false, false);
  }
}

function countPairs(t: LuaTable): int {
  let n: int = 0;
  lua_pushnil(L);
  while (lua_next(L, t) !== 0) {
    lua_pop(L, 1);
    n++;
  }
  return n;
}

/** Whether bytes fit an MQTT string: at most 65535 of them, and no NUL (esp-mqtt takes C strings). */
function mqttBytes(s: cstring | null, len: size_t): bool {
  return len <= MAX_MQTT_STRING && memchr(s, 0, len) === null;
}

function mqttString(s: LuaString): bool {
  return mqttBytes(cstr(s), size_t(s.length));
}

/** Whether esp-mqtt's task of connection `conn` must stop waiting for a queue slot: the Lua task is destroying it. */
function waitAbandoned(conn: uint32): bool {
  return conn === __atomic_load_n(addr(closing), __ATOMIC_SEQ_CST);
}

/** The client whose live connection is `conn`; none for 0 (no connection). */
function findClient(conn: uint32): Ptr<Client> | null {
  if (conn === 0) return null;
  for (let c: Ptr<Client> | null = clients; c !== null; c = c.next) {
    if (c.conn === conn) return c;
  }
  return null;
}

function unlinkClient(self: Ptr<Client>): void {
  if (clients === self) clients = self.next;
  for (let c: Ptr<Client> | null = clients; c !== null; c = c.next) {
    if (c.next === self) c.next = self.next;
  }
}

/** The connect-failure reason an ERROR event describes (docs/mqtt.md, "Reasons"). */
function failureReason(e: Ptr<esp_mqtt_error_codes_t> | null): int {
  if (e === null) return ConnFail.SERVER_NOT_FOUND;
  if (e.error_type === esp_mqtt_error_type_t.MQTT_ERROR_TYPE_CONNECTION_REFUSED) return e.connect_return_code;
  if (e.esp_tls_last_esp_err === TLS_CANNOT_RESOLVE_HOSTNAME) return ConnFail.DNS;
  if (e.esp_transport_sock_errno === ETIMEDOUT) return ConnFail.TIMEOUT_RECEIVING;
  if (e.esp_transport_sock_errno === ECONNREFUSED || e.esp_transport_sock_errno === EHOSTUNREACH) return ConnFail.SERVER_NOT_FOUND;
  // the socket and TLS are fine, yet the reply broke the connection: it was no (valid) CONNACK
  if (e.esp_tls_last_esp_err === 0 && e.esp_transport_sock_errno === 0) return ConnFail.NOT_A_CONNACK_MSG;
  if (e.esp_tls_last_esp_err === 0) return ConnFail.SERVER_NOT_FOUND;
  return ConnFail.TLS;
}

/** esp-mqtt's event handler: runs in the MQTT task, copies what Lua needs and posts it. */
function onMqttEvent(arg: Ptr<void> | null, base: esp_event_base_t, id: int32, data: Ptr<void> | null): void {
  const self = castPtr<Client>(arg);
  const ev = castPtr<esp_mqtt_event_t>(data);
  const none = bytes("");
  // the Lua task is destroying this connection: whatever it would be told is ignored
  if (waitAbandoned(self.conn)) return;
  switch (ev.event_id) {
    case esp_mqtt_event_id_t.MQTT_EVENT_CONNECTED: deliver(self.conn, Ev.CONNECTED, ev.session_present, none, none); break;
    case esp_mqtt_event_id_t.MQTT_EVENT_ERROR:
      if (ev.error_handle !== null && ev.error_handle.error_type !== esp_mqtt_error_type_t.MQTT_ERROR_TYPE_SUBSCRIBE_FAILED) self.failReason = failureReason(ev.error_handle);
      break;
    case esp_mqtt_event_id_t.MQTT_EVENT_DISCONNECTED:
      deliver(self.conn, Ev.DISCONNECTED, self.failReason, none, none);
      self.failReason = 0;
      break;
    case esp_mqtt_event_id_t.MQTT_EVENT_SUBSCRIBED: {
      const refused = ev.error_handle !== null && ev.error_handle.error_type === esp_mqtt_error_type_t.MQTT_ERROR_TYPE_SUBSCRIBE_FAILED;
      deliver(self.conn, refused ? Ev.REFUSED : Ev.ACKED, ev.msg_id, none, none);
      break;
    }
    case esp_mqtt_event_id_t.MQTT_EVENT_UNSUBSCRIBED:
    case esp_mqtt_event_id_t.MQTT_EVENT_PUBLISHED: deliver(self.conn, Ev.ACKED, ev.msg_id, none, none); break;
    // a QoS > 0 message esp-mqtt dropped from its outbox unacknowledged (CONFIG_MQTT_REPORT_DELETED_MESSAGES)
    case esp_mqtt_event_id_t.MQTT_EVENT_DELETED: deliver(self.conn, Ev.DELETED, ev.msg_id, none, none); break;
    case esp_mqtt_event_id_t.MQTT_EVENT_DATA: reassemble(self, ev); break;
    default: break;
  }
}

/**
 * A message longer than esp-mqtt's buffer comes in chunks: Lua gets it whole. The first
 * chunk is the one with the topic (it may carry no data at all, when the topic fills the
 * buffer: then the second chunk has offset 0 too); later ones have none.
 */
function reassemble(self: Ptr<Client>, ev: Ptr<esp_mqtt_event_t>): void {
  const first = ev.topic !== null;
  if (first && ev.data_len === ev.total_data_len) {
    deliver(self.conn, Ev.MESSAGE, 0, bytesFrom(ev.topic, size_t(ev.topic_len)), bytesFrom(ev.data, size_t(ev.data_len)));
    return;
  }
  if (first) {
    free(self.rx);
    self.rx = null;
    if (ev.total_data_len > MAX_MESSAGE) {
      ESP_LOGE("mqtt", "message of %d bytes dropped: larger than %d", ev.total_data_len, MAX_MESSAGE);
      return;
    }
    const buf = castPtr<char>(malloc(size_t(ev.topic_len) + size_t(ev.total_data_len)));
    if (buf === null) {
      ESP_LOGE("mqtt", "message of %d bytes dropped: out of memory", ev.total_data_len);
      return;
    }
    self.rx = buf;
    self.rxTopicLen = size_t(ev.topic_len);
    memcpy(buf, ev.topic, size_t(ev.topic_len));
  }
  const rx = self.rx;
  if (rx === null) return; // the first chunk was dropped
  if (ev.data_len > 0) memcpy(offset(rx, self.rxTopicLen + size_t(ev.current_data_offset)), ev.data, size_t(ev.data_len));
  if (ev.current_data_offset + ev.data_len >= ev.total_data_len) {
    deliver(self.conn, Ev.MESSAGE, 0, bytesFrom(rx, self.rxTopicLen), bytesFrom(offset(rx, self.rxTopicLen), size_t(ev.total_data_len)));
    free(rx);
    self.rx = null;
  }
}

/**
 * @luaTask prio=high
 * Fires a client's QoS 0 callbacks. Posted by the Lua task itself, which cannot drain
 * the queue while waiting: no wait=; at most one is queued per client, on the high
 * priority queue (which deliver() does not fill), and a failed post is retried by the
 * next event (postSent, deliver).
 */
function sent(conn: uint32): bool {
  const c = findClient(conn);
  if (c !== null) c.flushSent();
  // what the posting caller gets is whether the post succeeded (the Lua side returns it)
  return true;
}

/**
 * @luaTask wait=forever abandon=waitAbandoned
 * The MQTT task waits for a free slot, however long the Lua task is busy, rather than
 * lose an event (a QoS 1 message esp-mqtt already acknowledged would be lost for good).
 * It gives up only when the Lua task destroys that connection (stopClient), which
 * waits for this very task: the event would be ignored anyway.
 */
function deliver(conn: uint32, kind: int, code: int, topic: Bytes, payload: Bytes): void {
  // QoS 0 callbacks whose flush found the queue full go first: they were sent before this event came
  for (let s: Ptr<Client> | null = clients; s !== null; s = s.next) {
    if (s.sentStuck) s.postSent();
  }
  const c = findClient(conn);
  if (c === null) {
    ESP_LOGD("mqtt", "event %d of closed connection %d ignored", kind, int(conn));
    return;
  }
  switch (kind) {
    case Ev.CONNECTED:
      c.connected = true;
      c.everConnected = true;
      // session_present, from the CONNACK: whether the broker kept this client's session
      callLua(c.onConnect, c, code !== 0);
      break;
    case Ev.DISCONNECTED:
      // esp-mqtt forgets subscribes and unsubscribes in flight when the connection drops: they failed
      c.failAll(Op.SUBSCRIBE, conn);
      if (c.conn !== conn) break;
      if (c.connected) {
        // on an established connection esp-mqtt reports a transport error without errno when it cannot read a packet
        if (code === ConnFail.NOT_A_CONNACK_MSG) ESP_LOGE("mqtt", "connection dropped: esp-mqtt could not read a packet (a topic longer than CONFIG_MQTT_BUFFER_SIZE allows?)");
        c.connected = false;
        callLua(c.onOffline, c);
      } else if (!c.everConnected) {
        // no ERROR event before DISCONNECTED: the server took the connection but sent no CONNACK
        callLua(c.onFail, c, code !== 0 ? code : ConnFail.TIMEOUT_RECEIVING);
      }
      // unless the callback already closed or replaced this connection, a client that will not reconnect
      // stops: its QoS 1/2 publishes will never be acknowledged
      if (c.conn === conn && (!c.autoreconnect || !c.everConnected)) {
        c.failAll(Op.PUBLISH, conn);
        if (c.conn === conn) c.stopClient();
      }
      break;
    case Ev.ACKED: c.settle(code, true); break;
    case Ev.REFUSED:
    case Ev.DELETED: c.settle(code, false); break;
    case Ev.MESSAGE: callLua(c.onMessage, c, topic, payload); break;
    default: break;
  }
}
