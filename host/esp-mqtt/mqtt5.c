/*
 * MQTT 5 in the host esp-mqtt port (esp-mqtt's mqtt5_client.c, e6afdb4): the
 * client's v5 state and the esp_mqtt5_client_set_*_property functions with
 * esp-mqtt's checks, return values and log lines. What goes out is in
 * mqtt5_outgoing.c, what comes in in mqtt5_incoming.c, user property lists in
 * mqtt5_user_property.c. Compiled only with CONFIG_MQTT_PROTOCOL_5
 * (docs/esp-mqtt-host.md, "MQTT 5").
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

#endif
