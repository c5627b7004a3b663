/* ui-sync.c: mua's verbs as children of the UI; see ui-sync.h. */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "buf.h"
#include "config.h"
#include "mua.h"
#include "options.h"
#include "outbox.h"
#include "run.h"
#include "store.h"
#include "ui-job.h"
#include "ui-sync.h"
#include "ui-tag.h"
#include "ui-watchers.h"
#include "ui.h"

/* How often a child that closed its output is looked for, until it ends. */
#define REAP_MS 100

struct ui_sync {
	struct ui_jobs *jobs;
	struct store *store;	/* the UI's, read-only: the outbox's state */
	time_t outbox_check;	/* when to look for mail due again (mono) */
	struct ui_job sync, send, bounce;
	char **bounce_args;	/* the bounce's: kept while it asks for a
				   password, until the next one */
	time_t send_at;		/* when what send_delay held goes; 0: none */
	int send_again;		/* asked for while a send ran */
	struct ui_watchers *watchers;
	const char *sync_next;	/* a watched account to sync when the
				   running sync ends, or NULL */
};

struct ui_sync *
ui_sync_new(const char *notmuch_config, struct store *store)
{
	struct ui_sync *s = xcalloc(1, sizeof *s);

	s->jobs = ui_jobs_new(notmuch_config);
	s->watchers = ui_watchers_new();
	s->sync.verb = s->sync.name = "sync";
	s->sync.option = "-n";	/* a sync running already is left to run */
	s->send.verb = s->send.name = "send";
	s->bounce.verb = "send";	/* "send -R" */
	s->bounce.name = "bounce";
	s->sync.out = s->send.out = s->bounce.out = -1;
	s->sync.started = s->send.started = (time_t)mono_seconds();
	s->store = store;
	return s;
}


void
ui_sync_free(struct ui_sync *s)
{
	if (s == NULL)
		return;
	ui_job_clear(&s->sync);
	ui_job_clear(&s->send);
	ui_job_clear(&s->bounce);
	store_free_tags(s->bounce_args);	/* any string array */
	ui_watchers_free(s->watchers);
	ui_jobs_free(s->jobs);
	free(s);
}

void
ui_sync_start(struct ui_sync *s, struct ui *ui)
{
	ui_job_start(s->jobs, &s->sync, ui, 0);
}

void
ui_sync_send(struct ui_sync *s, struct ui *ui)
{
	/* A send running may have read the outbox before what was just
	 * queued: another follows it, rather than "running already". */
	if (s->send.pid > 0) {
		s->send_again = 1;
		ui_message(ui, "send: running; it runs again when done");
		return;
	}
	ui_job_start(s->jobs, &s->send, ui, 0);
}

/* What send_delay holds back goes when its time has come. */
static void
send_held_later(struct ui_sync *s, struct ui *ui)
{
	long long delay = options_get_number(ui_config(ui)->options,
	    "send_delay");

	if (delay > 0)
		s->send_at = (time_t)mono_seconds() + (time_t)delay + 1;
}

pid_t
ui_sync_spawn(struct ui_sync *s, struct ui *ui, const char *const *args,
    size_t n, int *in, int *out, char **cause)
{
	return ui_jobs_spawn(s->jobs, ui, args, n, in, out, cause);
}

void
ui_sync_queued(struct ui_sync *s, struct ui *ui)
{
	ui_sync_send(s, ui);
	send_held_later(s, ui);
}

struct store *
ui_sync_store(const struct ui_sync *s)
{
	return s->store;
}

void
ui_sync_bounce(struct ui_sync *s, struct ui *ui, const char *const *paths,
    size_t n, const char *to)
{
	char **args;
	size_t i, k = 0;

	if (s->bounce.pid > 0 || s->bounce.asking) {
		ui_job_start(s->jobs, &s->bounce, ui, 0);	/* says so */
		return;
	}
	args = xcalloc(2 * n + 3, sizeof *args);
	for (i = 0; i < n; i++) {
		args[k++] = xstrdup("-R");
		args[k++] = xstrdup(paths[i]);
	}
	args[k++] = xstrdup("--");	/* an address is never an option */
	args[k++] = xstrdup(to);
	store_free_tags(s->bounce_args);
	s->bounce.extra = s->bounce_args = args;
	ui_job_start(s->jobs, &s->bounce, ui, 0);
	if (s->bounce.pid > 0 || s->bounce.asking)
		send_held_later(s, ui);
}

const char *
ui_sync_answer_option(const char *command)
{
	static const char *const map[][2] = {
		{ "reply", "--reply" }, { "reply-all", "--group" },
		{ "reply-list", "--list" }, { "forward", "--forward" },
		{ "edit-draft", "--draft" },
	};
	size_t i;

	for (i = 0; i < nitems(map); i++)
		if (strcmp(map[i][0], command) == 0)
			return map[i][1];
	return NULL;
}

/*
 * new_mail_command, when a sync brought mail: %n how many, %a the
 * accounts (names from .muarc; nothing from a message), %% a %. Not
 * waited for.
 */
static void
tell_news(struct ui_job *j, struct ui *ui)
{
	const char *format = options_get(ui_config(ui)->options,
	    "new_mail_command"), *p;
	struct buf b = { NULL, 0, 0 };
	char *cause = NULL;

	for (p = format; j->news > 0 && *p != '\0'; p++) {
		if (*p != '%' || p[1] == '\0') {
			buf_addc(&b, *p);
			continue;
		}
		switch (*++p) {
		case 'n':
			buf_printf(&b, "%u", j->news);
			break;
		case 'a':
			buf_adds(&b, j->news_from.s);
			break;
		default:	/* %% is %; others stay as written */
			if (*p != '%')
				buf_addc(&b, '%');
			buf_addc(&b, *p);
		}
	}
	if (b.len > 0 && run_detached(b.s, &cause) == -1) {
		ui_error(ui, "new_mail_command: %s", cause);
		free(cause);
	}
	buf_free(&b);
	j->news = 0;
	j->news_from.len = 0;
}

