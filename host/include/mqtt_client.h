/*
 * esp-mqtt's public API (ESP-IDF v5.1.3, esp-mqtt e6afdb4) for the Linux
 * host, implemented in host/esp-mqtt over libmosquitto.
 *
 * Types, field names and order, enum values and function signatures follow
 * the real header so that code written for IDF compiles unmodified. What the
 * host implementation does differently is listed in docs/esp-mqtt-host.md.
 */
#ifndef HOST_MQTT_CLIENT_H
#define HOST_MQTT_CLIENT_H

#include <stdint.h>
#include <stdbool.h>
#include <string.h>
#include "sdkconfig.h"
#include "esp_err.h"
#include "esp_event.h"
#ifdef CONFIG_MQTT_PROTOCOL_5
#include "mqtt5_client.h"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* IDF gets this from esp_transport.h; the host has no tcp_transport. */
#ifndef HOST_ESP_TRANSPORT_HANDLE_DEFINED
#define HOST_ESP_TRANSPORT_HANDLE_DEFINED
typedef struct esp_transport_item_t *esp_transport_handle_t;
#endif

struct psk_key_hint;
struct ifreq;

typedef struct esp_mqtt_client *esp_mqtt_client_handle_t;

typedef enum esp_mqtt_event_id_t {
    MQTT_EVENT_ANY = -1,
    MQTT_EVENT_ERROR = 0,
    MQTT_EVENT_CONNECTED,
    MQTT_EVENT_DISCONNECTED,
    MQTT_EVENT_SUBSCRIBED,
    MQTT_EVENT_UNSUBSCRIBED,
    MQTT_EVENT_PUBLISHED,
    MQTT_EVENT_DATA,
    MQTT_EVENT_BEFORE_CONNECT,
    MQTT_EVENT_DELETED,
    MQTT_USER_EVENT,
} esp_mqtt_event_id_t;

typedef enum esp_mqtt_connect_return_code_t {
    MQTT_CONNECTION_ACCEPTED = 0,
    MQTT_CONNECTION_REFUSE_PROTOCOL,
    MQTT_CONNECTION_REFUSE_ID_REJECTED,
    MQTT_CONNECTION_REFUSE_SERVER_UNAVAILABLE,
    MQTT_CONNECTION_REFUSE_BAD_USERNAME,
    MQTT_CONNECTION_REFUSE_NOT_AUTHORIZED
} esp_mqtt_connect_return_code_t;

typedef enum esp_mqtt_error_type_t {
    MQTT_ERROR_TYPE_NONE = 0,
    MQTT_ERROR_TYPE_TCP_TRANSPORT,
    MQTT_ERROR_TYPE_CONNECTION_REFUSED,
    MQTT_ERROR_TYPE_SUBSCRIBE_FAILED
} esp_mqtt_error_type_t;

/* Older name of the transport error type, kept by esp-mqtt for compatibility. */
#define MQTT_ERROR_TYPE_ESP_TLS MQTT_ERROR_TYPE_TCP_TRANSPORT

typedef enum esp_mqtt_transport_t {
    MQTT_TRANSPORT_UNKNOWN = 0x0,
    MQTT_TRANSPORT_OVER_TCP,
    MQTT_TRANSPORT_OVER_SSL,
    MQTT_TRANSPORT_OVER_WS,
    MQTT_TRANSPORT_OVER_WSS
} esp_mqtt_transport_t;

typedef enum esp_mqtt_protocol_ver_t {
    MQTT_PROTOCOL_UNDEFINED = 0,
    MQTT_PROTOCOL_V_3_1,
    MQTT_PROTOCOL_V_3_1_1,
    MQTT_PROTOCOL_V_5,
} esp_mqtt_protocol_ver_t;

/*
 * Context of an MQTT_EVENT_ERROR (and of a refused subscription in
 * MQTT_EVENT_SUBSCRIBED). Check error_type first; on the host the esp_tls_*
 * fields carry OpenSSL's values (see docs/esp-mqtt-host.md).
 */
typedef struct esp_mqtt_error_codes {
    esp_err_t esp_tls_last_esp_err;
    int esp_tls_stack_err;
    int esp_tls_cert_verify_flags;
    esp_mqtt_error_type_t error_type;
    esp_mqtt_connect_return_code_t connect_return_code;
    int esp_transport_sock_errno;
} esp_mqtt_error_codes_t;

/*
 * One event. Valid only during the handler call; topic and data are not
 * NUL-terminated. A message longer than the receive buffer arrives as several
 * MQTT_EVENT_DATA events and only the first one carries the topic.
 */
typedef struct esp_mqtt_event_t {
    esp_mqtt_event_id_t event_id;
    esp_mqtt_client_handle_t client;
    char *data;
    int data_len;
    int total_data_len;
    int current_data_offset;
    char *topic;
    int topic_len;
    int msg_id;
    int session_present;
    esp_mqtt_error_codes_t *error_handle;
    bool retain;
    int qos;
    bool dup;
    esp_mqtt_protocol_ver_t protocol_ver;
#ifdef CONFIG_MQTT_PROTOCOL_5
    esp_mqtt5_event_property_t *property;   /* NULL unless the client speaks MQTT 5 */
#endif
} esp_mqtt_event_t;

