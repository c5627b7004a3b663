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

/* Says why and returns 1; flushes, since a sanitizer's exit won't. */
static int
fail(const char *why)
{
	printf("error: %s\n", why);
	fflush(stdout);
	return 1;
}

/* Ends a session whose link may be dead: no LOGOUT, no QUIT. */
static void
drop(mailstream **stream)
{
	if (*stream != NULL)
		mailstream_close(*stream);
	*stream = NULL;
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
	struct mailimap_capability_data *cap = NULL;
	mailimap *m;
	int rc = 1;

	if (s == NULL) {
		fail(cause);
		free(cause);
		return 1;
	}
	m = mailimap_new(0, NULL);
	if (mailimap_connect(m, s) != MAILIMAP_NO_ERROR_NON_AUTHENTICATED)
		fail("no IMAP greeting");
	else if (!implicit && (mailimap_starttls(m) != MAILIMAP_NO_ERROR ||
	    tls_starttls(m->imap_stream, o, fpr, &cause) == -1))
		fail(cause ? cause : "STARTTLS refused");
	else if (!implicit && mailimap_capability(m, &cap) != MAILIMAP_NO_ERROR)
		fail("no CAPABILITY after STARTTLS");	/* asked again after TLS */
	else if (mailimap_login(m, "test", "secret") != MAILIMAP_NO_ERROR)
		fail("LOGIN refused");
	else {
		int r = mailimap_select(m, "INBOX");
		printf("ok %s %u\n", fpr, r == MAILIMAP_NO_ERROR ?
		    m->imap_selection_info->sel_exists : 0);
		mailimap_logout(m);
		rc = 0;
	}
	if (cap != NULL)
		mailimap_capability_data_free(cap);
	if (rc != 0)
		drop(&m->imap_stream);
	mailimap_free(m);
	free(cause);
	return rc;
}

static int
pop3(const struct tls_options *o, const char *port, int implicit)
{
	char fpr[TLS_FINGERPRINT_SIZE] = "", *cause = NULL;
	mailstream *s = open_stream(o, port, implicit, fpr, &cause);
	carray *list = NULL;
	mailpop3 *p;
	int rc = 1;

	if (s == NULL) {
		fail(cause);
		free(cause);
		return 1;
	}
	p = mailpop3_new(0, NULL);
	if (mailpop3_connect(p, s) != MAILPOP3_NO_ERROR)
		fail("no POP3 greeting");
	else if (!implicit && (mailpop3_stls(p) != MAILPOP3_NO_ERROR ||
	    tls_starttls(p->pop3_stream, o, fpr, &cause) == -1))
		fail(cause ? cause : "STLS refused");
	else if (mailpop3_user(p, "test") != MAILPOP3_NO_ERROR ||
	    mailpop3_pass(p, "secret") != MAILPOP3_NO_ERROR)
		fail("USER/PASS refused");
	else {
		mailpop3_list(p, &list);
		printf("ok %s %u\n", fpr, list ? carray_count(list) : 0);
		mailpop3_quit(p);
		rc = 0;
	}
	if (rc != 0)
		drop(&p->pop3_stream);
	mailpop3_free(p);
	free(cause);
	return rc;
}

int
main(int argc, char **argv)
{
	struct tls_options o = { NULL, NULL, NULL, 0, NULL };

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
