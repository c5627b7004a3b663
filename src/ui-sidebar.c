/*
 * ui-sidebar.c: saved searches with counts from a worker; see ui-sidebar.h.
 *
 * One run at a time, a store job (store-job.h): it gets its own copy of
 * the queries and fills in a counts array; the UI thread looks at that
 * array on its idle ticks once the job is done, never waiting for it
 * except to stop it at exit.
 */
#include "autodefs.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account.h"
#include "config.h"
#include "mua.h"
#include "store-job.h"
#include "store.h"
#include "text.h"
#include "ui-sidebar.h"
#include "ui.h"

struct entry {
	char *name, *query;
	long unread, total;	/* -1 until counted */
};

/* What one run of the worker reads and writes: the job owns it while it
 * runs. */
struct run {
	struct store_job *job;
	char **queries;
	size_t n;
	long *counts;		/* unread, total for each query; -2 failed */
};

struct ui_sidebar {
	struct entry *e;
	size_t n;
	size_t cursor;
	int visible;
	char *mail_root, *notmuch_config;
	struct run *run;	/* the running or finished run, or NULL */
	unsigned generation;	/* the tagger's at the last run's start */
	int counted;		/* a run was started at least once */
};

static void
add(struct ui_sidebar *s, const char *name, const char *query)
{
	s->e = xreallocarray(s->e, s->n + 1, sizeof *s->e);
	s->e[s->n].name = xstrdup(name);
	s->e[s->n].query = xstrdup(query);
	s->e[s->n].unread = s->e[s->n].total = -1;
	s->n++;
}

static int
folder_order(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;

	/* INBOX first, then as the names sort. */
	if ((strcmp(x, "INBOX") == 0) != (strcmp(y, "INBOX") == 0))
		return strcmp(x, "INBOX") == 0 ? -1 : 1;
	return strcmp(x, y);
}

/* The maildir folders of IMAP account A that hold mail (cur/ inside):
 * the server's folders as the sync keeps them. */
static void
add_folders(struct ui_sidebar *s, const char *root, const struct account *a)
{
	const char *base = account_maildir_name(a);
	char *dir, *cur, **names = NULL, *name, *query;
	DIR *d;
	struct dirent *e;
	size_t n = 0, i;

	if (account_get_one(a, "imap") == NULL)
		return;
	dir = account_maildir(a, root, "");
	if ((d = opendir(dir)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			cur = xasprintf("%s%s/cur", dir, e->d_name);
			if (e->d_name[0] != '.' && strchr(e->d_name, '"') ==
			    NULL && access(cur, F_OK) == 0) {
				names = xreallocarray(names, n + 1,
				    sizeof *names);
				names[n++] = xstrdup(e->d_name);
			}
			free(cur);
		}
		closedir(d);
	}
	if (n > 0)
		qsort(names, n, sizeof *names, folder_order);
	for (i = 0; i < n; i++) {
		name = xasprintf("%s/%s", base, names[i]);
		query = xasprintf("folder:\"%s\"", name);
		add(s, name, query);
		free(query);
		free(name);
		free(names[i]);
	}
	free(names);
	free(dir);
}

struct ui_sidebar *
ui_sidebar_new(const struct config *config, struct store *store,
    const char *notmuch_config)
{
	struct ui_sidebar *s = xcalloc(1, sizeof *s);
	char **names = NULL, **queries = NULL;
	size_t i, n = 0;

	for (i = 0; i < config->nqueries; i++)
		add(s, config->queries[i].name, config->queries[i].value);
	if (store_named_queries(store, &names, &queries, &n, NULL) == 0)
		for (i = 0; i < n; i++) {
			add(s, names[i], queries[i]);
			free(names[i]);
			free(queries[i]);
		}
	free(names);
	free(queries);
	if (s->n == 0) {
		add(s, "inbox", "tag:inbox");
		add(s, "unread", "tag:unread");
		add(s, "flagged", "tag:flagged");
		add(s, "all mail", "*");
	}
	/* Always there: what waits to be finished or to go out. */
	add(s, "drafts", "tag:draft");
	add(s, "outbox", "tag:outbox");
	for (i = 0; i < config->naccounts; i++)
		add_folders(s, store_path(store), config->accounts[i]);
	s->visible = options_get_bool(config->options, "sidebar");
	s->mail_root = xstrdup(store_path(store));
	s->notmuch_config = notmuch_config ? xstrdup(notmuch_config) : NULL;
	return s;
}

static void
run_free(struct run *r)
{
	size_t i;

	store_job_free(r->job);
	for (i = 0; i < r->n; i++)
		free(r->queries[i]);
	free(r->queries);
	free(r->counts);
	free(r);
}

