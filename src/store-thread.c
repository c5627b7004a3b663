/*
 * store-thread.c: the messages of one thread, in reply order; see store.h.
 */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>

#include <notmuch.h>

#include "mua.h"
#include "store-int.h"
#include "store-shim.h"
#include "store.h"

/* Another process may keep changing the database; don't chase it forever. */
#define THREAD_MAX_RESTARTS 8

/* A reply chain deeper than this is drawn at this depth. */
#define THREAD_MAX_DEPTH 32

struct walk {
	struct store_message *msgs;
	size_t n, cap;
	notmuch_messages_t **stack;	/* one iterator per level */
	size_t depth, stack_cap;
};

/* Copies what the pager needs of M; From and Subject are in the database. */
static void
add_message(struct walk *w, notmuch_message_t *m, size_t depth)
{
	struct store_message *out;
	const char *from = notmuch_message_get_header(m, "from");
	const char *subject = notmuch_message_get_header(m, "subject");
	const char *path = notmuch_message_get_filename(m);
	notmuch_bool_t match = FALSE;

	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		w->msgs = xreallocarray(w->msgs, w->cap, sizeof *w->msgs);
	}
	out = &w->msgs[w->n++];
	memset(out, 0, sizeof *out);
	out->id = xstrdup(notmuch_message_get_message_id(m));
	out->path = xstrdup(path ? path : "");
	out->depth = depth < THREAD_MAX_DEPTH ? (int)depth : THREAD_MAX_DEPTH;
	out->date = (long long)notmuch_message_get_date(m);
	out->from = xstrdup(from ? from : "");
	out->subject = xstrdup(subject ? subject : "");
	if (notmuch_message_get_flag_st(m, NOTMUCH_MESSAGE_FLAG_MATCH,
	    &match) == SUCCESS_ST)
		out->matched = match;
	out->tags = store_copy_tags(notmuch_message_get_tags(m), &out->unread,
	    &out->flagged);
}

static void
push(struct walk *w, notmuch_messages_t *level)
{
	if (w->depth == w->stack_cap) {
		w->stack_cap = w->stack_cap ? w->stack_cap * 2 : 8;
		w->stack = xreallocarray(w->stack, w->stack_cap,
		    sizeof *w->stack);
	}
	w->stack[w->depth++] = level;
}

/*
 * Walks the reply tree depth first with an explicit stack: a hostile
 * thread can be thousands of replies deep. Returns 0, or 1 when the
 * database changed under the iterators.
 */
static int
walk_tree(struct walk *w, notmuch_thread_t *thread)
{
	notmuch_message_t *m;
	int modified = 0;

	push(w, notmuch_thread_get_toplevel_messages(thread));
	while (w->depth > 0) {
		notmuch_messages_t *level = w->stack[w->depth - 1];
		if (!store_shim_messages_valid(level, &modified)) {
			if (modified)
				return 1;
			w->depth--;
			continue;
		}
		if ((m = store_shim_messages_get(level, &modified)) == NULL)
			return 1;
		notmuch_messages_move_to_next(level);
		add_message(w, m, w->depth - 1);
		push(w, notmuch_message_get_replies(m));
	}
	return 0;
}

static void
walk_clear(struct walk *w)
{
	store_messages_free(w->msgs, w->n);
	memset(w, 0, sizeof *w);
}

/* One attempt; returns 0, 1 when the database changed, or -1. */
static int
read_thread(struct store *store, const char *qs, struct walk *w,
    char **cause)
{
	notmuch_query_t *q;
	notmuch_threads_t *threads;
	notmuch_thread_t *t;
	notmuch_status_t st;
	int modified = 0, r = 0;

	if (store_make_query(store, qs, &q, cause) == -1)
		return -1;
	st = notmuch_query_search_threads(q, &threads);
	if (st != NOTMUCH_STATUS_SUCCESS) {
		notmuch_query_destroy(q);
		return store_query_cause(store, qs, st, cause);
	}
	if (store_shim_threads_valid(threads, &modified) &&
	    (t = store_shim_threads_get(threads, &modified)) != NULL)
		r = walk_tree(w, t);
	else if (modified)
		r = 1;
	free(w->stack);
	w->stack = NULL;
	w->depth = w->stack_cap = 0;
	notmuch_query_destroy(q);	/* frees the thread and iterators */
	return r;
}

int
store_thread_messages(struct store *store, const char *thread_id,
    const char *query, struct store_message **out, size_t *n, char **cause)
{
	struct walk w;
	char *qs, *id;
	int tries, r = 1;

	/* The thread whole; messages matching QUERY are flagged matched. */
	id = xasprintf("thread:%s", thread_id);
	qs = store_and_query(query, id);
	free(id);
	memset(&w, 0, sizeof w);
	for (tries = 0; tries < THREAD_MAX_RESTARTS && r == 1; tries++) {
		walk_clear(&w);
		if ((r = read_thread(store, qs, &w, cause)) == 1 &&
		    notmuch_database_reopen(store->db,
		    NOTMUCH_DATABASE_MODE_READ_ONLY) != SUCCESS_ST)
			r = set_cause(cause, "can't reopen the notmuch database");
	}
	free(qs);
	if (r == 1)
		r = set_cause(cause, "the notmuch database keeps changing");
	if (r == -1) {
		walk_clear(&w);
		return -1;
	}
	*out = w.msgs;
	*n = w.n;
	return 0;
}

void
store_messages_free(struct store_message *msgs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		store_free_tags(msgs[i].tags);
		free(msgs[i].id);
		free(msgs[i].path);
		free(msgs[i].from);
		free(msgs[i].subject);
	}
	free(msgs);
}
