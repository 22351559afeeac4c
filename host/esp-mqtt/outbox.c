/*
 * The host esp-mqtt client's outbox: the operations still waiting for an
 * acknowledgement (QoS 1/2 publishes, subscribes, unsubscribes) and the QoS 0
 * messages that enqueue(store=true) keeps while offline, with the byte count
 * that esp_mqtt_client_get_outbox_size() reports.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include "mqtt_host_internal.h"

/* Called with c->lock held. */
bool outbox_add(struct esp_mqtt_client *c, host_outbox_item_t item)
{
    if (c->outbox_count == c->outbox_cap) {
        int cap = c->outbox_cap ? c->outbox_cap * 2 : 16;
        host_outbox_item_t *grown = realloc(c->outbox, (size_t)cap * sizeof(*grown));
        if (grown == NULL) {
            return false;
        }
        c->outbox = grown;
        c->outbox_cap = cap;
    }
    item.added_ms = now_ms();
    c->outbox[c->outbox_count++] = item;
    c->outbox_bytes += item.size;
    return true;
}

void outbox_remove_at(struct esp_mqtt_client *c, int i)
{
    c->outbox_bytes -= c->outbox[i].size;
    free(c->outbox[i].topic);
    free(c->outbox[i].data);
    c->outbox[i] = c->outbox[--c->outbox_count];
}

/* Removes the item answering an acknowledgement; false when there is none
 * (esp-mqtt posts no event for an acknowledgement it did not wait for). */
bool outbox_take(struct esp_mqtt_client *c, host_outbox_kind_t kind, int msg_id)
{
    pthread_mutex_lock(&c->lock);
    bool found = false;
    for (int i = 0; i < c->outbox_count; i++) {
        if (c->outbox[i].kind == kind && c->outbox[i].msg_id == msg_id) {
            outbox_remove_at(c, i);
            found = true;
            break;
        }
    }
    pthread_mutex_unlock(&c->lock);
    return found;
}

/* As esp-mqtt's outbox_delete_single_expired: the first expired item goes
 * (QoS 0 messages kept while offline are not operations and stay). Lock held. */
int outbox_take_expired(struct esp_mqtt_client *c)
{
    uint64_t now = now_ms();
    for (int i = 0; i < c->outbox_count; i++) {
        if (c->outbox[i].kind != HOST_OUT_QOS0_STORED && now - c->outbox[i].added_ms > HOST_OUTBOX_EXPIRED_TIMEOUT_MS) {
            int msg_id = c->outbox[i].msg_id;
            outbox_remove_at(c, i);
            return msg_id;
        }
    }
    return -1;
}

/* Drops items of the given kind (all kinds when all is true). Lock held. */
void outbox_drop(struct esp_mqtt_client *c, bool all, host_outbox_kind_t kind)
{
    for (int i = c->outbox_count - 1; i >= 0; i--) {
        if (all || c->outbox[i].kind == kind) {
            outbox_remove_at(c, i);
        }
    }
}
