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
 */
import {
  esp_mqtt_client_destroy, esp_mqtt_client_init, esp_mqtt_client_publish, esp_mqtt_client_register_event,
  esp_mqtt_client_start, esp_mqtt_client_subscribe_multiple, esp_mqtt_client_subscribe_single,
  esp_mqtt_client_unsubscribe, esp_mqtt_error_type_t, esp_mqtt_event_id_t, esp_mqtt_transport_t,
  type esp_event_base_t, type esp_mqtt_client_config_t, type esp_mqtt_client_handle_t,
  type esp_mqtt_error_codes_t, type esp_mqtt_event_t, type esp_mqtt_topic_t,
} from "./decl/esp_mqtt";
import { ESP_LOGD, ESP_LOGE } from "./decl/esp_log";
import { free, malloc } from "./decl/libc";
import { memcpy, strstr } from "./decl/string";
import { ECONNREFUSED, EHOSTUNREACH, ETIMEDOUT } from "./decl/errno";

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
const enum Ev { CONNECTED, DISCONNECTED, ACKED, REFUSED, MESSAGE }

/** The largest message reassembled from chunks; larger ones are dropped with an error. */
const MAX_MESSAGE = 262144;
/** esp-tls: ESP_ERR_ESP_TLS_BASE + 1, "cannot resolve hostname" (esp_tls_errors.h) */
const TLS_CANNOT_RESOLVE_HOSTNAME = 0x8001;

/** connect()'s table form of `secure`: PEM strings, kept (not copied) while connected. */
interface TlsOptions { ca_cert: LuaString; client_cert: LuaString; client_key: LuaString }

/** A callback waiting for the acknowledgement of one operation (one per operation). */
interface Pending { key: int; fn: LuaRef; next: Ptr<Pending> | null }

let clients: Ptr<Client> | null = null;
let lastConn: uint32 = 0;
let lastSent: int = 0;

/** @userdata mqtt.mt */
export class Client {
  handle: esp_mqtt_client_handle_t | null = null;
  /** the live connection's number; 0 when there is none */
  conn: uint32 = 0;
  connected: bool = false; everConnected: bool = false; autoreconnect: bool = false;
  keepalive: int = 0; cleansession: bool = true;
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

  /** mqtt.Client(clientid, keepalive[, username, password[, cleansession]]) */
  constructor(clientid: LuaString, keepalive: int, username: LuaString | null = null, password: LuaString | null = null, cleansession: bool = true) {
    this.clientId = clientid;
    this.keepalive = keepalive;
    this.username = username;
    this.password = password;
    this.cleansession = cleansession;
    this.next = clients;
    clients = this;
  }

  /** connect(host[, port[, secure[, autoreconnect]]][, function(client)[, function(client, reason)]]) */
  connect(host: LuaString, port: int = 0, secure: bool | TlsOptions = false, autoreconnect: bool = false,
    onConnect: LuaFunction | null = null, onFail: LuaFunction | null = null): bool {
    const isUri = strstr(cstr(host), "://") !== null;
    if (isUri && (port !== 0 || isTable(secure) || secure)) luaError("connect: give either a URI or a port and secure flag, not both");
    let tls = false;
    if (isTable(secure)) {
      if ((secure.client_cert.length > 0) !== (secure.client_key.length > 0)) luaError("connect: client_cert and client_key go together");
      tls = true;
      this.caCert = secure.ca_cert;
      this.clientCert = secure.client_cert;
      this.clientKey = secure.client_key;
    } else {
      tls = secure;
      this.caCert = null;
      this.clientCert = null;
      this.clientKey = null;
    }
    if (!kconfig("MQTT_TRANSPORT_SSL")) if (tls) luaError("connect: this firmware was built without CONFIG_MQTT_TRANSPORT_SSL");
    this.stopClient();
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
    lastConn = lastConn + 1;
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
    if (this.handle === null) return false;
    const id = esp_mqtt_client_publish(this.handle, cstr(topic), cstr(payload), int(payload.length), qos, retain ? 1 : 0);
    if (id < 0) return false;
    if (id > 0) return this.started(id, fn);
    if (fn !== null) {
      // QoS 0 has no acknowledgement: esp-mqtt has written it to the network when publish returns
      lastSent = lastSent - 1;
      this.expect(lastSent, fn);
      sent(this.conn, lastSent);
    }
    return true;
  }

