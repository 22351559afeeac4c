/*
 * TLS for the host esp-mqtt port: an OpenSSL client context built from the
 * PEM/DER buffers of the configuration (used in place, never copied to
 * files) and handed to libmosquitto with MOSQ_OPT_SSL_CTX.
 *
 * What esp-tls verifies, this context verifies: the server chain against the
 * given CA, and its name (common_name, else the broker host) unless
 * skip_cert_common_name_check. Verification failures and TLS alerts are
 * recorded on the client so that the MQTT_EVENT_ERROR can report them.
 */
#include <arpa/inet.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include "mqtt_host_internal.h"

/* PEM must be NUL-terminated when len is 0; DER always comes with its length. */
static BIO *buffer_bio(const char *buf, size_t len)
{
    return BIO_new_mem_buf(buf, len ? (int)len : -1);
}

static int load_ca(SSL_CTX *ctx, const char *buf, size_t len)
{
    X509_STORE *store = SSL_CTX_get_cert_store(ctx);
    int added = 0;
    BIO *bio = buffer_bio(buf, len);
    if (bio == NULL) {
        return 0;
    }
    X509 *cert;
    while ((cert = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
        if (X509_STORE_add_cert(store, cert) == 1) {
            added++;
        }
        X509_free(cert);
    }
    BIO_free(bio);
    ERR_clear_error();
    if (added == 0 && len > 0) {              /* DER */
        const unsigned char *p = (const unsigned char *)buf;
        cert = d2i_X509(NULL, &p, (long)len);
        if (cert != NULL) {
            added = X509_STORE_add_cert(store, cert) == 1;
            X509_free(cert);
        }
    }
    return added;
}

static int load_client_cert(SSL_CTX *ctx, const char *buf, size_t len)
{
    BIO *bio = buffer_bio(buf, len);
    if (bio == NULL) {
        return 0;
    }
    int ok = 0;
    X509 *cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
    if (cert != NULL) {
        ok = SSL_CTX_use_certificate(ctx, cert) == 1;
        X509_free(cert);
        X509 *extra;                           /* the rest of a chain file */
        while (ok && (extra = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
            if (SSL_CTX_add_extra_chain_cert(ctx, extra) != 1) {
                X509_free(extra);
                ok = 0;
            }
        }
    } else if (len > 0) {
        ok = SSL_CTX_use_certificate_ASN1(ctx, (int)len, (const unsigned char *)buf) == 1;
    }
    BIO_free(bio);
    ERR_clear_error();
    return ok;
}

static int password_cb(char *out, int size, int rwflag, void *userdata)
{
    (void)rwflag;
    const host_mqtt_config_t *cfg = userdata;
    if (cfg->key_password == NULL || cfg->key_password_len >= size) {
        return 0;
    }
    memcpy(out, cfg->key_password, (size_t)cfg->key_password_len);
    return cfg->key_password_len;
}

static int load_client_key(SSL_CTX *ctx, const host_mqtt_config_t *cfg)
{
    BIO *bio = buffer_bio(cfg->key, cfg->key_len);
    if (bio == NULL) {
        return 0;
    }
    int ok = 0;
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio, NULL, password_cb, (void *)cfg);
    BIO_free(bio);
    if (key == NULL && cfg->key_len > 0) {
        const unsigned char *p = (const unsigned char *)cfg->key;
        key = d2i_AutoPrivateKey(NULL, &p, (long)cfg->key_len);
    }
    if (key != NULL) {
        ok = SSL_CTX_use_PrivateKey(ctx, key) == 1 && SSL_CTX_check_private_key(ctx) == 1;
        EVP_PKEY_free(key);
    }
    ERR_clear_error();
    return ok;
}

static struct esp_mqtt_client *client_of(SSL *ssl)
{
    return SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl));
}

static int verify_cb(int preverify_ok, X509_STORE_CTX *store)
{
    if (!preverify_ok) {
        SSL *ssl = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx());
        struct esp_mqtt_client *c = ssl ? client_of(ssl) : NULL;
        if (c != NULL && c->tls_verify_error == 0) {
            c->tls_verify_error = X509_STORE_CTX_get_error(store);
        }
    }
    return preverify_ok;
}

