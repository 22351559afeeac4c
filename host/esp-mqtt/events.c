/*
 * Events of the host esp-mqtt client: dispatch to the registered handlers,
 * and the libmosquitto callbacks (all run on the client thread) that become
 * esp-mqtt events, with the libmosquitto instance that calls them.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "mqtt_host_internal.h"

ESP_EVENT_DEFINE_BASE(MQTT_EVENTS);

/* Calls the handlers registered for ev->event_id, on the client thread,
 * without holding the lock: handlers may call the API. */
static void dispatch(struct esp_mqtt_client *c, esp_mqtt_event_t *ev)
{
    host_mqtt_handler_t handlers[HOST_MQTT_MAX_HANDLERS];
    pthread_mutex_lock(&c->lock);
    int n = c->handler_count;
    memcpy(handlers, c->handlers, (size_t)n * sizeof(handlers[0]));
    ev->protocol_ver = c->cfg.protocol;
#ifdef CONFIG_MQTT_PROTOCOL_5
    ev->property = host_mqtt5_on(c) ? &c->v5.event_property : NULL;
#endif
    pthread_mutex_unlock(&c->lock);

    ev->client = c;
    ev->error_handle = &c->error;
    for (int i = 0; i < n; i++) {
        if (handlers[i].event_id == MQTT_EVENT_ANY || handlers[i].event_id == ev->event_id) {
            handlers[i].fn(handlers[i].arg, MQTT_EVENTS, ev->event_id, ev);
        }
    }
#ifdef CONFIG_MQTT_PROTOCOL_5
    /* as esp_mqtt_dispatch_event: the user properties live for one event; the
     * strings here are the host's copies and go with them */
    host_mqtt5_event_done(c);
#endif
}

void dispatch_simple(struct esp_mqtt_client *c, esp_mqtt_event_id_t id, int msg_id)
{
    esp_mqtt_event_t *ev = &c->event;
    memset(ev, 0, sizeof(*ev));
    ev->event_id = id;
    ev->msg_id = msg_id;
    dispatch(c, ev);
}

void set_transport_error(struct esp_mqtt_client *c, esp_err_t esp_tls_err, int sock_errno)
{
    c->error.error_type = MQTT_ERROR_TYPE_TCP_TRANSPORT;
    c->error.connect_return_code = MQTT_CONNECTION_ACCEPTED;
    c->error.esp_tls_last_esp_err = esp_tls_err;
    c->error.esp_tls_stack_err = c->tls_alert;
    c->error.esp_tls_cert_verify_flags = c->tls_verify_error;
    c->error.esp_transport_sock_errno = sock_errno;
}

/* ---------------------------------------------------- libmosquitto callbacks */

static void on_connect(struct mosquitto *m, void *obj, int rc, int flags)
{
    (void)m;
    struct esp_mqtt_client *c = obj;
    /* esp-mqtt reads a CONNACK only while connecting (esp_mqtt_connect); on an
     * open connection mqtt_process_receive has no case for one and skips it.
     * libmosquitto calls back for every CONNACK. */
    pthread_mutex_lock(&c->lock);
    bool open = c->state == HOST_ST_CONNECTED;
    pthread_mutex_unlock(&c->lock);
    if (open) {
        host_mqtt_log("CONNACK (code %d) on an open connection ignored, as esp-mqtt does", rc);
        return;
    }
    if (rc != 0) {
        c->refused = true;
        c->error = (esp_mqtt_error_codes_t){ .error_type = MQTT_ERROR_TYPE_CONNECTION_REFUSED,
                                             .connect_return_code = (esp_mqtt_connect_return_code_t)rc };
        dispatch_simple(c, MQTT_EVENT_ERROR, 0);
        return;
    }
    pthread_mutex_lock(&c->lock);
    c->state = HOST_ST_CONNECTED;
    c->connected_at_ms = now_ms();
    c->keepalive_tick_ms = c->connected_at_ms;
    c->wait_for_ping_resp = false;
    /* QoS 0 messages that enqueue(store=true) kept while offline go out now. */
    for (int i = c->outbox_count - 1; i >= 0; i--) {
        host_outbox_item_t *it = &c->outbox[i];
        if (it->kind == HOST_OUT_QOS0_STORED) {
            mosquitto_publish(c->mosq, NULL, it->topic, it->data_len, it->data, 0, it->retain != 0);
            outbox_remove_at(c, i);
        }
    }
    pthread_mutex_unlock(&c->lock);

    esp_mqtt_event_t *ev = &c->event;
    memset(ev, 0, sizeof(*ev));
    ev->event_id = MQTT_EVENT_CONNECTED;
    ev->session_present = flags & 1;
    dispatch(c, ev);
}

