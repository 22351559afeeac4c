/*
 * Internals of the host esp-mqtt port, shared by its .c files only.
 *
 * Threads: every client owns one pthread (the "MQTT task") that connects,
 * runs libmosquitto's loop and calls the event handlers. Other threads call
 * the public API. `lock` guards the configuration, the state, the handler
 * table and the outbox bookkeeping. It is never held while a handler runs,
 * so handlers may call the API (publish, subscribe...) freely. libmosquitto
 * calls our callbacks holding its callback mutex (and, for QoS 0 publishes,
 * its current-packet mutex) and the callbacks take `lock`; so `lock` is never
 * held across the calls that take those mutexes: mosquitto_connect, _loop,
 * _new (callback setters) and _destroy. Publish/subscribe under `lock` only
 * take libmosquitto's queue mutexes, which it never holds while calling back.
 * The TSan test checks the order.
 */
#ifndef MQTT_HOST_INTERNAL_H
#define MQTT_HOST_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <openssl/ssl.h>
#include "mqtt_client.h"

#ifdef CONFIG_MQTT_BUFFER_SIZE
#define HOST_MQTT_DEFAULT_BUFFER CONFIG_MQTT_BUFFER_SIZE
#else
#define HOST_MQTT_DEFAULT_BUFFER 1024
#endif
/* esp-mqtt's mqtt_config.h: how long an unacknowledged operation stays in the
 * outbox, and whether its removal is reported (MQTT_EVENT_DELETED) */
#ifdef CONFIG_MQTT_OUTBOX_EXPIRED_TIMEOUT_MS
#define HOST_OUTBOX_EXPIRED_TIMEOUT_MS CONFIG_MQTT_OUTBOX_EXPIRED_TIMEOUT_MS
#else
#define HOST_OUTBOX_EXPIRED_TIMEOUT_MS (30 * 1000)
#endif
#define HOST_MQTT_DEFAULT_KEEPALIVE_S 120
#define HOST_MQTT_DEFAULT_RECONNECT_MS 10000
#define HOST_MQTT_DEFAULT_NETWORK_TIMEOUT_MS 10000
#define HOST_MQTT_TCP_PORT 1883
#define HOST_MQTT_SSL_PORT 8883
#define HOST_MQTT_MAX_HANDLERS 16

/* ESP-TLS codes (esp_tls_errors.h) reported in esp_tls_last_esp_err. */
#define HOST_ESP_ERR_ESP_TLS_CANNOT_RESOLVE_HOSTNAME 0x8001
#define HOST_ESP_ERR_ESP_TLS_FAILED_CONNECT_TO_HOST  0x8004
#define HOST_ESP_ERR_MBEDTLS_X509_CRT_PARSE_FAILED   0x8015
#define HOST_ESP_ERR_MBEDTLS_SSL_SETUP_FAILED        0x8017
#define HOST_ESP_ERR_MBEDTLS_SSL_HANDSHAKE_FAILED    0x801A

/* Copied configuration (what esp-mqtt keeps in mqtt_config_storage_t). */
typedef struct {
    esp_mqtt_transport_t transport;
    char *host;
    uint32_t port;
    char *path;
    char *uri;

    char *username;
    char *password;
    char *client_id;            /* NULL with set_null_client_id */
    bool null_client_id;

    char *will_topic;
    char *will_msg;
    int will_len;
    int will_qos;
    int will_retain;

    bool clean_session;
    int keepalive;              /* seconds, 0 = disabled */
    esp_mqtt_protocol_ver_t protocol;

    int reconnect_timeout_ms;
    int network_timeout_ms;
    int refresh_connection_after_ms;
    bool auto_reconnect;

    int buffer_size;
    uint64_t outbox_limit;

    /* TLS: buffers are the caller's, used in place (as esp-mqtt does). */
    const char *ca;
    size_t ca_len;
    bool use_global_ca_store;
    bool crt_bundle;
    const char *cert;
    size_t cert_len;
    const char *key;
    size_t key_len;
    char *key_password;
    int key_password_len;
    bool skip_cn_check;
    const char *common_name;
    char **alpn;                /* NULL-terminated copy */
} host_mqtt_config_t;

