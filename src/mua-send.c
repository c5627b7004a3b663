/* mua-send.c: the send verb; see mua-send.h. */
#include "autodefs.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "append-imap.h"
#include "addressbook.h"
#include "buf.h"
#include "compose.h"
#include "config.h"
#include "file.h"
#include "mime-build.h"
#include "mime-resend.h"
#include "mua-send.h"
#include "mua-ui.h"
#include "mime.h"
#include "mua.h"
#include "options.h"
#include "outbox.h"
#include "seal-plan.h"
#include "store.h"
#include "sync.h"

/* A message to queue, from the command line. */
struct batch {
	const char *subject;
	struct buf cc, bcc, to;		/* address lists, ", "-joined */
	const char **files;		/* attachments, NULL-terminated */
	size_t nfiles;
	const char **bounce;		/* -R: messages to bounce to TO */
	size_t nbounce;
	int due;			/* -D: only what is due, as a retry */
	struct seal_wish wish;		/* --sign, --encrypt, --plain */
};

/* Appends S to the NULL-terminated array *V of *N. */
static void
push(const char ***v, size_t *n, const char *s)
{
	*v = xreallocarray(*v, *n + 2, sizeof **v);
	(*v)[(*n)++] = s;
	(*v)[*n] = NULL;
}

static void
usage(const char *why, int opt)
{
	fprintf(stderr, "mua send: %s", why);
	if (opt != 0)
		fprintf(stderr, " -%c", opt);
	fprintf(stderr, "\nusage: mua send [-s SUBJECT] [-c ADDR]... [-b ADDR]... "
	    "[-a FILE]... [--sign] [--encrypt] [--plain] [-D] [ADDR...]\n"
	    "       mua send -R MESSAGE... ADDR...\n");
}

/* Bounces take the message as it is: nothing of a new one goes with
 * them, and they need someone to go to. */
static int
check_bounce(const struct batch *m)
{
	if (m->nbounce == 0)
		return 0;
	if (m->subject != NULL || m->cc.len > 0 || m->bcc.len > 0 ||
	    m->nfiles > 0 || m->wish.sign != -1 || m->wish.encrypt != -1) {
		usage("-R bounces a message as it is: no -s, -c, -b, -a, "
		    "--sign, --encrypt or --plain", 0);
		return -1;
	}
	if (m->to.len == 0) {
		usage("-R needs the addresses to bounce to", 0);
		return -1;
	}
	return 0;
}