static void on_disconnect(struct mosquitto *m, void *obj, int rc)
{
    (void)m;
    struct esp_mqtt_client *c = obj;
    c->link_down = true;
    c->down_rc = rc;
}

static void on_publish(struct mosquitto *m, void *obj, int mid)
{
    (void)m;
    struct esp_mqtt_client *c = obj;
    /* libmosquitto also reports QoS 0 messages when written; esp-mqtt
     * reports only acknowledged QoS 1/2 ones, which are in the outbox. */
    if (outbox_take(c, HOST_OUT_PUBLISH, mid)) {
        dispatch_simple(c, MQTT_EVENT_PUBLISHED, mid);
    }
}

static void on_subscribe(struct mosquitto *m, void *obj, int mid, int count, const int *granted)
{
    (void)m;
    struct esp_mqtt_client *c = obj;
    if (!outbox_take(c, HOST_OUT_SUBSCRIBE, mid)) {
        return;
    }
    char codes[64];
    char *data = count <= (int)sizeof(codes) ? codes : malloc((size_t)count);
    if (data == NULL) {
        return;
    }
    /* As esp-mqtt: the SUBACK return codes are the event data, and one 0x80
     * (failure) among them marks the whole event MQTT_ERROR_TYPE_SUBSCRIBE_FAILED. */
    c->error.error_type = MQTT_ERROR_TYPE_NONE;
    c->error.connect_return_code = MQTT_CONNECTION_ACCEPTED;
    c->error.esp_tls_last_esp_err = 0;
    c->error.esp_tls_stack_err = 0;
    c->error.esp_tls_cert_verify_flags = 0;
    for (int i = 0; i < count; i++) {
        data[i] = (char)(granted[i] & 0xff);
        if ((granted[i] & 0xff) == 0x80) {
            c->error.error_type = MQTT_ERROR_TYPE_SUBSCRIBE_FAILED;
        }
    }
    esp_mqtt_event_t *ev = &c->event;
    memset(ev, 0, sizeof(*ev));
    ev->event_id = MQTT_EVENT_SUBSCRIBED;
    ev->msg_id = mid;
    ev->data = data;
    ev->data_len = count;
    ev->total_data_len = count;
    dispatch(c, ev);
    if (data != codes) {
        free(data);
    }
}

static void on_unsubscribe(struct mosquitto *m, void *obj, int mid)
{
    (void)m;
    struct esp_mqtt_client *c = obj;
    if (outbox_take(c, HOST_OUT_UNSUBSCRIBE, mid)) {
        dispatch_simple(c, MQTT_EVENT_UNSUBSCRIBED, mid);
    }
}

/* Bytes of a PUBLISH packet's fixed header for a remaining length. */
int fixed_header_len(long remaining)
{
    return 1 + (remaining < 128 ? 1 : remaining < 16384 ? 2 : remaining < 2097152 ? 3 : 4);
}

/*
 * One received message becomes one or more MQTT_EVENT_DATA events, cut where
 * esp-mqtt's receive buffer cuts it: the first event carries the topic and as
 * much payload as fits in the buffer after the packet header, the next ones
 * carry buffer-sized slices. The slices point into libmosquitto's message:
 * nothing is allocated or copied here.
 */
