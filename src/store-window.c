/*
 * store-window.c: lazy windows on the threads of a query; see store.h.
 *
 * Newest first, notmuch sorts every match by date before it returns the
 * first thread: on a million messages "notmuch search --limit=49 '*'"
 * takes 350 ms. So the window asks for the query one slice of dates at a
 * time, newest slice first, each twice as long as the one before (the
 * last day, the two days before, ...): sorting a slice costs what the
 * slice holds, and a thread is listed in the slice of its newest matching
 * message, which is exactly where notmuch's order puts it. Threads seen
 * in a newer slice are skipped in older ones; a thread with messages
 * older than its slice is read again whole, so its counts and authors
 * are those of the full query.
 *
 * Oldest first (the last screen of the index) is the mirror image, once
 * the oldest date is known from an earlier run: slices go upward from
 * there, the first holding everything older too, and a thread is listed
 * in the slice of its oldest matching message.
 */
#include "autodefs.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <notmuch.h>

#include "mua.h"
#include "store-int.h"
#include "store-shim.h"
#include "store.h"

struct store_window {
	struct store *store;
	char *query_string;
	enum store_sort sort;
	notmuch_query_t *query;
	notmuch_threads_t *threads;
	struct store_thread *rows;
	size_t nrows, cap;
	int complete;
	int sliced;		/* a slice of dates at a time */
	long long lo, hi;	/* this slice: dates lo..hi; hi: LLONG_MAX */
	long long span;		/* its length in seconds */
	uint64_t *seen;		/* thread ids listed, open addressing; 0 free */
	size_t nseen, seen_cap;
};

/* The first slice: the last day. */
#define WINDOW_FIRST_SPAN (24LL * 3600)

/* Another process may keep changing the database; don't chase it forever. */
#define WINDOW_MAX_RESTARTS 8

/* Omits what search.exclude_tags excludes, as "notmuch search" does. */
static void
exclude_tags(struct store *store, notmuch_query_t *q)
{
	notmuch_config_values_t *v;

	v = notmuch_config_get_values(store->db, NOTMUCH_CONFIG_EXCLUDE_TAGS);
	for (; v != NULL && notmuch_config_values_valid(v);
	    notmuch_config_values_move_to_next(v))
		notmuch_query_add_tag_exclude(q, notmuch_config_values_get(v));
	if (v != NULL)
		notmuch_config_values_destroy(v);
	notmuch_query_set_omit_excluded(q, NOTMUCH_EXCLUDE_TRUE);
}

/* The query for the current slice of dates. */
static char *
slice_query(const struct store_window *w)
{
	char clause[64];

	if (w->lo <= 0 && w->hi == LLONG_MAX)	/* one slice: all of it */
		return xstrdup(w->query_string);
	/* The last slice: everything older. Not "date:..@hi": notmuch's
	 * open start leaves out date 0, which is what mail without a
	 * usable Date: (or from before 1970) gets. */
	if (w->lo <= 0)
		snprintf(clause, sizeof clause, "not date:@%lld..", w->hi + 1);
	else if (w->hi == LLONG_MAX)
		snprintf(clause, sizeof clause, "date:@%lld..", w->lo);
	else
		snprintf(clause, sizeof clause, "date:@%lld..@%lld", w->lo,
		    w->hi);
	return store_and_query(w->query_string, clause);
}

/*
 * Back to the first slice, nothing seen. It starts a day before the
 * newest mail seen (a hint from earlier sessions; a date in the future
 * counts as now), else a day before now; it has no upper end, so newer
 * mail is in it either way.
 */
static void
slices_reset(struct store_window *w)
{
	long long now = (long long)time(NULL);
	long long hint = store_newest_hint(w->store);

	w->span = WINDOW_FIRST_SPAN;
	if (w->sort == STORE_OLDEST_FIRST) {	/* up from the oldest date */
		w->lo = 0;
		w->hi = store_oldest_hint(w->store) + w->span;
	} else {
		w->hi = LLONG_MAX;
		w->lo = (hint > 0 && hint < now ? hint : now) - w->span;
	}
	free(w->seen);
	w->seen = NULL;
	w->nseen = w->seen_cap = 0;
}

