/*
 * MQTT 5 packets the host esp-mqtt client receives: esp-mqtt's warning line for
 * a refusing reason code, what a CONNACK announces, and the properties of a
 * message or an acknowledgement as the event's `property` (mqtt5_client.c and
 * mqtt5_msg.c at e6afdb4). Compiled only with CONFIG_MQTT_PROTOCOL_5.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mqtt_host_internal.h"

#ifdef CONFIG_MQTT_PROTOCOL_5

#define TAG "mqtt5_client"

void host_mqtt5_print_reason(int code)
{
    static const struct { int code; const char *text; } words[] = {
        { MQTT5_UNSPECIFIED_ERROR, "Unspecified error" },
        { MQTT5_MALFORMED_PACKET, "Malformed Packet" },
        { MQTT5_PROTOCOL_ERROR, "Protocol Error" },
        { MQTT5_IMPLEMENT_SPECIFIC_ERROR, "Implementation specific error" },
        { MQTT5_UNSUPPORTED_PROTOCOL_VER, "Unsupported Protocol Version" },
        { MQTT5_INVALID_CLIENT_ID, "Client Identifier not valid" },
        { MQTT5_BAD_USERNAME_OR_PWD, "Bad User Name or Password" },
        { MQTT5_NOT_AUTHORIZED, "Not authorized" },
        { MQTT5_SERVER_UNAVAILABLE, "Server unavailable" },
        { MQTT5_SERVER_BUSY, "Server busy" },
        { MQTT5_BANNED, "Banned" },
        { MQTT5_SERVER_SHUTTING_DOWN, "Server shutting down" },
        { MQTT5_BAD_AUTH_METHOD, "Bad authentication method" },
        { MQTT5_KEEP_ALIVE_TIMEOUT, "Keep Alive timeout" },
        { MQTT5_SESSION_TAKEN_OVER, "Session taken over" },
        { MQTT5_TOPIC_FILTER_INVALID, "Topic Filter invalid" },
        { MQTT5_TOPIC_NAME_INVALID, "Topic Name invalid" },
        { MQTT5_PACKET_IDENTIFIER_IN_USE, "Packet Identifier in use" },
        { MQTT5_PACKET_IDENTIFIER_NOT_FOUND, "Packet Identifier not found" },
        { MQTT5_RECEIVE_MAXIMUM_EXCEEDED, "Receive Maximum exceeded" },
        { MQTT5_TOPIC_ALIAS_INVALID, "Topic Alias invalid" },
        { MQTT5_PACKET_TOO_LARGE, "Packet too large" },
        { MQTT5_MESSAGE_RATE_TOO_HIGH, "Message rate too high" },
        { MQTT5_QUOTA_EXCEEDED, "Quota exceeded" },
        { MQTT5_ADMINISTRATIVE_ACTION, "Administrative action" },
        { MQTT5_PAYLOAD_FORMAT_INVALID, "Payload format invalid" },
        { MQTT5_RETAIN_NOT_SUPPORT, "Retain not supported" },
        { MQTT5_QOS_NOT_SUPPORT, "QoS not supported" },
        { MQTT5_USE_ANOTHER_SERVER, "Use another server" },
        { MQTT5_SERVER_MOVED, "Server moved" },
        { MQTT5_SHARED_SUBSCR_NOT_SUPPORTED, "Shared Subscriptions not supported" },
        { MQTT5_CONNECTION_RATE_EXCEEDED, "Connection rate exceeded" },
        { MQTT5_MAXIMUM_CONNECT_TIME, "Maximum connect time" },
        { MQTT5_SUBSCRIBE_IDENTIFIER_NOT_SUPPORT, "Subscription Identifiers not supported" },
        { MQTT5_WILDCARD_SUBSCRIBE_NOT_SUPPORT, "Wildcard Subscriptions not supported" },
    };
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        if (words[i].code == code) {
            host_mqtt_esp_log('W', TAG, "%s", words[i].text);
            return;
        }
    }
    host_mqtt_esp_log('W', TAG, "Connection refused, Unknow reason");
}

void host_mqtt5_read_connack(struct esp_mqtt_client *c, const mosquitto_property *props)
{
    host_mqtt5_state_t *v = &c->v5;
    /* esp-mqtt keeps what an earlier CONNACK said for what this one leaves out */
    uint8_t byte;
    uint16_t u16;
    uint32_t u32;
    char *str = NULL;
    if (mosquitto_property_read_byte(props, MQTT_PROP_MAXIMUM_QOS, &byte, false)) {
        v->server_max_qos = byte;
    }
    if (mosquitto_property_read_byte(props, MQTT_PROP_RETAIN_AVAILABLE, &byte, false)) {
        v->server_retain_available = byte != 0;
    }
    if (mosquitto_property_read_byte(props, MQTT_PROP_SHARED_SUB_AVAILABLE, &byte, false)) {
        v->server_shared_subscribe_available = byte != 0;
    }
    if (mosquitto_property_read_int16(props, MQTT_PROP_RECEIVE_MAXIMUM, &u16, false)) {
        v->server_receive_maximum = u16;
    }
    if (mosquitto_property_read_int16(props, MQTT_PROP_TOPIC_ALIAS_MAXIMUM, &u16, false)) {
        v->server_topic_alias_maximum = u16;
    }
    if (mosquitto_property_read_int16(props, MQTT_PROP_SERVER_KEEP_ALIVE, &u16, false)) {
        c->keepalive_s = u16;           /* esp-mqtt pings on the server's keepalive from now on */
    }
    if (mosquitto_property_read_int32(props, MQTT_PROP_SESSION_EXPIRY_INTERVAL, &u32, false)) {
        v->session_expiry_interval = u32;   /* esp-mqtt writes it into its connect properties */
    }
    if (mosquitto_property_read_string(props, MQTT_PROP_RESPONSE_INFORMATION, &str, false)) {
        free(v->server_response_info);
        v->server_response_info = str;
    }
}

