/*
 * MQTT 5 packets the host esp-mqtt client sends: the CONNECT, will, PUBLISH,
 * SUBSCRIBE, UNSUBSCRIBE and DISCONNECT properties as libmosquitto property
 * lists in the order of esp-mqtt's mqtt5_msg.c (e6afdb4), the calls that send
 * them, and esp-mqtt's checks of a publish or subscribe against the CONNACK.
 * Compiled only with CONFIG_MQTT_PROTOCOL_5.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mqtt_host_internal.h"

#ifdef CONFIG_MQTT_PROTOCOL_5

#define TAG "mqtt5_client"

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

#endif
