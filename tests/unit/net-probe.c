/*
 * net-probe.c: test helper: logs in to an IMAP or POP3 server through
 * net.c and tls.c with libetpan on top, the way mua's fetching will.
 *
 *   net-probe PROTO HOST PORT CAFILE [PIN]
 *
 * PROTO: imaps, imap (STARTTLS), pop3s, pop3 (STLS). CAFILE "-" is the
 * system's CAs. Logs in as test/secret and prints "ok FINGERPRINT N"
 * (N: messages in INBOX), or "error: WHY" and exits 1. NET_probe_timeout
 * sets the timeout in seconds (default 10).
 */
#include "autodefs.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libetpan/libetpan.h>

#include "mua.h"
#include "net.h"
#include "tls.h"

static int probe_timeout = 10;

static int
fail(const char *why)
{
	printf("error: %s\n", why);
	return 1;
}

/* Connects: TLS at once when IMPLICIT, else a plain stream. */
static mailstream *
open_stream(const struct tls_options *o, const char *port, int implicit,
    char *fpr, char **cause)
{
	int fd = net_connect(o->host, port, probe_timeout, cause);
	mailstream_low *low;

	if (fd == -1)
		return NULL;
	if (!implicit)
		return mailstream_socket_open_timeout(fd, probe_timeout);
	if ((low = tls_open(fd, o, fpr, cause)) == NULL) {
		close(fd);
		return NULL;
	}
	return mailstream_new(low, 8192);
}

static int
imap(const struct tls_options *o, const char *port, int implicit)
{
	char fpr[TLS_FINGERPRINT_SIZE] = "", *cause = NULL;
	mailstream *s = open_stream(o, port, implicit, fpr, &cause);
	mailimap *m = mailimap_new(0, NULL);
	int r, rc;

	if (s == NULL)
		return fail(cause);
	r = mailimap_connect(m, s);
	if (r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED)
		return fail("no IMAP greeting");
	if (!implicit && (mailimap_starttls(m) != MAILIMAP_NO_ERROR ||
	    tls_starttls(m->imap_stream, o, fpr, &cause) == -1))
		return fail(cause ? cause : "STARTTLS refused");
	if (!implicit) {	/* what was said before TLS can't be trusted */
		struct mailimap_capability_data *cap = NULL;
		if (mailimap_capability(m, &cap) != MAILIMAP_NO_ERROR)
			return fail("no CAPABILITY after STARTTLS");
		mailimap_capability_data_free(cap);
	}
	if (mailimap_login(m, "test", "secret") != MAILIMAP_NO_ERROR)
		return fail("LOGIN refused");
	rc = mailimap_select(m, "INBOX");
	printf("ok %s %u\n", fpr, rc == MAILIMAP_NO_ERROR ?
	    m->imap_selection_info->sel_exists : 0);
	mailimap_logout(m);
	mailimap_free(m);
	return 0;
}

static int
pop3(const struct tls_options *o, const char *port, int implicit)
{
	char fpr[TLS_FINGERPRINT_SIZE] = "", *cause = NULL;
	mailstream *s = open_stream(o, port, implicit, fpr, &cause);
	mailpop3 *p = mailpop3_new(0, NULL);
	carray *list = NULL;

	if (s == NULL)
		return fail(cause);
	if (mailpop3_connect(p, s) != MAILPOP3_NO_ERROR)
		return fail("no POP3 greeting");
	if (!implicit && (mailpop3_stls(p) != MAILPOP3_NO_ERROR ||
	    tls_starttls(p->pop3_stream, o, fpr, &cause) == -1))
		return fail(cause ? cause : "STLS refused");
	if (mailpop3_user(p, "test") != MAILPOP3_NO_ERROR ||
	    mailpop3_pass(p, "secret") != MAILPOP3_NO_ERROR)
		return fail("USER/PASS refused");
	mailpop3_list(p, &list);
	printf("ok %s %u\n", fpr, list ? carray_count(list) : 0);
	mailpop3_quit(p);
	mailpop3_free(p);
	return 0;
}

int
main(int argc, char **argv)
{
	struct tls_options o;

	if (argc < 5)
		return fail("usage: net-probe PROTO HOST PORT CAFILE [PIN]");
	signal(SIGPIPE, SIG_IGN);	/* OpenSSL writes with write() */
	if (getenv("NET_PROBE_TIMEOUT") != NULL)
		probe_timeout = atoi(getenv("NET_PROBE_TIMEOUT"));
	o.host = argv[2];
	o.ca_file = strcmp(argv[4], "-") == 0 ? NULL : argv[4];
	o.pin = argc > 5 ? argv[5] : NULL;
	o.timeout = probe_timeout;
	if (strcmp(argv[1], "imaps") == 0 || strcmp(argv[1], "imap") == 0)
		return imap(&o, argv[3], argv[1][4] == 's');
	if (strcmp(argv[1], "pop3s") == 0 || strcmp(argv[1], "pop3") == 0)
		return pop3(&o, argv[3], argv[1][4] == 's');
	return fail("PROTO: imaps, imap, pop3s or pop3");
}