typedef enum {
    HOST_ST_IDLE = 0,           /* not started, or stopped */
    HOST_ST_INIT,               /* about to connect */
    HOST_ST_CONNECTING,         /* CONNECT sent, waiting for CONNACK */
    HOST_ST_CONNECTED,
    HOST_ST_WAIT_RECONNECT,
} host_mqtt_state_t;

typedef enum {
    HOST_OUT_PUBLISH,
    HOST_OUT_SUBSCRIBE,
    HOST_OUT_UNSUBSCRIBE,
    HOST_OUT_QOS0_STORED,       /* enqueue(store=true) of a QoS 0 message while offline */
} host_outbox_kind_t;

/* One unacknowledged operation: esp-mqtt's outbox, as far as we track it. */
typedef struct {
    int msg_id;
    host_outbox_kind_t kind;
    int size;                   /* bytes counted by get_outbox_size() */
    char *topic;                /* only for HOST_OUT_QOS0_STORED */
    char *data;
    int data_len;
    int retain;
    uint64_t added_ms;          /* now_ms() when queued: esp-mqtt's outbox tick */
} host_outbox_item_t;

#ifdef CONFIG_MQTT_PROTOCOL_5
/* What a v5 client keeps (esp-mqtt's mqtt5_config_storage_t): its CONNECT and
 * will properties (copies), what the server's CONNACK announced, the one-shot
 * property pointers of the next publish/subscribe/unsubscribe, the DISCONNECT
 * properties, and the property block of the current event. */
typedef struct {
    uint32_t session_expiry_interval;
    uint32_t maximum_packet_size;
    uint16_t receive_maximum;
    uint16_t topic_alias_maximum;
    bool request_resp_info;
    bool request_problem_info;
    mqtt5_user_property_handle_t user_property;

    uint32_t will_delay_interval;
    uint32_t will_message_expiry_interval;
    bool will_payload_format_indicator;
    char *will_content_type;
    char *will_response_topic;
    char *will_correlation_data;
    uint16_t will_correlation_data_len;
    mqtt5_user_property_handle_t will_user_property;

    /* from the CONNACK; esp-mqtt's defaults until one says otherwise */
    uint8_t server_max_qos;
    bool server_retain_available;
    uint16_t server_receive_maximum;
    uint16_t server_topic_alias_maximum;
    bool server_shared_subscribe_available;
    char *server_response_info;

    const esp_mqtt5_publish_property_config_t *publish;
    const esp_mqtt5_subscribe_property_config_t *subscribe;
    const esp_mqtt5_unsubscribe_property_config_t *unsubscribe;
    esp_mqtt5_disconnect_property_config_t disconnect;   /* user_property is a copy */

    esp_mqtt5_event_property_t event_property;
} host_mqtt5_state_t;
#endif

typedef struct {
    int32_t event_id;
    esp_event_handler_t fn;
    void *arg;
} host_mqtt_handler_t;

struct esp_mqtt_client {
    pthread_mutex_t lock;
    pthread_cond_t wake;        /* signalled on stop/reconnect requests */

    host_mqtt_config_t cfg;
    struct mosquitto *mosq;

    pthread_t thread;
    bool thread_live;           /* started and not yet joined */
    bool run;
    bool runtime_held;
    host_mqtt_state_t state;
    bool reconnect_requested;
    bool disconnect_requested;  /* esp_mqtt_client_disconnect() in progress */
    bool connecting;            /* mosquitto_connect() running on the task */
    bool flush_on_stop;         /* stop() queued a DISCONNECT for the task to write */
    bool refreshing;            /* refresh_connection_after_ms in progress */
    bool timed_out;             /* no CONNACK within network.timeout_ms, or no PINGRESP in time */
    char *mosq_id;              /* client id and clean flag `mosq` was made with */
    bool mosq_clean;
    uint64_t reconnect_at_ms;
    uint64_t connect_deadline_ms;
    uint64_t connected_at_ms;

    host_mqtt_handler_t handlers[HOST_MQTT_MAX_HANDLERS];
    int handler_count;