/* The worker: counts each query's messages and unread ones. */
static void
count(struct store *store, void *arg, const int *stop)
{
	struct run *r = arg;
	unsigned unread, total;
	size_t i;
	int ok;

	for (i = 0; i < r->n; i++) {
		char *q = xasprintf("(%s) and tag:unread", r->queries[i]);

		ok = store != NULL && !__atomic_load_n(stop, __ATOMIC_RELAXED) &&
		    store_count_messages(store, r->queries[i], &total, NULL) ==
		    0 && store_count_messages(store, q, &unread, NULL) == 0;
		r->counts[2 * i] = ok ? (long)unread : -2;
		r->counts[2 * i + 1] = ok ? (long)total : -2;
		free(q);
	}
}

static void
start(struct ui_sidebar *s)
{
	struct run *r = xcalloc(1, sizeof *r);
	size_t i;

	r->queries = xcalloc(s->n, sizeof *r->queries);
	for (i = 0; i < s->n; i++)
		r->queries[i] = xstrdup(s->e[i].query);
	r->n = s->n;
	r->counts = xcalloc(2 * (s->n > 0 ? s->n : 1), sizeof *r->counts);
	r->job = store_job_start(s->mail_root, s->notmuch_config, count, r);
	if (r->job == NULL) {
		run_free(r);
		return;		/* no counts, no harm: the next tick retries */
	}
	s->run = r;
	s->counted = 1;
}

/* Takes the finished run's counts; returns whether there was one. */
static int
collect(struct ui_sidebar *s)
{
	size_t i;

	if (!store_job_done(s->run->job))
		return 0;
	for (i = 0; i < s->n && i < s->run->n; i++) {
		s->e[i].unread = s->run->counts[2 * i];
		s->e[i].total = s->run->counts[2 * i + 1];
	}
	run_free(s->run);
	s->run = NULL;
	return 1;
}

int
ui_sidebar_tick(struct ui_sidebar *s, unsigned generation)
{
	int changed = 0;

	if (s->run != NULL)
		changed = collect(s);
	if (s->run == NULL && s->visible &&
	    (!s->counted || generation != s->generation)) {
		s->generation = generation;
		start(s);
	}
	return changed;
}

void
ui_sidebar_free(struct ui_sidebar *s)
{
	size_t i;

	if (s == NULL)
		return;
	if (s->run != NULL)
		run_free(s->run);
	for (i = 0; i < s->n; i++) {
		free(s->e[i].name);
		free(s->e[i].query);
	}
	free(s->e);
	free(s->mail_root);
	free(s->notmuch_config);
	free(s);
}

int
ui_sidebar_visible(const struct ui_sidebar *s)
{
	return s->visible;
}

void
ui_sidebar_toggle(struct ui_sidebar *s)
{
	s->visible = !s->visible;
}

/* "3/120", "…" while counting, "?" when the count failed. */
static void
counts_text(const struct entry *e, char *buf, size_t size)
{
	if (e->total == -1)
		snprintf(buf, size, "\xe2\x80\xa6");
	else if (e->total < 0)
		snprintf(buf, size, "?");
	else if (e->unread > 0)
		snprintf(buf, size, "%ld/%ld", e->unread, e->total);
	else
		snprintf(buf, size, "%ld", e->total);
}

void
ui_sidebar_draw(struct ui_sidebar *s, int rows, int width,
    const char *current)
{
	char counts[48];
	size_t i, top = s->cursor >= (size_t)rows ? s->cursor - (size_t)rows +
	    1 : 0;
	int y, cw;

	for (y = 0; y < rows; y++) {
		i = top + (size_t)y;
		ui_text(y, 0, "", width - 1, UI_SIDEBAR);
		ui_text(y, width - 1, "\xe2\x94\x82", 1, UI_SIDEBAR);	/* │ */
		if (i >= s->n)
			continue;
		int kinds = UI_SIDEBAR | (i == s->cursor ? UI_SIDEBAR_CURRENT :
		    0) | (s->e[i].unread > 0 ? UI_UNREAD : 0);
		counts_text(&s->e[i], counts, sizeof counts);
		if ((cw = text_width(counts)) > width - 3)
			cw = width - 3;
		ui_text(y, 0, strcmp(s->e[i].query, current) == 0 ? "\xe2\x80\xa2" :
		    " ", 1, kinds);				/* • */
		ui_text(y, 1, s->e[i].name, width - cw - 3, kinds);
		ui_text(y, width - cw - 2, " ", 1, kinds);
		ui_text(y, width - cw - 1, counts, cw, kinds);
	}
}

void
ui_sidebar_move(struct ui_sidebar *s, int by)
{
	long c = (long)s->cursor + by;

	if (c < 0)
		c = 0;
	if (c >= (long)s->n)
		c = (long)s->n - 1;
	s->cursor = (size_t)c;
}

const char *
ui_sidebar_query(const struct ui_sidebar *s)
{
	return s->n > 0 ? s->e[s->cursor].query : NULL;
}
