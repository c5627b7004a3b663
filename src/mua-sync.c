/* mua-sync.c: the sync verb; see mua-sync.h. */
#include "autodefs.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "config.h"
#include "file.h"
#include "mua-sync.h"
#include "mua-ui.h"
#include "mime.h"
#include "mua.h"
#include "store.h"
#include "sync.h"

/* Whether ACCOUNT is among the N NAMES (all accounts when N is 0). */
static int
wanted(const struct account *account, char *const *names, int n)
{
	int i;

	if (n == 0)
		return account_get_one(account, "imap") != NULL ||
		    account_get_one(account, "pop3") != NULL;
	for (i = 0; i < n; i++)
		if (strcmp(names[i], account_name(account)) == 0)
			return 1;
	return 0;
}

/*
 * Progress: on a terminal one line redrawn in place (folder, n/N,
 * bytes, rate); otherwise a plain line per folder when it is done, for
 * logs and cron mail.
 */
struct progress {
	const char *account;
	int tty;
	double start;
};

static void
show_progress(void *arg, const char *folder, unsigned done, unsigned total,
    unsigned long long bytes)
{
	struct progress *p = arg;
	double t = mono_seconds() - p->start;

	if (done == 0)
		p->start = mono_seconds();
	if (p->tty) {
		fprintf(stderr, "\r%s/%s: %u/%u messages, %llu KB, %.0f KB/s\033[K",
		    p->account, folder, done, total, (bytes + 1023) / 1024,
		    t > 0 ? (double)bytes / 1024 / t : 0.0);
		if (done == total)
			fputc('\n', stderr);
	} else if (done == total)
		fprintf(stderr, "%s/%s: %u new\n", p->account, folder, total);
}


/* What a sync could not do on the server, and how to let it. */
static void
notes(const struct account *a, const struct fetch_stats *st)
{
	static const char *const what[] = { "archive", "trash", "spam",
		"sent", "drafts" };
	static const char *const left[] = { "archived mail stays in INBOX",
		"mail tagged deleted stays where it is",
		"mail tagged spam stays where it is",
		"sent mail is only here, not", "drafts are only here, not" };
	int i;

	for (i = 0; i < 5; i++)
		if (st->missing & (1u << i))
			fprintf(stderr, "mua: %s: no %s folder on the server "
			    "(%s_folder names one): %s there\n",
			    account_name(a), what[i], what[i], left[i]);
	if (st->kept_deleted)
		fprintf(stderr, "mua: %s: the server has no UID EXPUNGE "
		    "(UIDPLUS): mail moved or deleted there is only marked "
		    "\\Deleted, for a client that expunges\n", account_name(a));
	if (st->no_keywords)
		fprintf(stderr, "mua: %s: a folder keeps no keywords "
		    "(PERMANENTFLAGS): the sync_tags there stay here\n",
		    account_name(a));
}

/* What a sync did: new mail, then what changed on either side. */
static void
report(const struct account *a, const struct fetch_stats *st)
{
	printf("%s: %u new message%s (%llu KB)", account_name(a), st->fetched,
	    st->fetched == 1 ? "" : "s", (st->bytes + 1023) / 1024);
	if (st->pulled > 0)
		printf(", %u changed by the server", st->pulled);
	if (st->pushed > 0)
		printf(", %u changed on the server", st->pushed);
	if (st->appended > 0)
		printf(", %u sent copied to the server", st->appended);
	if (st->drafts_up > 0)
		printf(", %u draft%s saved to the server", st->drafts_up,
		    st->drafts_up == 1 ? "" : "s");
	if (st->drafts_dropped > 0)
		printf(", %u draft%s dropped there", st->drafts_dropped,
		    st->drafts_dropped == 1 ? "" : "s");
	if (st->moved > 0)
		printf(", %u moved on the server", st->moved);
	if (st->relocated > 0)
		printf(", %u moved by another client", st->relocated);
	if (st->removed > 0)
		printf(", %u removed (gone from the server)", st->removed);
	putchar('\n');
	fflush(stdout);
	notes(a, st);
}

static int
sync_one(const struct config *config, const struct account *a,
    struct store *store, int nowait)
{
	struct progress p = { account_name(a), isatty(2), mono_seconds() };
	struct sync_job job = { config, a, store, show_progress, &p,
	    { .fetched = 0 }, 0 };
	struct fetch_stats st;
	char *cause = NULL;
	int rc;

	int lock;

	/* Not a moment of waiting with the notmuch write lock held, for
	 * another sync or the network: each batch opens the database for
	 * its indexing, and lets go. */
	if (store_release(store, &cause) == -1) {
		fprintf(stderr, "mua: %s\n", cause);
		free(cause);
		return -1;
	}
	if ((lock = sync_lock(a, nowait, &cause)) == -1) {
		if (cause == NULL) {
			printf("%s: another sync is fetching this account; "
			    "left to it\n", account_name(a));
			return 0;
		}
		fprintf(stderr, "mua: %s: %s\n", account_name(a), cause);
		free(cause);
		return -1;
	}
	rc = sync_account(&job, &cause);
	close(lock);
	st = job.stats;

	if (rc == -1)
		fprintf(stderr, "mua: %s: %s (%u new messages kept before)\n",
		    account_name(a), cause, st.fetched);
	else
		report(a, &st);
	free(cause);
	return rc;
}

int
mua_sync(const char *file, char *const *names, int n)
{
	/* -n: from the UI, a sync of an account already syncing is left to
	 * the one running, rather than waited for. */
	int nowait = n > 0 && strcmp(names[0], "-n") == 0;

	struct config *config = NULL;
	struct store *store = NULL;
	char *cause = NULL, *used = NULL;
	size_t i;
	int rc = MUA_EXIT_OK, found = 0;

	names += nowait;
	n -= nowait;
	signal(SIGPIPE, SIG_IGN);	/* OpenSSL writes with write() */
	mime_log_to_stderr();
	if (mua_load_config(file, &config) == -1) {
		config_free(config);
		return MUA_EXIT_USAGE;
	}
	if (mua_open_store_writable(config, &store, &used, &cause) == -1) {
		fprintf(stderr, "mua: %s\n", cause);
		rc = MUA_EXIT_FAILURE;
		goto out;
	}
	for (i = 0; i < config->naccounts; i++) {
		if (!wanted(config->accounts[i], names, n))
			continue;
		found++;
		if (sync_one(config, config->accounts[i], store, nowait) == -1)
			rc = MUA_EXIT_FAILURE;
	}
	if (found < (n > 0 ? n : 1)) {
		fprintf(stderr, "mua: %s\n", n > 0 ? "no such account among "
		    "those named" : "no account has an imap or pop3 server to "
		    "fetch from");
		rc = MUA_EXIT_FAILURE;
	}
	if (store_close(store, &cause) == -1) {
		fprintf(stderr, "mua: %s\n", cause);
		rc = MUA_EXIT_FAILURE;
	}
out:
	free(cause);
	free(used);
	config_free(config);
	return rc;
}
