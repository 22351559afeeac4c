/*
 * Configuration of a host esp-mqtt client: esp_mqtt_set_config()'s rules
 * (strings copied, zero means "keep/default", certificates used in place)
 * and broker URI parsing.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mqtt_host_internal.h"

/* Replace *slot with a copy of value when value is set (esp-mqtt keeps the
 * old one otherwise). Returns false only when out of memory. */
static bool replace_if_set(char **slot, const char *value)
{
    if (value == NULL) {
        return true;
    }
    char *copy = strdup(value);
    if (copy == NULL) {
        return false;
    }
    free(*slot);
    *slot = copy;
    return true;
}

static char *copy_range(const char *start, size_t len)
{
    char *s = malloc(len + 1);
    if (s != NULL) {
        memcpy(s, start, len);
        s[len] = '\0';
    }
    return s;
}

/* esp-mqtt's default id is "ESP32_" and the last three MAC bytes. The host has
 * no MAC: take the bytes from the host name and the process id, so that two
 * host processes on one machine do not knock each other off the broker. */
static char *default_client_id(void)
{
    char name[256] = "";
    gethostname(name, sizeof(name) - 1);
    uint32_t h = 2166136261u;
    for (const char *p = name; *p; p++) {
        h = (h ^ (uint8_t)*p) * 16777619u;
    }
    h ^= (uint32_t)getpid() * 2654435761u;
    char *id = malloc(16);
    if (id != NULL) {
        snprintf(id, 16, "ESP32_%02x%02X%02X", (h >> 16) & 0xff, (h >> 8) & 0xff, h & 0xff);
    }
    return id;
}

static esp_err_t set_transport(host_mqtt_config_t *cfg, esp_mqtt_transport_t transport)
{
    if (transport == MQTT_TRANSPORT_OVER_WS || transport == MQTT_TRANSPORT_OVER_WSS) {
        fprintf(stderr, "esp-mqtt (host): MQTT over WebSocket (ws://, wss://) is not supported "
                "on the host: libmosquitto has no WebSocket client\n");
        return ESP_ERR_NOT_SUPPORTED;
    }
    cfg->transport = transport;
    return ESP_OK;
}

esp_err_t host_mqtt_parse_uri(host_mqtt_config_t *cfg, const char *uri)
{
    if (uri == NULL) {
        return ESP_FAIL;
    }
    const char *sep = strstr(uri, "://");
    if (sep == NULL || sep == uri) {
        fprintf(stderr, "esp-mqtt (host): cannot parse broker URI \"%s\"\n", uri);
        return ESP_FAIL;
    }
    size_t scheme_len = (size_t)(sep - uri);
    esp_mqtt_transport_t transport;
    if (scheme_len == 4 && strncasecmp(uri, "mqtt", 4) == 0) {
        transport = MQTT_TRANSPORT_OVER_TCP;
    } else if (scheme_len == 5 && strncasecmp(uri, "mqtts", 5) == 0) {
        transport = MQTT_TRANSPORT_OVER_SSL;
    } else if (scheme_len == 2 && strncasecmp(uri, "ws", 2) == 0) {
        transport = MQTT_TRANSPORT_OVER_WS;
    } else if (scheme_len == 3 && strncasecmp(uri, "wss", 3) == 0) {
        transport = MQTT_TRANSPORT_OVER_WSS;
    } else {
        fprintf(stderr, "esp-mqtt (host): unknown scheme in broker URI \"%s\"\n", uri);
        return ESP_FAIL;
    }

    const char *authority = sep + 3;
    const char *end = authority + strcspn(authority, "/?#");
    const char *at = NULL;
    for (const char *p = authority; p < end; p++) {
        if (*p == '@') {
            at = p;
        }
    }
    const char *hostpart = at ? at + 1 : authority;
    const char *host_start = hostpart;
    const char *host_end;
    const char *port_start = NULL;
    if (*hostpart == '[') {                       /* [IPv6]:port */
        const char *close = memchr(hostpart, ']', (size_t)(end - hostpart));
        if (close == NULL) {
            fprintf(stderr, "esp-mqtt (host): cannot parse broker URI \"%s\"\n", uri);
            return ESP_FAIL;
        }
        host_start = hostpart + 1;
        host_end = close;
        if (close + 1 < end && close[1] == ':') {
            port_start = close + 2;
        }
    } else {
        const char *colon = memchr(hostpart, ':', (size_t)(end - hostpart));
        host_end = colon ? colon : end;
        if (colon) {
            port_start = colon + 1;
        }
    }
    if (host_end == host_start) {
        fprintf(stderr, "esp-mqtt (host): no host in broker URI \"%s\"\n", uri);
        return ESP_FAIL;
    }
    long port = 0;
    if (port_start != NULL && port_start < end) {
        char *stop = NULL;
        port = strtol(port_start, &stop, 10);
        if (stop != end || port <= 0 || port > 65535) {
            fprintf(stderr, "esp-mqtt (host): bad port in broker URI \"%s\"\n", uri);
            return ESP_FAIL;
        }
    }

    esp_err_t err = set_transport(cfg, transport);
    if (err != ESP_OK) {
        return ESP_FAIL;
    }
    char *host = copy_range(host_start, (size_t)(host_end - host_start));
    char *path = *end ? strdup(end) : NULL;
    if (host == NULL || (*end && path == NULL)) {
        free(host);
        free(path);
        return ESP_ERR_NO_MEM;
    }
    free(cfg->host);
    cfg->host = host;
    free(cfg->path);
    cfg->path = path;
    if (port) {
        cfg->port = (uint32_t)port;
    }
    if (at != NULL) {                             /* user[:password]@ */
        const char *colon = memchr(authority, ':', (size_t)(at - authority));
        char *user = copy_range(authority, (size_t)((colon ? colon : at) - authority));
        char *pass = colon ? copy_range(colon + 1, (size_t)(at - colon - 1)) : NULL;
        if (user == NULL || (colon && pass == NULL)) {
            free(user);
            free(pass);
            return ESP_ERR_NO_MEM;
        }
        free(cfg->username);
        cfg->username = user;
        if (pass) {
            free(cfg->password);
            cfg->password = pass;
        }
    }
    return ESP_OK;
}

