/*
 * store-tag.c: tag changes, recorded exactly per message so they can be
 * undone; see store.h.
 */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <notmuch.h>

#include "mua.h"
#include "store-int.h"
#include "store.h"

/* Returns whether MESSAGE has TAG. */
static int
has_tag(notmuch_message_t *message, const char *tag)
{
	notmuch_tags_t *tags = notmuch_message_get_tags(message);
	int found = 0;

	for (; !found && notmuch_tags_valid(tags);
	    notmuch_tags_move_to_next(tags))
		found = strcmp(notmuch_tags_get(tags), tag) == 0;
	notmuch_tags_destroy(tags);
	return found;
}

/* Whether notmuch is configured to keep maildir flags in step with tags. */
static int
sync_flags(struct store *store)
{
	notmuch_bool_t sync = FALSE;

	notmuch_config_get_bool(store->db, NOTMUCH_CONFIG_SYNC_MAILDIR_FLAGS,
	    &sync);
	return sync;
}

/*
 * Applies CHANGES to MESSAGE (inverted when INVERT); *done gets the
 * changes actually made, NULL when the message already was that way.
 */
static notmuch_status_t
tag_message(struct store *store, notmuch_message_t *message,
    const char *changes, int invert, char **done)
{
	char *copy = xstrdup(changes), *save = NULL, *tok, *made = xstrdup("");
	notmuch_status_t st;

	*done = NULL;
	if ((st = notmuch_message_freeze(message)) != NOTMUCH_STATUS_SUCCESS)
		goto out;
	for (tok = strtok_r(copy, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		int add = (tok[0] == '+') != invert, had = has_tag(message,
		    tok + 1);
		if (add == had)
			continue;
		st = add ? notmuch_message_add_tag(message, tok + 1) :
		    notmuch_message_remove_tag(message, tok + 1);
		if (st != NOTMUCH_STATUS_SUCCESS)
			break;
		char *next = xasprintf("%s%s%c%s", made, *made ? " " : "",
		    add ? '+' : '-', tok + 1);
		free(made);
		made = next;
	}
	/* Renamed while frozen: the tags and the new file name are written
	 * as one document (notmuch writes it when it renames, frozen or
	 * not; the thaw then has nothing left to write). */
	if (st == NOTMUCH_STATUS_SUCCESS && *made && sync_flags(store))
		st = notmuch_message_tags_to_maildir_flags(message);
	if (st == NOTMUCH_STATUS_SUCCESS)
		st = notmuch_message_thaw(message);
	if (*made && notmuch_message_count_files(message) > 1)
		store->mixed = 1;	/* see store_own_revision() */
	if (st == NOTMUCH_STATUS_SUCCESS && *made) {
		*done = made;
		made = NULL;
	}
out:
	free(made);
	free(copy);
	return st;
}

/* Records that MESSAGE changed by DONE (taking DONE). */
static void
add_change(struct journal_change **out, size_t *n, notmuch_message_t *message,
    char *done)
{
	*out = xreallocarray(*out, *n + 1, sizeof **out);
	(*out)[*n].message_id = xstrdup(notmuch_message_get_message_id(message));
	(*out)[(*n)++].changes = done;
}

/* Checks that CHANGES is "+tag -tag ...". */
static int
check_changes(const char *changes, char **cause)
{
	char *copy = xstrdup(changes), *save = NULL, *tok;
	int rc = 0, any = 0;

	for (tok = strtok_r(copy, " ", &save); tok != NULL && rc == 0;
	    tok = strtok_r(NULL, " ", &save), any = 1)
		if ((tok[0] != '+' && tok[0] != '-') || tok[1] == '\0')
			rc = set_cause(cause, "\"%s\" is not +TAG or -TAG", tok);
	free(copy);
	if (rc == 0 && !any)
		rc = set_cause(cause, "no tag changes given");
	return rc;
}

int
store_tag(struct store *store, const char *query, const char *changes,
    struct journal_change **out, size_t *n, char **cause)
{
	notmuch_query_t *q = NULL;
	notmuch_messages_t *messages;
	notmuch_status_t st;
	char *done;
	int rc = -1;

	*out = NULL;
	*n = 0;
	if (check_changes(changes, cause) == -1 ||
	    store_make_query(store, query, &q, cause) == -1)
		return -1;
	if ((st = notmuch_database_begin_atomic(store->db)) != SUCCESS_ST)
		goto fail;
	if ((st = notmuch_query_search_messages(q, &messages)) != SUCCESS_ST)
		goto fail_atomic;
	for (; notmuch_messages_valid(messages);
	    notmuch_messages_move_to_next(messages)) {
		notmuch_message_t *m = notmuch_messages_get(messages);
		st = tag_message(store, m, changes, 0, &done);
		if (done != NULL)
			add_change(out, n, m, done);
		notmuch_message_destroy(m);
		if (st != SUCCESS_ST)
			goto fail_atomic;
	}
	if ((st = notmuch_database_end_atomic(store->db)) != SUCCESS_ST)
		goto fail;
	rc = 0;
	goto out;
fail_atomic:
	notmuch_database_end_atomic(store->db);
fail:
	store_query_cause(store, query, st, cause);
out:
	notmuch_query_destroy(q);
	return rc;
}

int
store_tag_exact(struct store *store, const struct journal_change *in,
    size_t n, int invert, struct journal_change **out, size_t *nout,
    char **cause)
{
	notmuch_message_t *m;
	notmuch_status_t st;
	size_t i;
	char *done;

	*out = NULL;
	*nout = 0;
	if ((st = notmuch_database_begin_atomic(store->db)) != SUCCESS_ST)
		return store_notmuch_cause(cause, "can't change tags", st, NULL);
	for (i = 0; i < n; i++) {
		m = NULL;
		st = notmuch_database_find_message(store->db, in[i].message_id,
		    &m);
		if (st != SUCCESS_ST || m == NULL)
			continue;	/* the message is gone: nothing to undo */
		st = tag_message(store, m, in[i].changes, invert, &done);
		if (done != NULL)
			add_change(out, nout, m, done);
		notmuch_message_destroy(m);
		if (st != SUCCESS_ST)
			break;
	}
	notmuch_database_end_atomic(store->db);
	if (st != SUCCESS_ST && i < n)
		return store_notmuch_cause(cause, "can't change tags", st, NULL);
	return 0;
}

int
store_retag_file(struct store *store, const char *path, store_retag_fn *fn,
    void *arg, char **cause)
{
	notmuch_message_t *m = NULL;
	notmuch_status_t st;
	char **tags, *changes, *done = NULL;
	int unread = 0, flagged = 0;

	if (store_ready(store, cause) == -1)
		return -1;
	st = notmuch_database_find_message_by_filename(store->db, path, &m);
	if (st == SUCCESS_ST && m != NULL) {
		tags = store_copy_tags(notmuch_message_get_tags(m), &unread,
		    &flagged);
		changes = fn(arg, (const char *const *)tags);
		if (changes != NULL)
			st = tag_message(store, m, changes, 0, &done);
		free(changes);
		store_free_tags(tags);
		notmuch_message_destroy(m);
	}
	free(done);
	if (st != SUCCESS_ST)
		return store_notmuch_cause(cause, path, st, NULL);
	return 0;
}

static char *
given(void *arg, const char *const *tags)
{
	(void)tags;
	return xstrdup(arg);
}

int
store_tag_file(struct store *store, const char *path, const char *changes,
    char **cause)
{
	return store_retag_file(store, path, given, (void *)changes, cause);
}

void
store_changes_free(struct journal_change *changes, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(changes[i].message_id);
		free(changes[i].changes);
	}
	free(changes);
}
