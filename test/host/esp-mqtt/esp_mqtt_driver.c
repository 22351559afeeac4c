/*
 * A small program that drives the host esp-mqtt API against a real broker for
 * the vitest suite (esp-mqtt.test.ts). The client is configured from the
 * command line; commands arrive on stdin, one a line; every event and every
 * command result is printed on stdout, one a line, so the test can assert on
 * exactly what an esp-mqtt user would see.
 *
 * Events are also checked to arrive on the client's own thread, never on the
 * thread that called the API ("thread=task" / "thread=caller").
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mqtt_client.h"
#include "host_runtime.h"

static pthread_mutex_t s_out = PTHREAD_MUTEX_INITIALIZER;
static pthread_t s_main;
static int s_holds;

static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pthread_mutex_lock(&s_out);
    vprintf(fmt, ap);
    putchar('\n');
    fflush(stdout);
    pthread_mutex_unlock(&s_out);
    va_end(ap);
}

/* The runner's hooks: here they only count, so the test can see them. */
void host_runtime_hold(void)
{
    pthread_mutex_lock(&s_out);
    s_holds++;
    pthread_mutex_unlock(&s_out);
    out("HOLD %d", s_holds);
}

void host_runtime_release(void)
{
    pthread_mutex_lock(&s_out);
    s_holds--;
    pthread_mutex_unlock(&s_out);
    out("RELEASE %d", s_holds);
}

static char *hex(const char *data, int len)
{
    char *s = malloc((size_t)len * 2 + 1);
    for (int i = 0; i < len; i++) {
        sprintf(s + 2 * i, "%02x", (unsigned char)data[i]);
    }
    s[len * 2] = '\0';
    return s;
}

static int unhex(const char *s, char *outbuf)
{
    int n = 0;
    for (; s[0] && s[1]; s += 2) {
        unsigned v;
        sscanf(s, "%2x", &v);
        outbuf[n++] = (char)v;
    }
    return n;
}


#ifdef CONFIG_MQTT_PROTOCOL_5
/* " up=k1=v1,k2=v2" for a user property list, through the public getters. */
static void user_props_text(mqtt5_user_property_handle_t list, char *buf, size_t size)
{
    uint8_t count = esp_mqtt5_client_get_user_property_count(list);
    snprintf(buf, size, " up=");
    if (count == 0) {
        return;
    }
    esp_mqtt5_user_property_item_t items[32];
    uint8_t n = count < 32 ? count : 32;
    if (esp_mqtt5_client_get_user_property(list, items, &n) != ESP_OK) {
        snprintf(buf, size, " up=GET-FAILED");
        return;
    }
    for (int i = 0; i < n; i++) {
        size_t used = strlen(buf);
        snprintf(buf + used, size - used, "%s%s=%s", i ? "," : "", items[i].key, items[i].value);
        free((char *)items[i].key);
        free((char *)items[i].value);
    }
}

/* The event's v5 property block as text (" props=none" when there is none). */
static char *props_text(esp_mqtt_event_handle_t ev)
{
    char *s = malloc(8192);
    if (ev->property == NULL) {
        snprintf(s, 8192, " props=none");
        return s;
    }
    esp_mqtt5_event_property_t *p = ev->property;
    char up[4096];
    user_props_text(p->user_property, up, sizeof(up));
    char *cd = hex(p->correlation_data ? p->correlation_data : "", p->correlation_data ? p->correlation_data_len : 0);
    snprintf(s, 8192, " pfi=%d rt=%.*s ct=%.*s cd=%s sid=%u%s", p->payload_format_indicator,
             p->response_topic ? p->response_topic_len : 0, p->response_topic ? p->response_topic : "",
             p->content_type ? p->content_type_len : 0, p->content_type ? p->content_type : "", cd,
             (unsigned)p->subscribe_id, up);
    free(cd);
    return s;
}
#else
static char *props_text(esp_mqtt_event_handle_t ev)
{
    (void)ev;
    return strdup("");
}
#endif