    host_outbox_item_t *outbox;
    int outbox_count;
    int outbox_cap;
    int outbox_bytes;

    /* Written on the client thread only (libmosquitto callbacks run there). */
    int rx_buffer_size;         /* buffer.size of the current connection */
    int keepalive_s;            /* keepalive of the current connection as sent in CONNECT, 0 = none */
    uint64_t keepalive_tick_ms; /* last PINGRESP or CONNACK: esp-mqtt's keepalive_tick */
    bool wait_for_ping_resp;    /* our PINGREQ is unanswered */
    esp_mqtt_event_t event;
    esp_mqtt_error_codes_t error;
    bool link_down;
    int down_rc;                /* libmosquitto's reason for link_down */
    /* a received PUBLISH whose header did not fit the buffer: esp-mqtt drops
     * the connection, with an ERROR event (HOST_RX_TOO_BIG_ERROR) or without */
    enum { HOST_RX_OK, HOST_RX_TOO_BIG_ERROR, HOST_RX_TOO_BIG_QUIET } rx_too_big;
    bool refused;
    bool tls_handshake_done;
    int tls_verify_error;
    int tls_alert;
    SSL_CTX *ssl_ctx;           /* the context of the current connection */
#ifdef CONFIG_MQTT_PROTOCOL_5
    host_mqtt5_state_t v5;
    bool server_disconnected;   /* the broker's DISCONNECT ended this connection */
#endif
};

/* config.c */
esp_err_t host_mqtt_apply_config(struct esp_mqtt_client *c, const esp_mqtt_client_config_t *config);
esp_err_t host_mqtt_parse_uri(host_mqtt_config_t *cfg, const char *uri);
void host_mqtt_free_config(host_mqtt_config_t *cfg);

/* tls.c: a client SSL_CTX built from the in-place PEM/DER buffers, or NULL
 * with *esp_err set to the ESP-TLS code that IDF would report. */
SSL_CTX *host_mqtt_tls_context(struct esp_mqtt_client *c, esp_err_t *esp_err);

/* outbox.c (all with c->lock held, except outbox_take, which takes it) */
/* Appends an item and counts its bytes; false when out of memory. */
bool outbox_add(struct esp_mqtt_client *c, host_outbox_item_t item);
/* Frees item i and moves the last item into its place. */
void outbox_remove_at(struct esp_mqtt_client *c, int i);
/* Removes the item answering an acknowledgement; false when there is none. */
bool outbox_take(struct esp_mqtt_client *c, host_outbox_kind_t kind, int msg_id);
/* Removes one operation older than HOST_OUTBOX_EXPIRED_TIMEOUT_MS; its msg_id, or -1 when none. */
int outbox_take_expired(struct esp_mqtt_client *c);
/* Drops the items of one kind, or all items when all is true. */
void outbox_drop(struct esp_mqtt_client *c, bool all, host_outbox_kind_t kind);

/* events.c */
/* Posts an event with only an id and msg_id to the handlers (lock not held). */
void dispatch_simple(struct esp_mqtt_client *c, esp_mqtt_event_id_t id, int msg_id);
/* Fills c->error for an MQTT_ERROR_TYPE_TCP_TRANSPORT error. */
void set_transport_error(struct esp_mqtt_client *c, esp_err_t esp_tls_err, int sock_errno);
/* Bytes of a PUBLISH packet's fixed header for a remaining length. */
int fixed_header_len(long remaining);
/* A new libmosquitto instance with our callbacks set; call without c->lock. */
struct mosquitto *make_mosq(struct esp_mqtt_client *c, const char *id, bool clean);

/* connection.c */
/* Milliseconds of CLOCK_MONOTONIC. */
uint64_t now_ms(void);
/* Replaces c->mosq by a fresh instance; entered and left with c->lock held. */
bool renew_mosq(struct esp_mqtt_client *c);
/* The client thread (the "MQTT task") started by esp_mqtt_client_start(). */
void *client_task(void *arg);

/* rx_check.c: esp-mqtt's checks of the bytes the broker sends, on the
 * connection the calling (client) thread reads. */
