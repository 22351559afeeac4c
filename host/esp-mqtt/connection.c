/*
 * Connections of the host esp-mqtt client: connection attempts, their
 * failures, reconnects and the client thread.
 *
 * Each started client runs one pthread, the host's "MQTT task": it connects
 * with mosquitto_connect(), runs mosquitto_loop(), turns libmosquitto's
 * callbacks into esp-mqtt events and calls the registered handlers, and
 * waits reconnect_timeout_ms between connection attempts. All events reach
 * the handlers on that thread, one at a time, as on the ESP32.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <openssl/ssl.h>
#include "mqtt_host_internal.h"

/* How long the task waits in one mosquitto_loop() call. API calls that queue
 * packets wake it through libmosquitto's socket pair, so these only bound how
 * late a timeout (CONNACK, refresh) is noticed. */
#define LOOP_WAIT_CONNECTING_MS 50
#define LOOP_WAIT_CONNECTED_MS 1000
/* How long stop() lets the task flush the DISCONNECT packet. */
#define STOP_FLUSH_MS 1000

uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Fault hook for tests (docs/esp-mqtt-host.md, "Fault hook"): with
 * HOST_MQTT_FAULT_CONNECT_ERRNO=<errno number> every connection attempt fails
 * as a socket connect failing with that errno would (ETIMEDOUT, say, which
 * loopback never produces). 0 or unset: no fault. */
static int injected_connect_errno(void)
{
    const char *env = getenv("HOST_MQTT_FAULT_CONNECT_ERRNO");
    return env != NULL ? atoi(env) : 0;
}

static int mosq_protocol(esp_mqtt_protocol_ver_t v)
{
#ifdef CONFIG_MQTT_PROTOCOL_5
    if (v == MQTT_PROTOCOL_V_5) {
        return MQTT_PROTOCOL_V5;
    }
#endif
    return v == MQTT_PROTOCOL_V_3_1 ? MQTT_PROTOCOL_V31 : MQTT_PROTOCOL_V311;
}

/* Replaces c->mosq by a fresh instance for the current configuration, which
 * forgets whatever the old one still queued (esp-mqtt's outbox is emptied
 * likewise). Entered and left with c->lock held; drops it meanwhile. Only the
 * client task (or init, before any task) calls this. */
bool renew_mosq(struct esp_mqtt_client *c)
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
#ifdef CONFIG_MQTT_PROTOCOL_5
    /* libmosquitto refuses v5 properties on a publish queued before the
     * first connect unless it already knows the version */
    mosquitto_int_option(fresh, MOSQ_OPT_PROTOCOL_VERSION, mosq_protocol(c->cfg.protocol));
#endif
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
    mosquitto_property *connect_props = NULL;
#ifdef CONFIG_MQTT_PROTOCOL_5
    c->server_disconnected = false;
    if (host_mqtt5_on(c)) {
        connect_props = host_mqtt5_connect_props(c);
        /* libmosquitto sends its own Receive Maximum (20) when the CONNECT has
         * none; esp-mqtt sends none, which means 65535 to the broker */
        mosquitto_int_option(m, MOSQ_OPT_RECEIVE_MAXIMUM, c->v5.receive_maximum ? c->v5.receive_maximum : 65535);
    }
    if (cfg->will_topic && host_mqtt5_on(c)) {
        mosquitto_property *will_props = host_mqtt5_will_props(c);
        if (mosquitto_will_set_v5(m, cfg->will_topic, cfg->will_len, cfg->will_msg, cfg->will_qos,
                                  cfg->will_retain != 0, will_props) != MOSQ_ERR_SUCCESS) {
            mosquitto_property_free_all(&will_props);   /* libmosquitto keeps them only on success */
        }
    } else
#endif
    if (cfg->will_topic) {
        mosquitto_will_set(m, cfg->will_topic, cfg->will_len, cfg->will_msg, cfg->will_qos, cfg->will_retain != 0);
    } else {
        mosquitto_will_clear(m);
    }
    esp_err_t tls_err = configure_tls(c);
    if (tls_err != ESP_OK) {
        mosquitto_property_free_all(&connect_props);
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
    int fault = injected_connect_errno();
    int rc = fault > 0 ? MOSQ_ERR_ERRNO
             : host == NULL ? MOSQ_ERR_EAI
             : connect_props != NULL ? mosquitto_connect_bind_v5(m, host, (int)port, keepalive, NULL, connect_props)
             : mosquitto_connect(m, host, (int)port, keepalive);
    int err = fault > 0 ? fault : errno;
    free(host);
    mosquitto_property_free_all(&connect_props);    /* libmosquitto took a copy */
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
    rx_check_begin(mosquitto_socket(m), mosquitto_ssl_get(m));
    c->state = HOST_ST_CONNECTING;
    c->keepalive_s = keepalive;
    c->connect_deadline_ms = now_ms() + (uint64_t)cfg->network_timeout_ms;
    c->rx_buffer_size = cfg->buffer_size;   /* read by on_message without the lock */
}

