/*
 * store.c: notmuch behind a small interface. Facts that shape it are in
 * LIBETPAN-NOTMUCH.md: the library applies no new.tags, commits only on
 * close or every autocommit sections, and a read-write open blocks while
 * another writer holds the lock.
 */
#include "autodefs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <notmuch.h>

#include "mua.h"
#include "store-shim.h"
#include "store.h"

struct store {
	notmuch_database_t *db;
};

#define SUCCESS_ST NOTMUCH_STATUS_SUCCESS

#define STR(x) #x
#define XSTR(x) STR(x)

const char *
store_library_version(void)
{
	return XSTR(LIBNOTMUCH_MAJOR_VERSION) "." XSTR(
	    LIBNOTMUCH_MINOR_VERSION) "." XSTR(LIBNOTMUCH_MICRO_VERSION);
}

/*
 * Turns a notmuch status and its optional malloc'd message into *cause,
 * freeing MSG. notmuch's messages end in a newline; ours don't.
 */
static int
notmuch_cause(char **cause, const char *what, notmuch_status_t st,
    char *msg)
{
	if (msg != NULL) {
		size_t n = strlen(msg);
		while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
			msg[--n] = '\0';
		/* One line, for a status line: "a\nb" reads "a; b". */
		for (char *nl; (nl = strchr(msg, '\n')) != NULL;)
			*nl = ';';
		set_cause(cause, "%s: %s", what,
		    strncmp(msg, "Error: ", 7) == 0 ? msg + 7 : msg);
		free(msg);
	} else
		set_cause(cause, "%s: %s", what, notmuch_status_to_string(st));
	return -1;
}

static struct store *
store_wrap(notmuch_database_t *db)
{
	struct store *store = xcalloc(1, sizeof *store);

	store->db = db;
	return store;
}

int
store_create(const char *mail_root, const char *config, struct store **out,
    char **cause)
{
	notmuch_database_t *db = NULL;
	notmuch_status_t st;
	char *msg = NULL;

	st = notmuch_database_create_with_config(mail_root, config, NULL, &db,
	    &msg);
	if (st != NOTMUCH_STATUS_SUCCESS)
		return notmuch_cause(cause, "can't create the notmuch database",
		    st, msg);
	free(msg);
	*out = store_wrap(db);
	return 0;
}

int
store_open(const char *mail_root, const char *config, enum store_mode mode,
    struct store **out, char **cause)
{
	notmuch_database_mode_t nm_mode = mode == STORE_READ_WRITE ?
	    NOTMUCH_DATABASE_MODE_READ_WRITE : NOTMUCH_DATABASE_MODE_READ_ONLY;
	notmuch_database_t *db = NULL;
	notmuch_status_t st;
	char *msg = NULL;

	st = notmuch_database_open_with_config(mail_root, nm_mode, config, NULL,
	    &db, &msg);
	if (st == NOTMUCH_STATUS_NO_CONFIG || st == NOTMUCH_STATUS_NO_DATABASE ||
	    st == NOTMUCH_STATUS_FILE_ERROR) {
		/* Most likely there is no database yet: say how to make one. */
		notmuch_cause(cause, "can't open the notmuch database", st, msg);
		if (cause != NULL) {
			char *hinted = xasprintf("%s (run \"notmuch setup\" and "
			    "\"notmuch new\" to create one, or try \"mua "
			    "--demo\")", *cause);
			free(*cause);
			*cause = hinted;
		}
		return -1;
	}
	if (st != NOTMUCH_STATUS_SUCCESS)
		return notmuch_cause(cause, "can't open the notmuch database",
		    st, msg);
	free(msg);
	*out = store_wrap(db);
	return 0;
}

int
store_close(struct store *store, char **cause)
{
	notmuch_status_t st = notmuch_database_destroy(store->db);

	free(store);
	if (st != NOTMUCH_STATUS_SUCCESS)
		return notmuch_cause(cause, "can't close the notmuch database",
		    st, NULL);
	return 0;
}

const char *
store_path(struct store *store)
{
	return notmuch_database_get_path(store->db);
}

/* Adds TAGS and the tags of the file's maildir flags, as one write. */
static notmuch_status_t
tag_new_message(notmuch_message_t *message, const char *const *tags)
{
	notmuch_status_t st;

	if ((st = notmuch_message_freeze(message)) != NOTMUCH_STATUS_SUCCESS)
		return st;
	for (; tags != NULL && *tags != NULL; tags++)
		if ((st = notmuch_message_add_tag(message, *tags)) !=
		    NOTMUCH_STATUS_SUCCESS)
			return st;
	if ((st = notmuch_message_maildir_flags_to_tags(message)) !=
	    NOTMUCH_STATUS_SUCCESS)
		return st;
	return notmuch_message_thaw(message);
}

int
store_index_file(struct store *store, const char *path,
    const char *const *tags, char **cause)
{
	notmuch_message_t *message = NULL;
	notmuch_status_t st;
	int rc = -1;

	if ((st = notmuch_database_begin_atomic(store->db)) !=
	    NOTMUCH_STATUS_SUCCESS)
		return notmuch_cause(cause, path, st, NULL);
	st = notmuch_database_index_file(store->db, path, NULL, &message);
	if (st == NOTMUCH_STATUS_DUPLICATE_MESSAGE_ID)
		st = NOTMUCH_STATUS_SUCCESS;	/* one more file of a message */
	else if (st == NOTMUCH_STATUS_SUCCESS)
		st = tag_new_message(message, tags);
	if (st != NOTMUCH_STATUS_SUCCESS) {
		notmuch_cause(cause, path, st, NULL);
		goto out;
	}
	rc = 0;
out:
	if (message != NULL)
		notmuch_message_destroy(message);
	st = notmuch_database_end_atomic(store->db);
	if (st != NOTMUCH_STATUS_SUCCESS && rc == 0)
		rc = notmuch_cause(cause, path, st, NULL);
	return rc;
}

