/*
 * tls.h: TLS by OpenSSL under libetpan. libetpan's own TLS (GnuTLS in
 * Debian) checks no certificate, so mua never uses it: a connection is
 * made with net_connect(), TLS is set up and judged here, and libetpan
 * gets the result as a mailstream low driver, for IMAP, POP3 and SMTP
 * alike. TLS 1.2 at least, SNI, the whole chain verified against the
 * system's CAs (or a CA file), and the host name checked; a certificate
 * that fails is refused, unless its pin (the SHA-256 of its public key)
 * is the one the user trusted. A pin decides alone: a pinned server
 * whose certificate changes is refused, CA or not.
 */
#ifndef TLS_H
#define TLS_H

#include <stddef.h>

struct _mailstream;	/* libetpan's mailstream */
struct _mailstream_low;

struct tls_options {
	const char *host;	/* the name (or IP) to check, and for SNI */
	const char *ca_file;	/* CAs to trust; NULL: the system's */
	const char *pin;	/* "sha256:HEX" trusted as is; NULL: none */
	int timeout;		/* seconds for each read, write, handshake */
	/* When not NULL, gets the server's certificate described (subject,
	 * issuer, validity, names; caller frees) whatever the verdict. */
	char **description;
};

/* "sha256:" and 64 hex digits, and the NUL. */
#define TLS_FINGERPRINT_SIZE 72

/*
 * Runs a TLS handshake on the connected socket FD and judges the
 * server's certificate. *fingerprint gets the certificate's pin whatever
 * the verdict, so a refusal can show it. Returns a low driver for
 * mailstream_new() (it owns FD from then on), or NULL with *cause saying
 * why, for instance "certificate has expired" (FD is then the caller's).
 */
struct _mailstream_low *tls_open(int fd, const struct tls_options *options,
    char fingerprint[TLS_FINGERPRINT_SIZE], char **cause);

/*
 * STARTTLS: after the server said OK to STARTTLS (or STLS), moves STREAM
 * from plain text onto TLS on the same socket. Bytes the server sent
 * after its OK, before TLS, are an injection attack (CVE-2020-15953)
 * and refused. Returns 0, or -1 with *cause set.
 */
int tls_starttls(struct _mailstream *stream, const struct tls_options *options,
    char fingerprint[TLS_FINGERPRINT_SIZE], char **cause);

/* Fills BUF with N unpredictable bytes (OpenSSL's generator). */
void tls_random(void *buf, size_t n);

#endif