/* Moves to the next slice, older (or newer, oldest first); returns 0
 * after the last. */
static int
slices_next(struct store_window *w)
{
	long long now = (long long)time(NULL);

	if (w->sort == STORE_OLDEST_FIRST) {
		if (w->hi == LLONG_MAX)
			return 0;
		w->lo = w->hi + 1;
		w->span *= 2;
		/* Past now, the last slice takes whatever is newer. */
		w->hi = w->lo + w->span > now ? LLONG_MAX : w->lo + w->span;
		return 1;
	}
	if (w->lo <= 0)
		return 0;
	w->hi = w->lo - 1;
	w->span *= 2;
	w->lo = w->lo > w->span ? w->lo - w->span : 0;
	return 1;
}

/* Puts KEY (not 0) in the seen table; returns 0 if it was there. */
static int
insert_key(struct store_window *w, uint64_t key)
{
	size_t mask = w->seen_cap - 1;
	size_t i = (size_t)(key * 0x9e3779b97f4a7c15ULL) & mask;

	while (w->seen[i] != 0) {
		if (w->seen[i] == key)
			return 0;
		i = (i + 1) & mask;
	}
	w->seen[i] = key;
	w->nseen++;
	return 1;
}

/* Adds thread ID (hex) to the seen set; returns 0 if it was there. */
static int
see(struct store_window *w, const char *id)
{
	uint64_t key = strtoull(id, NULL, 16) + 1, *old = w->seen;
	size_t i, cap = w->seen_cap;

	if (2 * (w->nseen + 1) > w->seen_cap) {	/* grow and rehash */
		w->seen_cap = cap ? cap * 2 : 256;
		w->seen = xcalloc(w->seen_cap, sizeof *w->seen);
		w->nseen = 0;
		for (i = 0; i < cap; i++)
			if (old[i] != 0)
				insert_key(w, old[i]);
		free(old);
	}
	return insert_key(w, key != 0 ? key : 1);
}

/* Starts (or restarts) the query; the thread iterator is lazy. */
static int
window_run(struct store_window *w, char **cause)
{
	notmuch_status_t st;

	if (w->query != NULL)
		notmuch_query_destroy(w->query);	/* frees the iterator */
	w->query = NULL;
	w->threads = NULL;
	char *qs = w->sliced ? slice_query(w) : xstrdup(w->query_string);
	int rc = store_make_query(w->store, qs, &w->query, cause);

	free(qs);
	if (rc == -1)
		return -1;
	notmuch_query_set_sort(w->query, w->sort == STORE_OLDEST_FIRST ?
	    NOTMUCH_SORT_OLDEST_FIRST : NOTMUCH_SORT_NEWEST_FIRST);
	exclude_tags(w->store, w->query);
	st = notmuch_query_search_threads(w->query, &w->threads);
	if (st != NOTMUCH_STATUS_SUCCESS)
		return store_query_cause(w->store, w->query_string, st, cause);
	return 0;
}

int
store_window_open(struct store *store, const char *query,
    enum store_sort sort, struct store_window **out, char **cause)
{
	struct store_window *w = xcalloc(1, sizeof *w);

	w->store = store;
	w->query_string = xstrdup(query);
	w->sort = sort;
	w->sliced = sort == STORE_NEWEST_FIRST ||
	    store_oldest_hint(store) > 0;
	if (w->sliced)
		slices_reset(w);
	if (window_run(w, cause) == -1) {
		store_window_free(w);
		return -1;
	}
	*out = w;
	return 0;
}

/*
 * The name notmuch shows for the From value FROM: the display name
 * without quotes, else the address (caller frees).
 */
static char *
author_name(const char *from)
{
	const char *lt = strchr(from, '<'), *start = from, *end, *gt;

	if (lt == NULL)
		return xstrdup(from);
	end = lt;
	while (start < end && (*start == ' ' || *start == '"'))
		start++;
	while (end > start && (end[-1] == ' ' || end[-1] == '"'))
		end--;
	if (end > start)
		return xstrndup(start, (size_t)(end - start));
	gt = strchr(lt, '>');
	return xstrndup(lt + 1, gt ? (size_t)(gt - lt - 1) : strlen(lt + 1));
}

