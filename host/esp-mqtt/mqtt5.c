/*
 * MQTT 5 in the host esp-mqtt port: esp-mqtt's mqtt5_client.c (e6afdb4) over
 * libmosquitto's v5 calls. The esp_mqtt5_client_set_*_property functions with
 * esp-mqtt's checks, return values and log lines; the CONNECT, will, PUBLISH,
 * SUBSCRIBE, UNSUBSCRIBE and DISCONNECT properties built as libmosquitto
 * property lists in esp-mqtt's order; what a CONNACK announces; and the
 * properties of received packets as an event's `property`.
 * Compiled only with CONFIG_MQTT_PROTOCOL_5 (docs/esp-mqtt-host.md, "MQTT 5").
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mqtt_host_internal.h"

#ifdef CONFIG_MQTT_PROTOCOL_5

#define TAG "mqtt5_client"

bool host_mqtt5_on(const struct esp_mqtt_client *c)
{
    return c->cfg.protocol == MQTT_PROTOCOL_V_5;
}

/* esp_mqtt5_create_default_config: what is assumed of a server before its CONNACK. */
void host_mqtt5_init(struct esp_mqtt_client *c)
{
    c->v5.server_max_qos = 2;
    c->v5.server_retain_available = true;
    c->v5.server_shared_subscribe_available = true;
    c->v5.server_receive_maximum = 65535;
}

void host_mqtt5_free(struct esp_mqtt_client *c)
{
    host_mqtt5_state_t *v = &c->v5;
    esp_mqtt5_client_delete_user_property(v->user_property);
    esp_mqtt5_client_delete_user_property(v->will_user_property);
    esp_mqtt5_client_delete_user_property(v->disconnect.user_property);
    free(v->will_content_type);
    free(v->will_response_topic);
    free(v->will_correlation_data);
    free(v->server_response_info);
    host_mqtt5_event_done(c);
    memset(v, 0, sizeof(*v));
}

/* ------------------------------------------------------------ the API calls */

/* The checks every setter starts with; takes c->lock on success. */
static esp_err_t enter_v5(struct esp_mqtt_client *c)
{
    if (c == NULL) {
        host_mqtt_esp_log('E', TAG, "Client was not initialized");
        return ESP_ERR_INVALID_ARG;
    }
    pthread_mutex_lock(&c->lock);
    if (!host_mqtt5_on(c)) {
        host_mqtt_esp_log('E', TAG, "MQTT protocol version is not v5");
        pthread_mutex_unlock(&c->lock);
        return ESP_FAIL;
    }
    return ESP_OK;
}

/* Replaces *slot by a copy of from (when from is set); false when out of memory. */
static bool replace_user_props(mqtt5_user_property_handle_t *slot, mqtt5_user_property_handle_t from)
{
    if (from == NULL) {
        return true;
    }
    bool ok;
    mqtt5_user_property_handle_t copy = host_mqtt5_user_props_copy(from, &ok);
    if (!ok) {
        return false;
    }
    esp_mqtt5_client_delete_user_property(*slot);
    *slot = copy;
    return true;
}

static bool replace_string(char **slot, const char *from)
{
    if (from == NULL) {
        return true;
    }
    char *copy = strdup(from);
    if (copy == NULL) {
        return false;
    }
    free(*slot);
    *slot = copy;
    return true;
}