/* The connection ended (or never completed). Lock held. */
static void link_lost(struct esp_mqtt_client *c, int rc, int err)
{
    bool was_connected = c->state == HOST_ST_CONNECTED;
    /* libmosquitto's keepalive also runs before the CONNACK: esp-mqtt has
     * only its network timeout there, so a silent server is that timeout */
    if (!was_connected && (rc == MOSQ_ERR_KEEPALIVE || c->down_rc == MOSQ_ERR_KEEPALIVE)) {
        host_mqtt_log("no CONNACK (libmosquitto's keepalive ran out first)");
        c->timed_out = true;
    }
    const char *odd = NULL;
    rx_verdict_t rx = rx_check_end(&odd);
    /* what esp-mqtt refuses to read: a packet too big for its buffer, or one
     * rx_check.c refused (it logged esp-mqtt's line) */
    bool too_big = c->rx_too_big != HOST_RX_OK || rx != RX_FINE;
    bool too_big_error = c->rx_too_big == HOST_RX_TOO_BIG_ERROR || rx == RX_REFUSED_ERROR;
    if (was_connected && rc == MOSQ_ERR_CONN_REFUSED) {
        /* on_connect skipped it, as esp-mqtt does, but libmosquitto still hangs up */
        host_mqtt_error("(host) libmosquitto dropped the connection at a refusing CONNACK, which esp-mqtt on the device skips");
    } else if (!too_big && !c->refused && (rc == MOSQ_ERR_PROTOCOL || rc == MOSQ_ERR_MALFORMED_PACKET)) {
        /* not esp-mqtt's check but libmosquitto's: say what it refused */
        if (odd != NULL) {
            host_mqtt_error("(host) libmosquitto refused %s", odd);
        } else {
            host_mqtt_error("(host) libmosquitto refused a packet from the broker: %s", mosquitto_strerror(rc));
        }
    }
    c->rx_too_big = HOST_RX_OK;
    c->down_rc = 0;
    bool quiet = c->refused || c->disconnect_requested || c->refreshing || c->timed_out || too_big;
    bool refresh = c->refreshing;
    c->disconnect_requested = false;
    c->refreshing = false;
    c->timed_out = false;
    c->link_down = false;
    if (!quiet) {
        int sock_errno = rc == MOSQ_ERR_ERRNO ? err : rc == MOSQ_ERR_CONN_LOST ? ECONNRESET : 0;
#ifdef CONFIG_MQTT_PROTOCOL_5
        if (c->server_disconnected) {
            sock_errno = ECONNRESET;    /* what the device sees: the broker closed the connection */
        }
        c->server_disconnected = false;
#endif
        esp_err_t esp_tls_err = 0;
        if (c->cfg.transport == MQTT_TRANSPORT_OVER_SSL && !was_connected &&
            (!c->tls_handshake_done || c->tls_alert || c->tls_verify_error)) {
            esp_tls_err = HOST_ESP_ERR_MBEDTLS_SSL_HANDSHAKE_FAILED;
        }
        set_transport_error(c, esp_tls_err, sock_errno);
        host_mqtt_log("connection lost (%s), tls verify %d alert %d", mosquitto_strerror(rc),
                      c->tls_verify_error, c->tls_alert);
    }
    if (too_big_error) {
        set_transport_error(c, 0, 0);   /* esp_mqtt_client_dispatch_transport_error: no errno */
    }
    connection_failed(c, !quiet || too_big_error);
    if (refresh && c->state == HOST_ST_WAIT_RECONNECT) {
        c->state = HOST_ST_INIT;        /* esp-mqtt reconnects at once after a refresh */
    }
}