typedef esp_mqtt_event_t *esp_mqtt_event_handle_t;

/*
 * Client configuration; zero means "default" everywhere. Strings are copied
 * by init/set_config, certificate and key buffers are used in place and must
 * outlive the client (PEM with *_len 0 means NUL-terminated).
 */
typedef struct esp_mqtt_client_config_t {
    struct broker_t {
        struct address_t {
            const char *uri;
            const char *hostname;
            esp_mqtt_transport_t transport;
            const char *path;
            uint32_t port;
        } address;
        struct verification_t {
            bool use_global_ca_store;
            esp_err_t (*crt_bundle_attach)(void *conf);
            const char *certificate;
            size_t certificate_len;
            const struct psk_key_hint *psk_hint_key;
            bool skip_cert_common_name_check;
            const char **alpn_protos;
            const char *common_name;
        } verification;
    } broker;
    struct credentials_t {
        const char *username;
        const char *client_id;
        bool set_null_client_id;
        struct authentication_t {
            const char *password;
            const char *certificate;
            size_t certificate_len;
            const char *key;
            size_t key_len;
            const char *key_password;
            int key_password_len;
            bool use_secure_element;
            void *ds_data;
        } authentication;
    } credentials;
    struct session_t {
        struct last_will_t {
            const char *topic;
            const char *msg;
            int msg_len;
            int qos;
            int retain;
        } last_will;
        bool disable_clean_session;
        int keepalive;
        bool disable_keepalive;
        esp_mqtt_protocol_ver_t protocol_ver;
        int message_retransmit_timeout;
    } session;
    struct network_t {
        int reconnect_timeout_ms;
        int timeout_ms;
        int refresh_connection_after_ms;
        bool disable_auto_reconnect;
        esp_transport_handle_t transport;
        struct ifreq *if_name;
    } network;
    struct task_t {
        int priority;
        int stack_size;
    } task;
    struct buffer_t {
        int size;
        int out_size;
    } buffer;
    struct outbox_config_t {
        uint64_t limit;
    } outbox;
} esp_mqtt_client_config_t;

typedef struct topic_t {
    const char *filter;
    int qos;
} esp_mqtt_topic_t;

esp_mqtt_client_handle_t esp_mqtt_client_init(const esp_mqtt_client_config_t *config);
esp_err_t esp_mqtt_client_set_uri(esp_mqtt_client_handle_t client, const char *uri);
esp_err_t esp_mqtt_client_start(esp_mqtt_client_handle_t client);
esp_err_t esp_mqtt_client_reconnect(esp_mqtt_client_handle_t client);
esp_err_t esp_mqtt_client_disconnect(esp_mqtt_client_handle_t client);
/* Not from an event handler (returns ESP_FAIL there). Posts no DISCONNECTED. */
esp_err_t esp_mqtt_client_stop(esp_mqtt_client_handle_t client);

#ifdef __cplusplus
#define esp_mqtt_client_subscribe esp_mqtt_client_subscribe_single
#else
/* As in e6afdb4: a char * picks _single, an esp_mqtt_topic_t * picks _multiple
 * (there is no const char * branch). */
#define esp_mqtt_client_subscribe(client_handle, topic_type, qos_or_size) _Generic((topic_type), \
        char *: esp_mqtt_client_subscribe_single,                                             \
        esp_mqtt_topic_t *: esp_mqtt_client_subscribe_multiple                               \
    )(client_handle, topic_type, qos_or_size)
#endif

int esp_mqtt_client_subscribe_single(esp_mqtt_client_handle_t client, const char *topic, int qos);
int esp_mqtt_client_subscribe_multiple(esp_mqtt_client_handle_t client,
                                       const esp_mqtt_topic_t *topic_list, int size);
int esp_mqtt_client_unsubscribe(esp_mqtt_client_handle_t client, const char *topic);
int esp_mqtt_client_publish(esp_mqtt_client_handle_t client, const char *topic,
                            const char *data, int len, int qos, int retain);
int esp_mqtt_client_enqueue(esp_mqtt_client_handle_t client, const char *topic,
                            const char *data, int len, int qos, int retain, bool store);
/* Not from an event handler (returns ESP_FAIL there and frees nothing). */
esp_err_t esp_mqtt_client_destroy(esp_mqtt_client_handle_t client);
esp_err_t esp_mqtt_set_config(esp_mqtt_client_handle_t client, const esp_mqtt_client_config_t *config);
esp_err_t esp_mqtt_client_register_event(esp_mqtt_client_handle_t client, esp_mqtt_event_id_t event,
                                         esp_event_handler_t event_handler, void *event_handler_arg);
esp_err_t esp_mqtt_client_unregister_event(esp_mqtt_client_handle_t client, esp_mqtt_event_id_t event,
                                           esp_event_handler_t event_handler);
int esp_mqtt_client_get_outbox_size(esp_mqtt_client_handle_t client);
esp_err_t esp_mqtt_dispatch_custom_event(esp_mqtt_client_handle_t client, esp_mqtt_event_t *event);

#ifdef __cplusplus
}
#endif

#endif