esp_err_t esp_mqtt5_client_set_connect_property(esp_mqtt5_client_handle_t client,
                                                const esp_mqtt5_connection_property_config_t *p)
{
    esp_err_t err = enter_v5(client);
    if (err != ESP_OK) {
        return err;
    }
    host_mqtt5_state_t *v = &client->v5;
    if (p != NULL) {
        /* as esp-mqtt: zero/false/NULL keeps what an earlier call set */
        if (p->session_expiry_interval) {
            v->session_expiry_interval = p->session_expiry_interval;
        }
        if (p->maximum_packet_size) {
            if (p->maximum_packet_size > (uint32_t)client->cfg.buffer_size) {
                host_mqtt_esp_log('W', TAG, "Connect maximum_packet_size property is over buffer_size(%d), Please first change it",
                                  client->cfg.buffer_size);
                pthread_mutex_unlock(&client->lock);
                return ESP_FAIL;
            }
            v->maximum_packet_size = p->maximum_packet_size;
        } else {
            v->maximum_packet_size = (uint32_t)client->cfg.buffer_size;   /* esp-mqtt: its receive buffer */
        }
        if (p->receive_maximum) {
            v->receive_maximum = p->receive_maximum;
        }
        if (p->topic_alias_maximum) {
            v->topic_alias_maximum = p->topic_alias_maximum;
        }
        if (p->request_resp_info) {
            v->request_resp_info = true;
        }
        if (p->request_problem_info) {
            v->request_problem_info = true;
        }
        if (p->payload_format_indicator) {
            v->will_payload_format_indicator = true;
        }
        if (p->will_delay_interval) {
            v->will_delay_interval = p->will_delay_interval;
        }
        if (p->message_expiry_interval) {
            v->will_message_expiry_interval = p->message_expiry_interval;
        }
        bool ok = replace_user_props(&v->user_property, p->user_property) &&
                  replace_string(&v->will_content_type, p->content_type) &&
                  replace_string(&v->will_response_topic, p->response_topic) &&
                  replace_user_props(&v->will_user_property, p->will_user_property);
        if (ok && p->correlation_data != NULL && p->correlation_data_len > 0) {
            char *data = malloc(p->correlation_data_len);
            ok = data != NULL;
            if (ok) {
                memcpy(data, p->correlation_data, p->correlation_data_len);
                free(v->will_correlation_data);
                v->will_correlation_data = data;
                v->will_correlation_data_len = p->correlation_data_len;
            }
        }
        if (!ok) {
            pthread_mutex_unlock(&client->lock);
            return ESP_ERR_NO_MEM;
        }
    }
    pthread_mutex_unlock(&client->lock);
    return ESP_OK;
}

esp_err_t esp_mqtt5_client_set_publish_property(esp_mqtt5_client_handle_t client,
                                                const esp_mqtt5_publish_property_config_t *property)
{
    esp_err_t err = enter_v5(client);
    if (err != ESP_OK) {
        return err;
    }
    if (property != NULL && property->topic_alias > client->v5.server_topic_alias_maximum) {
        host_mqtt_esp_log('E', TAG, "Topic alias %d is bigger than server support %d", property->topic_alias,
                          client->v5.server_topic_alias_maximum);
        pthread_mutex_unlock(&client->lock);
        return ESP_FAIL;
    }
    client->v5.publish = property;
    pthread_mutex_unlock(&client->lock);
    return ESP_OK;
}

/* The shared-subscription checks of the subscribe and unsubscribe setters. Lock held. */
static bool share_ok(struct esp_mqtt_client *c, bool share, const char *name)
{
    if (!share) {
        return true;
    }
    if (!c->v5.server_shared_subscribe_available) {
        host_mqtt_esp_log('E', TAG, "MQTT broker not support shared subscribe");
        return false;
    }
    if (name == NULL || name[0] == '\0') {
        host_mqtt_esp_log('E', TAG, "Share name can't be empty for shared subscribe");
        return false;
    }
    return true;
}

esp_err_t esp_mqtt5_client_set_subscribe_property(esp_mqtt5_client_handle_t client,
                                                  const esp_mqtt5_subscribe_property_config_t *property)
{
    if (client == NULL) {
        host_mqtt_esp_log('E', TAG, "Client was not initialized");
        return ESP_ERR_INVALID_ARG;
    }
    if (property != NULL && property->retain_handle > 2) {
        host_mqtt_esp_log('E', TAG, "retain_handle only support 0, 1, 2");
        return -1;
    }
    esp_err_t err = enter_v5(client);
    if (err != ESP_OK) {
        return err;
    }
    if (property != NULL && property->is_share_subscribe && property->no_local_flag) {
        /* MQTT-3.8.3-4: no No Local on a shared subscription */
        host_mqtt_esp_log('E', TAG, "Protocol error that no local flag set on shared subscription");
        err = ESP_FAIL;
    } else if (property != NULL && !share_ok(client, property->is_share_subscribe, property->share_name)) {
        err = ESP_FAIL;
    } else {
        client->v5.subscribe = property;
    }
    pthread_mutex_unlock(&client->lock);
    return err;
}