/*
 * The authors of T's unread messages, once each: the index shows them
 * apart. Only threads with unread mail pay for the walk over messages
 * notmuch already holds.
 */
static char **
unread_authors(notmuch_thread_t *t)
{
	notmuch_messages_t *ms = notmuch_thread_get_messages(t);
	char **out = xcalloc(1, sizeof *out), *name;
	size_t n = 0, i;
	int unread, ignored, modified = 0;

	/* A database changed under us ends the list early: only a style. */
	for (; store_shim_messages_valid(ms, &modified);
	    notmuch_messages_move_to_next(ms)) {
		notmuch_message_t *m = store_shim_messages_get(ms, &modified);
		const char *from;
		char **tags;

		if (m == NULL)
			break;
		from = notmuch_message_get_header(m, "from");

		unread = ignored = 0;
		tags = store_copy_tags(notmuch_message_get_tags(m), &unread,
		    &ignored);
		store_free_tags(tags);
		if (!unread || from == NULL)
			continue;
		name = author_name(from);
		for (i = 0; i < n && strcmp(out[i], name) != 0; i++)
			;
		if (i < n) {
			free(name);
			continue;
		}
		out = xreallocarray(out, n + 2, sizeof *out);
		out[n++] = name;
		out[n] = NULL;
	}
	notmuch_messages_destroy(ms);
	return out;
}

static void
thread_row(notmuch_thread_t *t, struct store_thread *row)
{
	const char *authors = notmuch_thread_get_authors(t);
	const char *subject = notmuch_thread_get_subject(t);

	memset(row, 0, sizeof *row);
	row->id = xstrdup(notmuch_thread_get_thread_id(t));
	row->newest = (long long)notmuch_thread_get_newest_date(t);
	row->authors = xstrdup(authors ? authors : "");
	row->subject = xstrdup(subject ? subject : "");
	row->matched = notmuch_thread_get_matched_messages(t);
	row->total = notmuch_thread_get_total_messages(t);
	row->tags = store_copy_tags(notmuch_thread_get_tags(t), &row->unread,
	    &row->flagged);
	row->unread_authors = row->unread ? unread_authors(t) :
	    xcalloc(1, sizeof *row->unread_authors);
}

static void
thread_row_clear(struct store_thread *row)
{
	store_free_tags(row->tags);
	store_free_tags(row->unread_authors);
	free(row->subject);
	free(row->authors);
	free(row->id);
}

/*
 * Moves the iterator to the next thread and returns it: NULL at the end
 * (w->complete set), or NULL with *modified set when the database changed
 * under it.
 */
static notmuch_thread_t *
next_thread(struct store_window *w, int *modified)
{
	notmuch_thread_t *t;

	for (;;) {
		if (!store_shim_threads_valid(w->threads, modified)) {
			if (*modified)
				return NULL;
			if (!w->sliced || !slices_next(w) ||
			    window_run(w, NULL) == -1) {
				w->complete = 1;
				return NULL;
			}
			continue;	/* the next, older slice */
		}
		if ((t = store_shim_threads_get(w->threads, modified)) == NULL)
			return NULL;
		notmuch_threads_move_to_next(w->threads);
		if (!w->sliced || see(w, notmuch_thread_get_thread_id(t)))
			return t;
		notmuch_thread_destroy(t);	/* listed from a newer slice */
	}
}

/*
 * After the database changed: reopen it, run the query again and skip
 * the rows already read. Rows may shift when threads changed; the caller
 * asked for a window, not a snapshot.
 */
static int
window_restart(struct store_window *w, char **cause)
{
	notmuch_thread_t *t;
	size_t skipped;
	int modified;

	if (notmuch_database_reopen(w->store->db,
	    NOTMUCH_DATABASE_MODE_READ_ONLY) != NOTMUCH_STATUS_SUCCESS)
		return set_cause(cause, "can't reopen the notmuch database");
	if (w->sliced)
		slices_reset(w);
	if (window_run(w, cause) == -1)
		return -1;
	for (skipped = 0; skipped < w->nrows; skipped++) {
		if ((t = next_thread(w, &modified)) == NULL)
			return modified ? set_cause(cause, "the notmuch database "
			    "keeps changing") : 0;
		notmuch_thread_destroy(t);
	}
	return 0;
}

