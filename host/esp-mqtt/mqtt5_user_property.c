/*
 * MQTT 5 user property lists of the host esp-mqtt port (esp_mqtt5_client_*
 * _user_property): an ordered list of key/value string copies, repeats kept,
 * and its conversion from and to libmosquitto's property lists.
 * Compiled only with CONFIG_MQTT_PROTOCOL_5.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include "mqtt_host_internal.h"

#ifdef CONFIG_MQTT_PROTOCOL_5

#define TAG "mqtt5_client"

typedef struct host_user_property {
    char *key;
    char *value;
    struct host_user_property *next;
} host_user_property_t;

struct mqtt5_user_property_list_t {
    host_user_property_t *first;
    host_user_property_t *last;
};

/* Appends copies of key and value; false when out of memory. */
static bool append_pair(struct mqtt5_user_property_list_t *list, const char *key, const char *value)
{
    host_user_property_t *item = calloc(1, sizeof(*item));
    if (item == NULL) {
        return false;
    }
    item->key = strdup(key);
    item->value = strdup(value);
    if (item->key == NULL || item->value == NULL) {
        free(item->key);
        free(item->value);
        free(item);
        return false;
    }
    if (list->last != NULL) {
        list->last->next = item;
    } else {
        list->first = item;
    }
    list->last = item;
    return true;
}

esp_err_t esp_mqtt5_client_set_user_property(mqtt5_user_property_handle_t *user_property,
                                             esp_mqtt5_user_property_item_t item[], uint8_t item_num)
{
    if (item_num == 0 || item == NULL || user_property == NULL) {
        host_mqtt_esp_log('E', TAG, "Input value is NULL");
        return ESP_FAIL;
    }
    if (*user_property == NULL) {
        *user_property = calloc(1, sizeof(**user_property));
        if (*user_property == NULL) {
            return ESP_ERR_NO_MEM;
        }
    }
    for (int i = 0; i < item_num; i++) {
        /* esp-mqtt skips items without a key or a value */
        if (item[i].key != NULL && item[i].value != NULL && !append_pair(*user_property, item[i].key, item[i].value)) {
            esp_mqtt5_client_delete_user_property(*user_property);
            *user_property = NULL;
            return ESP_ERR_NO_MEM;
        }
    }
    return ESP_OK;
}

esp_err_t esp_mqtt5_client_get_user_property(mqtt5_user_property_handle_t user_property,
                                             esp_mqtt5_user_property_item_t *item, uint8_t *item_num)
{
    if (user_property == NULL || item == NULL || item_num == NULL || *item_num == 0) {
        host_mqtt_esp_log('E', TAG, "Input value is NULL or item_num is 0");
        return ESP_FAIL;
    }
    int n = 0;
    for (host_user_property_t *p = user_property->first; p != NULL && n < *item_num; p = p->next) {
        char *key = strdup(p->key);
        char *value = strdup(p->value);
        if (key == NULL || value == NULL) {
            free(key);
            free(value);
            for (int j = 0; j < n; j++) {
                free((char *)item[j].key);
                free((char *)item[j].value);
            }
            return ESP_ERR_NO_MEM;
        }
        item[n].key = key;
        item[n].value = value;
        n++;
    }
    *item_num = (uint8_t)n;
    return ESP_OK;
}

uint8_t esp_mqtt5_client_get_user_property_count(mqtt5_user_property_handle_t user_property)
{
    uint8_t count = 0;
    if (user_property != NULL) {
        for (host_user_property_t *p = user_property->first; p != NULL; p = p->next) {
            count++;            /* wraps past 255, as esp-mqtt's uint8_t count does */
        }
    }
    return count;
}

void esp_mqtt5_client_delete_user_property(mqtt5_user_property_handle_t user_property)
{
    if (user_property == NULL) {
        return;
    }
    host_user_property_t *p = user_property->first;
    while (p != NULL) {
        host_user_property_t *next = p->next;
        free(p->key);
        free(p->value);
        free(p);
        p = next;
    }
    free(user_property);
}

/* A copy of a list (NULL for NULL); *ok false when out of memory. */
mqtt5_user_property_handle_t host_mqtt5_user_props_copy(mqtt5_user_property_handle_t from, bool *ok)
{
    *ok = true;
    if (from == NULL) {
        return NULL;
    }
    mqtt5_user_property_handle_t copy = calloc(1, sizeof(*copy));
    if (copy == NULL) {
        *ok = false;
        return NULL;
    }
    for (host_user_property_t *p = from->first; p != NULL; p = p->next) {
        if (!append_pair(copy, p->key, p->value)) {
            esp_mqtt5_client_delete_user_property(copy);
            *ok = false;
            return NULL;
        }
    }
    return copy;
}

/* Appends the list's pairs to a libmosquitto property list as User Property. */
bool host_mqtt5_user_props_add(mosquitto_property **props, mqtt5_user_property_handle_t list)
{
    if (list == NULL) {
        return true;
    }
    for (host_user_property_t *p = list->first; p != NULL; p = p->next) {
        if (mosquitto_property_add_string_pair(props, MQTT_PROP_USER_PROPERTY, p->key, p->value) != MOSQ_ERR_SUCCESS) {
            return false;
        }
    }
    return true;
}

/* The User Property pairs of a received packet, in order (NULL when none). */
mqtt5_user_property_handle_t host_mqtt5_user_props_from(const mosquitto_property *props)
{
    mqtt5_user_property_handle_t list = NULL;
    for (const mosquitto_property *p = props; p != NULL; p = mosquitto_property_next(p)) {
        if (mosquitto_property_identifier(p) != MQTT_PROP_USER_PROPERTY) {
            continue;
        }
        char *key = NULL;
        char *value = NULL;
        if (mosquitto_property_read_string_pair(p, MQTT_PROP_USER_PROPERTY, &key, &value, false) == NULL) {
            continue;
        }
        if (list == NULL) {
            list = calloc(1, sizeof(*list));
        }
        bool ok = list != NULL && append_pair(list, key, value);
        free(key);
        free(value);
        if (!ok) {
            break;              /* out of memory: what was read so far */
        }
    }
    return list;
}

#endif
