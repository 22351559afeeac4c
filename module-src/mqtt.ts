/**
 * @luaModule mqtt
 * @kconfig MQTT
 *
 * NodeMCU's `mqtt` module for ESP32: an MQTT 3.1.1 client (esp-mqtt) with the
 * ESP8266 module's events, so ESP8266 scripts run unchanged. Guide: docs/mqtt.md.
 *
 * Bound to esp-mqtt. Compiled by tsc2c into components/modules/mqtt.c; the Lua glue
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
import { ESP_LOGD, ESP_LOGE, ESP_LOGW } from "./decl/esp_log";
import { __ATOMIC_SEQ_CST, __atomic_load_n, __atomic_store_n } from "./decl/atomic";
import { free, malloc } from "./decl/libc";
import { memchr, memcmp, memcpy, strlen, strncasecmp, strstr } from "./decl/string";
import { ECONNREFUSED, EHOSTUNREACH, ETIMEDOUT } from "./decl/errno";

/** Reasons passed to the connect-failure callback (ESP8266-compatible values). */
/** @luaPrefix CONN_FAIL_ */
export const enum ConnFail {
  /** nothing listening, or the host is unreachable */
  SERVER_NOT_FOUND = -5,
  /** the server's reply was no valid CONNACK (an HTTP server, a CONNACK of the wrong length) */
  NOT_A_CONNACK_MSG = -4,
  /** the host name did not resolve */
  DNS = -3,
  /** the connection timed out */
  TIMEOUT_RECEIVING = -2,
  /** ESP8266 compatibility: esp-mqtt does not report it */
  TIMEOUT_SENDING = -1,
  /** ESP32 only: the TLS handshake or certificate check failed */
  TLS = -6,
}

/** The broker's CONNACK codes; SERVER_UNAVAILABLE's key is too long for a ROM table and is served by __index. */
/** @luaPrefix CONNACK_ */
export const enum Connack {
  /** the broker accepted the connection */
  ACCEPTED = 0,
  /** the broker refused the protocol level */
  REFUSED_PROTOCOL_VER = 1,
  /** the broker refused the client id */
  REFUSED_ID_REJECTED = 2,
  /** the broker is unavailable (a 34-character key: served by the module table's __index) */
  REFUSED_SERVER_UNAVAILABLE = 3,
  /** wrong user name or password */
  REFUSED_BAD_USER_OR_PASS = 4,
  /** the client is not authorised to connect */
  REFUSED_NOT_AUTHORIZED = 5,
}

/** What deliver() is told. */
const enum Ev { CONNECTED, DISCONNECTED, PUBLISHED, SUBSCRIBED, SUB_REFUSED, UNSUBSCRIBED, MESSAGE, OVERFLOW, DELETED }

/** on()'s events, in the order of EVENT_NAMES: `Client.callbacks[event]` is the event's callback. */
const enum On { CONNECT, CONNFAIL, MESSAGE, OVERFLOW, OFFLINE, PUBACK, SUBACK, UNSUBACK }
const EVENT_NAMES: FixedArray<cstring, 8> = ["connect", "connfail", "message", "overflow", "offline", "puback", "suback", "unsuback"];

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

/** Without max_message_length: the largest payload reassembled for "message", whatever the topic's length. */
const MAX_MESSAGE = 262144;
/** esp-tls: ESP_ERR_ESP_TLS_BASE + 1, "cannot resolve hostname" (esp_tls_errors.h) */
const TLS_CANNOT_RESOLVE_HOSTNAME = 0x8001;
/** esp-tls: ESP_ERR_ESP_TLS_BASE + 4, "failed to connect to host": the socket's connect failed (its errno says why) */
const TLS_FAILED_CONNECT_TO_HOST = 0x8004;

/** connect()'s table form of `secure`: PEM strings, kept (not copied) while connected. */
interface TlsOptions { ca_cert: LuaString; client_cert: LuaString; client_key: LuaString }

/**
 * An operation waiting for its acknowledgement, with its callback (unset: it calls nothing,
 * except a QoS 0 publish, which fires "puback").
 */
interface Pending { key: int; op: Op; fn: LuaRef; next: Ptr<Pending> | null }