static void on_event(void *arg, esp_event_base_t base, int32_t id, void *data)
{
    (void)arg;
    esp_mqtt_event_handle_t ev = data;
    const char *thread = pthread_equal(pthread_self(), s_main) ? "caller" : "task";
    char *props = props_text(ev);
    if (strcmp(base, "MQTT_EVENTS") != 0 || ev->event_id != id) {
        out("BAD event base %s id %d/%d", base, (int)id, ev->event_id);
    }
    switch (ev->event_id) {
    case MQTT_EVENT_BEFORE_CONNECT:
        out("EV BEFORE_CONNECT thread=%s", thread);
        break;
    case MQTT_EVENT_CONNECTED:
        out("EV CONNECTED session=%d proto=%d thread=%s%s", ev->session_present, ev->protocol_ver, thread, props);
        break;
    case MQTT_EVENT_DISCONNECTED:
        out("EV DISCONNECTED thread=%s", thread);
        break;
    case MQTT_EVENT_ERROR:
        out("EV ERROR type=%d code=%d errno=%d tls=0x%x stack=%d verify=%d thread=%s%s",
            ev->error_handle->error_type, ev->error_handle->connect_return_code,
            ev->error_handle->esp_transport_sock_errno, ev->error_handle->esp_tls_last_esp_err,
            ev->error_handle->esp_tls_stack_err, ev->error_handle->esp_tls_cert_verify_flags, thread, props);
        break;
    case MQTT_EVENT_SUBSCRIBED: {
        char *h = hex(ev->data, ev->data_len);
        out("EV SUBSCRIBED id=%d codes=%s err=%d thread=%s%s", ev->msg_id, h, ev->error_handle->error_type, thread, props);
        free(h);
        break;
    }
    case MQTT_EVENT_UNSUBSCRIBED:
    {
        char *h = hex(ev->data ? ev->data : "", ev->data ? ev->data_len : 0);
        out("EV UNSUBSCRIBED id=%d thread=%s%s%s%s", ev->msg_id, thread, *props ? " codes=" : "", *props ? h : "", props);
        free(h);
    }
        break;
    case MQTT_EVENT_PUBLISHED:
    {
        char *h = hex(ev->data ? ev->data : "", ev->data ? ev->data_len : 0);
        out("EV PUBLISHED id=%d thread=%s%s%s%s", ev->msg_id, thread, *props ? " codes=" : "", *props ? h : "", props);
        free(h);
    }
        break;
    case MQTT_EVENT_DATA: {
        char *h = hex(ev->data ? ev->data : "", ev->data ? ev->data_len : 0);
        out("EV DATA id=%d topic=%.*s tlen=%d len=%d off=%d total=%d qos=%d retain=%d dup=%d thread=%s data=%s%s",
            ev->msg_id, ev->topic ? ev->topic_len : 1, ev->topic ? ev->topic : "-", ev->topic_len,
            ev->data_len, ev->current_data_offset, ev->total_data_len, ev->qos, ev->retain, ev->dup,
            thread, h, props);
        free(h);
        break;
    }
    default:
        out("EV OTHER %d thread=%s", ev->event_id, thread);
        break;
    }
    free(props);
}


#ifdef CONFIG_MQTT_PROTOCOL_5
/* "k:v" into a user property list (appended). */
static void add_user(mqtt5_user_property_handle_t *list, char *kv)
{
    char *colon = strchr(kv, ':');
    if (colon == NULL) {
        return;
    }
    *colon = '\0';
    esp_mqtt5_user_property_item_t item = { kv, colon + 1 };
    if (esp_mqtt5_client_set_user_property(list, &item, 1) != ESP_OK) {
        out("BAD set_user_property");
    }
}

/* The one-shot property structs stay alive until the call that uses them. */
static esp_mqtt5_publish_property_config_t s_pub;
static esp_mqtt5_subscribe_property_config_t s_sub;
static esp_mqtt5_unsubscribe_property_config_t s_unsub;
static char s_strings[8][1024];
static char s_corr[512];

/* Copies a value into one of the kept string slots. */
static const char *keep(int slot, const char *v)
{
    snprintf(s_strings[slot], sizeof(s_strings[slot]), "%s", v);
    return s_strings[slot];
}

/* The v5 commands; each takes name=value words (user=k:v repeatable):
 *   connprops expiry= maxpkt= recvmax= aliasmax= reqresp=1 reqproblem=1 user= will_delay= will_expiry=
 *             will_pfi=1 will_ct= will_rt= will_cd=HEX will_user=
 *   pubprops  pfi=1 expiry= alias= rt= cd=HEX ct= user=        (for the next publish)
 *   subprops  id= nolocal=1 rap=1 rh= share= user=             (for the next subscribe)
 *   unsubprops share= user=                                    (for the next unsubscribe)
 *   discprops expiry= reason= user=                            (for the next disconnect/stop)
 *   userprops k:v ...   set/count/get/delete round trip on a fresh list
 * Returns false for a command it does not know. */