/* esp-mqtt's mqtt_delete_expired_messages, run while connected: operations
 * unacknowledged for HOST_OUTBOX_EXPIRED_TIMEOUT_MS leave the outbox, each
 * reported as MQTT_EVENT_DELETED with CONFIG_MQTT_REPORT_DELETED_MESSAGES.
 * Lock held; released while an event is dispatched. Whether any expired. */
static bool expire_outbox(struct esp_mqtt_client *c)
{
    bool any = false;
    int msg_id;
    while (c->run && (msg_id = outbox_take_expired(c)) > 0) {
        any = true;
#ifdef CONFIG_MQTT_REPORT_DELETED_MESSAGES
        pthread_mutex_unlock(&c->lock);
        dispatch_simple(c, MQTT_EVENT_DELETED, msg_id);
        pthread_mutex_lock(&c->lock);
#endif
    }
    return any;
}

/* Ends the current connection from the task: the loop then reports it. */
static void abort_socket(struct esp_mqtt_client *c)
{
    int fd = mosquitto_socket(c->mosq);
    if (fd >= 0) {
        shutdown(fd, SHUT_RDWR);
    }
}

/* Writes a PINGREQ: libmosquitto has no call for it. Only between two of
 * libmosquitto's packets (nothing of its half written), so the byte stream
 * stays whole; libmosquitto takes the PINGRESP as the answer to a ping of its
 * own. -1: the stream is broken (part of the packet written). */
static int send_pingreq(struct esp_mqtt_client *c)
{
    static const unsigned char pingreq[2] = { 0xC0, 0x00 };
    int fd = mosquitto_socket(c->mosq);
    if (fd < 0 || mosquitto_want_write(c->mosq)) {
        return 0;
    }
    SSL *ssl = mosquitto_ssl_get(c->mosq);
    long n = ssl ? SSL_write(ssl, pingreq, sizeof(pingreq)) : send(fd, pingreq, sizeof(pingreq), MSG_NOSIGNAL);
    return n == (long)sizeof(pingreq) ? 1 : n > 0 ? -1 : 0;
}

/* esp-mqtt's keepalive (process_keepalive in mqtt_client.c): a PINGREQ
 * keepalive/2 s after the last PINGRESP (or the CONNACK), whatever else was
 * sent, and the connection is given up when no PINGRESP came within keepalive
 * s of the last one: a silent link is noticed within keepalive s.
 * libmosquitto alone pings only after keepalive s without traffic and gives up
 * another keepalive s later (up to twice as late); its own pings stay, they
 * do no harm. Lock held; true when the connection must be aborted. */
static bool keepalive_expired(struct esp_mqtt_client *c)
{
    if (c->keepalive_s <= 0) {
        return false;
    }
    uint64_t keepalive_ms = (uint64_t)c->keepalive_s * 1000u;
    uint64_t since = now_ms() - c->keepalive_tick_ms;
    if (c->wait_for_ping_resp) {
        return since > keepalive_ms;
    }
    if (since > keepalive_ms / 2) {
        int sent = send_pingreq(c);
        c->wait_for_ping_resp = sent > 0;
        return sent < 0;
    }
    return false;
}

void *client_task(void *arg)
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
            } else if (c->state == HOST_ST_CONNECTED && keepalive_expired(c)) {
                /* esp-mqtt: "No PING_RESP, disconnected", DISCONNECTED without ERROR */
                host_mqtt_log("no PINGRESP within %d s", c->keepalive_s);
                c->timed_out = true;
                abort_socket(c);
            } else if (c->state == HOST_ST_CONNECTED && expire_outbox(c)) {
                /* reported; the refresh check comes at the next turn */
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
            if (c->cfg.auto_reconnect && now_ms() >= c->reconnect_at_ms) {
                c->state = HOST_ST_INIT;
                break;
            }
            if (c->cfg.auto_reconnect) {
                /* reconnect_at_ms is on CLOCK_MONOTONIC, the clock of `wake`. */
                struct timespec until = { .tv_sec = (time_t)(c->reconnect_at_ms / 1000),
                                          .tv_nsec = (long)(c->reconnect_at_ms % 1000) * 1000000L };
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
    const char *odd;
    rx_check_end(&odd);
    /* esp-mqtt empties its outbox when the task ends: a fresh instance
     * forgets the messages libmosquitto still holds. */
    outbox_drop(c, true, HOST_OUT_PUBLISH);
    renew_mosq(c);
    c->state = HOST_ST_IDLE;
    pthread_mutex_unlock(&c->lock);
    return NULL;
}
