/*
 * esp-mqtt's client API over libmosquitto.
 *
 * Each started client runs one pthread, the host's "MQTT task": it connects
 * with mosquitto_connect(), runs mosquitto_loop(), turns libmosquitto's
 * callbacks into esp-mqtt events and calls the registered handlers, and
 * waits reconnect_timeout_ms between connection attempts. All events reach
 * the handlers on that thread, one at a time, as on the ESP32.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include "mqtt_host_internal.h"
#include "host_runtime.h"

ESP_EVENT_DEFINE_BASE(MQTT_EVENTS);

/* How long the task waits in one mosquitto_loop() call. API calls that queue
 * packets wake it through libmosquitto's socket pair, so these only bound how
 * late a timeout (CONNACK, refresh) is noticed. */
#define LOOP_WAIT_CONNECTING_MS 50
#define LOOP_WAIT_CONNECTED_MS 1000
/* How long stop() lets the task flush the DISCONNECT packet. */
#define STOP_FLUSH_MS 1000

static pthread_once_t s_lib_once = PTHREAD_ONCE_INIT;

void host_mqtt_log(const char *fmt, ...)
{
    static int enabled = -1;
    if (enabled < 0) {
        enabled = getenv("HOST_MQTT_DEBUG") != NULL;
    }
    if (!enabled) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    fputs("esp-mqtt (host): ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static void lib_init(void)
{
    mosquitto_lib_init();
}

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static bool on_client_thread(struct esp_mqtt_client *c)
{
    return c->thread_live && pthread_equal(pthread_self(), c->thread);
}

/* Takes c->lock once no connection attempt is running (see connect_attempt). */
static void lock_idle(struct esp_mqtt_client *c)
{
    pthread_mutex_lock(&c->lock);
    while (c->connecting) {
        pthread_cond_wait(&c->wake, &c->lock);
    }
}

/* ---------------------------------------------------------------- outbox */

/* Called with c->lock held. */
static bool outbox_add(struct esp_mqtt_client *c, host_outbox_item_t item)
{
    if (c->outbox_count == c->outbox_cap) {
        int cap = c->outbox_cap ? c->outbox_cap * 2 : 16;
        host_outbox_item_t *grown = realloc(c->outbox, (size_t)cap * sizeof(*grown));
        if (grown == NULL) {
            return false;
        }
        c->outbox = grown;
        c->outbox_cap = cap;
    }
    c->outbox[c->outbox_count++] = item;
    c->outbox_bytes += item.size;
    return true;
}

static void outbox_remove_at(struct esp_mqtt_client *c, int i)
{
    c->outbox_bytes -= c->outbox[i].size;
    free(c->outbox[i].topic);
    free(c->outbox[i].data);
    c->outbox[i] = c->outbox[--c->outbox_count];
}

/* Removes the item answering an acknowledgement; false when there is none
 * (esp-mqtt posts no event for an acknowledgement it did not wait for). */
static bool outbox_take(struct esp_mqtt_client *c, host_outbox_kind_t kind, int msg_id)
{
    pthread_mutex_lock(&c->lock);
    bool found = false;
    for (int i = 0; i < c->outbox_count; i++) {
        if (c->outbox[i].kind == kind && c->outbox[i].msg_id == msg_id) {
            outbox_remove_at(c, i);
            found = true;
            break;
        }
    }
    pthread_mutex_unlock(&c->lock);
    return found;
}

/* Drops items of the given kind (all kinds when all is true). Lock held. */
static void outbox_drop(struct esp_mqtt_client *c, bool all, host_outbox_kind_t kind)
{
    for (int i = c->outbox_count - 1; i >= 0; i--) {
        if (all || c->outbox[i].kind == kind) {
            outbox_remove_at(c, i);
        }
    }
}

/* ---------------------------------------------------------------- events */

/* Calls the handlers registered for ev->event_id, on the client thread,
 * without holding the lock: handlers may call the API. */
static void dispatch(struct esp_mqtt_client *c, esp_mqtt_event_t *ev)
{
    host_mqtt_handler_t handlers[HOST_MQTT_MAX_HANDLERS];
    pthread_mutex_lock(&c->lock);
    int n = c->handler_count;
    memcpy(handlers, c->handlers, (size_t)n * sizeof(handlers[0]));
    ev->protocol_ver = c->cfg.protocol;
    pthread_mutex_unlock(&c->lock);

    ev->client = c;
    ev->error_handle = &c->error;
    for (int i = 0; i < n; i++) {
        if (handlers[i].event_id == MQTT_EVENT_ANY || handlers[i].event_id == ev->event_id) {
            handlers[i].fn(handlers[i].arg, MQTT_EVENTS, ev->event_id, ev);
        }
    }
}

static void dispatch_simple(struct esp_mqtt_client *c, esp_mqtt_event_id_t id, int msg_id)
{
    esp_mqtt_event_t *ev = &c->event;
    memset(ev, 0, sizeof(*ev));
    ev->event_id = id;
    ev->msg_id = msg_id;
    dispatch(c, ev);
}

static void set_transport_error(struct esp_mqtt_client *c, esp_err_t esp_tls_err, int sock_errno)
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
    if (rc != 0) {
        c->refused = true;
        c->error.error_type = MQTT_ERROR_TYPE_CONNECTION_REFUSED;
        c->error.connect_return_code = (esp_mqtt_connect_return_code_t)rc;
        c->error.esp_tls_last_esp_err = 0;
        c->error.esp_tls_stack_err = 0;
        c->error.esp_tls_cert_verify_flags = 0;
        c->error.esp_transport_sock_errno = 0;
        dispatch_simple(c, MQTT_EVENT_ERROR, 0);
        return;
    }
    pthread_mutex_lock(&c->lock);
    c->state = HOST_ST_CONNECTED;
    c->connected_at_ms = now_ms();
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
    (void)rc;
    struct esp_mqtt_client *c = obj;
    c->link_down = true;
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
static int fixed_header_len(long remaining)
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
static void on_message(struct mosquitto *m, void *obj, const struct mosquitto_message *msg)
{
    (void)m;
    struct esp_mqtt_client *c = obj;
    int buffer = c->rx_buffer_size;
    int topic_len = (int)strlen(msg->topic);
    int total = msg->payloadlen;
    int id_len = msg->qos > 0 ? 2 : 0;
    long remaining = 2L + topic_len + id_len + total;
    int header = fixed_header_len(remaining) + 2 + topic_len + id_len;

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
    }
}

/* ------------------------------------------------------------ connection */

static int mosq_protocol(esp_mqtt_protocol_ver_t v)
{
    return v == MQTT_PROTOCOL_V_3_1 ? MQTT_PROTOCOL_V31 : MQTT_PROTOCOL_V311;
}


/* A new libmosquitto instance for a client id / clean session (both fixed at
 * mosquitto_new() time). Made without holding c->lock: libmosquitto calls our
 * callbacks with its callback mutex held, and they take c->lock, so c->lock is
 * never held while calling into libmosquitto's callback machinery. */
static struct mosquitto *make_mosq(struct esp_mqtt_client *c, const char *id, bool clean)
{
    struct mosquitto *m = mosquitto_new(id, clean || id == NULL, c);
    if (m == NULL) {
        return NULL;
    }
    mosquitto_threaded_set(m, true);
    mosquitto_connect_with_flags_callback_set(m, on_connect);
    mosquitto_disconnect_callback_set(m, on_disconnect);
    mosquitto_publish_callback_set(m, on_publish);
    mosquitto_subscribe_callback_set(m, on_subscribe);
    mosquitto_unsubscribe_callback_set(m, on_unsubscribe);
    mosquitto_message_callback_set(m, on_message);
    return m;
}

/* Replaces c->mosq by a fresh instance for the current configuration, which
 * forgets whatever the old one still queued (esp-mqtt's outbox is emptied
 * likewise). Entered and left with c->lock held; drops it meanwhile. Only the
 * client task (or init, before any task) calls this. */
static bool renew_mosq(struct esp_mqtt_client *c)
{
    char *id = c->cfg.null_client_id || c->cfg.client_id == NULL ? NULL : strdup(c->cfg.client_id);
    bool clean = c->cfg.clean_session || id == NULL;
    pthread_mutex_unlock(&c->lock);
    struct mosquitto *fresh = make_mosq(c, id, clean);
    pthread_mutex_lock(&c->lock);
    if (fresh == NULL) {
        free(id);
        return false;
    }
    struct mosquitto *old = c->mosq;
    c->mosq = fresh;
    c->ssl_ctx = NULL;
    free(c->mosq_id);
    c->mosq_id = id;
    c->mosq_clean = clean;
    outbox_drop(c, true, HOST_OUT_PUBLISH);
    if (old != NULL) {
        pthread_mutex_unlock(&c->lock);
        mosquitto_destroy(old);         /* also frees the SSL_CTX it holds */
        pthread_mutex_lock(&c->lock);
    }
    return true;
}

/* Hands libmosquitto the TLS context for this attempt (or none). libmosquitto
 * takes its own reference and forgets the previous context when a new one is
 * set, so the previous one is released here on its behalf. Lock held. */
static esp_err_t configure_tls(struct esp_mqtt_client *c)
{
    SSL_CTX *ctx = NULL;
    esp_err_t err = ESP_OK;
    if (c->cfg.transport == MQTT_TRANSPORT_OVER_SSL) {
        ctx = host_mqtt_tls_context(c, &err);
        if (ctx == NULL) {
            return err;
        }
    }
    if (ctx != NULL || c->ssl_ctx != NULL) {
        mosquitto_int_option(c->mosq, MOSQ_OPT_SSL_CTX_WITH_DEFAULTS, 0);
        mosquitto_void_option(c->mosq, MOSQ_OPT_SSL_CTX, ctx);
        if (c->ssl_ctx != NULL) {
            SSL_CTX_free(c->ssl_ctx);
        }
        if (ctx != NULL) {
            SSL_CTX_free(ctx);          /* libmosquitto holds it now */
        }
        c->ssl_ctx = ctx;
    }
    return ESP_OK;
}

/* Lock held on entry and exit; released while events are dispatched. */
static void connection_failed(struct esp_mqtt_client *c, bool report_error)
{
    c->state = HOST_ST_WAIT_RECONNECT;
    c->reconnect_at_ms = now_ms() + (uint64_t)c->cfg.reconnect_timeout_ms;
    outbox_drop(c, false, HOST_OUT_SUBSCRIBE);
    outbox_drop(c, false, HOST_OUT_UNSUBSCRIBE);
    if (!c->run) {
        return;                         /* stopping: esp-mqtt posts nothing */
    }
    pthread_mutex_unlock(&c->lock);
    if (report_error) {
        dispatch_simple(c, MQTT_EVENT_ERROR, 0);
    }
    dispatch_simple(c, MQTT_EVENT_DISCONNECTED, 0);
    pthread_mutex_lock(&c->lock);
}

/* One connection attempt: CONNECT sent (state CONNECTING) or failed. Lock
 * held on entry and exit. */
static void connect_attempt(struct esp_mqtt_client *c)
{
    host_mqtt_config_t *cfg = &c->cfg;
    c->link_down = false;
    c->refused = false;
    c->tls_handshake_done = false;
    c->tls_verify_error = 0;
    c->tls_alert = 0;

    const char *id = cfg->null_client_id ? NULL : cfg->client_id;
    bool clean = cfg->clean_session || id == NULL;
    if (c->mosq == NULL || clean != c->mosq_clean || (id == NULL) != (c->mosq_id == NULL) ||
        (id && strcmp(id, c->mosq_id) != 0)) {
        if (!renew_mosq(c)) {
            set_transport_error(c, HOST_ESP_ERR_MBEDTLS_SSL_SETUP_FAILED, ENOMEM);
            connection_failed(c, true);
            return;
        }
        if (!c->run) {
            return;                     /* stop() came while the lock was free */
        }
    }

    struct mosquitto *m = c->mosq;
    mosquitto_int_option(m, MOSQ_OPT_PROTOCOL_VERSION, mosq_protocol(cfg->protocol));
    mosquitto_username_pw_set(m, cfg->username, cfg->username ? cfg->password : NULL);
    if (cfg->will_topic) {
        mosquitto_will_set(m, cfg->will_topic, cfg->will_len, cfg->will_msg, cfg->will_qos, cfg->will_retain != 0);
    } else {
        mosquitto_will_clear(m);
    }
    esp_err_t tls_err = configure_tls(c);
    if (tls_err != ESP_OK) {
        set_transport_error(c, tls_err, 0);
        connection_failed(c, true);
        return;
    }

    uint32_t port = cfg->port;
    if (port == 0) {
        port = cfg->transport == MQTT_TRANSPORT_OVER_SSL ? HOST_MQTT_SSL_PORT : HOST_MQTT_TCP_PORT;
    }
    int keepalive = cfg->keepalive;
    if (keepalive > 0 && keepalive < 5) {
        keepalive = 5;                  /* libmosquitto's minimum */
    }
    /* esp-mqtt holds its API lock while connecting. Here API calls wait on
     * `connecting` instead, so no PUBLISH can slip in before the CONNECT,
     * while c->lock itself is not held inside libmosquitto. */
    char *host = cfg->host ? strdup(cfg->host) : NULL;
    c->connecting = true;
    pthread_mutex_unlock(&c->lock);
    int rc = host ? mosquitto_connect(m, host, (int)port, keepalive) : MOSQ_ERR_EAI;
    int err = errno;
    free(host);
    pthread_mutex_lock(&c->lock);
    c->connecting = false;
    pthread_cond_broadcast(&c->wake);
    if (rc != MOSQ_ERR_SUCCESS) {
        host_mqtt_log("connect to %s:%u failed: %s", cfg->host ? cfg->host : "(no host)", (unsigned)port,
                      rc == MOSQ_ERR_ERRNO ? strerror(err) : mosquitto_strerror(rc));
        esp_err_t esp_tls_err = HOST_ESP_ERR_ESP_TLS_FAILED_CONNECT_TO_HOST;
        int sock_errno = 0;
        if (rc == MOSQ_ERR_ERRNO) {
            sock_errno = err;
        } else if (rc == MOSQ_ERR_EAI) {
            esp_tls_err = HOST_ESP_ERR_ESP_TLS_CANNOT_RESOLVE_HOSTNAME;
        } else if (rc == MOSQ_ERR_TLS) {
            esp_tls_err = HOST_ESP_ERR_MBEDTLS_SSL_HANDSHAKE_FAILED;
        }
        set_transport_error(c, esp_tls_err, sock_errno);
        connection_failed(c, true);
        return;
    }
    c->state = HOST_ST_CONNECTING;
    c->connect_deadline_ms = now_ms() + (uint64_t)cfg->network_timeout_ms;
    c->rx_buffer_size = cfg->buffer_size;   /* read by on_message without the lock */
}

/* The connection ended (or never completed). Lock held. */
static void link_lost(struct esp_mqtt_client *c, int rc, int err)
{
    bool was_connected = c->state == HOST_ST_CONNECTED;
    bool quiet = c->refused || c->disconnect_requested || c->refreshing || c->timed_out;
    bool refresh = c->refreshing;
    c->disconnect_requested = false;
    c->refreshing = false;
    c->timed_out = false;
    c->link_down = false;
    if (!quiet) {
        int sock_errno = rc == MOSQ_ERR_ERRNO ? err : rc == MOSQ_ERR_CONN_LOST ? ECONNRESET : 0;
        esp_err_t esp_tls_err = 0;
        if (c->cfg.transport == MQTT_TRANSPORT_OVER_SSL && !was_connected &&
            (!c->tls_handshake_done || c->tls_alert || c->tls_verify_error)) {
            esp_tls_err = HOST_ESP_ERR_MBEDTLS_SSL_HANDSHAKE_FAILED;
        }
        set_transport_error(c, esp_tls_err, sock_errno);
        host_mqtt_log("connection lost (%s), tls verify %d alert %d", mosquitto_strerror(rc),
                      c->tls_verify_error, c->tls_alert);
    }
    connection_failed(c, !quiet);
    if (refresh && c->state == HOST_ST_WAIT_RECONNECT) {
        c->state = HOST_ST_INIT;        /* esp-mqtt reconnects at once after a refresh */
    }
}

/* Ends the current connection from the task: the loop then reports it. */
static void abort_socket(struct esp_mqtt_client *c)
{
    int fd = mosquitto_socket(c->mosq);
    if (fd >= 0) {
        shutdown(fd, SHUT_RDWR);
    }
}

static void *client_task(void *arg)
{
    struct esp_mqtt_client *c = arg;
    pthread_mutex_lock(&c->lock);
    while (c->run) {
        switch (c->state) {
        case HOST_ST_IDLE:
        case HOST_ST_INIT:
            pthread_mutex_unlock(&c->lock);
            dispatch_simple(c, MQTT_EVENT_BEFORE_CONNECT, 0);
            pthread_mutex_lock(&c->lock);
            if (c->run) {
                connect_attempt(c);
            }
            break;
        case HOST_ST_CONNECTING:
        case HOST_ST_CONNECTED: {
            int wait = c->state == HOST_ST_CONNECTING ? LOOP_WAIT_CONNECTING_MS : LOOP_WAIT_CONNECTED_MS;
            pthread_mutex_unlock(&c->lock);
            int rc = mosquitto_loop(c->mosq, wait, 1);
            int err = errno;
            pthread_mutex_lock(&c->lock);
            if (!c->run) {
                break;
            }
            if (rc != MOSQ_ERR_SUCCESS || c->link_down) {
                link_lost(c, rc, err);
            } else if (c->state == HOST_ST_CONNECTING && now_ms() >= c->connect_deadline_ms) {
                host_mqtt_log("no CONNACK within %d ms", c->cfg.network_timeout_ms);
                c->timed_out = true;
                abort_socket(c);
            } else if (c->state == HOST_ST_CONNECTED && c->cfg.refresh_connection_after_ms > 0 &&
                       now_ms() - c->connected_at_ms >= (uint64_t)c->cfg.refresh_connection_after_ms &&
                       !c->refreshing) {
                c->refreshing = true;
                mosquitto_disconnect(c->mosq);
            }
            break;
        }
        case HOST_ST_WAIT_RECONNECT: {
            if (c->reconnect_requested) {
                c->reconnect_requested = false;
                c->state = HOST_ST_INIT;
                break;
            }
            uint64_t now = now_ms();
            if (c->cfg.auto_reconnect && now >= c->reconnect_at_ms) {
                c->state = HOST_ST_INIT;
                break;
            }
            if (c->cfg.auto_reconnect) {
                struct timespec until;
                clock_gettime(CLOCK_MONOTONIC, &until);
                uint64_t left = c->reconnect_at_ms - now;
                until.tv_sec += (time_t)(left / 1000);
                until.tv_nsec += (long)(left % 1000) * 1000000L;
                if (until.tv_nsec >= 1000000000L) {
                    until.tv_sec++;
                    until.tv_nsec -= 1000000000L;
                }
                pthread_cond_timedwait(&c->wake, &c->lock, &until);
            } else {
                pthread_cond_wait(&c->wake, &c->lock);
            }
            break;
        }
        }
    }

    /* Stopping: let libmosquitto write the DISCONNECT that stop() queued. */
    bool flush = c->flush_on_stop;
    c->flush_on_stop = false;
    pthread_mutex_unlock(&c->lock);
    uint64_t flush_until = now_ms() + STOP_FLUSH_MS;
    while (flush && mosquitto_socket(c->mosq) >= 0 && mosquitto_want_write(c->mosq) && now_ms() < flush_until) {
        if (mosquitto_loop(c->mosq, 50, 1) != MOSQ_ERR_SUCCESS) {
            break;
        }
    }
    pthread_mutex_lock(&c->lock);
    /* esp-mqtt empties its outbox when the task ends: a fresh instance
     * forgets the messages libmosquitto still holds. */
    outbox_drop(c, true, HOST_OUT_PUBLISH);
    renew_mosq(c);
    c->state = HOST_ST_IDLE;
    pthread_mutex_unlock(&c->lock);
    return NULL;
}

/* -------------------------------------------------------------- the API */

esp_mqtt_client_handle_t esp_mqtt_client_init(const esp_mqtt_client_config_t *config)
{
    if (config == NULL) {
        return NULL;
    }
    pthread_once(&s_lib_once, lib_init);
    struct esp_mqtt_client *c = calloc(1, sizeof(*c));
    if (c == NULL) {
        return NULL;
    }
    pthread_mutex_init(&c->lock, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&c->wake, &attr);
    pthread_condattr_destroy(&attr);

    pthread_mutex_lock(&c->lock);
    esp_err_t err = host_mqtt_apply_config(c, config);
    if (err == ESP_OK && !renew_mosq(c)) {
        err = ESP_ERR_NO_MEM;
    }
    pthread_mutex_unlock(&c->lock);
    if (err != ESP_OK) {
        esp_mqtt_client_destroy(c);
        return NULL;
    }
    return c;
}

esp_err_t esp_mqtt_set_config(esp_mqtt_client_handle_t client, const esp_mqtt_client_config_t *config)
{
    if (client == NULL || config == NULL) {
        return ESP_ERR_INVALID_ARG;
    }
    pthread_mutex_lock(&client->lock);
    esp_err_t err = host_mqtt_apply_config(client, config);
    pthread_mutex_unlock(&client->lock);
    return err;
}

esp_err_t esp_mqtt_client_set_uri(esp_mqtt_client_handle_t client, const char *uri)
{
    if (client == NULL) {
        return ESP_ERR_INVALID_ARG;
    }
    pthread_mutex_lock(&client->lock);
    esp_err_t err = host_mqtt_parse_uri(&client->cfg, uri);
    pthread_mutex_unlock(&client->lock);
    return err == ESP_ERR_NO_MEM ? err : (err == ESP_OK ? ESP_OK : ESP_FAIL);
}

esp_err_t esp_mqtt_client_start(esp_mqtt_client_handle_t client)
{
    if (client == NULL) {
        return ESP_ERR_INVALID_ARG;
    }
    pthread_mutex_lock(&client->lock);
    if (client->thread_live || client->mosq == NULL) {
        pthread_mutex_unlock(&client->lock);
        return ESP_FAIL;
    }
    client->run = true;
    client->state = HOST_ST_INIT;
    client->reconnect_requested = false;
    client->disconnect_requested = false;
    if (pthread_create(&client->thread, NULL, client_task, client) != 0) {
        client->run = false;
        client->state = HOST_ST_IDLE;
        pthread_mutex_unlock(&client->lock);
        return ESP_FAIL;
    }
    client->thread_live = true;
    client->runtime_held = true;
    pthread_mutex_unlock(&client->lock);
    host_runtime_hold();
    return ESP_OK;
}

esp_err_t esp_mqtt_client_stop(esp_mqtt_client_handle_t client)
{
    if (client == NULL) {
        return ESP_ERR_INVALID_ARG;
    }
    lock_idle(client);
    if (!client->thread_live || !client->run) {
        pthread_mutex_unlock(&client->lock);
        return ESP_FAIL;
    }
    if (on_client_thread(client)) {
        pthread_mutex_unlock(&client->lock);
        fprintf(stderr, "esp-mqtt (host): a client cannot be stopped from its own event handler\n");
        return ESP_FAIL;
    }
    if (client->state == HOST_ST_CONNECTED) {
        mosquitto_disconnect(client->mosq);     /* queued; the task writes it */
        client->flush_on_stop = true;
    }
    client->run = false;
    pthread_cond_broadcast(&client->wake);
    pthread_t thread = client->thread;
    pthread_mutex_unlock(&client->lock);

    pthread_join(thread, NULL);

    pthread_mutex_lock(&client->lock);
    client->thread_live = false;
    bool held = client->runtime_held;
    client->runtime_held = false;
    pthread_mutex_unlock(&client->lock);
    if (held) {
        host_runtime_release();
    }
    return ESP_OK;
}

esp_err_t esp_mqtt_client_destroy(esp_mqtt_client_handle_t client)
{
    if (client == NULL) {
        return ESP_ERR_INVALID_ARG;
    }
    pthread_mutex_lock(&client->lock);
    bool live = client->thread_live;
    bool own = on_client_thread(client);
    pthread_mutex_unlock(&client->lock);
    if (own) {
        fprintf(stderr, "esp-mqtt (host): a client cannot be destroyed from its own event handler\n");
        return ESP_FAIL;
    }
    if (live) {
        esp_mqtt_client_stop(client);
    }
    if (client->mosq != NULL) {
        mosquitto_destroy(client->mosq);
    }
    outbox_drop(client, true, HOST_OUT_PUBLISH);
    free(client->outbox);
    free(client->mosq_id);
    host_mqtt_free_config(&client->cfg);
    pthread_cond_destroy(&client->wake);
    pthread_mutex_destroy(&client->lock);
    free(client);
    return ESP_OK;
}

esp_err_t esp_mqtt_client_reconnect(esp_mqtt_client_handle_t client)
{
    if (client == NULL) {
        return ESP_ERR_INVALID_ARG;
    }
    pthread_mutex_lock(&client->lock);
    esp_err_t err = ESP_FAIL;
    if (client->run && client->state == HOST_ST_WAIT_RECONNECT) {
        client->reconnect_requested = true;
        pthread_cond_broadcast(&client->wake);
        err = ESP_OK;
    }
    pthread_mutex_unlock(&client->lock);
    return err;
}

esp_err_t esp_mqtt_client_disconnect(esp_mqtt_client_handle_t client)
{
    if (client == NULL) {
        return ESP_ERR_INVALID_ARG;
    }
    lock_idle(client);
    if (client->run && client->state == HOST_ST_CONNECTED && !client->disconnect_requested) {
        client->disconnect_requested = true;
        mosquitto_disconnect(client->mosq);
    }
    pthread_mutex_unlock(&client->lock);
    return ESP_OK;
}

/* Bytes an esp-mqtt outbox would hold for a PUBLISH of this size. */
static int publish_packet_size(const char *topic, int len, int qos)
{
    long remaining = 2L + (long)strlen(topic) + (qos > 0 ? 2 : 0) + len;
    return fixed_header_len(remaining) + (int)remaining;
}

static int publish_locked(struct esp_mqtt_client *c, const char *topic, const char *data, int len,
                          int qos, int retain)
{
    int mid = 0;
    int rc = mosquitto_publish(c->mosq, &mid, topic, len, data, qos, retain != 0);
    /* For QoS > 0 a missing connection is fine: libmosquitto keeps the
     * message and sends it after the next CONNACK, as esp-mqtt's outbox does. */
    if (rc != MOSQ_ERR_SUCCESS && !(rc == MOSQ_ERR_NO_CONN && qos > 0)) {
        host_mqtt_log("publish to \"%s\" failed: %s", topic, mosquitto_strerror(rc));
        return -1;
    }
    if (qos == 0) {
        return 0;
    }
    host_outbox_item_t item = { .msg_id = mid, .kind = HOST_OUT_PUBLISH,
                                .size = publish_packet_size(topic, len, qos) };
    if (!outbox_add(c, item)) {
        return -1;
    }
    return mid;
}

static bool publish_args_ok(const char *topic, const char **data, int *len, int qos)
{
    if (topic == NULL || qos < 0 || qos > 2) {
        return false;
    }
    if (*data == NULL) {
        *len = 0;
    } else if (*len <= 0) {
        *len = (int)strlen(*data);
    }
    return true;
}

int esp_mqtt_client_publish(esp_mqtt_client_handle_t client, const char *topic,
                            const char *data, int len, int qos, int retain)
{
    if (client == NULL || !publish_args_ok(topic, &data, &len, qos)) {
        return -1;
    }
    lock_idle(client);
    int ret;
    if (client->cfg.outbox_limit > 0 && qos > 0 &&
        (uint64_t)len + (uint64_t)client->outbox_bytes > client->cfg.outbox_limit) {
        ret = -2;
    } else if (client->state != HOST_ST_CONNECTED && qos == 0) {
        ret = -1;                       /* esp-mqtt loses QoS 0 data when offline */
    } else {
        ret = publish_locked(client, topic, data, len, qos, retain);
    }
    pthread_mutex_unlock(&client->lock);
    return ret;
}

int esp_mqtt_client_enqueue(esp_mqtt_client_handle_t client, const char *topic,
                            const char *data, int len, int qos, int retain, bool store)
{
    if (client == NULL || !publish_args_ok(topic, &data, &len, qos)) {
        return -1;
    }
    if (qos == 0 && !store) {
        return -1;
    }
    lock_idle(client);
    int ret;
    if (client->cfg.outbox_limit > 0 &&
        (uint64_t)len + (uint64_t)client->outbox_bytes > client->cfg.outbox_limit) {
        ret = -2;
    } else if (qos > 0 || client->state == HOST_ST_CONNECTED) {
        ret = publish_locked(client, topic, data, len, qos, retain);
    } else {
        /* A stored QoS 0 message waits for the next connection. */
        host_outbox_item_t item = { .msg_id = 0, .kind = HOST_OUT_QOS0_STORED,
                                    .size = publish_packet_size(topic, len, 0),
                                    .topic = strdup(topic), .data = malloc((size_t)len + 1),
                                    .data_len = len, .retain = retain };
        if (item.topic == NULL || item.data == NULL) {
            free(item.topic);
            free(item.data);
            ret = -1;
        } else {
            if (len > 0) {
                memcpy(item.data, data, (size_t)len);
            }
            ret = outbox_add(client, item) ? 0 : -1;
            if (ret < 0) {
                free(item.topic);
                free(item.data);
            }
        }
    }
    pthread_mutex_unlock(&client->lock);
    return ret;
}

int esp_mqtt_client_subscribe_multiple(esp_mqtt_client_handle_t client,
                                       const esp_mqtt_topic_t *topic_list, int size)
{
    if (client == NULL || topic_list == NULL || size <= 0) {
        return -1;
    }
    char *stack_filters[16];
    char **filters = size <= 16 ? stack_filters : malloc((size_t)size * sizeof(char *));
    if (filters == NULL) {
        return -1;
    }
    /* One SUBSCRIBE packet through libmosquitto, which takes one QoS for all
     * filters: the highest requested one (see docs/esp-mqtt-host.md). */
    int qos = 0;
    int bytes = 2;
    bool ok = true;
    for (int i = 0; i < size; i++) {
        if (topic_list[i].filter == NULL || topic_list[i].qos < 0 || topic_list[i].qos > 2) {
            ok = false;
            break;
        }
        filters[i] = (char *)topic_list[i].filter;
        if (topic_list[i].qos > qos) {
            qos = topic_list[i].qos;
        }
        bytes += 3 + (int)strlen(topic_list[i].filter);
    }

    int ret = -1;
    lock_idle(client);
    if (!ok) {
        ret = -1;
    } else if (client->cfg.outbox_limit > 0 && (uint64_t)client->outbox_bytes > client->cfg.outbox_limit) {
        ret = -2;
    } else if (client->state == HOST_ST_CONNECTED) {
        int mid = 0;
        int rc = mosquitto_subscribe_multiple(client->mosq, &mid, size, filters, qos, 0, NULL);
        if (rc == MOSQ_ERR_SUCCESS) {
            host_outbox_item_t item = { .msg_id = mid, .kind = HOST_OUT_SUBSCRIBE,
                                        .size = fixed_header_len(bytes) + bytes };
            ret = outbox_add(client, item) ? mid : -1;
        } else {
            host_mqtt_log("subscribe failed: %s", mosquitto_strerror(rc));
        }
    }
    pthread_mutex_unlock(&client->lock);
    if (filters != stack_filters) {
        free(filters);
    }
    return ret;
}

int esp_mqtt_client_subscribe_single(esp_mqtt_client_handle_t client, const char *topic, int qos)
{
    esp_mqtt_topic_t one = { .filter = topic, .qos = qos };
    return esp_mqtt_client_subscribe_multiple(client, &one, 1);
}

int esp_mqtt_client_unsubscribe(esp_mqtt_client_handle_t client, const char *topic)
{
    if (client == NULL || topic == NULL) {
        return -1;
    }
    int ret = -1;
    lock_idle(client);
    if (client->state == HOST_ST_CONNECTED) {
        int mid = 0;
        int rc = mosquitto_unsubscribe(client->mosq, &mid, topic);
        if (rc == MOSQ_ERR_SUCCESS) {
            int bytes = 2 + 2 + (int)strlen(topic);
            host_outbox_item_t item = { .msg_id = mid, .kind = HOST_OUT_UNSUBSCRIBE,
                                        .size = fixed_header_len(bytes) + bytes };
            ret = outbox_add(client, item) ? mid : -1;
        }
    }
    pthread_mutex_unlock(&client->lock);
    return ret;
}

esp_err_t esp_mqtt_client_register_event(esp_mqtt_client_handle_t client, esp_mqtt_event_id_t event,
                                         esp_event_handler_t event_handler, void *event_handler_arg)
{
    if (client == NULL || event_handler == NULL || (int)event < MQTT_EVENT_ANY || event > MQTT_USER_EVENT) {
        return ESP_ERR_INVALID_ARG;
    }
    pthread_mutex_lock(&client->lock);
    esp_err_t err = ESP_ERR_NO_MEM;
    if (client->handler_count < HOST_MQTT_MAX_HANDLERS) {
        host_mqtt_handler_t *h = &client->handlers[client->handler_count++];
        h->event_id = event;
        h->fn = event_handler;
        h->arg = event_handler_arg;
        err = ESP_OK;
    }
    pthread_mutex_unlock(&client->lock);
    return err;
}

esp_err_t esp_mqtt_client_unregister_event(esp_mqtt_client_handle_t client, esp_mqtt_event_id_t event,
                                           esp_event_handler_t event_handler)
{
    if (client == NULL || (int)event < MQTT_EVENT_ANY || event > MQTT_USER_EVENT) {
        return ESP_ERR_INVALID_ARG;
    }
    pthread_mutex_lock(&client->lock);
    for (int i = 0; i < client->handler_count; i++) {
        if (client->handlers[i].event_id == event && client->handlers[i].fn == event_handler) {
            memmove(&client->handlers[i], &client->handlers[i + 1],
                    (size_t)(client->handler_count - i - 1) * sizeof(client->handlers[0]));
            client->handler_count--;
            break;
        }
    }
    pthread_mutex_unlock(&client->lock);
    return ESP_OK;
}

int esp_mqtt_client_get_outbox_size(esp_mqtt_client_handle_t client)
{
    if (client == NULL) {
        return 0;
    }
    pthread_mutex_lock(&client->lock);
    int size = client->outbox_bytes;
    pthread_mutex_unlock(&client->lock);
    return size;
}

esp_err_t esp_mqtt_dispatch_custom_event(esp_mqtt_client_handle_t client, esp_mqtt_event_t *event)
{
    (void)event;
    if (client == NULL) {
        return ESP_ERR_INVALID_ARG;
    }
    /* esp-mqtt queues MQTT_USER_EVENT into its event loop; the host port has
     * no such queue (see docs/esp-mqtt-host.md). */
    return ESP_ERR_NOT_SUPPORTED;
}
