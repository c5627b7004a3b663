/* ui-watchers.c: the UI's IDLE watchers; see ui-watchers.h. */
#include "autodefs.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "account.h"
#include "config.h"
#include "mua.h"
#include "ui-job.h"
#include "ui-watchers.h"
#include "ui.h"

/* Seconds before a watcher starts again after it ended: doubling from
 * the first to the most, back to the first once it watches. */
#define WATCH_FIRST_BACKOFF 5
#define WATCH_MAX_BACKOFF 300

/* A watcher: "mua idle ACCOUNT FOLDER". */
struct watch {
	struct ui_job job;
	const char *account;	/* the configuration's */
	char *folder;
	char *args[3];		/* ACCOUNT FOLDER NULL */
	time_t restart_at;	/* mono; 0: at once */
	time_t backoff;		/* seconds before the next start */
	int gone;		/* the server has no IDLE: not again */
};

struct ui_watchers {
	struct watch *watches;	/* made on the first tick */
	size_t nwatches;
	int watches_made;
	unsigned typed;		/* passwords typed, when last looked */
};

struct ui_watchers *
ui_watchers_new(void)
{
	return xcalloc(1, sizeof(struct ui_watchers));
}

/* The watchers the configuration asks for: one per idle_folders entry
 * of each IMAP account with idle = yes. */
static void
watches_make(struct ui_watchers *s, const struct config *config)
{
	const char *const *folders;
	struct watch *w;
	size_t i, j, n;

	s->watches_made = 1;
	for (i = 0; i < config->naccounts; i++) {
		const struct account *a = config->accounts[i];
		if (account_get_one(a, "imap") == NULL ||
		    strcmp(account_get_one(a, "idle"), "yes") != 0)
			continue;
		folders = account_get(a, "idle_folders", &n);
		for (j = 0; j < n; j++) {
			s->watches = xreallocarray(s->watches, s->nwatches + 1,
			    sizeof *s->watches);
			w = &s->watches[s->nwatches++];
			memset(w, 0, sizeof *w);
			w->account = xstrdup(account_name(a));
			w->folder = xstrdup(folders[j]);
			w->job.verb = w->job.name = "idle";
			w->job.out = -1;
			w->job.quiet = 1;
			w->backoff = WATCH_FIRST_BACKOFF;
		}
	}
	for (i = 0; i < s->nwatches; i++) {	/* the array stays now */
		w = &s->watches[i];
		w->args[0] = (char *)w->account;
		w->args[1] = w->folder;
		w->job.extra = w->args;
	}
}

/* A watcher's news, its end, its next start. */
static void
watch_tick(struct ui_jobs *jobs, struct watch *w, struct ui *ui,
    void (*sync)(void *, struct ui *, const char *), void *arg)
{
	time_t now = (time_t)mono_seconds();
	int status;

	if (w->job.pid == 0) {
		if (w->gone || now < w->restart_at)
			return;
		ui_job_start(jobs, &w->job, ui, 1);
		if (w->job.pid == 0)	/* a password to wait for, say */
			w->restart_at = now + WATCH_MAX_BACKOFF;
		return;
	}
	if (!ui_job_reap(&w->job, ui, &status)) {
		if (w->job.watching)	/* what came while it wasn't */
			w->backoff = WATCH_FIRST_BACKOFF;
		if (w->job.changed || w->job.watching)
			sync(arg, ui, w->account);
		w->job.watching = w->job.changed = 0;
		return;
	}
	w->gone = WIFEXITED(status) && WEXITSTATUS(status) == MUA_EXIT_NO_IDLE;
	w->restart_at = now + w->backoff;
	if (!w->gone)
		ui_log(ui, "idle: %s %s: watching again in %ld s", w->account,
		    w->folder, (long)w->backoff);
	w->backoff = w->backoff * 2 < WATCH_MAX_BACKOFF ? w->backoff * 2 :
	    WATCH_MAX_BACKOFF;
}

/* Milliseconds from the monotonic NOW until the second AT (0 if past). */
static long
ms_until(double now, time_t at)
{
	double d = ((double)at - now) * 1000.0;

	return d > 0 ? (long)d + 1 : 0;
}

long
ui_watchers_tick(struct ui_watchers *s, struct ui_jobs *jobs, struct ui *ui,
    void (*sync)(void *, struct ui *, const char *), void *arg)
{
	double now;
	long next = -1;
	size_t i;

	if (!s->watches_made)
		watches_make(s, ui_config(ui));
	if (ui_jobs_typed(jobs) != s->typed) {	/* one may have waited */
		s->typed = ui_jobs_typed(jobs);
		for (i = 0; i < s->nwatches; i++)
			s->watches[i].restart_at = 0;
	}
	for (i = 0; i < s->nwatches; i++)
		watch_tick(jobs, &s->watches[i], ui, sync, arg);
	now = mono_seconds();
	for (i = 0; i < s->nwatches; i++)
		if (s->watches[i].job.pid == 0 && !s->watches[i].gone)
			next = ms_sooner(next, ms_until(now,
			    s->watches[i].restart_at));
	return next;
}

size_t
ui_watchers_fds(const struct ui_watchers *s, int *fds, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < s->nwatches && n < max; i++)
		if (s->watches[i].job.pid > 0 && s->watches[i].job.out != -1)
			fds[n++] = s->watches[i].job.out;
	return n;
}

void
ui_watchers_free(struct ui_watchers *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nwatches; i++) {
		if (s->watches[i].job.pid > 0) {
			kill(s->watches[i].job.pid, SIGTERM);
			waitpid(s->watches[i].job.pid, NULL, 0);
			s->watches[i].job.pid = 0;
		}
		ui_job_clear(&s->watches[i].job);
		free((char *)s->watches[i].account);
		free(s->watches[i].folder);
	}
	free(s->watches);
	free(s);
}