/*
 * Xapian parses a query only when it runs, so a syntax error surfaces
 * here, with notmuch's explanation in the database's status string.
 */
static int
query_cause(struct store *store, const char *query, notmuch_status_t st,
    char **cause)
{
	const char *why = notmuch_database_status_string(store->db);
	char *what = xasprintf("bad query \"%s\"", query);

	notmuch_cause(cause, what, st, why != NULL ? xstrdup(why) : NULL);
	free(what);
	return -1;
}

/* Parses QUERY in notmuch's usual (Xapian) syntax. */
static int
make_query(struct store *store, const char *query, notmuch_query_t **out,
    char **cause)
{
	notmuch_status_t st;

	st = notmuch_query_create_with_syntax(store->db, query,
	    NOTMUCH_QUERY_SYNTAX_XAPIAN, out);
	if (st != NOTMUCH_STATUS_SUCCESS)
		return set_cause(cause, "bad query \"%s\": %s", query,
		    notmuch_status_to_string(st));
	return 0;
}

/* Runs the notmuch counter COUNTER over QUERY. */
static int
count_query(struct store *store, const char *query,
    notmuch_status_t (*counter)(notmuch_query_t *, unsigned *),
    unsigned *count, char **cause)
{
	notmuch_query_t *q;
	notmuch_status_t st;

	if (make_query(store, query, &q, cause) == -1)
		return -1;
	st = counter(q, count);
	notmuch_query_destroy(q);
	if (st != NOTMUCH_STATUS_SUCCESS)
		return query_cause(store, query, st, cause);
	return 0;
}

int
store_count_messages(struct store *store, const char *query,
    unsigned *count, char **cause)
{
	return count_query(store, query, notmuch_query_count_messages, count,
	    cause);
}

int
store_count_threads(struct store *store, const char *query, unsigned *count,
    char **cause)
{
	return count_query(store, query, notmuch_query_count_threads, count,
	    cause);
}

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
	if (make_query(w->store, w->query_string, &w->query, cause) == -1)
		return -1;
	notmuch_query_set_sort(w->query, w->sort == STORE_OLDEST_FIRST ?
	    NOTMUCH_SORT_OLDEST_FIRST : NOTMUCH_SORT_NEWEST_FIRST);
	exclude_tags(w->store, w->query);
	st = notmuch_query_search_threads(w->query, &w->threads);
	if (st != NOTMUCH_STATUS_SUCCESS)
		return query_cause(w->store, w->query_string, st, cause);
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

/* Copies the tags of T, and notes unread and flagged. */
static void
thread_tags(notmuch_thread_t *t, struct store_thread *row)
{
	notmuch_tags_t *tags = notmuch_thread_get_tags(t);
	size_t n = 0;

	row->tags = xcalloc(1, sizeof *row->tags);
	for (; notmuch_tags_valid(tags); notmuch_tags_move_to_next(tags)) {
		const char *tag = notmuch_tags_get(tags);
		row->tags = xreallocarray(row->tags, n + 2, sizeof *row->tags);
		row->tags[n++] = xstrdup(tag);
		row->unread |= strcmp(tag, "unread") == 0;
		row->flagged |= strcmp(tag, "flagged") == 0;
	}
	row->tags[n] = NULL;
	notmuch_tags_destroy(tags);
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
	thread_tags(t, row);
}

static void
thread_row_clear(struct store_thread *row)
{
	char **tag;

	for (tag = row->tags; tag != NULL && *tag != NULL; tag++)
		free(*tag);
	free(row->tags);
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
	if (st == NOTMUCH_STATUS_SUCCESS)
		st = notmuch_message_thaw(message);
	if (st == NOTMUCH_STATUS_SUCCESS && *made && sync_flags(store))
		st = notmuch_message_tags_to_maildir_flags(message);
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
	    make_query(store, query, &q, cause) == -1)
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
	query_cause(store, query, st, cause);
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
		return notmuch_cause(cause, "can't change tags", st, NULL);
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
		return notmuch_cause(cause, "can't change tags", st, NULL);
	return 0;
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

/* Opens the Xapian lock file of the database, wherever its layout puts it. */
static int
open_lock_file(struct store *store)
{
	const char *path = notmuch_config_get(store->db,
	    NOTMUCH_CONFIG_DATABASE_PATH);
	static const char *const where[] = { "/.notmuch/xapian/flintlock",
		"/xapian/flintlock" };
	size_t i;
	int fd = -1;

	for (i = 0; path != NULL && fd == -1 && i < nitems(where); i++) {
		char *lock = xasprintf("%s%s", path, where[i]);
		fd = open(lock, O_RDONLY | O_CLOEXEC);
		free(lock);
	}
	return fd;
}

int
store_write_busy(struct store *store, int *busy, char **cause)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	int fd = open_lock_file(store);

	*busy = 0;
	if (fd == -1)
		return 0;	/* no lock file: nobody has written yet */
	/* OFD locks see Xapian's lock, held by another process, but don't
	 * take it: this only asks. */
	if (fcntl(fd, F_OFD_GETLK, &fl) == -1) {
		int saved = errno;
		close(fd);
		return set_cause(cause, "can't probe the notmuch lock: %s",
		    strerror(saved));
	}
	close(fd);
	*busy = fl.l_type != F_UNLCK;
	return 0;
}