static bool v5_command(esp_mqtt_client_handle_t client, const char *cmd)
{
    char *w;
    if (strcmp(cmd, "connprops") == 0) {
        esp_mqtt5_connection_property_config_t p;
        memset(&p, 0, sizeof(p));
        static char will_cd[512];
        while ((w = strtok(NULL, " ")) != NULL) {
            char *eq = strchr(w, '=');
            if (eq == NULL) continue;
            *eq = '\0';
            const char *v = eq + 1;
            if (strcmp(w, "expiry") == 0) p.session_expiry_interval = (uint32_t)atol(v);
            else if (strcmp(w, "maxpkt") == 0) p.maximum_packet_size = (uint32_t)atol(v);
            else if (strcmp(w, "recvmax") == 0) p.receive_maximum = (uint16_t)atoi(v);
            else if (strcmp(w, "aliasmax") == 0) p.topic_alias_maximum = (uint16_t)atoi(v);
            else if (strcmp(w, "reqresp") == 0) p.request_resp_info = atoi(v) != 0;
            else if (strcmp(w, "reqproblem") == 0) p.request_problem_info = atoi(v) != 0;
            else if (strcmp(w, "user") == 0) add_user(&p.user_property, (char *)v);
            else if (strcmp(w, "will_delay") == 0) p.will_delay_interval = (uint32_t)atol(v);
            else if (strcmp(w, "will_expiry") == 0) p.message_expiry_interval = (uint32_t)atol(v);
            else if (strcmp(w, "will_pfi") == 0) p.payload_format_indicator = atoi(v) != 0;
            else if (strcmp(w, "will_ct") == 0) p.content_type = v;
            else if (strcmp(w, "will_rt") == 0) p.response_topic = v;
            else if (strcmp(w, "will_cd") == 0) { p.correlation_data_len = (uint16_t)unhex(v, will_cd); p.correlation_data = will_cd; }
            else if (strcmp(w, "will_user") == 0) add_user(&p.will_user_property, (char *)v);
        }
        out("RET connprops %s", esp_err_to_name(esp_mqtt5_client_set_connect_property(client, &p)));
        /* the client keeps copies: ours go now */
        esp_mqtt5_client_delete_user_property(p.user_property);
        esp_mqtt5_client_delete_user_property(p.will_user_property);
    } else if (strcmp(cmd, "pubprops") == 0) {
        esp_mqtt5_client_delete_user_property(s_pub.user_property);
        memset(&s_pub, 0, sizeof(s_pub));
        while ((w = strtok(NULL, " ")) != NULL) {
            char *eq = strchr(w, '=');
            if (eq == NULL) continue;
            *eq = '\0';
            const char *v = eq + 1;
            if (strcmp(w, "pfi") == 0) s_pub.payload_format_indicator = atoi(v) != 0;
            else if (strcmp(w, "expiry") == 0) s_pub.message_expiry_interval = (uint32_t)atol(v);
            else if (strcmp(w, "alias") == 0) s_pub.topic_alias = (uint16_t)atoi(v);
            else if (strcmp(w, "rt") == 0) s_pub.response_topic = keep(0, v);
            else if (strcmp(w, "ct") == 0) s_pub.content_type = keep(1, v);
            else if (strcmp(w, "cd") == 0) { s_pub.correlation_data_len = (uint16_t)unhex(v, s_corr); s_pub.correlation_data = s_corr; }
            else if (strcmp(w, "user") == 0) add_user(&s_pub.user_property, (char *)v);
        }
        out("RET pubprops %s", esp_err_to_name(esp_mqtt5_client_set_publish_property(client, &s_pub)));
    } else if (strcmp(cmd, "subprops") == 0) {
        esp_mqtt5_client_delete_user_property(s_sub.user_property);
        memset(&s_sub, 0, sizeof(s_sub));
        while ((w = strtok(NULL, " ")) != NULL) {
            char *eq = strchr(w, '=');
            if (eq == NULL) continue;
            *eq = '\0';
            const char *v = eq + 1;
            if (strcmp(w, "id") == 0) s_sub.subscribe_id = (uint16_t)atoi(v);
            else if (strcmp(w, "nolocal") == 0) s_sub.no_local_flag = atoi(v) != 0;
            else if (strcmp(w, "rap") == 0) s_sub.retain_as_published_flag = atoi(v) != 0;
            else if (strcmp(w, "rh") == 0) s_sub.retain_handle = (uint8_t)atoi(v);
            else if (strcmp(w, "share") == 0) { s_sub.is_share_subscribe = true; s_sub.share_name = keep(2, v); }
            else if (strcmp(w, "user") == 0) add_user(&s_sub.user_property, (char *)v);
        }
        out("RET subprops %d", (int)esp_mqtt5_client_set_subscribe_property(client, &s_sub));
    } else if (strcmp(cmd, "unsubprops") == 0) {
        esp_mqtt5_client_delete_user_property(s_unsub.user_property);
        memset(&s_unsub, 0, sizeof(s_unsub));
        while ((w = strtok(NULL, " ")) != NULL) {
            char *eq = strchr(w, '=');
            if (eq == NULL) continue;
            *eq = '\0';
            const char *v = eq + 1;
            if (strcmp(w, "share") == 0) { s_unsub.is_share_subscribe = true; s_unsub.share_name = keep(3, v); }
            else if (strcmp(w, "user") == 0) add_user(&s_unsub.user_property, (char *)v);
        }
        out("RET unsubprops %s", esp_err_to_name(esp_mqtt5_client_set_unsubscribe_property(client, &s_unsub)));
    } else if (strcmp(cmd, "discprops") == 0) {
        esp_mqtt5_disconnect_property_config_t p;
        memset(&p, 0, sizeof(p));
        while ((w = strtok(NULL, " ")) != NULL) {
            char *eq = strchr(w, '=');
            if (eq == NULL) continue;
            *eq = '\0';
            const char *v = eq + 1;
            if (strcmp(w, "expiry") == 0) p.session_expiry_interval = (uint32_t)atol(v);
            else if (strcmp(w, "reason") == 0) p.disconnect_reason = (uint8_t)strtol(v, NULL, 0);
            else if (strcmp(w, "user") == 0) add_user(&p.user_property, (char *)v);
        }
        out("RET discprops %s", esp_err_to_name(esp_mqtt5_client_set_disconnect_property(client, &p)));
        esp_mqtt5_client_delete_user_property(p.user_property);
    } else if (strcmp(cmd, "userprops") == 0) {
        mqtt5_user_property_handle_t list = NULL;
        esp_mqtt5_user_property_item_t none[1];
        out("RET userprops empty-set %s", esp_err_to_name(esp_mqtt5_client_set_user_property(&list, none, 0)));
        while ((w = strtok(NULL, " ")) != NULL) {
            add_user(&list, w);
        }
        esp_mqtt5_user_property_item_t skipped[2] = { { "nokey-value", NULL }, { NULL, "nokey" } };
        esp_mqtt5_client_set_user_property(&list, skipped, 2);
        char text[4096];
        user_props_text(list, text, sizeof(text));
        esp_mqtt5_user_property_item_t two[2];
        uint8_t n = 2;
        esp_err_t got = esp_mqtt5_client_get_user_property(list, two, &n);
        out("RET userprops count=%u%s first2=%s/%u", (unsigned)esp_mqtt5_client_get_user_property_count(list), text,
            esp_err_to_name(got), (unsigned)n);
        for (int i = 0; got == ESP_OK && i < n; i++) {
            free((char *)two[i].key);
            free((char *)two[i].value);
        }
        uint8_t zero = 0;
        out("RET userprops get0 %s", esp_err_to_name(esp_mqtt5_client_get_user_property(list, two, &zero)));
        esp_mqtt5_client_delete_user_property(list);
    } else {
        return false;
    }
    return true;
}
#endif

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
        exit(2);
    }
    buf[n] = '\0';
    fclose(f);
    return buf;
}

