/*
 * esp-mqtt's MQTT 5 API (ESP-IDF v5.1.3, esp-mqtt e6afdb4, include/mqtt5_client.h)
 * for the Linux host, implemented in host/esp-mqtt/mqtt5*.c over libmosquitto's
 * v5 calls. mqtt_client.h includes this header when CONFIG_MQTT_PROTOCOL_5 is
 * set, as IDF's does. Type, field and enum names, field order, values and
 * signatures are esp-mqtt's; what the host does differently is listed in
 * docs/esp-mqtt-host.md ("MQTT 5").
 */
#ifndef HOST_MQTT5_CLIENT_H
#define HOST_MQTT5_CLIENT_H

#include <stdint.h>
#include <stdbool.h>
#include "esp_err.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct esp_mqtt_client *esp_mqtt5_client_handle_t;

/* Reason codes of MQTT 5 (spec section 2.4) from 0x80 up, as esp-mqtt names
 * them. A refused CONNACK's code reaches error_handle->connect_return_code. */
enum mqtt5_error_reason_code {
    MQTT5_UNSPECIFIED_ERROR = 0x80,
    MQTT5_MALFORMED_PACKET = 0x81,
    MQTT5_PROTOCOL_ERROR = 0x82,
    MQTT5_IMPLEMENT_SPECIFIC_ERROR = 0x83,
    MQTT5_UNSUPPORTED_PROTOCOL_VER = 0x84,
    MQTT5_INVAILD_CLIENT_ID __attribute__((deprecated)) = 0x85,
    MQTT5_INVALID_CLIENT_ID = 0x85,
    MQTT5_BAD_USERNAME_OR_PWD = 0x86,
    MQTT5_NOT_AUTHORIZED = 0x87,
    MQTT5_SERVER_UNAVAILABLE = 0x88,
    MQTT5_SERVER_BUSY = 0x89,
    MQTT5_BANNED = 0x8A,
    MQTT5_SERVER_SHUTTING_DOWN = 0x8B,
    MQTT5_BAD_AUTH_METHOD = 0x8C,
    MQTT5_KEEP_ALIVE_TIMEOUT = 0x8D,
    MQTT5_SESSION_TAKEN_OVER = 0x8E,
    MQTT5_TOPIC_FILTER_INVAILD __attribute__((deprecated)) = 0x8F,
    MQTT5_TOPIC_FILTER_INVALID = 0x8F,
    MQTT5_TOPIC_NAME_INVAILD __attribute__((deprecated)) = 0x90,
    MQTT5_TOPIC_NAME_INVALID = 0x90,
    MQTT5_PACKET_IDENTIFIER_IN_USE = 0x91,
    MQTT5_PACKET_IDENTIFIER_NOT_FOUND = 0x92,
    MQTT5_RECEIVE_MAXIMUM_EXCEEDED = 0x93,
    MQTT5_TOPIC_ALIAS_INVAILD __attribute__((deprecated)) = 0x94,
    MQTT5_TOPIC_ALIAS_INVALID = 0x94,
    MQTT5_PACKET_TOO_LARGE = 0x95,
    MQTT5_MESSAGE_RATE_TOO_HIGH = 0x96,
    MQTT5_QUOTA_EXCEEDED = 0x97,
    MQTT5_ADMINISTRATIVE_ACTION = 0x98,
    MQTT5_PAYLOAD_FORMAT_INVAILD __attribute__((deprecated)) = 0x99,
    MQTT5_PAYLOAD_FORMAT_INVALID = 0x99,
    MQTT5_RETAIN_NOT_SUPPORT = 0x9A,
    MQTT5_QOS_NOT_SUPPORT = 0x9B,
    MQTT5_USE_ANOTHER_SERVER = 0x9C,
    MQTT5_SERVER_MOVED = 0x9D,
    MQTT5_SHARED_SUBSCR_NOT_SUPPORTED = 0x9E,
    MQTT5_CONNECTION_RATE_EXCEEDED = 0x9F,
    MQTT5_MAXIMUM_CONNECT_TIME = 0xA0,
    MQTT5_SUBSCRIBE_IDENTIFIER_NOT_SUPPORT = 0xA1,
    MQTT5_WILDCARD_SUBSCRIBE_NOT_SUPPORT = 0xA2,
};

/* A list of user properties (key/value pairs, repeats allowed, order kept).
 * Made by esp_mqtt5_client_set_user_property, freed by ..._delete_user_property. */
typedef struct mqtt5_user_property_list_t *mqtt5_user_property_handle_t;