esp_err_t esp_mqtt5_client_set_unsubscribe_property(esp_mqtt5_client_handle_t client,
                                                    const esp_mqtt5_unsubscribe_property_config_t *property)
{
    esp_err_t err = enter_v5(client);
    if (err != ESP_OK) {
        return err;
    }
    if (property != NULL && !share_ok(client, property->is_share_subscribe, property->share_name)) {
        err = ESP_FAIL;
    } else {
        client->v5.unsubscribe = property;
    }
    pthread_mutex_unlock(&client->lock);
    return err;
}

esp_err_t esp_mqtt5_client_set_disconnect_property(esp_mqtt5_client_handle_t client,
                                                   const esp_mqtt5_disconnect_property_config_t *property)
{
    esp_err_t err = enter_v5(client);
    if (err != ESP_OK) {
        return err;
    }
    if (property != NULL) {
        if (property->session_expiry_interval) {
            client->v5.disconnect.session_expiry_interval = property->session_expiry_interval;
        }
        if (property->disconnect_reason) {
            client->v5.disconnect.disconnect_reason = property->disconnect_reason;
        }
        if (!replace_user_props(&client->v5.disconnect.user_property, property->user_property)) {
            host_mqtt_esp_log('E', TAG, "esp_mqtt5_user_property_copy fail");
            err = ESP_FAIL;
        }
    }
    pthread_mutex_unlock(&client->lock);
    return err;
}

/* ------------------------------------------------- outgoing property lists */

/* Every add below returns MOSQ_ERR_SUCCESS or NOMEM; one flag collects them. */
static void add_ok(bool *ok, int rc)
{
    if (rc != MOSQ_ERR_SUCCESS) {
        *ok = false;
    }
}

/* On failure the partial list is freed and NULL returned (sent without). */
static mosquitto_property *finish(mosquitto_property *props, bool ok, const char *what)
{
    if (!ok) {
        host_mqtt_esp_log('E', TAG, "%s properties cannot be created", what);
        mosquitto_property_free_all(&props);
        return NULL;
    }
    return props;
}

/* mqtt5_msg_connect's CONNECT properties, in its order. */
mosquitto_property *host_mqtt5_connect_props(struct esp_mqtt_client *c)
{
    host_mqtt5_state_t *v = &c->v5;
    mosquitto_property *props = NULL;
    bool ok = true;
    if (v->session_expiry_interval) {
        add_ok(&ok, mosquitto_property_add_int32(&props, MQTT_PROP_SESSION_EXPIRY_INTERVAL, v->session_expiry_interval));
    }
    if (v->maximum_packet_size) {
        add_ok(&ok, mosquitto_property_add_int32(&props, MQTT_PROP_MAXIMUM_PACKET_SIZE, v->maximum_packet_size));
    }
    if (v->receive_maximum) {
        add_ok(&ok, mosquitto_property_add_int16(&props, MQTT_PROP_RECEIVE_MAXIMUM, v->receive_maximum));
    }
    if (v->topic_alias_maximum) {
        add_ok(&ok, mosquitto_property_add_int16(&props, MQTT_PROP_TOPIC_ALIAS_MAXIMUM, v->topic_alias_maximum));
    }
    if (v->request_resp_info) {
        add_ok(&ok, mosquitto_property_add_byte(&props, MQTT_PROP_REQUEST_RESPONSE_INFORMATION, 1));
    }
    if (v->request_problem_info) {
        add_ok(&ok, mosquitto_property_add_byte(&props, MQTT_PROP_REQUEST_PROBLEM_INFORMATION, 1));
    }
    ok = ok && host_mqtt5_user_props_add(&props, v->user_property);
    return finish(props, ok, "CONNECT");
}

