/*
 * The public esp_mqtt_client_* functions of the host esp-mqtt port (init,
 * configuration, start/stop/destroy, publish, subscribe, handlers). They run
 * on the caller's thread and leave connecting and events to the client thread.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "mqtt_host_internal.h"
#include "host_runtime.h"

static pthread_once_t s_lib_once = PTHREAD_ONCE_INIT;

static void lib_init(void)
{
    mosquitto_lib_init();
}

static bool on_client_thread(struct esp_mqtt_client *c)
{
    return c->thread_live && pthread_equal(pthread_self(), c->thread);
}

/* Takes c->lock once no connection attempt is running (see connect_attempt in
 * connection.c). */
static void lock_idle(struct esp_mqtt_client *c)
{
    pthread_mutex_lock(&c->lock);
    while (c->connecting) {
        pthread_cond_wait(&c->wake, &c->lock);
    }
}

/* esp-mqtt's send_disconnect_msg: a v5 client sends the reason and the
 * properties esp_mqtt5_client_set_disconnect_property stored. Lock held. */
static void send_disconnect(struct esp_mqtt_client *c)
{
#ifdef CONFIG_MQTT_PROTOCOL_5
    if (host_mqtt5_on(c)) {
        host_mqtt5_disconnect(c);
        return;
    }
#endif
    mosquitto_disconnect(c->mosq);
}

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
#ifdef CONFIG_MQTT_PROTOCOL_5
    host_mqtt5_init(c);
#endif
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
        send_disconnect(client);                /* queued; the task writes it */
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
#ifdef CONFIG_MQTT_PROTOCOL_5
    host_mqtt5_free(client);
#endif
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
        send_disconnect(client);
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
    int rc;
#ifdef CONFIG_MQTT_PROTOCOL_5
    if (host_mqtt5_on(c)) {
        rc = host_mqtt5_publish(c, &mid, topic, len, data, qos, retain != 0);
    } else
#endif
    rc = mosquitto_publish(c->mosq, &mid, topic, len, data, qos, retain != 0);
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
#ifdef CONFIG_MQTT_PROTOCOL_5
    } else if (host_mqtt5_on(client) && !host_mqtt5_publish_check(client, qos, retain)) {
        host_mqtt_esp_log('I', "mqtt_client", "MQTT5 publish check fail");
        ret = -1;
#endif
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
#ifdef CONFIG_MQTT_PROTOCOL_5
    } else if (host_mqtt5_on(client) && !host_mqtt5_publish_check(client, qos, retain)) {
        host_mqtt_esp_log('I', "mqtt_client", "esp_mqtt_client_enqueue check fail");
        ret = -1;
#endif
    } else if (qos > 0 || client->state == HOST_ST_CONNECTED) {
        ret = publish_locked(client, topic, data, len, qos, retain);
    } else {
        /* A stored QoS 0 message waits for the next connection. */
        host_outbox_item_t item = { .msg_id = 0, .kind = HOST_OUT_QOS0_STORED,
                                    .size = publish_packet_size(topic, len, 0),
                                    .topic = strdup(topic), .data = malloc((size_t)len + 1),
                                    .data_len = len, .retain = retain };
        ret = -1;
        if (item.topic != NULL && item.data != NULL) {
            if (len > 0) {
                memcpy(item.data, data, (size_t)len);
            }
            ret = outbox_add(client, item) ? 0 : -1;
        }
        if (ret < 0) {
            free(item.topic);
            free(item.data);
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
#ifdef CONFIG_MQTT_PROTOCOL_5
    } else if (client->state == HOST_ST_CONNECTED && host_mqtt5_on(client) &&
               !host_mqtt5_subscribe_check(client, qos)) {
        host_mqtt_esp_log('I', "mqtt_client", "MQTT5 subscribe check fail: QoS %d not accepted by broker ", qos);
        ret = -1;
#endif
    } else if (client->state == HOST_ST_CONNECTED) {
        int mid = 0;
        int rc;
#ifdef CONFIG_MQTT_PROTOCOL_5
        if (host_mqtt5_on(client)) {
            rc = host_mqtt5_subscribe(client, &mid, size, filters, qos);
        } else
#endif
        rc = mosquitto_subscribe_multiple(client->mosq, &mid, size, filters, qos, 0, NULL);
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
        int rc;
#ifdef CONFIG_MQTT_PROTOCOL_5
        if (host_mqtt5_on(client)) {
            rc = host_mqtt5_unsubscribe(client, &mid, topic);
        } else
#endif
        rc = mosquitto_unsubscribe(client->mosq, &mid, topic);
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