/* Frees a NULL-terminated list of strings (NULL is fine). */
static void free_alpn(char **list)
{
    if (list) {
        for (char **p = list; *p; p++) {
            free(*p);
        }
        free(list);
    }
}

void host_mqtt_free_config(host_mqtt_config_t *cfg)
{
    free(cfg->host);
    free(cfg->path);
    free(cfg->uri);
    free(cfg->username);
    free(cfg->password);
    free(cfg->client_id);
    free(cfg->will_topic);
    free(cfg->will_msg);
    free(cfg->key_password);
    free_alpn(cfg->alpn);
    memset(cfg, 0, sizeof(*cfg));
}

static bool copy_alpn(host_mqtt_config_t *cfg, const char **protos)
{
    size_t n = 0;
    while (protos[n]) {
        n++;
    }
    char **list = calloc(n + 1, sizeof(char *));
    if (list == NULL) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        list[i] = strdup(protos[i]);
        if (list[i] == NULL) {
            free_alpn(list);            /* the copies so far, NULL-terminated by calloc */
            return false;
        }
    }
    free_alpn(cfg->alpn);
    cfg->alpn = list;
    return true;
}

/* Called with c->lock held. */
esp_err_t host_mqtt_apply_config(struct esp_mqtt_client *c, const esp_mqtt_client_config_t *config)
{
    host_mqtt_config_t *cfg = &c->cfg;

    if (config->broker.address.port) {
        cfg->port = config->broker.address.port;
    }
    if (!replace_if_set(&cfg->host, config->broker.address.hostname) ||
        !replace_if_set(&cfg->path, config->broker.address.path) ||
        !replace_if_set(&cfg->username, config->credentials.username) ||
        !replace_if_set(&cfg->password, config->credentials.authentication.password)) {
        return ESP_ERR_NO_MEM;
    }

    if (config->credentials.set_null_client_id) {
        free(cfg->client_id);
        cfg->client_id = NULL;
        cfg->null_client_id = true;
    } else {
        cfg->null_client_id = false;
        if (config->credentials.client_id) {
            if (!replace_if_set(&cfg->client_id, config->credentials.client_id)) {
                return ESP_ERR_NO_MEM;
            }
        } else if (cfg->client_id == NULL) {
            cfg->client_id = default_client_id();
            if (cfg->client_id == NULL) {
                return ESP_ERR_NO_MEM;
            }
        }
    }

    if (!replace_if_set(&cfg->uri, config->broker.address.uri) ||
        !replace_if_set(&cfg->will_topic, config->session.last_will.topic)) {
        return ESP_ERR_NO_MEM;
    }
    if (config->session.last_will.msg) {
        int len = config->session.last_will.msg_len;
        if (len <= 0) {
            len = (int)strlen(config->session.last_will.msg);
        }
        char *msg = copy_range(config->session.last_will.msg, (size_t)len);
        if (msg == NULL) {
            return ESP_ERR_NO_MEM;
        }
        free(cfg->will_msg);
        cfg->will_msg = msg;
        cfg->will_len = len;
    }
    if (config->session.last_will.qos) {
        cfg->will_qos = config->session.last_will.qos;
    }
    if (config->session.last_will.retain) {
        cfg->will_retain = config->session.last_will.retain;
    }

    cfg->clean_session = !config->session.disable_clean_session;
    if (config->session.keepalive) {
        cfg->keepalive = config->session.keepalive;
    }
    if (cfg->keepalive == 0) {
        cfg->keepalive = HOST_MQTT_DEFAULT_KEEPALIVE_S;
    }
    if (config->session.disable_keepalive) {
        cfg->keepalive = 0;
    }

    if (config->session.protocol_ver) {
        cfg->protocol = config->session.protocol_ver;
    }
    if (cfg->protocol == MQTT_PROTOCOL_UNDEFINED) {
#ifdef CONFIG_MQTT_PROTOCOL_311
        cfg->protocol = MQTT_PROTOCOL_V_3_1_1;
#else
        cfg->protocol = MQTT_PROTOCOL_V_3_1;
#endif
    } else if (cfg->protocol == MQTT_PROTOCOL_V_5) {
#ifndef CONFIG_MQTT_PROTOCOL_5
        /* esp-mqtt's own line; its init then fails */
        host_mqtt_esp_log('E', "mqtt_client", "Please first enable MQTT_PROTOCOL_5 feature in menuconfig");
        return ESP_FAIL;
#endif
    } else if (cfg->protocol != MQTT_PROTOCOL_V_3_1 && cfg->protocol != MQTT_PROTOCOL_V_3_1_1) {
        return ESP_ERR_INVALID_ARG;
    }

    cfg->network_timeout_ms = config->network.timeout_ms > 0 ? config->network.timeout_ms
                              : HOST_MQTT_DEFAULT_NETWORK_TIMEOUT_MS;
    if (config->network.refresh_connection_after_ms) {
        cfg->refresh_connection_after_ms = config->network.refresh_connection_after_ms;
    }
    cfg->auto_reconnect = !config->network.disable_auto_reconnect;
    cfg->reconnect_timeout_ms = config->network.reconnect_timeout_ms
                                ? config->network.reconnect_timeout_ms
                                : HOST_MQTT_DEFAULT_RECONNECT_MS;
    if (config->network.transport != NULL) {
        fprintf(stderr, "esp-mqtt (host): network.transport (a custom esp_transport) is not supported\n");
        return ESP_ERR_NOT_SUPPORTED;
    }

    if (config->broker.verification.alpn_protos && !copy_alpn(cfg, config->broker.verification.alpn_protos)) {
        return ESP_ERR_NO_MEM;
    }
    cfg->use_global_ca_store = config->broker.verification.use_global_ca_store;
    cfg->crt_bundle = config->broker.verification.crt_bundle_attach != NULL;
    cfg->ca = config->broker.verification.certificate;
    cfg->ca_len = config->broker.verification.certificate_len;
    cfg->cert = config->credentials.authentication.certificate;
    cfg->cert_len = config->credentials.authentication.certificate_len;
    cfg->key = config->credentials.authentication.key;
    cfg->key_len = config->credentials.authentication.key_len;
    cfg->skip_cn_check = config->broker.verification.skip_cert_common_name_check;
    cfg->common_name = config->broker.verification.common_name;
    if (config->credentials.authentication.key_password && config->credentials.authentication.key_password_len > 0) {
        int len = config->credentials.authentication.key_password_len;
        char *pw = copy_range(config->credentials.authentication.key_password, (size_t)len);
        if (pw == NULL) {
            return ESP_ERR_NO_MEM;
        }
        free(cfg->key_password);
        cfg->key_password = pw;
        cfg->key_password_len = len;
    }
    if (config->broker.verification.psk_hint_key || config->credentials.authentication.use_secure_element ||
        config->credentials.authentication.ds_data) {
        fprintf(stderr, "esp-mqtt (host): PSK, secure element and digital signature are not supported\n");
        return ESP_ERR_NOT_SUPPORTED;
    }

    if (config->broker.address.transport) {
        if (set_transport(cfg, config->broker.address.transport) != ESP_OK) {
            return ESP_FAIL;
        }
    }
    /* The URI goes last: it overrides host, port, transport and credentials. */
    if (config->broker.address.uri) {
        esp_err_t err = host_mqtt_parse_uri(cfg, cfg->uri);
        if (err != ESP_OK) {
            return err == ESP_ERR_NO_MEM ? err : ESP_FAIL;
        }
    }

    int size = config->buffer.size > 0 ? config->buffer.size : HOST_MQTT_DEFAULT_BUFFER;
    if (c->cfg.buffer_size == 0 || config->buffer.size > 0) {
        cfg->buffer_size = size;
    }
    cfg->outbox_limit = config->outbox.limit;

    /* esp-mqtt's configuration conflict check: TLS settings on a plain
     * transport, or an explicit transport next to a URI, are invalid. */
    esp_err_t conflict = ESP_OK;
    bool tls_settings = cfg->use_global_ca_store || cfg->ca || cfg->cert || cfg->alpn;
    if (tls_settings && cfg->transport != MQTT_TRANSPORT_OVER_SSL) {
        fprintf(stderr, "esp-mqtt (host): TLS settings given for a non-TLS transport\n");
        conflict = ESP_ERR_INVALID_ARG;
    }
    if (cfg->uri && config->broker.address.transport) {
        fprintf(stderr, "esp-mqtt (host): broker.address.transport set next to a URI\n");
        conflict = ESP_ERR_INVALID_ARG;
    }
    return conflict;
}