/* mqtt5_msg_connect's will properties, in its order. */
mosquitto_property *host_mqtt5_will_props(struct esp_mqtt_client *c)
{
    host_mqtt5_state_t *v = &c->v5;
    mosquitto_property *props = NULL;
    bool ok = true;
    if (v->will_delay_interval) {
        add_ok(&ok, mosquitto_property_add_int32(&props, MQTT_PROP_WILL_DELAY_INTERVAL, v->will_delay_interval));
    }
    if (v->will_payload_format_indicator) {
        add_ok(&ok, mosquitto_property_add_byte(&props, MQTT_PROP_PAYLOAD_FORMAT_INDICATOR, 1));
    }
    if (v->will_message_expiry_interval) {
        add_ok(&ok, mosquitto_property_add_int32(&props, MQTT_PROP_MESSAGE_EXPIRY_INTERVAL, v->will_message_expiry_interval));
    }
    if (v->will_content_type) {
        add_ok(&ok, mosquitto_property_add_string(&props, MQTT_PROP_CONTENT_TYPE, v->will_content_type));
    }
    if (v->will_response_topic) {
        add_ok(&ok, mosquitto_property_add_string(&props, MQTT_PROP_RESPONSE_TOPIC, v->will_response_topic));
    }
    if (v->will_correlation_data && v->will_correlation_data_len) {
        add_ok(&ok, mosquitto_property_add_binary(&props, MQTT_PROP_CORRELATION_DATA, v->will_correlation_data,
                                                  v->will_correlation_data_len));
    }
    ok = ok && host_mqtt5_user_props_add(&props, v->will_user_property);
    return finish(props, ok, "will");
}

bool host_mqtt5_publish_check(struct esp_mqtt_client *c, int qos, int retain)
{
    if (c->v5.server_max_qos < qos) {
        host_mqtt_esp_log('E', TAG, "Server only support max QoS level %d", c->v5.server_max_qos);
        return false;
    }
    if (!c->v5.server_retain_available && retain) {
        host_mqtt_esp_log('E', TAG, "Server not support retain");
        return false;
    }
    /* esp-mqtt's flow control counts QoS 1/2 PUBLISHes sent and not yet
     * acknowledged; here: those in the outbox */
    int in_flight = 0;
    for (int i = 0; i < c->outbox_count; i++) {
        in_flight += c->outbox[i].kind == HOST_OUT_PUBLISH;
    }
    if (in_flight > c->v5.server_receive_maximum) {
        host_mqtt_esp_log('E', TAG, "Client send more than %d QoS1 and QoS2 PUBLISH packet without no ack",
                          c->v5.server_receive_maximum);
        return false;
    }
    return true;
}

bool host_mqtt5_subscribe_check(struct esp_mqtt_client *c, int qos)
{
    if (c->v5.server_max_qos < qos) {
        host_mqtt_esp_log('E', TAG, "Server only support max QoS level %d", c->v5.server_max_qos);
        return false;
    }
    return true;
}

int host_mqtt5_publish(struct esp_mqtt_client *c, int *mid, const char *topic, int len, const void *data,
                       int qos, bool retain)
{
    const esp_mqtt5_publish_property_config_t *p = c->v5.publish;
    c->v5.publish = NULL;                   /* one publish only, as esp-mqtt */
    if (topic[0] == '\0') {
        return MOSQ_ERR_INVAL;              /* mqtt5_msg_publish refuses an empty topic, alias or not */
    }
    mosquitto_property *props = NULL;
    bool ok = true;
    char *joined = NULL;
    if (p != NULL) {
        if (p->payload_format_indicator) {
            add_ok(&ok, mosquitto_property_add_byte(&props, MQTT_PROP_PAYLOAD_FORMAT_INDICATOR, 1));
        }
        if (p->message_expiry_interval) {
            add_ok(&ok, mosquitto_property_add_int32(&props, MQTT_PROP_MESSAGE_EXPIRY_INTERVAL, p->message_expiry_interval));
        }
        if (p->topic_alias) {
            add_ok(&ok, mosquitto_property_add_int16(&props, MQTT_PROP_TOPIC_ALIAS, p->topic_alias));
        }
        if (p->response_topic) {
            /* esp-mqtt appends "/<Response Information>" when the CONNACK had one */
            const char *info = c->v5.server_response_info;
            if (info != NULL && info[0] != '\0' && asprintf(&joined, "%s/%s", p->response_topic, info) < 0) {
                joined = NULL;
                ok = false;
            }
            add_ok(&ok, mosquitto_property_add_string(&props, MQTT_PROP_RESPONSE_TOPIC, joined ? joined : p->response_topic));
        }
        if (p->correlation_data && p->correlation_data_len) {
            add_ok(&ok, mosquitto_property_add_binary(&props, MQTT_PROP_CORRELATION_DATA, p->correlation_data,
                                                      p->correlation_data_len));
        }
        ok = ok && host_mqtt5_user_props_add(&props, p->user_property);
        if (p->content_type) {
            add_ok(&ok, mosquitto_property_add_string(&props, MQTT_PROP_CONTENT_TYPE, p->content_type));
        }
    }
    free(joined);
    int rc = ok ? mosquitto_publish_v5(c->mosq, mid, topic, len, data, qos, retain, props) : MOSQ_ERR_NOMEM;
    mosquitto_property_free_all(&props);
    return rc;
}

