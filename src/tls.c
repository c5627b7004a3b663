/*
 * tls.c: TLS by OpenSSL as a libetpan mailstream low driver; see tls.h.
 *
 * The handshake runs with OpenSSL's verification recorded but not
 * enforced (SSL_VERIFY_NONE), so that a failing certificate can still be
 * shown by its fingerprint; the verdict is then taken here, before a
 * single byte of the protocol is exchanged.
 */
#include "autodefs.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <libetpan/libetpan.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "buf.h"
#include "mua.h"
#include "tls.h"

struct tls_low {
	SSL *ssl;
	int fd;
	int cancel_fd;		/* an eventfd: a write makes waits fail */
};

/* Waits until FD is ready for EVENTS; -1 on timeout or cancel. */
static int
wait_fd(mailstream_low *s, struct tls_low *d, short events)
{
	struct pollfd p[2] = { { d->fd, events, 0 }, { d->cancel_fd, POLLIN, 0 } };
	int ms = s->timeout > 0 ? (int)s->timeout * 1000 :
	    (int)mailstream_network_delay.tv_sec * 1000, r;

	do
		r = poll(p, 2, ms);
	while (r == -1 && errno == EINTR);
	return r <= 0 || p[1].revents != 0 ? -1 : 0;
}

/* After a failed SSL call: waits as OpenSSL asks; -1 when it's over. */
static int
retry(mailstream_low *s, struct tls_low *d, int ret)
{
	switch (SSL_get_error(d->ssl, ret)) {
	case SSL_ERROR_WANT_READ:
		return wait_fd(s, d, POLLIN);
	case SSL_ERROR_WANT_WRITE:
		return wait_fd(s, d, POLLOUT);
	default:
		return -1;
	}
}

static ssize_t
t_read(mailstream_low *s, void *buf, size_t n)
{
	struct tls_low *d = s->data;
	size_t got;
	int r;

	for (;;) {
		ERR_clear_error();
		if ((r = SSL_read_ex(d->ssl, buf, n, &got)) == 1)
			return (ssize_t)got;
		if (SSL_get_error(d->ssl, r) == SSL_ERROR_ZERO_RETURN)
			return 0;	/* close_notify: a clean end */
		if (retry(s, d, r) == -1)
			return -1;	/* a cut without close_notify too */
	}
}

static ssize_t
t_write(mailstream_low *s, const void *buf, size_t n)
{
	struct tls_low *d = s->data;
	size_t put;
	int r;

	for (;;) {
		ERR_clear_error();
		if ((r = SSL_write_ex(d->ssl, buf, n, &put)) == 1)
			return (ssize_t)put;
		if (retry(s, d, r) == -1)
			return -1;
	}
}

static int
t_close(mailstream_low *s)
{
	struct tls_low *d = s->data;

	if (d->fd != -1) {
		SSL_shutdown(d->ssl);	/* once: don't wait for the peer's */
		close(d->fd);
		d->fd = -1;
	}
	return 0;
}

static int
t_get_fd(mailstream_low *s)
{
	return ((struct tls_low *)s->data)->fd;
}

static void
t_free(mailstream_low *s)
{
	struct tls_low *d = s->data;

	SSL_free(d->ssl);
	close(d->cancel_fd);
	free(d);
	free(s);
}

static void
t_cancel(mailstream_low *s)
{
	struct tls_low *d = s->data;
	uint64_t one = 1;

	if (write(d->cancel_fd, &one, sizeof one) == -1)
		return;		/* the counter is full: it is cancelled */
}

static struct mailstream_cancel *
t_get_cancel(mailstream_low *s)
{
	(void)s;
	return NULL;
}

/* The server's chain, leaf first, DER in MMAPStrings (libetpan's type). */
static carray *
t_get_chain(mailstream_low *s)
{
	struct tls_low *d = s->data;
	STACK_OF(X509) *chain = SSL_get_peer_cert_chain(d->ssl);
	carray *out = carray_new(4);
	unsigned char *der = NULL;
	int i, len;

	for (i = 0; chain != NULL && i < sk_X509_num(chain); i++) {
		if ((len = i2d_X509(sk_X509_value(chain, i), &der)) < 0)
			continue;
		carray_add(out, mmap_string_new_len((char *)der, (size_t)len),
		    NULL);
		OPENSSL_free(der);
		der = NULL;
	}
	return out;
}