static void info_cb(const SSL *ssl, int where, int ret)
{
    struct esp_mqtt_client *c = client_of((SSL *)ssl);
    if (c == NULL) {
        return;
    }
    if ((where & SSL_CB_HANDSHAKE_DONE) != 0) {
        c->tls_handshake_done = true;
    }
    if ((where & SSL_CB_READ_ALERT) != 0 && c->tls_alert == 0) {
        c->tls_alert = ret & 0xff;           /* the alert description */
    }
}

static int set_alpn(SSL_CTX *ctx, char **protos)
{
    unsigned char wire[256];
    size_t n = 0;
    for (char **p = protos; *p; p++) {
        size_t len = strlen(*p);
        if (len == 0 || len > 255 || n + 1 + len > sizeof(wire)) {
            return 0;
        }
        wire[n++] = (unsigned char)len;
        memcpy(wire + n, *p, len);
        n += len;
    }
    return SSL_CTX_set_alpn_protos(ctx, wire, (unsigned int)n) == 0;
}

SSL_CTX *host_mqtt_tls_context(struct esp_mqtt_client *c, esp_err_t *esp_err)
{
    const host_mqtt_config_t *cfg = &c->cfg;
    *esp_err = HOST_ESP_ERR_MBEDTLS_SSL_SETUP_FAILED;

    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (ctx == NULL) {
        return NULL;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_app_data(ctx, c);
    SSL_CTX_set_info_callback(ctx, info_cb);

    bool verify = true;
    if (cfg->ca != NULL) {
        if (!load_ca(ctx, cfg->ca, cfg->ca_len)) {
            fprintf(stderr, "esp-mqtt (host): cannot parse the CA certificate\n");
            *esp_err = HOST_ESP_ERR_MBEDTLS_X509_CRT_PARSE_FAILED;
            goto fail;
        }
    } else if (cfg->use_global_ca_store || cfg->crt_bundle) {
        /* The host's trust store stands in for IDF's global store / bundle. */
        SSL_CTX_set_default_verify_paths(ctx);
    } else {
#ifdef CONFIG_ESP_TLS_SKIP_SERVER_CERT_VERIFY
        verify = false;
#else
        fprintf(stderr, "esp-mqtt (host): no server verification option set "
                "(give broker.verification.certificate), as esp-tls requires\n");
        goto fail;
#endif
    }
    SSL_CTX_set_verify(ctx, verify ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, verify ? verify_cb : NULL);
    if (verify && !cfg->skip_cn_check) {
        const char *name = cfg->common_name ? cfg->common_name : cfg->host;
        X509_VERIFY_PARAM *param = SSL_CTX_get0_param(ctx);
        unsigned char addr[16];
        bool is_ip = inet_pton(AF_INET, name, addr) == 1 || inet_pton(AF_INET6, name, addr) == 1;
        int ok = is_ip ? X509_VERIFY_PARAM_set1_ip_asc(param, name)
                 : X509_VERIFY_PARAM_set1_host(param, name, 0);
        if (ok != 1) {
            goto fail;
        }
    }

    if (cfg->cert != NULL || cfg->key != NULL) {
        if (cfg->cert == NULL || cfg->key == NULL) {
            fprintf(stderr, "esp-mqtt (host): client certificate and key must be given together\n");
            goto fail;
        }
        if (!load_client_cert(ctx, cfg->cert, cfg->cert_len)) {
            fprintf(stderr, "esp-mqtt (host): cannot parse the client certificate\n");
            *esp_err = HOST_ESP_ERR_MBEDTLS_X509_CRT_PARSE_FAILED;
            goto fail;
        }
        if (!load_client_key(ctx, cfg)) {
            fprintf(stderr, "esp-mqtt (host): cannot use the client key\n");
            goto fail;
        }
    }
    if (cfg->alpn != NULL && !set_alpn(ctx, cfg->alpn)) {
        goto fail;
    }
    *esp_err = ESP_OK;
    return ctx;

fail:
    ERR_clear_error();
    SSL_CTX_free(ctx);
    return NULL;
}