static void deliver_message(struct esp_mqtt_client *c, const struct mosquitto_message *msg, int props_len)
{
    int buffer = c->rx_buffer_size;
    int topic_len = (int)strlen(msg->topic);
    int total = msg->payloadlen;
    int id_len = msg->qos > 0 ? 2 : 0;
    long remaining = 2L + topic_len + id_len + props_len + total;
    int header = fixed_header_len(remaining) + 2 + topic_len + id_len;

    /* esp-mqtt v5.1.3 (mqtt_message_receive) needs the fixed header, topic
     * and packet id in its buffer. Without the topic length's 2 bytes in its
     * sum it reads a header 1-2 bytes too long for the buffer, whose topic
     * then fails to parse (deliver_publish): the connection is dropped, with
     * no ERROR event; longer ones fail its check: ERROR, then dropped. */
    if (header > buffer) {
        /* esp-mqtt's own error lines, as on the device */
        if (header - 2 > buffer) {
            host_mqtt_error("mqtt_message_receive: message is too big, insufficient buffer size");
            c->rx_too_big = HOST_RX_TOO_BIG_ERROR;
        } else {
            host_mqtt_error("deliver_publish: mqtt_get_publish_topic() failed");
            c->rx_too_big = HOST_RX_TOO_BIG_QUIET;
        }
        int fd = mosquitto_socket(c->mosq);
        if (fd >= 0) {
            shutdown(fd, SHUT_RDWR);
        }
        return;
    }
#ifdef CONFIG_MQTT_PROTOCOL_5
    /* v5: the properties come next in esp-mqtt's buffer (its size check above
     * leaves them out); the first event's payload starts after them */
    header += props_len;
    if (props_len > 0 && header > buffer) {
        host_mqtt_error("deliver_publish: esp_mqtt5_get_publish_data() failed");
        c->rx_too_big = HOST_RX_TOO_BIG_QUIET;
        int fd = mosquitto_socket(c->mosq);
        if (fd >= 0) {
            shutdown(fd, SHUT_RDWR);
        }
        return;
    }
    bool pfi = c->v5.event_property.payload_format_indicator;
    uint16_t subscribe_id = c->v5.event_property.subscribe_id;
#endif
    int first = total;
    if ((long)header + total > buffer) {
        first = buffer > header ? buffer - header : 0;
    }

    esp_mqtt_event_t *ev = &c->event;
    memset(ev, 0, sizeof(*ev));
    ev->event_id = MQTT_EVENT_DATA;
    ev->msg_id = msg->qos > 0 ? msg->mid : 0;
    ev->qos = msg->qos;
    ev->retain = msg->retain;
    ev->total_data_len = total;
    ev->topic = msg->topic;
    ev->topic_len = topic_len;

    char *payload = msg->payload;
    int offset = 0;
    int len = first;
    for (;;) {
        ev->data = len > 0 ? payload + offset : NULL;
        ev->data_len = len;
        ev->current_data_offset = offset;
        dispatch(c, ev);
        offset += len;
        if (offset >= total) {
            break;
        }
        ev->topic = NULL;
        ev->topic_len = 0;
        len = total - offset < buffer ? total - offset : buffer;
#ifdef CONFIG_MQTT_PROTOCOL_5
        /* later chunks: no strings nor user properties (esp-mqtt's point into
         * its receive buffer, which by then holds payload), the numbers stay */
        c->v5.event_property.payload_format_indicator = pfi;
        c->v5.event_property.subscribe_id = subscribe_id;
#endif
    }
}

#ifndef CONFIG_MQTT_PROTOCOL_5
static void on_message(struct mosquitto *m, void *obj, const struct mosquitto_message *msg)
{
    (void)m;
    deliver_message(obj, msg, 0);
}
#endif

/* libmosquitto calls no callback for a PINGRESP, but logs it: the keepalive of
 * connection.c (esp-mqtt's) counts from the last one. */
static void on_log(struct mosquitto *m, void *obj, int level, const char *text)
{
    (void)m;
    struct esp_mqtt_client *c = obj;
    static const char pingresp[] = " received PINGRESP";
    size_t n = strlen(text);
    if (level == MOSQ_LOG_DEBUG && n >= sizeof(pingresp) - 1 && strcmp(text + n - (sizeof(pingresp) - 1), pingresp) == 0) {
        c->keepalive_tick_ms = now_ms();
        c->wait_for_ping_resp = false;
    }
}

#ifdef CONFIG_MQTT_PROTOCOL_5
/* The v5 callbacks: libmosquitto calls them for every protocol version (props
 * NULL before v5). Each fills the event's property block, then runs the
 * 3.1.1 path; what no event took is freed at the end. */

static void on_connect_v5(struct mosquitto *m, void *obj, int rc, int flags, const mosquitto_property *props)
{
    struct esp_mqtt_client *c = obj;
    if (host_mqtt5_on(c)) {
        pthread_mutex_lock(&c->lock);
        bool open = c->state == HOST_ST_CONNECTED;
        if (!open) {
            host_mqtt5_read_connack(c, props);
        }
        pthread_mutex_unlock(&c->lock);
        host_mqtt5_event_props(c, props, false);
        if (rc != 0) {
            host_mqtt5_print_reason(rc);
        }
    }
    on_connect(m, obj, rc, flags);
    host_mqtt5_event_done(c);
}

static void on_disconnect_v5(struct mosquitto *m, void *obj, int rc, const mosquitto_property *props)
{
    (void)props;
    struct esp_mqtt_client *c = obj;
    if (host_mqtt5_on(c) && rc >= 0x80) {
        /* esp-mqtt e6afdb4 has no case for a DISCONNECT packet: it skips it
         * and only sees the connection end, so its reason reaches no event */
        host_mqtt_error("(host) the broker sent DISCONNECT with reason 0x%02x; esp-mqtt skips the packet and sees the connection close",
                        (unsigned)rc);
        c->server_disconnected = true;
    }
    on_disconnect(m, obj, rc);
}