static int
parse_args(int argc, char **argv, struct batch *m)
{
	static const struct option longs[] = {
		{ "sign", no_argument, NULL, 'S' },
		{ "encrypt", no_argument, NULL, 'E' },
		{ "plain", no_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	optind = 1;
	opterr = 0;
	m->wish.sign = m->wish.encrypt = -1;
	while ((c = getopt_long(argc, argv, "+:s:c:b:a:R:D", longs,
	    NULL)) != -1) {
		switch (c) {
		case 'S':
			m->wish.sign = 1;
			break;
		case 'E':
			m->wish.encrypt = 1;
			break;
		case 'P':
			m->wish.sign = m->wish.encrypt = 0;
			break;
		case 's':
			m->subject = optarg;
			break;
		case 'c':
			buf_join(&m->cc, ", ", optarg);
			break;
		case 'b':
			buf_join(&m->bcc, ", ", optarg);
			break;
		case 'D':
			m->due = 1;
			break;
		case 'a':
			push(&m->files, &m->nfiles, optarg);
			break;
		case 'R':
			push(&m->bounce, &m->nbounce, optarg);
			break;
		default:
			usage(c == ':' ? "option needs an argument" :
			    "unknown option", optopt);
			return -1;
		}
	}
	for (; optind < argc; optind++)
		buf_join(&m->to, ", ", argv[optind]);
	return check_bounce(m);
}

/* Reads all of standard input. */
static char *
read_stdin(void)
{
	struct buf b = { NULL, 0, 0 };
	char chunk[8192];
	size_t n;

	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
		buf_add(&b, chunk, n);
	return buf_take(&b);
}

/*
 * The built message *DATA signed and encrypted as M and the options
 * wish, in place. The passphrase is asked on the terminal when there is
 * one; from cron, gpg-agent must hold it.
 */
static int
sealed(const struct config *config, const struct account *a,
    const struct batch *m, char **data, size_t *len, char **cause)
{
	struct seal_plan plan;
	enum gpg_failure why;
	char *out = NULL, *tty = ttyname(STDERR_FILENO);
	size_t out_len;
	int rc;

	if (seal_plan_make(config, a, m->to.s, m->cc.s, m->bcc.s, &m->wish,
	    &plan, cause) == -1)
		return -1;
	if (getenv("GPG_TTY") == NULL && tty != NULL)
		setenv("GPG_TTY", tty, 1);
	rc = seal_plan_apply(&plan, tty != NULL ? GPG_ASK_TERMINAL :
	    GPG_ASK_NEVER, *data, *len, &out, &out_len, &why, cause);
	if (rc == -1 && why == GPG_LOCKED) {
		free(*cause);
		*cause = xasprintf("the passphrase of %s was not given (with "
		    "no terminal, gpg-agent must hold it)", plan.signer);
	}
	seal_plan_clear(&plan);
	if (rc == 0 && out != NULL) {	/* else it goes as built */
		free(*data);
		*data = out;
		*len = out_len;
	}
	return rc;
}

/* Builds the message of M from standard input and queues it. */
static int
queue_batch(const struct config *config, struct store *store,
    struct batch *m, char **cause)
{
	const struct account *a = config_default_account(config);
	struct mime_draft d;
	char *body, *data = NULL;
	size_t len;
	int rc;

	if (a == NULL)
		return set_cause(cause, "no account to send from");
	if (outbox_can_send(config, a, cause) == -1)
		return -1;
	memset(&d, 0, sizeof d);
	d.from = account_get_one(a, "from");
	d.to = m->to.s;
	d.cc = m->cc.s;
	d.bcc = m->bcc.s;
	d.subject = m->subject;
	d.body = body = read_stdin();
	d.attachments = m->files;
	d.eight_bit = 1;	/* re-encoded for servers without 8BITMIME */
	rc = mime_build(&d, &data, &len, NULL, cause);
	if (rc == 0 && (rc = sealed(config, a, m, &data, &len, cause)) == 0)
		rc = outbox_enqueue(store, a, data, len,
		    options_get_number(config->options, "send_delay"), cause);
	free(body);
	free(data);
	return rc;
}

/*
 * Queues the message file PATH ("-": standard input) as a bounce to the
 * addresses TO (aliases expanded), from the account it was sent to.
 */
static int
queue_bounce(const struct config *config, struct store *store,
    const char *path, const char *to, char **cause)
{
	int stdin_ = strcmp(path, "-") == 0;
	const struct account *a = compose_identity(config, stdin_ ? NULL :
	    path);
	const char *command = options_get(config->options, "sendmail_command");
	char *data = NULL, *wrapped = NULL, *rcpts;
	size_t len = 0, wrapped_len;
	int rc;

	if (a == NULL)
		return set_cause(cause, "no account to send from");
	if (command != NULL && *command != '\0')
		return set_cause(cause, "%s", OUTBOX_BOUNCE_SMTP);
	if (outbox_can_send(config, a, cause) == -1)
		return -1;
	if (stdin_)
		len = strlen(data = read_stdin());
	else if (file_read(path, &data, &len, cause) == -1)
		return -1;
	rcpts = addressbook_expand(config, to);
	rc = mime_resend_wrap(data, len, account_get_one(a, "from"), rcpts,
	    &wrapped, &wrapped_len, cause);
	if (rc == 0)
		rc = outbox_enqueue(store, a, wrapped, wrapped_len,
		    options_get_number(config->options, "send_delay"), cause);
	free(rcpts);
	free(wrapped);
	free(data);
	return rc;
}

/* Queues what the command line asks: a new message or bounces. */
static int
queue(const struct config *config, struct store *store, struct batch *m,
    char **cause)
{
	size_t i;
	int rc = 0;

	if (m->nbounce == 0)
		return m->to.len > 0 ? queue_batch(config, store, m, cause) : 0;
	for (i = 0; i < m->nbounce && rc == 0; i++)
		rc = queue_bounce(config, store, m->bounce[i], m->to.s, cause);
	return rc;
}

/* A line per message: what became of it. */
static void
show(void *arg, const struct outbox_event *ev)
{
	const char *account = arg;
	char when[32] = "";
	struct tm tm;

	if (ev->state == OUTBOX_SENT) {
		printf("%s: %s: %s\n", account, ev->bounce ? "bounced" : "sent",
		    ev->subject);
		fflush(stdout);
		return;
	}
	if (ev->state == OUTBOX_QUEUED && localtime_r(&ev->next, &tm) != NULL)
		strftime(when, sizeof when, ", next try at %H:%M", &tm);
	printf("%s: %s: %s: %s%s\n", account, ev->state == OUTBOX_QUEUED ?
	    "queued" : ev->state == OUTBOX_FAILED ? "failed" : "unknown",
	    ev->subject, ev->reason ? ev->reason : "", when);
	fflush(stdout);
}

/* Sends every account's queue (with DUE_ONLY, what is due); -1 when
 * anything was left. */
static int
flush_all(const struct config *config, struct store *store, int due_only)
{
	struct outbox_flush f;
	char *cause = NULL;
	size_t i;
	int rc = 0;

	for (i = 0; i < config->naccounts; i++) {
		memset(&f, 0, sizeof f);
		f.config = config;
		f.store = store;
		f.account = config->accounts[i];
		f.all = !due_only;
		f.report = show;
		f.report_arg = (void *)account_name(config->accounts[i]);
		if (outbox_flush(&f, &cause) == -1) {
			fprintf(stderr, "mua: %s: %s\n",
			    account_name(config->accounts[i]), cause);
			free(cause);
			cause = NULL;
			rc = -1;
		}
	}
	fflush(stdout);
	return rc;
}

/*
 * Sent copies noted for the server's Sent folder go there now, on an
 * IMAP session of their own, unless a sync holds the account (it does
 * them). What can't go now waits for the next sync, and isn't a failure
 * of the send.
 */
static void
append_sent(const struct config *config, struct store *store)
{
	struct sync_job job;
	char *cause = NULL;
	size_t i;
	int lock;

	for (i = 0; i < config->naccounts; i++) {
		const struct account *a = config->accounts[i];
		if (account_get_one(a, "imap") == NULL ||
		    !append_imap_waiting(a))
			continue;
		if ((lock = sync_lock(a, 1, &cause)) != -1) {
			memset(&job, 0, sizeof job);
			job.config = config;
			job.account = a;
			job.store = store;
			job.append_only = 1;
			if (store_release(store, &cause) == 0 &&
			    sync_account(&job, &cause) == 0 &&
			    job.stats.appended > 0)
				printf("%s: copied to the server's Sent folder\n",
				    account_name(a));
			close(lock);
		}
		if (cause != NULL)
			fprintf(stderr, "mua: %s: the sent copy waits for the "
			    "next sync: %s\n", account_name(a), cause);
		free(cause);
		cause = NULL;
	}
	fflush(stdout);
}

int
mua_send(const char *file, int argc, char **argv)
{
	struct batch m;
	struct config *config = NULL;
	struct store *store = NULL;
	char *cause = NULL, *used = NULL;
	int rc = MUA_EXIT_FAILURE;

	signal(SIGPIPE, SIG_IGN);	/* OpenSSL writes with write() */
	mime_log_to_stderr();
	memset(&m, 0, sizeof m);
	if (parse_args(argc, argv, &m) == -1) {
		rc = MUA_EXIT_USAGE;
		goto out;
	}
	if (mua_load_config(file, &config) == -1) {
		rc = MUA_EXIT_USAGE;
		goto out;
	}
	if (mua_open_store_writable(config, &store, &used, &cause) == -1 ||
	    queue(config, store, &m, &cause) == -1 ||
	    store_commit(store, &cause) == -1) {
		fprintf(stderr, "mua: %s\n", cause);
		goto out;
	}
	rc = flush_all(config, store, m.due) == 0 ? MUA_EXIT_OK :
	    MUA_EXIT_FAILURE;
	append_sent(config, store);
out:
	if (store != NULL && store_close(store, &cause) == -1) {
		fprintf(stderr, "mua: %s\n", cause);
		rc = MUA_EXIT_FAILURE;
	}
	free(cause);
	free(used);
	config_free(config);
	buf_free(&m.to);
	buf_free(&m.cc);
	buf_free(&m.bcc);
	free(m.files);
	free(m.bounce);
	return rc;
}