/* With sync_interval set, a sync starts that long after the last one
 * began (and after mua started). */
static void
maybe_start(struct ui_sync *s, struct ui *ui)
{
	time_t every = (time_t)options_get_number(ui_config(ui)->options,
	    "sync_interval");

	if (every > 0 && (time_t)mono_seconds() - s->sync.started >= every) {
		s->sync.started = (time_t)mono_seconds();	/* once a round */
		ui_job_start(s->jobs, &s->sync, ui, 1);
	}
}

static void
job_tick(struct ui_sync *s, struct ui_job *j, struct ui *ui)
{
	int status;

	if (!ui_job_reap(j, ui, &status))
		return;
	tell_news(j, ui);
	if (!WIFEXITED(status))
		ui_error(ui, "%s: ended by signal %d (a server may have crashed "
		    "it; the UI is fine)", j->name, WTERMSIG(status));
	else if (WEXITSTATUS(status) != 0) {
		ui_error(ui, "%s: %s", j->name, j->outcome ? j->outcome :
		    j->last ? j->last : "failed");
		ui_job_forget_refused(s->jobs, j, ui);
	} else
		ui_message(ui, "%s: %s", j->name, j->last ? j->last : "done");
	ui_tagger_store_changed(ui_tagger(ui), ui);
}

/*
 * Queued mail whose next try has come goes without a key: the outbox's
 * state is read at most once a minute (and once at start), as
 * sync_interval runs syncs.
 */
static void
maybe_retry(struct ui_sync *s, struct ui *ui)
{
	time_t mono = (time_t)mono_seconds(), now = time(NULL), next;

	if (s->outbox_check != 0 && mono < s->outbox_check)
		return;
	next = outbox_next_try(ui_config(ui), s->store);
	s->outbox_check = mono + (next > now && next - now < 60 ?
	    next - now : 60);
	if (next != 0 && next <= now && s->send.pid == 0) {
		ui_message(ui, "send: trying again what is due in the outbox");
		s->send.option = "-D";	/* what is due, not all */
		ui_job_start(s->jobs, &s->send, ui, 1);
		s->send.option = NULL;
	}
}

/* Syncs ACCOUNT (a watcher's: it stays), after the sync that runs. */
static void
sync_account(void *arg, struct ui *ui, const char *account)
{
	struct ui_sync *s = arg;
	char *extra[] = { (char *)account, NULL };

	if (s->sync.pid > 0) {
		s->sync_next = account;
		return;
	}
	s->sync.extra = extra;
	ui_job_start(s->jobs, &s->sync, ui, 1);
	s->sync.extra = NULL;
}

/* Milliseconds from the monotonic NOW until the second AT (0 if past). */
static long
ms_until(double now, time_t at)
{
	double d = ((double)at - now) * 1000.0;

	return d > 0 ? (long)d + 1 : 0;
}

/* When a timer of S wants a tick: the next sync_interval round, what
 * send_delay held, the next look at the outbox. */
static long
next_timer(struct ui_sync *s, struct ui *ui)
{
	time_t every = (time_t)options_get_number(ui_config(ui)->options,
	    "sync_interval");
	double now = mono_seconds();
	long next = -1;

	if (s->sync.pid == 0 && every > 0)
		next = ms_until(now, s->sync.started + every);
	if (s->send.pid == 0 && s->send_at != 0)
		next = ms_sooner(next, ms_until(now, s->send_at));
	if (s->send.pid == 0)
		next = ms_sooner(next, ms_until(now, s->outbox_check));
	if ((s->sync.pid > 0 && s->sync.out == -1) ||
	    (s->send.pid > 0 && s->send.out == -1) ||
	    (s->bounce.pid > 0 && s->bounce.out == -1))
		next = ms_sooner(next, REAP_MS);	/* it closed its output */
	return next;
}

long
ui_sync_tick(struct ui_sync *s, struct ui *ui)
{
	const char *next = s->sync_next;
	long watching = ui_watchers_tick(s->watchers, s->jobs, ui,
	    sync_account, s);

	if (s->sync.pid > 0)
		job_tick(s, &s->sync, ui);
	if (s->sync.pid == 0 && next != NULL) {
		s->sync_next = NULL;
		sync_account(s, ui, next);
	} else if (s->sync.pid == 0)
		maybe_start(s, ui);
	if (s->bounce.pid > 0)
		job_tick(s, &s->bounce, ui);
	if (s->send.pid > 0)
		job_tick(s, &s->send, ui);
	if (s->send.pid > 0)
		;
	else if (s->send_again) {
		s->send_again = 0;
		ui_job_start(s->jobs, &s->send, ui, 0);
	} else if (s->send_at != 0 && (time_t)mono_seconds() >= s->send_at) {
		s->send_at = 0;
		ui_job_start(s->jobs, &s->send, ui, 1);
	} else
		maybe_retry(s, ui);
	return ms_sooner(watching, next_timer(s, ui));
}

size_t
ui_sync_fds(const struct ui_sync *s, int *fds, size_t max)
{
	const struct ui_job *jobs[] = { &s->sync, &s->send, &s->bounce };
	size_t i, n = 0;

	for (i = 0; i < nitems(jobs) && n < max; i++)
		if (jobs[i]->pid > 0 && jobs[i]->out != -1)
			fds[n++] = jobs[i]->out;
	return n + ui_watchers_fds(s->watchers, fds + n, max - n);
}