static void on_publish_v5(struct mosquitto *m, void *obj, int mid, int reason, const mosquitto_property *props)
{
    struct esp_mqtt_client *c = obj;
    if (!host_mqtt5_on(c)) {
        on_publish(m, obj, mid);
        return;
    }
    if (!outbox_take(c, HOST_OUT_PUBLISH, mid)) {
        return;
    }
    /* esp-mqtt: the PUBACK/PUBCOMP reason code byte is the event's data, when
     * the packet has one (a broker leaves out a 0 without properties) */
    char code = (char)(reason & 0xff);
    host_mqtt5_event_props(c, props, false);
    esp_mqtt_event_t *ev = &c->event;
    memset(ev, 0, sizeof(*ev));
    ev->event_id = MQTT_EVENT_PUBLISHED;
    ev->msg_id = mid;
    if (reason != 0 || props != NULL) {
        ev->data = &code;
        ev->data_len = 1;
        ev->total_data_len = 1;
    }
    dispatch(c, ev);
}

static void on_subscribe_v5(struct mosquitto *m, void *obj, int mid, int count, const int *granted,
                            const mosquitto_property *props)
{
    struct esp_mqtt_client *c = obj;
    if (host_mqtt5_on(c)) {
        host_mqtt5_event_props(c, props, false);
    }
    on_subscribe(m, obj, mid, count, granted);
    host_mqtt5_event_done(c);
}

static void on_unsubscribe_v5(struct mosquitto *m, void *obj, int mid, const mosquitto_property *props)
{
    struct esp_mqtt_client *c = obj;
    if (!host_mqtt5_on(c)) {
        on_unsubscribe(m, obj, mid);
        return;
    }
    if (!outbox_take(c, HOST_OUT_UNSUBSCRIBE, mid)) {
        return;
    }
    /* esp-mqtt: the UNSUBACK's reason codes are the event's data, as a
     * SUBACK's are; libmosquitto 2.0 drops them, rx_check.c kept them */
    const char *codes = NULL;
    int count = rx_check_unsuback_codes(mid, &codes);
    host_mqtt5_event_props(c, props, false);
    esp_mqtt_event_t *ev = &c->event;
    memset(ev, 0, sizeof(*ev));
    ev->event_id = MQTT_EVENT_UNSUBSCRIBED;
    ev->msg_id = mid;
    if (count > 0) {
        ev->data = (char *)codes;
        ev->data_len = count;
        ev->total_data_len = count;
    }
    dispatch(c, ev);
}

static void on_message_v5(struct mosquitto *m, void *obj, const struct mosquitto_message *msg,
                          const mosquitto_property *props)
{
    (void)m;
    struct esp_mqtt_client *c = obj;
    int props_len = 0;
    if (host_mqtt5_on(c)) {
        host_mqtt5_event_props(c, props, true);
        props_len = host_mqtt5_props_wire_len(props);
    }
    deliver_message(c, msg, props_len);
    host_mqtt5_event_done(c);
}
#endif

/* A new libmosquitto instance for a client id / clean session (both fixed at
 * mosquitto_new() time). Made without holding c->lock: libmosquitto calls our
 * callbacks with its callback mutex held, and they take c->lock, so c->lock is
 * never held while calling into libmosquitto's callback machinery. */
struct mosquitto *make_mosq(struct esp_mqtt_client *c, const char *id, bool clean)
{
    struct mosquitto *m = mosquitto_new(id, clean || id == NULL, c);
    if (m == NULL) {
        return NULL;
    }
    mosquitto_threaded_set(m, true);
#ifdef CONFIG_MQTT_PROTOCOL_5
    mosquitto_connect_v5_callback_set(m, on_connect_v5);
    mosquitto_disconnect_v5_callback_set(m, on_disconnect_v5);
    mosquitto_publish_v5_callback_set(m, on_publish_v5);
    mosquitto_subscribe_v5_callback_set(m, on_subscribe_v5);
    mosquitto_unsubscribe_v5_callback_set(m, on_unsubscribe_v5);
    mosquitto_message_v5_callback_set(m, on_message_v5);
#else
    mosquitto_connect_with_flags_callback_set(m, on_connect);
    mosquitto_disconnect_callback_set(m, on_disconnect);
    mosquitto_publish_callback_set(m, on_publish);
    mosquitto_subscribe_callback_set(m, on_subscribe);
    mosquitto_unsubscribe_callback_set(m, on_unsubscribe);
    mosquitto_message_callback_set(m, on_message);
#endif
    mosquitto_log_callback_set(m, on_log);
    return m;
}
