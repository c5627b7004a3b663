/*
 * store-sync.c: what a two-way sync asks of the store: which files
 * changed since a revision, a file's tags, and tag changes by file; see
 * store.h.
 */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>

#include <notmuch.h>

#include "mua.h"
#include "store-int.h"
#include "store.h"

int
store_revision(struct store *store, unsigned long long *rev, char **uuid,
    char **cause)
{
	const char *u = NULL;

	if (store_ready(store, cause) == -1)
		return -1;
	*rev = notmuch_database_get_revision(store->db, &u);
	*uuid = xstrdup(u != NULL ? u : "");
	store->own_rev = *rev;
	store->tracking = 1;
	store->mixed = 0;
	return 0;
}

int
store_own_revision(struct store *store, unsigned long long *rev)
{
	if (!store->tracking || store->mixed || store->db != NULL)
		return 0;
	*rev = store->own_rev;
	return 1;
}

/* Calls FN for each of M's files under DIR (a path with its '/'). */
static void
each_file(notmuch_message_t *m, const char *dir, store_file_fn *fn,
    void *arg)
{
	notmuch_filenames_t *f = notmuch_message_get_filenames(m);
	char **tags = NULL;
	size_t len = strlen(dir);
	int unread = 0, flagged = 0;

	for (; notmuch_filenames_valid(f); notmuch_filenames_move_to_next(f)) {
		const char *path = notmuch_filenames_get(f);
		if (strncmp(path, dir, len) != 0)
			continue;
		if (tags == NULL)
			tags = store_copy_tags(notmuch_message_get_tags(m),
			    &unread, &flagged);
		fn(arg, path, (const char *const *)tags);
	}
	notmuch_filenames_destroy(f);
	store_free_tags(tags);
}

int
store_changed_files(struct store *store, unsigned long long since,
    const char *dir, store_file_fn *fn, void *arg, char **cause)
{
	char *query = xasprintf("lastmod:%llu..", since + 1);
	notmuch_query_t *q = NULL;
	notmuch_messages_t *messages;
	notmuch_status_t st;
	int rc = -1;

	if (store_ready(store, cause) == -1 ||
	    store_make_query(store, query, &q, cause) == -1)
		goto out;
	notmuch_query_set_sort(q, NOTMUCH_SORT_UNSORTED);
	if ((st = notmuch_query_search_messages(q, &messages)) != SUCCESS_ST) {
		store_query_cause(store, query, st, cause);
		goto out;
	}
	for (; notmuch_messages_valid(messages);
	    notmuch_messages_move_to_next(messages)) {
		notmuch_message_t *m = notmuch_messages_get(messages);
		each_file(m, dir, fn, arg);
		notmuch_message_destroy(m);
	}
	rc = 0;
out:
	if (q != NULL)
		notmuch_query_destroy(q);
	free(query);
	return rc;
}

/* The message with the file PATH in *m (NULL: not indexed; caller
 * destroys). Returns 0, or -1 with *cause set. */
static int
by_file(struct store *store, const char *path, notmuch_message_t **m,
    char **cause)
{
	notmuch_status_t st;

	*m = NULL;
	if (store_ready(store, cause) == -1)
		return -1;
	st = notmuch_database_find_message_by_filename(store->db, path, m);
	return st == SUCCESS_ST ? 0 : store_notmuch_cause(cause, path, st,
	    NULL);
}

int
store_file_tags(struct store *store, const char *path, char ***tags,
    char **cause)
{
	notmuch_message_t *m;
	int unread = 0, flagged = 0;

	*tags = NULL;
	if (by_file(store, path, &m, cause) == -1)
		return -1;
	if (m != NULL) {
		*tags = store_copy_tags(notmuch_message_get_tags(m), &unread,
		    &flagged);
		notmuch_message_destroy(m);
	}
	return 0;
}

int
store_session_key(struct store *store, const char *path, char **key,
    char **cause)
{
	notmuch_message_t *m;
	notmuch_message_properties_t *p;

	*key = NULL;
	if (by_file(store, path, &m, cause) == -1)
		return -1;
	if (m == NULL)
		return 0;
	p = notmuch_message_get_properties(m, "session-key", TRUE);
	if (p != NULL && notmuch_message_properties_valid(p))
		*key = xstrdup(notmuch_message_properties_value(p));
	if (p != NULL)
		notmuch_message_properties_destroy(p);
	notmuch_message_destroy(m);
	return 0;
}

int
store_file_message_id(struct store *store, const char *path, char **id,
    char **cause)
{
	notmuch_message_t *m;

	*id = NULL;
	if (by_file(store, path, &m, cause) == -1)
		return -1;
	if (m != NULL) {
		*id = xstrdup(notmuch_message_get_message_id(m));
		notmuch_message_destroy(m);
	}
	return 0;
}