let clients: Ptr<Client> | null = null;
let lastConn: uint32 = 0;
/** the connection whose esp-mqtt client the Lua task is destroying (0: none); read by esp-mqtt's tasks */
let closing: uint32 = 0;

/**
 * An MQTT client: one connection at a time to one broker, with its callbacks.
 * @userdata mqtt.mt
 */
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
  /** the callbacks of on()'s events, indexed by On (puback/suback/unsuback/overflow: the ESP8266 module's) */
  callbacks: FixedArray<LuaRef, 8> = fill(8, LUA_NOREF);
  /** max_message_length: the largest topic + payload for "message"; 0: a payload of up to MAX_MESSAGE */
  maxMessage: size_t = 0;
  /** keeps the userdata alive while a connection may call back */
  anchor: LuaRef = null;
  pending: Ptr<Pending> | null = null;
  next: Ptr<Client> | null = null;
  // written by the MQTT task only: the failure reason until DISCONNECTED, the message being reassembled
  // (rxKeep: the payload bytes kept, all of them unless the message is over the limit)
  failReason: int = 0; rx: Ptr<char> | null = null; rxTopicLen: size_t = 0; rxKeep: size_t = 0;

  /**
   * Creates an MQTT client. Nothing is sent before connect().
   * @param clientid the client id sent in CONNECT (at most 65535 bytes, no NUL)
   * @param keepalive seconds between pings when idle (0: none), 0..65535
   * @param username sent in CONNECT when given
   * @param password sent in CONNECT when given
   * @param cleansession 0/1 or a boolean: start without the broker's stored session
   * @param max_message_length the largest topic + payload in bytes that "message" gets (a whole number >= 1); larger ones go to "overflow". Without it: payloads of up to 262144 bytes
   * @returns the client
   * @example ../examples/mqtt/client.lua
   */
  constructor(clientid: LuaString, keepalive: uint16, username: LuaString | null = null, password: LuaString | null = null, cleansession: bool = true,
    max_message_length: int = 0) {
    checkString(clientid, "Client", "the client id");
    if (username !== null) checkString(username, "Client", "the username");
    if (password !== null) checkString(password, "Client", "the password");
    // absent: 0, the default's marker; given: at least 1 byte
    if (argIndex(max_message_length) !== 0 && max_message_length < 1) argError(max_message_length, "max_message_length must be a positive integer");
    this.maxMessage = size_t(max_message_length);
    this.clientId = clientid;
    this.keepalive = keepalive;
    this.username = username;
    this.password = password;
    this.cleansession = cleansession;
    this.next = clients;
    clients = this;
  }

  /**
   * Connects to a broker; calling it again replaces the connection. Optional
   * arguments may be left out in the middle: `connect(host, fn)`.
   * @param host a host name, an IP address, or a URI (`mqtt://`, `mqtts://`, `ws://`, `wss://`) whose scheme decides TLS
   * @param port the broker's port, 0..65535 (0: 1883, or 8883 with TLS); a numeric string is accepted
   * @param secure 0/1 or a boolean for TLS, or a table of PEM strings `{ca_cert, client_cert, client_key}` (kept, not copied, while connected)
   * @param autoreconnect reconnect after an established connection drops (deprecated, working)
   * @param onConnect `function(client, session_present)`: replaces on("connect"); left out, the one set before stays
   * @param onFail `function(client, reason)` with a `mqtt.CONN_FAIL_*` or `mqtt.CONNACK_*` reason: replaces on("connfail")
   * @returns true when the connection was started, false when esp-mqtt refused the configuration
   * @example ../examples/mqtt/connect.lua
   */
  connect(host: LuaString, port: uint16 = 0, secure: bool | TlsOptions = false, autoreconnect: bool = false,
    onConnect: LuaFunction | null = null, onFail: LuaFunction | null = null): bool {
    checkString(host, "connect", "the host");
    const isUri = strstr(cstr(host), "://") !== null;
    // with a URI the scheme says whether TLS is used; a certificate table only goes with mqtts:// or wss://
    if (isUri && (port !== 0 || (!isTable(secure) && secure))) luaError("connect: give either a URI or a port and secure flag, not both");
    if (isUri && isTable(secure) && !hasScheme(cstr(host), "mqtts://") && !hasScheme(cstr(host), "wss://")) luaError("connect: certificates need an mqtts:// or wss:// URI");
    let tls = false;
    if (isTable(secure)) {
      if ((secure.client_cert.length > 0) !== (secure.client_key.length > 0)) luaError("connect: client_cert and client_key go together");
      tls = true;
    } else {
      tls = secure;
    }
    if (!kconfig("MQTT_TRANSPORT_SSL") && tls) luaError("connect: this firmware was built without CONFIG_MQTT_TRANSPORT_SSL");
    // esp-mqtt reads the PEM strings in place until its client is destroyed: the old ones go only after that
    const ended = this.stopClient();
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
    // as on the ESP8266, a callback left out keeps on("connect") / on("connfail")
    if (onConnect !== null) this.callbacks[On.CONNECT] = onConnect;
    if (onFail !== null) this.callbacks[On.CONNFAIL] = onFail;
    const cfg: esp_mqtt_client_config_t = {
      broker: {
        // esp-mqtt rejects a transport or port next to a URI: the URI says both
        address: { uri: isUri ? cstr(host) : null, hostname: isUri ? null : cstr(host), port: uint32(isUri ? 0 : port !== 0 ? port : tls ? 8883 : 1883),
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
    if (!kconfig("MQTT_REPORT_DELETED_MESSAGES")) ESP_LOGW("mqtt", "CONFIG_MQTT_REPORT_DELETED_MESSAGES off: expired publishes never call back");
    const handle = esp_mqtt_client_init(cfg);
    let started = false;
    if (handle !== null) {
      // connection numbers wrap past 2^32 - 1 to 1: 0 means "no connection"
      lastConn = lastConn === 0xffffffff ? 1 : lastConn + 1;
      this.conn = lastConn;
      this.handle = handle;
      this.anchor = this;
      esp_mqtt_client_register_event(handle, esp_mqtt_event_id_t.MQTT_EVENT_ANY, onMqttEvent, castPtr<void>(this));
      started = esp_mqtt_client_start(handle) === 0;
      // nothing was started on it yet: no operation to end
      if (!started) this.stopClient();
    }
    // the old connection's operations call back once this client is in its new state
    this.ended(ended);
    return started;
  }

  /**
   * Ends the connection at once; "offline" fires (before it returns) if it was up.
   * A close() while the connection is being set up cancels it.
   * @returns true when there was a connection to end, false otherwise
   * @example ../examples/mqtt/close.lua
   */
  close(): bool {
    if (this.handle === null) return false;
    const wasConnected = this.connected;
    const ended = this.stopClient();
    if (wasConnected) callLua(this.callbacks[On.OFFLINE]!, this);
    this.ended(ended);
    return true;
  }

  /**
   * Sets the last will, published by the broker when the client vanishes without
   * close(). Takes effect at the next connect(); arguments are all checked before anything changes.
   * @param topic the will's topic (at most 65535 bytes, no NUL)
   * @param message the will's payload (binary safe, at most 65535 bytes)
   * @param qos 0, 1 or 2
   * @param retain 0/1 or a boolean
   * @example ../examples/mqtt/lwt.lua
   */
  lwt(topic: LuaString, message: LuaString, qos: int = 0, retain: bool = false): void {
    if (!validQos(qos)) argError(qos, "qos must be 0, 1 or 2");
    checkString(topic, "lwt", "the topic");
    if (message.length > MAX_MQTT_STRING) luaError("lwt: the message must be at most 65535 bytes");
    this.lwtTopic = topic;
    this.lwtMessage = message;
    this.lwtQos = qos;
    this.lwtRetain = retain;
  }

  /**
   * Sets (or, with nil, clears) the callback of an event: the ESP32 module's and the ESP8266 module's.
   * @param event the event's name
   * @param fn the callback, or nil to clear it
   * @event connect `(client, session_present)` each time a connection is up (session_present: the broker kept the session)
   * @event connfail `(client, reason)` once, when the first connection of a connect() fails
   * @event message `(client, topic, payload)` for each message within max_message_length
   * @event overflow `(client, topic, start)` for each message over the limit, with its first bytes
   * @event offline `(client)` when a connection that was up ends
   * @event puback `(client, true)` when a publish() without a callback of its own is acknowledged (sent, for QoS 0)
   * @event suback `(client, ok)` at the SUBACK of a subscribe() without a callback of its own
   * @event unsuback `(client, true)` at the UNSUBACK of an unsubscribe() without a callback of its own
   * @example ../examples/mqtt/on.lua
   */
  on(event: LuaString, fn: LuaFunction | null): void {
    for (let i: int = 0; i < EVENT_NAMES.length; i++) {
      const name = EVENT_NAMES[i]!;
      if (size_t(event.length) === strlen(name) && memcmp(cstr(event), name, strlen(name)) === 0) {
        this.callbacks[i] = fn;
        return;
      }
    }
    luaError("on: unknown event (expected \"connect\", \"connfail\", \"message\", \"overflow\", \"offline\", \"puback\", \"suback\" or \"unsuback\")");
  }

  /**
   * Publishes a message.
   * @param topic the topic (no wildcards)
   * @param payload the message (binary safe)
   * @param qos 0, 1 or 2
   * @param retain 0/1 or a boolean: the broker keeps it for later subscribers
   * @param fn `function(client, ok)`, called exactly once: ok true at PUBACK (QoS 1) / PUBCOMP (QoS 2) or once sent (QoS 0), false when it will never be acknowledged; without it "puback" fires
   * @returns false (and a logged reason) when not connected or esp-mqtt refused it
   * @example ../examples/mqtt/publish.lua
   */
  publish(topic: LuaString, payload: LuaString, qos: int, retain: bool, fn: LuaFunction | null = null): bool {
    if (!validQos(qos)) argError(qos, "qos must be 0, 1 or 2");
    checkString(topic, "publish", "the topic");
    const id = this.handle === null ? -1 : esp_mqtt_client_publish(this.handle, cstr(topic), cstr(payload), int(payload.length), qos, retain ? 1 : 0);
    if (id !== 0 || (fn === null && this.callbacks[On.PUBACK] === null)) return this.started("publish", id, Op.PUBLISH, fn);
    // QoS 0 has no acknowledgement: esp-mqtt has written it to the network when publish returns.
    // Its callback (or "puback") waits for one queued flush per client (never inside publish), oldest first.
    this.track(0, Op.SENT).fn = fn;
    this.postSent();
    return true;
  }

  /**
   * Subscribes to one topic filter, or to a table `{[filter] = qos, ...}` in one SUBSCRIBE packet.
   * @param topic a topic filter, or a table mapping filters to their QoS
   * @param qos 0, 1 or 2 (for a single filter)
   * @param fn `function(client, ok)` at SUBACK, ok false when the broker refused; without it "suback" fires
   * @returns false (and a logged reason) when not connected or esp-mqtt refused it
   * @example ../examples/mqtt/subscribe.lua
   */
  subscribe(topic: LuaString | LuaTable, qos: int = 0, fn: LuaFunction | null = null): bool {
    if (!validQos(qos)) argError(qos, "qos must be 0, 1 or 2");
    // every argument is checked before anything is sent, connected or not
    let n: int = 1;
    if (isString(topic)) checkString(topic, "subscribe", "the topic");
    else n = countTopics(topic, "subscribe", true, null);
    if (n < 0) argError(topic, "qos must be 0, 1 or 2");
    if (n === 0) return refuse("subscribe", "no topics in the table");
    // without an esp-mqtt client id stays -1: started() refuses it as "not connected"
    let id: int = -1;
    if (this.handle !== null) {
      if (isString(topic)) {
        id = esp_mqtt_client_subscribe_single(this.handle, cstr(topic), qos);
      } else {
        const list = castPtr<esp_mqtt_topic_t>(malloc(size_t(n) * sizeOf<esp_mqtt_topic_t>()));
        if (list === null) return refuse("subscribe", "out of memory");
        countTopics(topic, "subscribe", true, list);
        id = esp_mqtt_client_subscribe_multiple(this.handle, list, n);
        free(list);
      }
    }
    return this.started("subscribe", id, Op.SUBSCRIBE, fn);
  }

  /**
   * Unsubscribes from one topic filter, or from each key of a table `{[filter] = true, ...}`.
   * @param topic a topic filter, or a table whose keys are filters
   * @param fn `function(client, ok)` at the UNSUBACK (of the last filter, for a table); without it "unsuback" fires
   * @returns false (and a logged reason) when not connected or esp-mqtt refused it
   * @example ../examples/mqtt/unsubscribe.lua
   */
  unsubscribe(topic: LuaString | LuaTable, fn: LuaFunction | null = null): bool {
    let n: int = 1;
    if (isString(topic)) checkString(topic, "unsubscribe", "the topic");
    else n = countTopics(topic, "unsubscribe", false, null);
    if (n === 0) return refuse("unsubscribe", "no topics in the table");
    // without an esp-mqtt client id stays -1: started() refuses it as "not connected"
    let id: int = -1;
    if (this.handle !== null) {
      if (isString(topic)) {
        id = esp_mqtt_client_unsubscribe(this.handle, cstr(topic));
      } else {
        // esp-mqtt v5.1.3 unsubscribes one topic per packet: fn (or "unsuback") waits for the last one, the others call nothing
        for (const [filter] of pairs(topic)) {
          if (!isString(filter)) continue; // checked by countTopics: every key is
          if (id >= 0) this.track(id, Op.SUBSCRIBE);
          id = esp_mqtt_client_unsubscribe(this.handle, cstr(filter));
          if (id < 0) break;
        }
      }
    }
    return this.started("unsubscribe", id, Op.SUBSCRIBE, fn);
  }

  /** collected: the connection ends and every registry ref the client holds is released */
  __gc(): void {
    // a client with operations waiting is anchored: by now stopClient() has ended them all
    this.ended(this.stopClient());
    unlinkClient(this);
  }

  /**
   * What publish/subscribe/unsubscribe return: false with the reason logged when esp-mqtt refused the
   * operation (msg id < 0, or -1 when there is no esp-mqtt client); else its callback waits for the acknowledgement.
   */
  private started(operation: cstring, id: int, op: Op, fn: LuaFunction | null): bool {
    if (id < 0) return refuse(operation, this.connected ? "rejected by esp-mqtt" : "not connected");
    if (fn !== null) this.track(id, op).fn = fn;
    return true;
  }

  /** The acknowledgement `key` of `op` is waited for; its callback is unset until the caller sets one. */
  private track(key: int, op: Op): Ptr<Pending> {
    const p = castPtr<Pending>(malloc(sizeOf<Pending>()));
    if (p === null) luaError("out of memory");
    p.key = key;
    p.op = op;
    p.fn = LUA_NOREF; // fresh memory: nothing to release
    p.next = this.pending;
    this.pending = p;
    return p;
  }

  /**
   * @internal the acknowledged operation `key` (an esp-mqtt message id) ended: its callback gets (client, ok).
   * False when nothing waited for it: the caller fires the ESP8266 event instead.
   */
  settle(key: int, ok: bool): bool {
    let p = this.pending;
    while (p !== null && (p.key !== key || p.op === Op.SENT)) p = p.next;
    if (p === null) return false;
    this.release(p, ok);
    return true;
  }

  /** @internal the oldest pending callback of `op` (the list is newest first) gets (client, ok); false if none */
  settleOldest(op: Op, ok: bool): bool {
    let oldest: Ptr<Pending> | null = null;
    for (let p = this.pending; p !== null; p = p.next) {
      if (p.op === op) oldest = p;
    }
    if (oldest === null) return false;
    this.release(oldest, ok);
    return true;
  }

  /** @internal unlinks `p` first (a callback may close or reuse the client), then finishes it */
  release(p: Ptr<Pending>, ok: bool): void {
    if (this.pending === p) this.pending = p.next;
    for (let q = this.pending; q !== null; q = q.next) {
      if (q.next === p) q.next = p.next;
    }
    this.finish(p, ok);
  }

  /** @internal the one call of an unlinked operation's callback, then it is freed. A QoS 0 publish without a callback of its own fires "puback". */
  finish(p: Ptr<Pending>, ok: bool): void {
    if (p.op === Op.SENT && p.fn === null) callLua(this.callbacks[On.PUBACK]!, this, ok);
    else callLua(p.fn, this, ok);
    p.fn = null;
    free(p);
  }

  /**
   * @internal the operations of a connection that ended (stopClient's list, newest first) are never acknowledged:
   * oldest first, each calls back with false, a QoS 0 publish with true (esp-mqtt wrote it before publish returned).
   */
  ended(list: Ptr<Pending> | null): void {
    let oldest: Ptr<Pending> | null = null;
    while (list !== null) {
      const p: Ptr<Pending> = list;
      list = p.next;
      p.next = oldest;
      oldest = p;
    }
    while (oldest !== null) {
      const p: Ptr<Pending> = oldest;
      oldest = p.next;
      this.finish(p, p.op === Op.SENT);
    }
  }

  /** @internal `op`'s callbacks get (client, false), oldest first, while `conn` is still this client's connection */
  failAll(op: Op, conn: uint32): void {
    while (this.conn === conn && this.settleOldest(op, false)) {}
  }

  /** @internal queues the flush of the QoS 0 callbacks unless one is queued; the Lua task cannot wait for a slot */
  postSent(): void {
    if (this.sentPosted) return;
    this.sentPosted = posted(sent(this.conn));
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

  /**
   * @internal destroys the esp-mqtt client (blocks until its task ended), so no event can come after.
   * Returns the operations that were waiting, for ended() once the caller has put the client in its new state.
   */
  stopClient(): Ptr<Pending> | null {
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
    const waiting = this.pending;
    this.pending = null;
    return waiting;
  }
}

/**
 * Every false from publish/subscribe/unsubscribe says why, in one warning.
 * @cold an error path
 */
function refuse(operation: cstring, reason: cstring): bool {
  ESP_LOGW("mqtt", "%s returned false: %s", operation, reason);
  return false;
}

/** A QoS argument: 0, 1 or 2 (an int parameter: 1.5 was refused as no integer). */
function validQos(qos: int): bool {
  return qos >= 0 && qos <= 2;
}

/** Whether a URI starts with a scheme such as "mqtts://" (any case, as esp-mqtt reads it). */
function hasScheme(uri: cstring | null, scheme: cstring): bool {
  return strncasecmp(uri, scheme, strlen(scheme)) === 0;
}

/**
 * Raises "<op>: <what> must be at most 65535 bytes without NUL bytes" unless `s` fits an MQTT
 * string (esp-mqtt takes C strings): one message format for every string argument.
 */
function checkString(s: Bytes, op: cstring, what: cstring): void {
  if (size_t(s.length) > MAX_MQTT_STRING || memchr(cstr(s), 0, size_t(s.length)) !== null) {
    luaError("%s: %s must be at most 65535 bytes without NUL bytes", op, what);
  }
}

/**
 * Checks the table form of subscribe (`qos`: values are QoS numbers) or unsubscribe before anything
 * is sent: every key a topic string that fits an MQTT string. The number of topics, or -1 when a
 * value is a number but no QoS (the caller raises it against its argument). Given a `list` with
 * room for them all, it also fills it with each topic and its QoS, for subscribe's one packet.
 */
function countTopics(t: LuaTable, op: cstring, qos: bool, list: Ptr<esp_mqtt_topic_t> | null): int {
  const wrong = qos ? "subscribe: the table maps topic strings to QoS numbers" : "unsubscribe: the table's keys must be topic strings";
  let n: int = 0;
  let badQos = false;
  for (const [filter, q] of pairs(t)) {
    if (!isString(filter)) luaError(wrong);
    checkString(filter, op, "each topic");
    if (qos) {
      if (!isNumber(q)) luaError(wrong);
      // compared as a number: 1.5 is no QoS, under Lua 5.1 as under 5.3
      if (!(q === 0 || q === 1 || q === 2)) badQos = true;
      if (list !== null) {
        at(list, n).filter = cstr(filter);
        at(list, n).qos = int(q);
      }
    }
    n++;
  }
  return badQos ? -1 : n;
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
  // another socket error, before TLS (esp-tls could not connect) or without it
  if (e.esp_tls_last_esp_err === 0 || e.esp_tls_last_esp_err === TLS_FAILED_CONNECT_TO_HOST) return ConnFail.SERVER_NOT_FOUND;
  return ConnFail.TLS;
}

/** esp-mqtt's event handler: runs in the MQTT task, copies what Lua needs and posts it. */
function onMqttEvent(arg: Ptr<void> | null, base: esp_event_base_t, id: int32, data: Ptr<void> | null): void {
  const self = castPtr<Client>(arg);
  const ev = castPtr<esp_mqtt_event_t>(data);
  // the Lua task is destroying this connection: whatever it would be told is ignored
  if (waitAbandoned(self.conn)) return;
  let kind: int = Ev.CONNECTED;
  let code: int = ev.msg_id;
  switch (ev.event_id) {
    case esp_mqtt_event_id_t.MQTT_EVENT_CONNECTED:
      kind = Ev.CONNECTED;
      code = ev.session_present;
      break;
    case esp_mqtt_event_id_t.MQTT_EVENT_ERROR:
      if (ev.error_handle !== null && ev.error_handle.error_type !== esp_mqtt_error_type_t.MQTT_ERROR_TYPE_SUBSCRIBE_FAILED) self.failReason = failureReason(ev.error_handle);
      return;
    case esp_mqtt_event_id_t.MQTT_EVENT_DISCONNECTED:
      kind = Ev.DISCONNECTED;
      code = self.failReason;
      self.failReason = 0;
      break;
    case esp_mqtt_event_id_t.MQTT_EVENT_SUBSCRIBED: {
      const refused = ev.error_handle !== null && ev.error_handle.error_type === esp_mqtt_error_type_t.MQTT_ERROR_TYPE_SUBSCRIBE_FAILED;
      kind = refused ? Ev.SUB_REFUSED : Ev.SUBSCRIBED;
      break;
    }
    case esp_mqtt_event_id_t.MQTT_EVENT_UNSUBSCRIBED: kind = Ev.UNSUBSCRIBED; break;
    case esp_mqtt_event_id_t.MQTT_EVENT_PUBLISHED: kind = Ev.PUBLISHED; break;
    // a QoS > 0 message esp-mqtt dropped from its outbox unacknowledged (CONFIG_MQTT_REPORT_DELETED_MESSAGES)
    case esp_mqtt_event_id_t.MQTT_EVENT_DELETED: kind = Ev.DELETED; break;
    case esp_mqtt_event_id_t.MQTT_EVENT_DATA:
      reassemble(self, ev);
      return;
    default: return;
  }
  // every event without a topic or payload goes to the Lua task the same way
  const none = bytes("");
  deliver(self.conn, kind, code, none, none);
}

/**
 * A message longer than esp-mqtt's buffer comes in chunks: Lua gets it whole, in one allocation
 * made at the first chunk. The first chunk is the one with the topic (it may carry no data at all,
 * when the topic fills the buffer: then the second chunk has offset 0 too); later ones have none.
 * Over the limit only the topic and the payload's start are kept, for "overflow"; esp-mqtt has
 * acknowledged the message (QoS 1/2) either way.
 */
function reassemble(self: Ptr<Client>, ev: Ptr<esp_mqtt_event_t>): void {
  const total = size_t(ev.total_data_len);
  const at = size_t(ev.current_data_offset);
  const len = size_t(ev.data_len);
  if (ev.topic !== null) {
    free(self.rx);
    self.rx = null;
    const topicLen = size_t(ev.topic_len);
    const keep = keptPayload(self.maxMessage, topicLen, total);
    if (len === total) {
      // the whole message in one event: no buffer
      deliver(self.conn, keep === total ? Ev.MESSAGE : Ev.OVERFLOW, ev.total_data_len, bytesFrom(ev.topic, topicLen), bytesFrom(ev.data, keep));
      return;
    }
    const buf = castPtr<char>(malloc(topicLen + keep));
    if (buf === null) {
      ESP_LOGE("mqtt", "message of %d bytes dropped: out of memory", ev.total_data_len);
      return;
    }
    self.rx = buf;
    self.rxTopicLen = topicLen;
    self.rxKeep = keep;
    memcpy(buf, ev.topic, topicLen);
  }
  const rx = self.rx;
  if (rx === null) return; // the first chunk was dropped
  if (len > 0 && at < self.rxKeep) {
    const room = self.rxKeep - at;
    memcpy(offset(rx, self.rxTopicLen + at), ev.data, len < room ? len : room);
  }
  if (at + len >= total) {
    deliver(self.conn, self.rxKeep === total ? Ev.MESSAGE : Ev.OVERFLOW, ev.total_data_len, bytesFrom(rx, self.rxTopicLen), bytesFrom(offset(rx, self.rxTopicLen), self.rxKeep));
    free(rx);
    self.rx = null;
  }
}

/**
 * How many payload bytes of a message Lua gets: all when topic + payload fit max_message_length
 * (no limit set: when the payload fits MAX_MESSAGE), else what fits after the topic.
 */
function keptPayload(max: size_t, topicLen: size_t, total: size_t): size_t {
  if (max === 0) return total <= MAX_MESSAGE ? total : MAX_MESSAGE;
  if (topicLen + total <= max) return total;
  return topicLen < max ? max - topicLen : 0;
}

/**
 * @luaTask prio=high
 * Fires a client's QoS 0 callbacks. Posted by the Lua task itself, which cannot drain
 * the queue while waiting: no wait=; at most one is queued per client, on the high
 * priority queue (which deliver() does not fill), and a failed post is retried by the
 * next event (postSent, deliver).
 */
function sent(conn: uint32): void {
  const c = findClient(conn);
  if (c !== null) c.flushSent();
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
      callLua(c.callbacks[On.CONNECT]!, c, code !== 0);
      break;
    case Ev.DISCONNECTED:
      // esp-mqtt forgets subscribes and unsubscribes in flight when the connection drops: they failed
      c.failAll(Op.SUBSCRIBE, conn);
      if (c.conn !== conn) break;
      if (c.connected) {
        // on an established connection esp-mqtt reports a transport error without errno when it cannot read a
        // packet (too big for its buffer, a bad header...): its own error line says which, this one what it cost
        if (code === ConnFail.NOT_A_CONNACK_MSG) ESP_LOGE("mqtt", "connection dropped: esp-mqtt could not read a packet from the broker (its error line above says why)");
        c.connected = false;
        callLua(c.callbacks[On.OFFLINE]!, c);
      } else if (!c.everConnected) {
        // no ERROR event before DISCONNECTED: the server took the connection but sent no CONNACK
        callLua(c.callbacks[On.CONNFAIL]!, c, code !== 0 ? code : ConnFail.TIMEOUT_RECEIVING);
      }
      // unless the callback already closed or replaced this connection, a client that will not reconnect
      // stops: its QoS 1/2 publishes will never be acknowledged
      if (c.conn === conn && (!c.autoreconnect || !c.everConnected)) {
        c.failAll(Op.PUBLISH, conn);
        if (c.conn === conn) c.ended(c.stopClient());
      }
      break;
    case Ev.PUBLISHED:
    case Ev.SUBSCRIBED:
    case Ev.SUB_REFUSED:
    case Ev.UNSUBSCRIBED: {
      // an acknowledgement nothing waited for goes to the ESP8266 event, with the same (client, ok)
      const ok = kind !== Ev.SUB_REFUSED;
      const event = kind === Ev.PUBLISHED ? On.PUBACK : kind === Ev.UNSUBSCRIBED ? On.UNSUBACK : On.SUBACK;
      if (!c.settle(code, ok)) callLua(c.callbacks[event]!, c, ok);
      break;
    }
    // dropped from esp-mqtt's outbox unacknowledged: no acknowledgement, so no ESP8266 event
    case Ev.DELETED: c.settle(code, false); break;
    case Ev.MESSAGE: callLua(c.callbacks[On.MESSAGE]!, c, topic, payload); break;
    case Ev.OVERFLOW:
      // code: the payload's full length; payload: its start, what fits the limit after the topic
      if (c.callbacks[On.OVERFLOW] !== null) callLua(c.callbacks[On.OVERFLOW]!, c, topic, payload);
      else ESP_LOGE("mqtt", "message of %d bytes dropped: larger than %d", code, c.maxMessage !== 0 ? int(c.maxMessage) : MAX_MESSAGE);
      break;
    default: break;
  }
}
