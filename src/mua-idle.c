/* mua-idle.c: the idle verb; see mua-idle.h. */
#include "autodefs.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libetpan/libetpan.h>

#include "account.h"
#include "config.h"
#include "imap.h"
#include "mua-idle.h"
#include "mua-ui.h"
#include "mua.h"
#include "session.h"
#include "sync.h"
#include "utf7.h"

/* RFC 2177: a server may end an IDLE after 30 minutes; it is re-issued
 * before. */
#define IDLE_REISSUE_SECONDS (28 * 60)

/*
 * Waits until the server says something during the IDLE, or SECONDS.
 * Returns 1 (it spoke), 0 (time), -1 (errno). What libetpan has read
 * already but not parsed is news too: poll() on the socket can't see it.
 */
static int
wait_news(mailimap *imap, int seconds)
{
	struct pollfd p = { mailimap_idle_get_fd(imap), POLLIN, 0 };
	int r;

	if (imap->imap_stream->read_buffer_len > 0)
		return 1;
	while ((r = poll(&p, 1, seconds * 1000)) == -1 && errno == EINTR)
		;
	return r > 0 ? 1 : r;
}

/* Idles on the examined FOLDER, saying each change, until the link
 * fails: -1 with *cause. */
static int
watch(mailimap *imap, const char *folder, char **cause)
{
	int r, news, first = 1;

	for (;;) {
		if ((r = mailimap_idle(imap)) != MAILIMAP_NO_ERROR)
			return set_cause(cause, "IDLE: %s", imap_why(imap, r));
		if (first) {	/* from here on no change goes unsaid */
			printf("watching %s\n", folder);
			fflush(stdout);
			first = 0;
		}
		if ((news = wait_news(imap, IDLE_REISSUE_SECONDS)) == -1)
			return set_cause(cause, "%s", strerror(errno));
		if ((r = mailimap_idle_done(imap)) != MAILIMAP_NO_ERROR)
			return set_cause(cause, "the link broke: %s",
			    imap_why(imap, r));
		if (news) {
			printf("changed %s\n", folder);
			fflush(stdout);
		}
	}
}

/* Logs in, examines FOLDER, then watches it; the exit code. */
static int
idle_on(const struct config *config, const struct account *a,
    const char *folder, char **cause)
{
	struct session s;
	mailimap *imap = NULL;
	char *name = utf7_encode(folder);
	int r, rc = MUA_EXIT_FAILURE;

	if (session_read(config, a, "imap", &s, cause) == -1 ||
	    session_password(&s, cause) == -1 ||
	    (imap = sync_imap_open(&s, cause)) == NULL)
		goto out;
	if (!mailimap_has_idle(imap)) {
		set_cause(cause, "%s offers no IDLE: new mail comes with each "
		    "sync (sync_interval)", s.url.host);
		rc = MUA_EXIT_NO_IDLE;
	} else if ((r = mailimap_examine(imap, name)) != MAILIMAP_NO_ERROR)
		set_cause(cause, "%s: %s", folder, imap_why(imap, r));
	else
		watch(imap, folder, cause);
out:
	if (imap != NULL)
		sync_imap_drop(imap);
	session_clear(&s);
	free(name);
	return rc;
}

int
mua_idle(const char *file, int argc, char **argv)
{
	struct config *config = NULL;
	const struct account *a = NULL;
	char *cause = NULL;
	size_t i;
	int rc;

	signal(SIGPIPE, SIG_IGN);	/* OpenSSL writes with write() */
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: mua idle ACCOUNT [FOLDER]\n");
		return MUA_EXIT_USAGE;
	}
	if (mua_load_config(file, &config) == -1)
		return MUA_EXIT_USAGE;
	for (i = 0; i < config->naccounts; i++)
		if (strcmp(account_name(config->accounts[i]), argv[1]) == 0)
			a = config->accounts[i];
	if (a == NULL || account_get_one(a, "imap") == NULL) {
		fprintf(stderr, "mua: %s: %s\n", argv[1], a == NULL ?
		    "no such account" : "the account has no imap server");
		config_free(config);
		return MUA_EXIT_USAGE;
	}
	rc = idle_on(config, a, argc == 3 ? argv[2] : "INBOX", &cause);
	fprintf(stderr, "mua: %s: %s\n", argv[1], cause != NULL ? cause :
	    "stopped");
	free(cause);
	config_free(config);
	return rc;
}