typedef enum {
    RX_FINE,
    RX_REFUSED_ERROR,           /* esp-mqtt: ERROR (transport, no errno), then dropped */
    RX_REFUSED_QUIET,           /* esp-mqtt: dropped without an ERROR event */
} rx_verdict_t;
/* The reason codes of the UNSUBACK with packet id mid just read on this
 * thread (MQTT 5; at most 256 body bytes kept): their count, or -1. */
int rx_check_unsuback_codes(int mid, const char **codes);
/* From now on the thread's reads of fd (or of ssl, on TLS) are checked. */
void rx_check_begin(int fd, SSL *ssl);
/* Stops checking; what esp-mqtt made of the stream, and in *odd what it
 * accepts that libmosquitto refuses (NULL when nothing). */
rx_verdict_t rx_check_end(const char **odd);

#ifdef CONFIG_MQTT_PROTOCOL_5
/* mqtt5.c (state, setters), mqtt5_outgoing.c (what is sent), mqtt5_incoming.c
 * (what is received): esp-mqtt's mqtt5_client.c over libmosquitto's property
 * lists. All with c->lock held unless said otherwise. */
bool host_mqtt5_on(const struct esp_mqtt_client *c);
void host_mqtt5_init(struct esp_mqtt_client *c);
void host_mqtt5_free(struct esp_mqtt_client *c);
/* CONNECT properties / will properties of the current configuration (NULL: none, or out of memory). */
mosquitto_property *host_mqtt5_connect_props(struct esp_mqtt_client *c);
mosquitto_property *host_mqtt5_will_props(struct esp_mqtt_client *c);
/* esp_mqtt5_client_publish_check / _subscribe_check: false refuses the call (-1). */
bool host_mqtt5_publish_check(struct esp_mqtt_client *c, int qos, int retain);
bool host_mqtt5_subscribe_check(struct esp_mqtt_client *c, int qos);
/* Publish of the one-shot publish properties (which are then used up); a libmosquitto rc. */
int host_mqtt5_publish(struct esp_mqtt_client *c, int *mid, const char *topic, int len, const void *data,
                       int qos, bool retain);
/* SUBSCRIBE / UNSUBSCRIBE with the one-shot properties and options; a libmosquitto rc. */
int host_mqtt5_subscribe(struct esp_mqtt_client *c, int *mid, int count, char *const *filters, int qos);
int host_mqtt5_unsubscribe(struct esp_mqtt_client *c, int *mid, const char *topic);
/* Queues DISCONNECT with the stored reason and properties, then forgets them. */
int host_mqtt5_disconnect(struct esp_mqtt_client *c);
/* esp_mqtt5_print_error_code's warning line for a refusing reason code. */
void host_mqtt5_print_reason(int code);
/* What a CONNACK announced (client thread). */
void host_mqtt5_read_connack(struct esp_mqtt_client *c, const mosquitto_property *props);
/* Fills c->v5.event_property from a message's or an ack's properties (client thread, no lock). */
void host_mqtt5_event_props(struct esp_mqtt_client *c, const mosquitto_property *props, bool message);
/* Bytes the properties take in a packet, with their length field. */
int host_mqtt5_props_wire_len(const mosquitto_property *props);
/* mqtt5_user_property.c: user property lists to and from libmosquitto's. */
mqtt5_user_property_handle_t host_mqtt5_user_props_from(const mosquitto_property *props);
mqtt5_user_property_handle_t host_mqtt5_user_props_copy(mqtt5_user_property_handle_t from, bool *ok);
bool host_mqtt5_user_props_add(mosquitto_property **props, mqtt5_user_property_handle_t list);
/* Frees what the current event's property block owns and zeroes it (client thread). */
void host_mqtt5_event_done(struct esp_mqtt_client *c);
#endif

/* debug.c: log.c-free logging, quiet unless HOST_MQTT_DEBUG is set in the environment. */
void host_mqtt_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* esp-mqtt's ESP_LOGE(TAG, ...) lines, always shown: "E mqtt_client: ..." */
void host_mqtt_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Any of esp-mqtt's ESP_LOGx lines, always shown: "<level> <tag>: ..." */
void host_mqtt_esp_log(char level, const char *tag, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