static int
t_idle(mailstream_low *s)
{
	(void)s;
	return -1;	/* no IDLE support in the driver (yet) */
}

static mailstream_low_driver tls_driver = {
	t_read, t_write, t_close, t_get_fd, t_free, t_cancel, t_get_cancel,
	t_get_chain, t_idle, t_idle, t_idle,
};

/* The pin of CERT: "sha256:" and the hex SHA-256 of its public key. */
static void
fingerprint_of(X509 *cert, char out[TLS_FINGERPRINT_SIZE])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;

	strcpy(out, "sha256:");
	if (cert == NULL || X509_pubkey_digest(cert, EVP_sha256(), md, &n) != 1)
		n = 0;
	for (i = 0; i < n && i < 32; i++) {
		static const char hex[] = "0123456789abcdef";
		out[7 + 2 * i] = hex[md[i] >> 4];
		out[8 + 2 * i] = hex[md[i] & 15];
	}
	out[7 + 2 * i] = '\0';
}

static SSL_CTX *
make_ctx(const struct tls_options *o, char **cause)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	int ok;

	if (ctx == NULL) {
		set_cause(cause, "can't set up TLS");
		return NULL;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	ok = o->ca_file != NULL ? SSL_CTX_load_verify_locations(ctx, o->ca_file,
	    NULL) : SSL_CTX_set_default_verify_paths(ctx);
	if (ok != 1) {
		set_cause(cause, "can't read the CA certificates%s%s",
		    o->ca_file ? " in " : "", o->ca_file ? o->ca_file : "");
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

/* Names the host to check: an IP address, or a name for SNI as well. */
static void
set_host(SSL *ssl, const char *host)
{
	unsigned char addr[16];

	if (inet_pton(AF_INET, host, addr) == 1 ||
	    inet_pton(AF_INET6, host, addr) == 1) {
		X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host);
		return;		/* no SNI for addresses (RFC 6066) */
	}
	SSL_set_tlsext_host_name(ssl, host);
	SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
	SSL_set1_host(ssl, host);
}

/* Runs the handshake on D within the timeout; 0, or -1 with *cause. */
static int
handshake(mailstream_low *probe, struct tls_low *d, char **cause)
{
	unsigned long e;
	int r;

	for (;;) {
		ERR_clear_error();
		if ((r = SSL_connect(d->ssl)) == 1)
			return 0;
		if (SSL_get_error(d->ssl, r) != SSL_ERROR_WANT_READ &&
		    SSL_get_error(d->ssl, r) != SSL_ERROR_WANT_WRITE)
			break;
		if (retry(probe, d, r) == -1)
			return set_cause(cause, "TLS handshake: no answer "
			    "(timed out)");
	}
	e = ERR_peek_last_error();
	return set_cause(cause, "TLS handshake failed: %s", e != 0 ?
	    ERR_reason_error_string(e) : "the server closed the connection");
}

/*
 * Whether the verdict on the server's certificate lets it through: a pin
 * decides alone (a changed certificate is refused even when a CA vouches
 * for it); without one, the chain and the host name must check out.
 */
static int
judge(SSL *ssl, const struct tls_options *o,
    const char fingerprint[TLS_FINGERPRINT_SIZE], char **cause)
{
	long v = SSL_get_verify_result(ssl);

	if (SSL_get0_peer_certificate(ssl) == NULL)
		return set_cause(cause, "the server sent no certificate");
	if (o->pin != NULL && strcasecmp(o->pin, fingerprint) == 0)
		return 0;
	if (o->pin != NULL)
		return set_cause(cause, "%s: certificate %s, and not the one "
		    "pinned: it is %s, the pin was %s", o->host, v == X509_V_OK ?
		    "changed" : X509_verify_cert_error_string(v), fingerprint,
		    o->pin);
	if (v == X509_V_OK)
		return 0;
	return set_cause(cause, "%s: certificate refused: %s (its fingerprint: "
	    "%s)", o->host, X509_verify_cert_error_string(v), fingerprint);
}

static void
add_name(struct buf *b, const char *label, const X509_NAME *name)
{
	char text[512];

	X509_NAME_oneline(name, text, sizeof text);
	buf_printf(b, "%s: %s\n", label, text);
}

static void
add_time(struct buf *b, const char *label, const ASN1_TIME *t)
{
	struct tm tm;
	char text[64];

	if (ASN1_TIME_to_tm(t, &tm) == 1 &&
	    strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &tm) > 0)
		buf_printf(b, "%s: %s\n", label, text);
}

