/*
 * esp-mqtt's checks of what the broker sends, on the host.
 *
 * libmosquitto parses the incoming stream itself and checks other things than
 * esp-mqtt v5.1.3 does. Where esp-mqtt refuses a packet that libmosquitto would
 * take, this file refuses it as esp-mqtt does, before libmosquitto sees it:
 *   - mqtt_message_receive's header check (mqtt_has_valid_msg_hdr): packet
 *     types 0 and 15, reserved flag bits that are not 0 (0010 for PUBREL,
 *     SUBSCRIBE, UNSUBSCRIBE), QoS 3, DUP on QoS 0. esp-mqtt then posts an
 *     ERROR (transport error, no errno) and drops the connection; also a
 *     CONNACK with flag bits fails the connection that way.
 *   - deliver_publish's topic parse (mqtt_get_publish_topic): a PUBLISH whose
 *     remaining length has no room for its topic. esp-mqtt drops the
 *     connection without an ERROR event.
 * Where libmosquitto refuses what esp-mqtt takes (a PUBLISH with an empty topic
 * or packet id 0, a CONNACK shorter than 2 bytes), nothing can make libmosquitto
 * take it: the connection drops on the host, and rx_check_end() says what it
 * was so that connection.c can log it (docs/esp-mqtt-host.md).
 *
 * How it sees the bytes: libmosquitto reads the socket with read(), or with
 * SSL_read() on TLS; both are defined here, call the real ones and scan what
 * they return (the executable's definitions win over the libraries' for the
 * calls libmosquitto makes). Only the connection of the calling thread is
 * scanned: each client reads its socket on its own thread (connection.c), so
 * the state is thread-local, and an fd number reused elsewhere is never
 * scanned. On TLS only SSL_read is scanned (read() then carries ciphertext).
 * A refused packet is cut before the byte that shows the fault and every later
 * read reports end of stream, so libmosquitto never handles it.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include "mqtt_host_internal.h"

/* AT_PASS: a stream libmosquitto will refuse anyway (a fifth length byte) is no longer scanned */
enum { AT_HEADER, AT_LENGTH, AT_BODY, AT_PASS };

static __thread struct {
    int fd;                 /* -1: no connection scanned on this thread */
    SSL *ssl;               /* the connection's TLS session, NULL on plain TCP */
    int at;
    unsigned char header;   /* the current packet's first byte */
    uint32_t remaining;     /* its remaining length */
    uint32_t mult;
    uint32_t offset;        /* body bytes seen */
    uint32_t topic_len;     /* PUBLISH: its first two body bytes */
    uint32_t id;            /* PUBLISH QoS 1/2: the two bytes after the topic */
    rx_verdict_t verdict;
    const char *odd;
    /* the body of the last UNSUBACK (MQTT 5: its reason codes, which
     * libmosquitto 2.0 reads but does not hand to the callback) */
    unsigned char unsuback[256];
    uint32_t unsuback_len;
} rx = { .fd = -1 };

/* esp-mqtt's mqtt_has_valid_msg_hdr (lib/mqtt_msg.c at e6afdb4), for 3.1.1. */
static bool valid_header(unsigned char b)
{
    unsigned flags = b & 0x0f;
    switch (b >> 4) {
    case 1: case 2: case 4: case 5: case 7: case 9: case 11: case 12: case 13: case 14:
        return flags == 0;
    case 6: case 8: case 10:
        return flags == 0x02;
    case 3: {
        unsigned qos = (flags >> 1) & 3;
        return qos < 3 && (qos > 0 || (flags & 0x08) == 0);
    }
    default:
        return false;
    }
}

/* A PUBLISH esp-mqtt cannot take its topic from: the connection is dropped quietly. */
static void refuse_topic(void)
{
    host_mqtt_error("deliver_publish: mqtt_get_publish_topic() failed");
    rx.verdict = RX_REFUSED_QUIET;
}

/* How many of the n bytes libmosquitto may have: all of them, or the ones
 * before the first byte that shows a packet esp-mqtt refuses. */