/* "$share/<name>/<filter>" for a shared (un)subscription, else a copy. */
static char *filter_for(const char *filter, bool share, const char *name)
{
    char *s = NULL;
    if (share) {
        return asprintf(&s, "$share/%s/%s", name, filter) < 0 ? NULL : s;
    }
    return strdup(filter);
}

int host_mqtt5_subscribe(struct esp_mqtt_client *c, int *mid, int count, char *const *filters, int qos)
{
    const esp_mqtt5_subscribe_property_config_t *p = c->v5.subscribe;
    c->v5.subscribe = NULL;
    mosquitto_property *props = NULL;
    bool ok = true;
    int options = 0;
    if (p != NULL) {
        if (p->subscribe_id) {
            add_ok(&ok, mosquitto_property_add_varint(&props, MQTT_PROP_SUBSCRIPTION_IDENTIFIER, p->subscribe_id));
        }
        ok = ok && host_mqtt5_user_props_add(&props, p->user_property);
        if (p->retain_handle > 0 && p->retain_handle < 3) {
            options |= (p->retain_handle & 3) << 4;
        }
        if (p->no_local_flag) {
            options |= MQTT_SUB_OPT_NO_LOCAL;
        }
        if (p->retain_as_published_flag) {
            options |= MQTT_SUB_OPT_RETAIN_AS_PUBLISHED;
        }
    }
    char **list = calloc((size_t)count, sizeof(char *));
    ok = ok && list != NULL;
    for (int i = 0; ok && i < count; i++) {
        if (filters[i][0] == '\0') {
            ok = false;                 /* mqtt5_msg_subscribe refuses an empty filter */
            break;
        }
        list[i] = filter_for(filters[i], p != NULL && p->is_share_subscribe, p ? p->share_name : NULL);
        ok = list[i] != NULL;
    }
    int rc = ok ? mosquitto_subscribe_multiple(c->mosq, mid, count, list, qos, options, props) : MOSQ_ERR_INVAL;
    for (int i = 0; list != NULL && i < count; i++) {
        free(list[i]);
    }
    free(list);
    mosquitto_property_free_all(&props);
    return rc;
}

int host_mqtt5_unsubscribe(struct esp_mqtt_client *c, int *mid, const char *topic)
{
    const esp_mqtt5_unsubscribe_property_config_t *p = c->v5.unsubscribe;
    c->v5.unsubscribe = NULL;
    if (topic[0] == '\0') {
        return MOSQ_ERR_INVAL;
    }
    mosquitto_property *props = NULL;
    bool ok = p == NULL || host_mqtt5_user_props_add(&props, p->user_property);
    char *filter = ok ? filter_for(topic, p != NULL && p->is_share_subscribe, p ? p->share_name : NULL) : NULL;
    int rc = filter != NULL ? mosquitto_unsubscribe_v5(c->mosq, mid, filter, props) : MOSQ_ERR_NOMEM;
    free(filter);
    mosquitto_property_free_all(&props);
    return rc;
}

int host_mqtt5_disconnect(struct esp_mqtt_client *c)
{
    esp_mqtt5_disconnect_property_config_t *d = &c->v5.disconnect;
    mosquitto_property *props = NULL;
    bool ok = true;
    if (d->session_expiry_interval) {
        add_ok(&ok, mosquitto_property_add_int32(&props, MQTT_PROP_SESSION_EXPIRY_INTERVAL, d->session_expiry_interval));
    }
    ok = ok && host_mqtt5_user_props_add(&props, d->user_property);
    int rc = mosquitto_disconnect_v5(c->mosq, d->disconnect_reason, ok ? props : NULL);
    mosquitto_property_free_all(&props);
    /* send_disconnect_msg: used once, then forgotten */
    esp_mqtt5_client_delete_user_property(d->user_property);
    memset(d, 0, sizeof(*d));
    return rc;
}

/* ------------------------------------------------- incoming property lists */

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
