/*
 * store-window.c: lazy windows on the threads of a query; see store.h.
 */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
};

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

/* Starts (or restarts) the query; the thread iterator is lazy. */
static int
window_run(struct store_window *w, char **cause)
{
	notmuch_status_t st;

	if (w->query != NULL)
		notmuch_query_destroy(w->query);	/* frees the iterator */
	w->query = NULL;
	w->threads = NULL;
	if (store_make_query(w->store, w->query_string, &w->query, cause) == -1)
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

	if (!store_shim_threads_valid(w->threads, modified)) {
		w->complete = !*modified;
		return NULL;
	}
	if ((t = store_shim_threads_get(w->threads, modified)) != NULL)
		notmuch_threads_move_to_next(w->threads);
	return t;
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
	thread_row(t, &w->rows[w->nrows++]);
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
	free(w->query_string);
	free(w);
}