static size_t scan(const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (i < n && rx.at != AT_PASS) {
        if (rx.at == AT_HEADER) {
            if (!valid_header(p[i])) {
                host_mqtt_error("mqtt_message_receive: received a message with an invalid header=0x%x", p[i]);
                rx.verdict = RX_REFUSED_ERROR;
                return i;
            }
            rx.header = p[i++];
            rx.remaining = 0;
            rx.mult = 1;
            rx.at = AT_LENGTH;
        } else if (rx.at == AT_LENGTH) {
            unsigned char b = p[i];
            rx.remaining += (uint32_t)(b & 0x7f) * rx.mult;
            rx.mult *= 128;
            if (b & 0x80) {
                i++;
                if (rx.mult > 128u * 128u * 128u) {
                    rx.odd = "a remaining length longer than 4 bytes (esp-mqtt on the device reads 4 and loses its place in the stream)";
                    rx.at = AT_PASS;
                    return n;
                }
                continue;
            }
            if ((rx.header >> 4) == 2 && rx.remaining < 2 && rx.odd == NULL) {
                rx.odd = "a CONNACK shorter than its 2 bytes (esp-mqtt on the device takes its return code from a byte it did not receive)";
            }
            if ((rx.header >> 4) == 3 && rx.remaining <= 2) {
                refuse_topic();         /* no room for a topic length and a topic */
                return i;
            }
            i++;
            rx.offset = 0;
            rx.topic_len = 0;
            rx.id = 0;
            if ((rx.header >> 4) == 11) {
                rx.unsuback_len = 0;
            }
            rx.at = rx.remaining > 0 ? AT_BODY : AT_HEADER;
        } else if ((rx.header >> 4) == 3 && rx.offset < 2u + rx.topic_len + 2u) {
            /* PUBLISH: topic length, topic and packet id, byte by byte */
            unsigned char b = p[i];
            uint32_t at = rx.offset;
            if (at < 2) {
                rx.topic_len = (rx.topic_len << 8) | b;
                if (at == 1 && 2u + rx.topic_len > rx.remaining) {
                    refuse_topic();
                    return i;
                }
                if (at == 1 && rx.topic_len == 0 && rx.odd == NULL) {
                    rx.odd = "a PUBLISH with an empty topic (esp-mqtt on the device delivers it)";
                }
            } else if (at >= 2u + rx.topic_len && ((rx.header >> 1) & 3) > 0) {
                rx.id = (rx.id << 8) | b;
                if (at == 3u + rx.topic_len && rx.id == 0 && rx.odd == NULL) {
                    rx.odd = "a QoS 1/2 PUBLISH with packet id 0 (esp-mqtt on the device delivers and acknowledges it)";
                }
            }
            i++;
            if (++rx.offset >= rx.remaining) {
                rx.at = AT_HEADER;
            }
        } else {
            size_t skip = n - i < rx.remaining - rx.offset ? n - i : rx.remaining - rx.offset;
            for (size_t k = 0; (rx.header >> 4) == 11 && k < skip && rx.unsuback_len < sizeof(rx.unsuback); k++) {
                rx.unsuback[rx.unsuback_len++] = p[i + k];
            }
            i += skip;
            rx.offset += (uint32_t)skip;
            if (rx.offset >= rx.remaining) {
                rx.at = AT_HEADER;
            }
        }
    }
    return n;
}

int rx_check_unsuback_codes(int mid, const char **codes)
{
    /* packet id (2), property length (varint), properties, one code per filter */
    const unsigned char *b = rx.unsuback;
    uint32_t n = rx.unsuback_len;
    if (rx.fd < 0 || n < 3 || ((b[0] << 8) | b[1]) != mid) {
        return -1;
    }
    uint32_t at = 2, len = 0, mult = 1;
    while (at < n) {
        unsigned char byte = b[at++];
        len += (uint32_t)(byte & 0x7f) * mult;
        mult *= 128;
        if (!(byte & 0x80)) {
            break;
        }
    }
    at += len;
    if (at >= n) {
        return -1;
    }
    *codes = (const char *)b + at;
    return (int)(n - at);
}

void rx_check_begin(int fd, SSL *ssl)
{
    rx.fd = fd;
    rx.ssl = ssl;
    rx.at = AT_HEADER;
    rx.verdict = RX_FINE;
    rx.odd = NULL;
    rx.unsuback_len = 0;
}

rx_verdict_t rx_check_end(const char **odd)
{
    rx_verdict_t v = rx.fd >= 0 ? rx.verdict : RX_FINE;
    *odd = rx.fd >= 0 ? rx.odd : NULL;
    rx.fd = -1;
    rx.ssl = NULL;
    return v;
}

/* The C library's read and libssl's SSL_read, found once before main() runs
 * (so no thread races on them); a call made earlier by another constructor
 * looks them up itself, still single-threaded. */
static ssize_t (*real_read)(int, void *, size_t);
static int (*real_ssl_read)(SSL *, void *, int);

__attribute__((constructor)) static void find_real_reads(void)
{
    real_read = (ssize_t (*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
    real_ssl_read = (int (*)(SSL *, void *, int))dlsym(RTLD_NEXT, "SSL_read");
}

ssize_t read(int fd, void *buf, size_t count)
{
    if (real_read == NULL) {
        find_real_reads();
    }
    if (rx.fd < 0 || fd != rx.fd || rx.ssl != NULL) {
        return real_read(fd, buf, count);
    }
    if (rx.verdict != RX_FINE) {
        return 0;                       /* refused: the stream ends here */
    }
    ssize_t n = real_read(fd, buf, count);
    return n > 0 ? (ssize_t)scan(buf, (size_t)n) : n;
}

int SSL_read(SSL *ssl, void *buf, int num)
{
    if (real_ssl_read == NULL) {
        find_real_reads();
    }
    if (rx.fd < 0 || ssl != rx.ssl) {
        return real_ssl_read(ssl, buf, num);
    }
    if (rx.verdict != RX_FINE) {
        return 0;
    }
    int n = real_ssl_read(ssl, buf, num);
    return n > 0 ? (int)scan(buf, (size_t)n) : n;
}