/*
 * The row of thread T, which has messages older than the slice it was
 * found in: read again against the whole query, so its matched count and
 * authors are right. Falls back on T's own row.
 */
static void
exact_row(struct store_window *w, notmuch_thread_t *t,
    struct store_thread *row)
{
	char *id = xasprintf("thread:%s", notmuch_thread_get_thread_id(t));
	char *qs = store_and_query(w->query_string, id);
	notmuch_query_t *q = NULL;
	notmuch_threads_t *threads = NULL;
	notmuch_thread_t *exact = NULL;
	int modified = 0;

	if (store_make_query(w->store, qs, &q, NULL) == 0) {
		exclude_tags(w->store, q);
		if (notmuch_query_search_threads(q, &threads) == SUCCESS_ST &&
		    store_shim_threads_valid(threads, &modified))
			exact = store_shim_threads_get(threads, &modified);
	}
	thread_row(exact != NULL ? exact : t, row);
	if (q != NULL)
		notmuch_query_destroy(q);
	free(qs);
	free(id);
}

/* Whether T has matching messages outside the slice it was found in. */
static int
partial_thread(const struct store_window *w, notmuch_thread_t *t)
{
	if (!w->sliced)
		return 0;
	if (w->sort == STORE_OLDEST_FIRST)
		return w->hi != LLONG_MAX &&
		    (long long)notmuch_thread_get_newest_date(t) > w->hi;
	return w->lo > 0 &&
	    (long long)notmuch_thread_get_oldest_date(t) < w->lo;
}

/* Reads one more row; returns 1, 0 at the end, or -1 on an error. */
static int
read_row(struct store_window *w, char **cause)
{
	notmuch_thread_t *t = NULL;
	int modified = 0, tries;

	for (tries = 0; tries < WINDOW_MAX_RESTARTS; tries++) {
		if ((t = next_thread(w, &modified)) != NULL || !modified)
			break;
		if (window_restart(w, cause) == -1)
			return -1;
	}
	if (t == NULL)
		return modified ? set_cause(cause, "the notmuch database keeps "
		    "changing") : 0;
	if (w->nrows == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		w->rows = xreallocarray(w->rows, w->cap, sizeof *w->rows);
	}
	if (partial_thread(w, t))
		exact_row(w, t, &w->rows[w->nrows]);
	else
		thread_row(t, &w->rows[w->nrows]);
	if (w->rows[w->nrows].newest > store_newest_hint(w->store))
		store_set_newest_hint(w->store, w->rows[w->nrows].newest);
	/* Oldest first, the first row's oldest date is the query's: the
	 * store's is no later. */
	if (w->sort == STORE_OLDEST_FIRST && w->nrows == 0 &&
	    notmuch_thread_get_oldest_date(t) > 0 &&
	    (store_oldest_hint(w->store) == 0 ||
	    notmuch_thread_get_oldest_date(t) < store_oldest_hint(w->store)))
		store_set_oldest_hint(w->store,
		    (long long)notmuch_thread_get_oldest_date(t));
	w->nrows++;
	notmuch_thread_destroy(t);
	return 1;
}

int
store_window_get(struct store_window *w, size_t first, size_t n,
    const struct store_thread **rows, size_t *got, char **cause)
{
	int r = 1;

	while (w->nrows < first + n && !w->complete &&
	    (r = read_row(w, cause)) == 1)
		;
	if (r == -1)
		return -1;
	*got = first < w->nrows ? (w->nrows - first < n ? w->nrows - first :
	    n) : 0;
	*rows = *got > 0 ? &w->rows[first] : NULL;
	return 0;
}

int
store_window_complete(const struct store_window *w, size_t *total)
{
	if (w->complete)
		*total = w->nrows;
	return w->complete;
}

void
store_window_free(struct store_window *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->nrows; i++)
		thread_row_clear(&w->rows[i]);
	free(w->rows);
	if (w->query != NULL)
		notmuch_query_destroy(w->query);
	free(w->seen);
	free(w->query_string);
	free(w);
}