/* CONNECT properties and the will's properties. Zero/NULL means "not sent"
 * (esp_mqtt5_client_set_connect_property keeps earlier values for them). */
typedef struct {
    uint32_t session_expiry_interval;
    uint32_t maximum_packet_size;
    uint16_t receive_maximum;
    uint16_t topic_alias_maximum;
    bool request_resp_info;
    bool request_problem_info;
    mqtt5_user_property_handle_t user_property;
    uint32_t will_delay_interval;
    uint32_t message_expiry_interval;
    bool payload_format_indicator;
    const char *content_type;
    const char *response_topic;
    const char *correlation_data;
    uint16_t correlation_data_len;
    mqtt5_user_property_handle_t will_user_property;
} esp_mqtt5_connection_property_config_t;

/* Properties of the next publish only. The client keeps the pointer, not a
 * copy: the struct must live until that publish/enqueue call. */
typedef struct {
    bool payload_format_indicator;
    uint32_t message_expiry_interval;
    uint16_t topic_alias;
    const char *response_topic;
    const char *correlation_data;
    uint16_t correlation_data_len;
    const char *content_type;
    mqtt5_user_property_handle_t user_property;
} esp_mqtt5_publish_property_config_t;

/* Options and properties of the next subscribe only (pointer kept, as above). */
typedef struct {
    uint16_t subscribe_id;
    bool no_local_flag;
    bool retain_as_published_flag;
    uint8_t retain_handle;
    bool is_share_subscribe;
    const char *share_name;
    mqtt5_user_property_handle_t user_property;
} esp_mqtt5_subscribe_property_config_t;

/* Properties of the next unsubscribe only (pointer kept, as above). */
typedef struct {
    bool is_share_subscribe;
    const char *share_name;
    mqtt5_user_property_handle_t user_property;
} esp_mqtt5_unsubscribe_property_config_t;

/* DISCONNECT properties and reason code for the next disconnect (copied). */
typedef struct {
    uint32_t session_expiry_interval;
    uint8_t disconnect_reason;
    mqtt5_user_property_handle_t user_property;
} esp_mqtt5_disconnect_property_config_t;

/* event->property of a v5 client. Strings are not NUL-terminated and, like
 * user_property (freed by the client after the handlers return), valid only
 * during the handler call. */
typedef struct {
    bool payload_format_indicator;
    char *response_topic;
    int response_topic_len;
    char *correlation_data;
    uint16_t correlation_data_len;
    char *content_type;
    int content_type_len;
    uint16_t subscribe_id;
    mqtt5_user_property_handle_t user_property;
} esp_mqtt5_event_property_t;

typedef struct {
    const char *key;
    const char *value;
} esp_mqtt5_user_property_item_t;

esp_err_t esp_mqtt5_client_set_connect_property(esp_mqtt5_client_handle_t client,
                                                const esp_mqtt5_connection_property_config_t *connect_property);
esp_err_t esp_mqtt5_client_set_publish_property(esp_mqtt5_client_handle_t client,
                                                const esp_mqtt5_publish_property_config_t *property);
esp_err_t esp_mqtt5_client_set_subscribe_property(esp_mqtt5_client_handle_t client,
                                                  const esp_mqtt5_subscribe_property_config_t *property);
esp_err_t esp_mqtt5_client_set_unsubscribe_property(esp_mqtt5_client_handle_t client,
                                                    const esp_mqtt5_unsubscribe_property_config_t *property);
esp_err_t esp_mqtt5_client_set_disconnect_property(esp_mqtt5_client_handle_t client,
                                                   const esp_mqtt5_disconnect_property_config_t *property);
/* Appends copies of the items (those with key and value set) to *user_property,
 * making the list when *user_property is NULL. */
esp_err_t esp_mqtt5_client_set_user_property(mqtt5_user_property_handle_t *user_property,
                                             esp_mqtt5_user_property_item_t item[], uint8_t item_num);
/* Copies up to *item_num items out (each key and value malloc'd: the caller
 * frees them); *item_num becomes the number copied. */
esp_err_t esp_mqtt5_client_get_user_property(mqtt5_user_property_handle_t user_property,
                                             esp_mqtt5_user_property_item_t *item, uint8_t *item_num);
uint8_t esp_mqtt5_client_get_user_property_count(mqtt5_user_property_handle_t user_property);
void esp_mqtt5_client_delete_user_property(mqtt5_user_property_handle_t user_property);

#ifdef __cplusplus
}
#endif

#endif