/* The certificate as a person checks it: names, validity, host names. */
static char *
describe(X509 *cert)
{
	struct buf b = { NULL, 0, 0 };
	GENERAL_NAMES *names;
	int i;

	add_name(&b, "Subject", X509_get_subject_name(cert));
	add_name(&b, "Issuer", X509_get_issuer_name(cert));
	add_time(&b, "Valid from", X509_get0_notBefore(cert));
	add_time(&b, "Valid until", X509_get0_notAfter(cert));
	names = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
	for (i = 0; i < sk_GENERAL_NAME_num(names); i++) {
		GENERAL_NAME *n = sk_GENERAL_NAME_value(names, i);
		if (n->type == GEN_DNS)
			buf_printf(&b, "Name: %.*s\n",
			    ASN1_STRING_length(n->d.dNSName),
			    (const char *)ASN1_STRING_get0_data(n->d.dNSName));
	}
	GENERAL_NAMES_free(names);
	return buf_take(&b);
}

struct _mailstream_low *
tls_open(int fd, const struct tls_options *o,
    char fingerprint[TLS_FINGERPRINT_SIZE], char **cause)
{
	struct tls_low *d = xcalloc(1, sizeof *d);
	mailstream_low *low;
	SSL_CTX *ctx;

	strcpy(fingerprint, "sha256:");
	if ((ctx = make_ctx(o, cause)) == NULL) {
		free(d);
		return NULL;
	}
	d->ssl = SSL_new(ctx);
	SSL_CTX_free(ctx);	/* the SSL keeps a reference */
	d->fd = fd;
	d->cancel_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	SSL_set_verify(d->ssl, SSL_VERIFY_NONE, NULL);	/* judged below */
	set_host(d->ssl, o->host);
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	SSL_set_fd(d->ssl, fd);
	low = mailstream_low_new(d, &tls_driver);
	mailstream_low_set_timeout(low, (time_t)o->timeout);
	if (handshake(low, d, cause) == 0) {
		fingerprint_of(SSL_get0_peer_certificate(d->ssl), fingerprint);
		if (o->description != NULL &&
		    SSL_get0_peer_certificate(d->ssl) != NULL)
			*o->description = describe(
			    SSL_get0_peer_certificate(d->ssl));
		if (judge(d->ssl, o, fingerprint, cause) == 0)
			return low;
	}
	d->fd = -1;		/* failed: the socket stays the caller's */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	mailstream_low_free(low);
	return NULL;
}

int
tls_starttls(struct _mailstream *stream, const struct tls_options *o,
    char fingerprint[TLS_FINGERPRINT_SIZE], char **cause)
{
	mailstream_low *plain = mailstream_get_low(stream), *tls;
	int fd = mailstream_low_get_fd(plain);

	if (stream->read_buffer_len != 0)
		return set_cause(cause, "%s sent data after its STARTTLS answer "
		    "(an injection attack?): connection dropped", o->host);
	if ((tls = tls_open(fd, o, fingerprint, cause)) == NULL)
		return -1;
	mailstream_low_free(plain);	/* the socket driver leaves FD open */
	mailstream_set_low(stream, tls);
	return 0;
}

void
tls_random(void *buf, size_t n)
{
	if (RAND_bytes(buf, (int)n) != 1)
		fatal("tls_random: OpenSSL has no randomness");
}