  /** subscribe(topic, qos[, fn]) or subscribe({topic = qos, ...}[, fn]): one SUBSCRIBE packet either way */
  subscribe(topic: LuaString | LuaTable, qos: int = 0, fn: LuaFunction | null = null): bool {
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
      for (const [filter, q] of pairs(topic)) {
        if (!isString(filter) || !isNumber(q)) {
          free(list);
          luaError("subscribe: the table maps topic strings to QoS numbers");
        }
        at(list, i).filter = cstr(filter);
        at(list, i).qos = int(q);
        i++;
      }
      id = esp_mqtt_client_subscribe_multiple(this.handle, list, n);
      free(list);
    }
    return this.started(id, fn);
  }

  /** unsubscribe(topic[, fn]) or unsubscribe({topic = true, ...}[, fn]) */
  unsubscribe(topic: LuaString | LuaTable, fn: LuaFunction | null = null): bool {
    if (this.handle === null) return false;
    if (isString(topic)) return this.started(esp_mqtt_client_unsubscribe(this.handle, cstr(topic)), fn);
    // esp-mqtt v5.1.3 unsubscribes one topic per packet: fn waits for the last one
    let id: int = -1;
    for (const [filter] of pairs(topic)) {
      if (!isString(filter)) luaError("unsubscribe: the table's keys must be topic strings");
      id = esp_mqtt_client_unsubscribe(this.handle, cstr(filter));
      if (id < 0) return false;
    }
    return this.started(id, fn);
  }

  /** collected: the connection ends and every registry ref the client holds is released */
  __gc(): void {
    this.stopClient();
    unlinkClient(this);
  }

  /** an operation esp-mqtt accepted (msg id >= 0) waits for its acknowledgement */
  private started(id: int, fn: LuaFunction | null): bool {
    if (id < 0) return false;
    this.expect(id, fn);
    return true;
  }

  private expect(key: int, fn: LuaFunction | null): void {
    if (fn === null) return;
    const p = castPtr<Pending>(malloc(sizeOf<Pending>()));
    if (p === null) luaError("out of memory");
    p.key = key;
    p.fn = LUA_NOREF; // fresh memory: nothing to release
    p.fn = fn;
    p.next = this.pending;
    this.pending = p;
  }

  /** @internal the operation `key` ended: its callback, unlinked first, gets (client, ok) when `call` */
  settle(key: int, ok: bool, call: bool): void {
    let prev: Ptr<Pending> | null = null;
    let p = this.pending;
    while (p !== null && p.key !== key) {
      prev = p;
      p = p.next;
    }
    if (p === null) return;
    if (prev === null) this.pending = p.next;
    else prev.next = p.next;
    if (call) callLua(p.fn, this, ok);
    p.fn = null;
    free(p);
  }

  /** @internal destroys the esp-mqtt client (blocks until its task ended), so no event can come after */
  stopClient(): void {
    if (this.handle !== null) esp_mqtt_client_destroy(this.handle);
    this.handle = null;
    free(this.rx);
    this.rx = null;
    this.conn = 0;
    this.connected = false;
    this.everConnected = false;
    this.anchor = null;
    // operations of a connection that ended are never acknowledged: their callbacks are released uncalled
    while (this.pending !== null) this.settle(this.pending.key, false, false);
  }
}

