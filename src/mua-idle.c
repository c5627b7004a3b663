/* mua-idle.c: the idle verb; see mua-idle.h. */
#include "autodefs.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* How often a watcher looks whether the machine was asleep. */
#define SLEEP_CHECK_SECONDS 60

/* Seconds the machine has slept since it started (CLOCK_BOOTTIME counts
 * a suspend, CLOCK_MONOTONIC doesn't). */
static double
slept(void)
{
	struct timespec boot, mono;

	clock_gettime(CLOCK_BOOTTIME, &boot);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	return (double)(boot.tv_sec - mono.tv_sec) +
	    (double)(boot.tv_nsec - mono.tv_nsec) / 1e9;
}

/*
 * Waits until the server says something during the IDLE, or SECONDS.
 * Returns 1 (it spoke), 0 (time), -1 (errno), -2 (the machine slept
 * meanwhile: the link is likely dead without a word, a new one is
 * needed). What libetpan has read already but not parsed is news too:
 * poll() on the socket can't see it.
 */
static int
wait_news(mailimap *imap, int seconds)
{
	struct pollfd p = { mailimap_idle_get_fd(imap), POLLIN, 0 };
	double asleep = slept();
	int r = 0, slice;

	if (imap->imap_stream->read_buffer_len > 0)
		return 1;
	for (; seconds > 0 && r == 0; seconds -= slice) {
		slice = seconds < SLEEP_CHECK_SECONDS ? seconds :
		    SLEEP_CHECK_SECONDS;
		while ((r = poll(&p, 1, slice * 1000)) == -1 && errno == EINTR)
			;
		if (r == 0 && slept() - asleep > 5)
			return -2;
	}
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
		if (news == -2)
			return set_cause(cause, "the machine slept: a new link "
			    "is made");
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