int main(int argc, char **argv)
{
    s_main = pthread_self();
    esp_mqtt_client_config_t cfg;
    memset(&cfg, 0, sizeof(cfg));
    char *files[3] = { NULL, NULL, NULL };
    static char lwt[4096];

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : "";
#define OPT(name) (strcmp(a, name) == 0 && ++i)
        if (OPT("--uri")) cfg.broker.address.uri = v;
        else if (OPT("--host")) cfg.broker.address.hostname = v;
        else if (OPT("--port")) cfg.broker.address.port = (uint32_t)atoi(v);
        else if (OPT("--transport")) cfg.broker.address.transport = strcmp(v, "ssl") == 0 ? MQTT_TRANSPORT_OVER_SSL : MQTT_TRANSPORT_OVER_TCP;
        else if (OPT("--user")) cfg.credentials.username = v;
        else if (OPT("--pass")) cfg.credentials.authentication.password = v;
        else if (OPT("--id")) cfg.credentials.client_id = v;
        else if (OPT("--proto")) cfg.session.protocol_ver = atoi(v) == 3 ? MQTT_PROTOCOL_V_3_1 : atoi(v) == 5 ? MQTT_PROTOCOL_V_5 : MQTT_PROTOCOL_V_3_1_1;
        else if (OPT("--reconnect-ms")) cfg.network.reconnect_timeout_ms = atoi(v);
        else if (OPT("--timeout-ms")) cfg.network.timeout_ms = atoi(v);
        else if (OPT("--keepalive")) cfg.session.keepalive = atoi(v);
        else if (OPT("--buffer")) cfg.buffer.size = atoi(v);
        else if (OPT("--lwt-topic")) cfg.session.last_will.topic = v;
        else if (OPT("--lwt-hex")) { cfg.session.last_will.msg_len = unhex(v, lwt); cfg.session.last_will.msg = lwt; }
        else if (OPT("--lwt-qos")) cfg.session.last_will.qos = atoi(v);
        else if (OPT("--lwt-retain")) cfg.session.last_will.retain = atoi(v);
        else if (OPT("--ca")) cfg.broker.verification.certificate = files[0] = read_file(v);
        else if (OPT("--cert")) cfg.credentials.authentication.certificate = files[1] = read_file(v);
        else if (OPT("--key")) cfg.credentials.authentication.key = files[2] = read_file(v);
        else if (OPT("--common-name")) cfg.broker.verification.common_name = v;
        else if (strcmp(a, "--skip-cn") == 0) cfg.broker.verification.skip_cert_common_name_check = true;
        else if (strcmp(a, "--no-reconnect") == 0) cfg.network.disable_auto_reconnect = true;
        else if (strcmp(a, "--persistent") == 0) cfg.session.disable_clean_session = true;
        else {
            fprintf(stderr, "unknown option %s\n", a);
            return 2;
        }
#undef OPT
    }

    esp_mqtt_client_handle_t client = esp_mqtt_client_init(&cfg);
    if (client == NULL) {
        out("INIT failed");
        return 3;
    }
    out("INIT ok");
    esp_mqtt_client_register_event(client, ESP_EVENT_ANY_ID, on_event, NULL);

    char line[65536];
    while (fgets(line, sizeof(line), stdin) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        char *cmd = strtok(line, " ");
        if (cmd == NULL) {
            continue;
        }
        if (strcmp(cmd, "start") == 0) {
            out("RET start %s", esp_err_to_name(esp_mqtt_client_start(client)));
        } else if (strcmp(cmd, "stop") == 0) {
            out("RET stop %s", esp_err_to_name(esp_mqtt_client_stop(client)));
        } else if (strcmp(cmd, "reconnect") == 0) {
            out("RET reconnect %s", esp_err_to_name(esp_mqtt_client_reconnect(client)));
        } else if (strcmp(cmd, "disconnect") == 0) {
            out("RET disconnect %s", esp_err_to_name(esp_mqtt_client_disconnect(client)));
        } else if (strcmp(cmd, "pub") == 0 || strcmp(cmd, "pubhex") == 0 || strcmp(cmd, "enqueue") == 0) {
            /* pub TOPIC QOS RETAIN PAYLOAD | pubhex TOPIC QOS RETAIN HEX | pubpat TOPIC QOS LEN */
            char *topic = strtok(NULL, " ");
            int qos = atoi(strtok(NULL, " "));
            int retain = atoi(strtok(NULL, " "));
            char *payload = strtok(NULL, "");
            if (payload == NULL) {
                payload = "";
            }
            int id;
            if (strcmp(cmd, "pubhex") == 0) {
                char *bin = malloc(strlen(payload) / 2 + 1);
                int n = unhex(payload, bin);
                id = esp_mqtt_client_publish(client, topic, bin, n, qos, retain);
                free(bin);
            } else if (strcmp(cmd, "enqueue") == 0) {
                id = esp_mqtt_client_enqueue(client, topic, payload, 0, qos, retain, true);
            } else {
                id = esp_mqtt_client_publish(client, topic, payload, 0, qos, retain);
            }
            out("RET %s %d", cmd, id);
        } else if (strcmp(cmd, "pubpat") == 0) {
            /* A LEN-byte payload with byte i = i % 251. */
            char *topic = strtok(NULL, " ");
            int qos = atoi(strtok(NULL, " "));
            int len = atoi(strtok(NULL, " "));
            char *buf = malloc((size_t)len);
            for (int i = 0; i < len; i++) {
                buf[i] = (char)(i % 251);
            }
            out("RET pubpat %d", esp_mqtt_client_publish(client, topic, buf, len, qos, 0));
            free(buf);
        } else if (strcmp(cmd, "flood") == 0) {
            /* flood TOPIC QOS N: N publishes back to back from this (the caller's) thread */
            char *topic = strtok(NULL, " ");
            int qos = atoi(strtok(NULL, " "));
            int n = atoi(strtok(NULL, " "));
            int ok = 0;
            for (int i = 0; i < n; i++) {
                char payload[32];
                snprintf(payload, sizeof(payload), "m%d", i);
                if (esp_mqtt_client_publish(client, topic, payload, 0, qos, 0) >= 0) {
                    ok++;
                }
            }
            out("RET flood %d", ok);
        } else if (strcmp(cmd, "sub") == 0) {
            /* sub TOPIC QOS: through the _Generic macro with a char * */
            char *topic = strtok(NULL, " ");
            int qos = atoi(strtok(NULL, " "));
            out("RET sub %d", esp_mqtt_client_subscribe(client, topic, qos));
        } else if (strcmp(cmd, "subm") == 0) {
            /* subm T1 Q1 T2 Q2 ...: one call to subscribe_multiple */
            esp_mqtt_topic_t list[16];
            int n = 0;
            char *t;
            while (n < 16 && (t = strtok(NULL, " ")) != NULL) {
                list[n].filter = t;
                list[n].qos = atoi(strtok(NULL, " "));
                n++;
            }
            esp_mqtt_topic_t *p = list;
            out("RET subm %d", esp_mqtt_client_subscribe(client, p, n));
        } else if (strcmp(cmd, "unsub") == 0) {
            out("RET unsub %d", esp_mqtt_client_unsubscribe(client, strtok(NULL, " ")));
        } else if (strcmp(cmd, "outbox") == 0) {
            out("RET outbox %d", esp_mqtt_client_get_outbox_size(client));
        } else if (strcmp(cmd, "sleep") == 0) {
            usleep((useconds_t)atoi(strtok(NULL, " ")) * 1000);
            out("RET sleep");
        } else if (strcmp(cmd, "seturi") == 0) {
            out("RET seturi %s", esp_err_to_name(esp_mqtt_client_set_uri(client, strtok(NULL, " "))));
        } else if (strcmp(cmd, "destroy") == 0) {
            out("RET destroy %s", esp_err_to_name(esp_mqtt_client_destroy(client)));
            client = NULL;
            break;
#ifdef CONFIG_MQTT_PROTOCOL_5
        } else if (v5_command(client, cmd)) {
            /* done */
#endif
        } else if (strcmp(cmd, "quit") == 0) {
            break;
        } else {
            out("RET unknown %s", cmd);
        }
    }
    if (client != NULL) {
        out("RET destroy %s", esp_err_to_name(esp_mqtt_client_destroy(client)));
    }
    for (int i = 0; i < 3; i++) {
        free(files[i]);
    }
#ifdef CONFIG_MQTT_PROTOCOL_5
    esp_mqtt5_client_delete_user_property(s_pub.user_property);
    esp_mqtt5_client_delete_user_property(s_sub.user_property);
    esp_mqtt5_client_delete_user_property(s_unsub.user_property);
#endif
    out("EXIT holds=%d", s_holds);
    return 0;
}