/* A string or binary property as a NUL-free pointer and length (malloc'd). */
static char *read_bytes(const mosquitto_property *props, int id, int *len)
{
    if (id == MQTT_PROP_CORRELATION_DATA) {
        void *data = NULL;
        uint16_t n = 0;
        if (mosquitto_property_read_binary(props, id, &data, &n, false) == NULL) {
            return NULL;
        }
        *len = n;
        return data;
    }
    char *s = NULL;
    if (mosquitto_property_read_string(props, id, &s, false) == NULL) {
        return NULL;
    }
    *len = (int)strlen(s);
    return s;
}

void host_mqtt5_event_props(struct esp_mqtt_client *c, const mosquitto_property *props, bool message)
{
    esp_mqtt5_event_property_t *e = &c->v5.event_property;
    host_mqtt5_event_done(c);
    e->user_property = host_mqtt5_user_props_from(props);
    if (!message) {
        return;                         /* acks: esp-mqtt takes only their user properties */
    }
    uint8_t pfi = 0;
    if (mosquitto_property_read_byte(props, MQTT_PROP_PAYLOAD_FORMAT_INDICATOR, &pfi, false)) {
        e->payload_format_indicator = pfi != 0;
    }
    /* several Subscription Identifiers: esp-mqtt keeps the last one it parses */
    for (const mosquitto_property *p = props; p != NULL; p = mosquitto_property_next(p)) {
        uint32_t id;
        if (mosquitto_property_identifier(p) == MQTT_PROP_SUBSCRIPTION_IDENTIFIER &&
            mosquitto_property_read_varint(p, MQTT_PROP_SUBSCRIPTION_IDENTIFIER, &id, false)) {
            e->subscribe_id = (uint16_t)id;
        }
    }
    int n = 0;
    e->response_topic = read_bytes(props, MQTT_PROP_RESPONSE_TOPIC, &n);
    e->response_topic_len = e->response_topic ? n : 0;
    e->content_type = read_bytes(props, MQTT_PROP_CONTENT_TYPE, &n);
    e->content_type_len = e->content_type ? n : 0;
    e->correlation_data = read_bytes(props, MQTT_PROP_CORRELATION_DATA, &n);
    e->correlation_data_len = e->correlation_data ? (uint16_t)n : 0;
}

void host_mqtt5_event_done(struct esp_mqtt_client *c)
{
    esp_mqtt5_event_property_t *e = &c->v5.event_property;
    free(e->response_topic);
    free(e->content_type);
    free(e->correlation_data);
    esp_mqtt5_client_delete_user_property(e->user_property);
    memset(e, 0, sizeof(*e));
}

/* Wire bytes of one property value by its identifier (MQTT 5 section 2.2.2.2). */
static int value_len(const mosquitto_property *p, int id)
{
    switch (id) {
    case MQTT_PROP_PAYLOAD_FORMAT_INDICATOR: case MQTT_PROP_REQUEST_PROBLEM_INFORMATION:
    case MQTT_PROP_REQUEST_RESPONSE_INFORMATION: case MQTT_PROP_MAXIMUM_QOS: case MQTT_PROP_RETAIN_AVAILABLE:
    case MQTT_PROP_WILDCARD_SUB_AVAILABLE: case MQTT_PROP_SUBSCRIPTION_ID_AVAILABLE: case MQTT_PROP_SHARED_SUB_AVAILABLE:
        return 1;
    case MQTT_PROP_SERVER_KEEP_ALIVE: case MQTT_PROP_RECEIVE_MAXIMUM: case MQTT_PROP_TOPIC_ALIAS_MAXIMUM:
    case MQTT_PROP_TOPIC_ALIAS:
        return 2;
    case MQTT_PROP_MESSAGE_EXPIRY_INTERVAL: case MQTT_PROP_SESSION_EXPIRY_INTERVAL:
    case MQTT_PROP_WILL_DELAY_INTERVAL: case MQTT_PROP_MAXIMUM_PACKET_SIZE:
        return 4;
    case MQTT_PROP_SUBSCRIPTION_IDENTIFIER: {
        uint32_t v = 0;
        mosquitto_property_read_varint(p, id, &v, false);
        return v < 128 ? 1 : v < 16384 ? 2 : v < 2097152 ? 3 : 4;
    }
    case MQTT_PROP_USER_PROPERTY: {
        char *k = NULL, *v = NULL;
        mosquitto_property_read_string_pair(p, id, &k, &v, false);
        int n = 4 + (k ? (int)strlen(k) : 0) + (v ? (int)strlen(v) : 0);
        free(k);
        free(v);
        return n;
    }
    default: {
        int n = 0;
        char *s = read_bytes(p, id, &n);
        int bytes = 2 + (s != NULL ? n : 0);
        free(s);
        return bytes;
    }
    }
}

int host_mqtt5_props_wire_len(const mosquitto_property *props)
{
    int len = 0;
    for (const mosquitto_property *p = props; p != NULL; p = mosquitto_property_next(p)) {
        int id = mosquitto_property_identifier(p);
        len += 1 + value_len(p, id);
    }
    return len + (len < 128 ? 1 : len < 16384 ? 2 : len < 2097152 ? 3 : 4);
}

#endif