function countPairs(t: LuaTable): int {
  let n: int = 0;
  for (const [_key] of pairs(t)) n++;
  return n;
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

/** The connect-failure reason an ERROR event describes. */
function failureReason(e: Ptr<esp_mqtt_error_codes_t> | null): int {
  if (e === null) return ConnFail.SERVER_NOT_FOUND;
  if (e.error_type === esp_mqtt_error_type_t.MQTT_ERROR_TYPE_CONNECTION_REFUSED) return e.connect_return_code;
  if (e.esp_tls_last_esp_err === TLS_CANNOT_RESOLVE_HOSTNAME) return ConnFail.DNS;
  if (e.esp_transport_sock_errno === ETIMEDOUT) return ConnFail.TIMEOUT_RECEIVING;
  if (e.esp_transport_sock_errno === ECONNREFUSED || e.esp_transport_sock_errno === EHOSTUNREACH || e.esp_tls_last_esp_err === 0) return ConnFail.SERVER_NOT_FOUND;
  return ConnFail.TLS;
}

/** esp-mqtt's event handler: runs in the MQTT task, copies what Lua needs and posts it. */
function onMqttEvent(arg: Ptr<void> | null, base: esp_event_base_t, id: int32, data: Ptr<void> | null): void {
  const self = castPtr<Client>(arg);
  const ev = castPtr<esp_mqtt_event_t>(data);
  const none = bytes("");
  switch (ev.event_id) {
    case esp_mqtt_event_id_t.MQTT_EVENT_CONNECTED: deliver(self.conn, Ev.CONNECTED, 0, none, none); break;
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
    case esp_mqtt_event_id_t.MQTT_EVENT_DATA: reassemble(self, ev); break;
    default: break;
  }
}

/** A message longer than esp-mqtt's buffer comes in chunks (topic in the first only): Lua gets it whole. */
function reassemble(self: Ptr<Client>, ev: Ptr<esp_mqtt_event_t>): void {
  if (ev.current_data_offset === 0 && ev.data_len === ev.total_data_len) {
    deliver(self.conn, Ev.MESSAGE, 0, bytesFrom(ev.topic, size_t(ev.topic_len)), bytesFrom(ev.data, size_t(ev.data_len)));
    return;
  }
  if (ev.current_data_offset === 0) {
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
  memcpy(offset(rx, self.rxTopicLen + size_t(ev.current_data_offset)), ev.data, size_t(ev.data_len));
  if (ev.current_data_offset + ev.data_len >= ev.total_data_len) {
    deliver(self.conn, Ev.MESSAGE, 0, bytesFrom(rx, self.rxTopicLen), bytesFrom(offset(rx, self.rxTopicLen), size_t(ev.total_data_len)));
    free(rx);
    self.rx = null;
  }
}

/** @luaTask */
function sent(conn: uint32, key: int): void {
  // posted by the Lua task itself, which cannot drain the queue while waiting: no wait=
  const c = findClient(conn);
  if (c !== null) c.settle(key, true, true);
}

/**
 * @luaTask wait=2000
 * The MQTT task waits for a free slot rather than lose an event (a QoS 1 message
 * esp-mqtt already acknowledged would be lost for good); 2 s bounds the wait.
 */
function deliver(conn: uint32, kind: int, code: int, topic: Bytes, payload: Bytes): void {
  const c = findClient(conn);
  if (c === null) {
    ESP_LOGD("mqtt", "event %d of closed connection %d ignored", kind, int(conn));
    return;
  }
  switch (kind) {
    case Ev.CONNECTED:
      c.connected = true;
      c.everConnected = true;
      callLua(c.onConnect, c);
      break;
    case Ev.DISCONNECTED:
      if (c.connected) {
        c.connected = false;
        callLua(c.onOffline, c);
      } else if (!c.everConnected) {
        // no ERROR event before DISCONNECTED: the server took the connection but sent no CONNACK
        callLua(c.onFail, c, code !== 0 ? code : ConnFail.TIMEOUT_RECEIVING);
      }
      // unless the callback already closed or replaced this connection, a client that will not reconnect stops
      if (c.conn === conn && (!c.autoreconnect || !c.everConnected)) c.stopClient();
      break;
    case Ev.ACKED: c.settle(code, true, true); break;
    case Ev.REFUSED: c.settle(code, false, true); break;
    case Ev.MESSAGE: callLua(c.onMessage, c, topic, payload); break;
    default: break;
  }
}
