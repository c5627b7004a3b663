/*
 * store.c: notmuch behind a small interface: opening, indexing, counting,
 * the write-lock probe. The store-*.c files add windows, tagging and
 * address completion. Facts that shape it are in
 * LIBETPAN-NOTMUCH.md: the library applies no new.tags, commits only on
 * close or every autocommit sections, and a read-write open blocks while
 * another writer holds the lock.
 */
#include "autodefs.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/statvfs.h>
#include <string.h>
#include <unistd.h>

#include <notmuch.h>

#include "mua.h"
#include "store-int.h"
#include "store-shim.h"
#include "store.h"

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
int
store_notmuch_cause(char **cause, const char *what, notmuch_status_t st,
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

/*
 * Xapian reports a full disk as "A Xapian exception occurred": when the
 * store's file system is nearly full, *cause says so too.
 */
static int
full_disk_cause(const char *root, char **cause)
{
	struct statvfs sv;
	unsigned long long left;
	char *old;

	if (cause == NULL || *cause == NULL ||
	    statvfs(root, &sv) == -1)
		return -1;
	left = (unsigned long long)sv.f_bavail * sv.f_frsize;
	if (left >= 16ull << 20)
		return -1;
	old = *cause;
	*cause = xasprintf("%s (No space left on device: %llu KB free where "
	    "the store is)", old, left / 1024);
	free(old);
	return -1;
}

static struct store *
store_wrap(notmuch_database_t *db, const char *config)
{
	struct store *store = xcalloc(1, sizeof *store);

	store->db = db;
	store->config = config != NULL ? xstrdup(config) : NULL;
	store->root = xstrdup(notmuch_database_get_path(db));
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
		return store_notmuch_cause(cause, "can't create the notmuch database",
		    st, msg);
	free(msg);
	*out = store_wrap(db, config);
	return 0;
}

int
store_ensure(const char *mail_root, char **cause)
{
	notmuch_database_t *db = NULL;
	notmuch_status_t st;
	char *msg = NULL;

	st = notmuch_database_create_with_config(mail_root, "", NULL, &db,
	    &msg);
	if (st == NOTMUCH_STATUS_DATABASE_EXISTS) {
		free(msg);
		return 0;
	}
	if (st != NOTMUCH_STATUS_SUCCESS)
		return store_notmuch_cause(cause, "can't create the notmuch "
		    "database", st, msg);
	free(msg);
	st = notmuch_database_destroy(db);
	if (st != NOTMUCH_STATUS_SUCCESS)
		return store_notmuch_cause(cause, "can't write the new notmuch "
		    "database", st, NULL);
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
		store_notmuch_cause(cause, "can't open the notmuch database", st, msg);
		if (cause != NULL) {
			char *hinted = xasprintf("%s (your notmuch configuration "
			    "names it: make the folder and run \"notmuch new\", "
			    "or try \"mua --demo\")", *cause);
			free(*cause);
			*cause = hinted;
		}
		return -1;
	}
	if (st != NOTMUCH_STATUS_SUCCESS)
		return store_notmuch_cause(cause, "can't open the notmuch database",
		    st, msg);
	free(msg);
	*out = store_wrap(db, config);
	return 0;
}

int
store_close(struct store *store, char **cause)
{
	notmuch_status_t st = store->db != NULL ?
	    notmuch_database_destroy(store->db) : SUCCESS_ST;

	free(store->config);
	free(store->root);
	free(store);
	if (st != NOTMUCH_STATUS_SUCCESS)
		return store_notmuch_cause(cause, "can't close the notmuch database",
		    st, NULL);
	return 0;
}

int
store_ready(struct store *store, char **cause)
{
	notmuch_status_t st;
	char *msg = NULL;

	if (store->db != NULL)
		return 0;
	st = notmuch_database_open_with_config(store->root,
	    NOTMUCH_DATABASE_MODE_READ_WRITE, store->config, NULL, &store->db,
	    &msg);
	if (st != SUCCESS_ST) {
		store->db = NULL;
		return store_notmuch_cause(cause, "can't open the notmuch "
		    "database", st, msg);
	}
	free(msg);
	if (store->tracking &&
	    notmuch_database_get_revision(store->db, NULL) != store->own_rev)
		store->mixed = 1;	/* someone wrote while it was released */
	return 0;
}

int
store_release(struct store *store, char **cause)
{
	notmuch_status_t st;

	if (store->db == NULL)
		return 0;
	store->own_rev = notmuch_database_get_revision(store->db, NULL);
	/* notmuch commits a read-write database only when it is closed (or
	 * after database.autocommit transactions). */
	st = notmuch_database_destroy(store->db);
	store->db = NULL;
	if (st != SUCCESS_ST) {
		store->mixed = 1;
		store_notmuch_cause(cause, "can't commit to the notmuch "
		    "database", st, NULL);
		full_disk_cause(store->root, cause);
		return -1;
	}
	return 0;
}

int
store_commit(struct store *store, char **cause)
{
	if (store_release(store, cause) == -1)
		return -1;
	return store_ready(store, cause) == -1 ?
	    full_disk_cause(store->root, cause) : 0;
}

int
store_reopen(struct store *store, char **cause)
{
	notmuch_status_t st;

	st = notmuch_database_reopen(store->db, NOTMUCH_DATABASE_MODE_READ_ONLY);
	if (st != SUCCESS_ST)
		return store_notmuch_cause(cause, "can't reopen the notmuch "
		    "database", st, NULL);
	return 0;
}

const char *
store_path(struct store *store)
{
	return store->root;
}

const char *
store_config(const struct store *store)
{
	return store->config;
}

/* Whether a message of MESSAGE's thread has the muted tag. */
static int
thread_muted(notmuch_database_t *db, notmuch_message_t *message)
{
	char *text = xasprintf("thread:%s and tag:muted",
	    notmuch_message_get_thread_id(message));
	notmuch_query_t *q = notmuch_query_create(db, text);
	unsigned n = 0;

	if (q != NULL && notmuch_query_count_messages(q, &n) !=
	    NOTMUCH_STATUS_SUCCESS)
		n = 0;
	if (q != NULL)
		notmuch_query_destroy(q);
	free(text);
	return n > 0;
}

/*
 * Adds TAGS and the tags of the file's maildir flags, as one write. New
 * mail in a muted thread stays out of the inbox (afew's KillThreads).
 */
static notmuch_status_t
tag_new_message(notmuch_database_t *db, notmuch_message_t *message,
    const char *const *tags)
{
	notmuch_status_t st;
	const char *const *t;
	int muted = 0;

	/* The thread is asked only when there is an inbox to keep out. */
	for (t = tags; t != NULL && *t != NULL && !muted; t++)
		muted = strcmp(*t, "inbox") == 0 && thread_muted(db, message);

	if ((st = notmuch_message_freeze(message)) != NOTMUCH_STATUS_SUCCESS)
		return st;
	for (; tags != NULL && *tags != NULL; tags++)
		if ((!muted || strcmp(*tags, "inbox") != 0) &&
		    (st = notmuch_message_add_tag(message, *tags)) !=
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
	return store_index_copy(store, path, tags, NULL, cause) == -1 ? -1 : 0;
}

int
store_index_copy(struct store *store, const char *path,
    const char *const *tags, char ***now, char **cause)
{
	notmuch_message_t *message = NULL;
	notmuch_status_t st;
	int rc = -1, unread = 0, flagged = 0, fresh = 0;

	if (store_ready(store, cause) == -1)
		return -1;
	if ((st = notmuch_database_begin_atomic(store->db)) !=
	    NOTMUCH_STATUS_SUCCESS)
		return store_notmuch_cause(cause, path, st, NULL);
	st = notmuch_database_index_file(store->db, path, NULL, &message);
	if (st == NOTMUCH_STATUS_DUPLICATE_MESSAGE_ID) {
		st = NOTMUCH_STATUS_SUCCESS;	/* one more file of a message */
		store->mixed = 1;
	} else if (st == NOTMUCH_STATUS_SUCCESS) {
		st = tag_new_message(store->db, message, tags);
		fresh = 1;
	}
	if (st != NOTMUCH_STATUS_SUCCESS) {
		store_notmuch_cause(cause, path, st, NULL);
		full_disk_cause(notmuch_database_get_path(store->db), cause);
		goto out;
	}
	if (now != NULL)
		*now = store_copy_tags(notmuch_message_get_tags(message),
		    &unread, &flagged);
	rc = fresh;
out:
	if (message != NULL)
		notmuch_message_destroy(message);
	st = notmuch_database_end_atomic(store->db);
	if (st != NOTMUCH_STATUS_SUCCESS && rc == 0)
		rc = store_notmuch_cause(cause, path, st, NULL);
	return rc;
}

int
store_remove_file(struct store *store, const char *path, char **cause)
{
	notmuch_status_t st;

	if (store_ready(store, cause) == -1)
		return -1;
	st = notmuch_database_remove_message(store->db, path);
	if (st == NOTMUCH_STATUS_SUCCESS ||
	    st == NOTMUCH_STATUS_DUPLICATE_MESSAGE_ID)
		return 0;	/* gone, or one file fewer of a message */
	return store_notmuch_cause(cause, path, st, NULL);
}

int
store_reindex_file(struct store *store, const char *path, char **cause)
{
	notmuch_message_t *message = NULL;
	notmuch_indexopts_t *opts;
	notmuch_status_t st;

	if (store_ready(store, cause) == -1)
		return -1;
	st = notmuch_database_find_message_by_filename(store->db, path,
	    &message);
	if (st != NOTMUCH_STATUS_SUCCESS || message == NULL)
		return store_notmuch_cause(cause, path, st != 0 ? st :
		    NOTMUCH_STATUS_FILE_ERROR, NULL);
	opts = notmuch_database_get_default_indexopts(store->db);
	st = notmuch_message_reindex(message, opts);
	notmuch_indexopts_destroy(opts);
	notmuch_message_destroy(message);
	return st == NOTMUCH_STATUS_SUCCESS ? 0 :
	    store_notmuch_cause(cause, path, st, NULL);
}

/*
 * Xapian parses a query only when it runs, so a syntax error surfaces
 * here, with notmuch's explanation in the database's status string.
 */
int
store_query_cause(struct store *store, const char *query, notmuch_status_t st,
    char **cause)
{
	const char *why = notmuch_database_status_string(store->db);
	char *what = xasprintf("bad query \"%s\"", query);

	store_notmuch_cause(cause, what, st, why != NULL ? xstrdup(why) : NULL);
	free(what);
	return -1;
}

int
store_index_new(struct store *store, const char *path,
    const char *const *extra, char **cause)
{
	notmuch_config_values_t *v;
	const char **tags = xcalloc(1, sizeof *tags);
	size_t n = 0;
	int rc;

	v = notmuch_config_get_values(store->db, NOTMUCH_CONFIG_NEW_TAGS);
	for (; v != NULL && notmuch_config_values_valid(v);
	    notmuch_config_values_move_to_next(v)) {
		tags = xreallocarray(tags, n + 2, sizeof *tags);
		tags[n++] = notmuch_config_values_get(v);
	}
	for (; extra != NULL && *extra != NULL; extra++) {
		tags = xreallocarray(tags, n + 2, sizeof *tags);
		tags[n++] = *extra;
	}
	tags[n] = NULL;
	rc = store_index_file(store, path, tags, cause);
	if (v != NULL)
		notmuch_config_values_destroy(v);
	free(tags);
	return rc;
}

/* Parses QUERY in notmuch's usual (Xapian) syntax. */
int
store_make_query(struct store *store, const char *query, notmuch_query_t **out,
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

	if (store_make_query(store, query, &q, cause) == -1)
		return -1;
	st = counter(q, count);
	notmuch_query_destroy(q);
	if (st != NOTMUCH_STATUS_SUCCESS)
		return store_query_cause(store, query, st, cause);
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

static int
by_value(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Sorts the N IDS and keeps each value once; returns how many are left. */
static size_t
distinct(uint64_t *ids, size_t n)
{
	size_t kept = 0, i;

	if (n == 0)
		return 0;	/* IDS may be NULL: qsort must not see it */
	qsort(ids, n, sizeof *ids, by_value);
	for (i = 0; i < n; i++)
		if (i == 0 || ids[i] != ids[i - 1])
			ids[kept++] = ids[i];
	return kept;
}

/* Reads the thread id of each message of MSGS into *ids, until *STOP. */
static int
thread_ids(notmuch_messages_t *msgs, const int *stop, uint64_t **ids,
    size_t *n, int *modified)
{
	notmuch_message_t *m;
	size_t cap = 0;

	for (; store_shim_messages_valid(msgs, modified);
	    notmuch_messages_move_to_next(msgs)) {
		if (__atomic_load_n(stop, __ATOMIC_RELAXED) ||
		    (m = store_shim_messages_get(msgs, modified)) == NULL)
			return -1;
		if (*n == cap) {
			cap = cap ? 2 * cap : 1024;
			*ids = xreallocarray(*ids, cap, sizeof **ids);
		}
		(*ids)[(*n)++] = strtoull(notmuch_message_get_thread_id(m),
		    NULL, 16);
		notmuch_message_destroy(m);
	}
	return *modified ? -1 : 0;
}

/*
 * The threads of QUERY's messages, each once, sorted, as numbers (notmuch
 * makes a thread id of 16 hex digits), in *ids (caller frees).
 */
static int
query_thread_ids(struct store *store, const char *query, const int *stop,
    uint64_t **ids, size_t *n, char **cause)
{
	notmuch_query_t *q;
	notmuch_messages_t *msgs = NULL;
	notmuch_status_t st;
	int modified = 0, rc = -1;

	*ids = NULL;
	*n = 0;
	if (store_make_query(store, query, &q, cause) == -1)
		return -1;
	notmuch_query_set_sort(q, NOTMUCH_SORT_UNSORTED);
	if ((st = notmuch_query_search_messages(q, &msgs)) !=
	    NOTMUCH_STATUS_SUCCESS)
		store_query_cause(store, query, st, cause);
	else if (thread_ids(msgs, stop, ids, n, &modified) == -1)
		set_cause(cause, "%s", modified ? "the database changed while "
		    "reading it" : "counting was stopped");
	else {
		*n = distinct(*ids, *n);
		rc = 0;
	}
	if (rc == -1) {
		free(*ids);
		*ids = NULL;
	}
	notmuch_query_destroy(q);
	return rc;
}

int
store_count_threads_until(struct store *store, const char *query,
    const int *stop, unsigned *count, char **cause)
{
	uint64_t *ids;
	size_t n;

	if (query_thread_ids(store, query, stop, &ids, &n, cause) == -1)
		return -1;
	*count = (unsigned)n;
	free(ids);
	return 0;
}

int
store_thread_ids(struct store *store, const char *query, char ***out,
    size_t *n, char **cause)
{
	static const int go_on = 0;
	uint64_t *ids;
	size_t i;

	if (query_thread_ids(store, query, &go_on, &ids, n, cause) == -1)
		return -1;
	*out = xcalloc(*n > 0 ? *n : 1, sizeof **out);
	for (i = 0; i < *n; i++)
		(*out)[i] = xasprintf("%016" PRIx64, ids[i]);
	free(ids);
	return 0;
}

long long
store_oldest_hint(const struct store *store)
{
	return store->oldest_hint;
}

void
store_set_oldest_hint(struct store *store, long long date)
{
	store->oldest_hint = date;
}

long long
store_newest_hint(const struct store *store)
{
	return store->newest_hint;
}

void
store_set_newest_hint(struct store *store, long long date)
{
	store->newest_hint = date;
}

/* Whether Q is empty or "*" (spaces and parentheses around it aside):
 * every message, which notmuch takes as "*" only when it stands alone. */
static int
is_all(const char *q)
{
	size_t n;

	if (q == NULL)
		return 1;
	q += strspn(q, " \t(");
	n = strlen(q);
	while (n > 0 && strchr(" \t)", q[n - 1]) != NULL)
		n--;
	return n == 0 || (n == 1 && *q == '*');
}

char *
store_and_query(const char *query, const char *clause)
{
	if (is_all(clause))
		return xstrdup(is_all(query) ? "*" : query);
	if (is_all(query))
		return xstrdup(clause);
	return xasprintf("(%s) and %s", query, clause);
}

char *
store_id_query(const char *id)
{
	char *q = xmalloc(strlen(id) * 2 + 6), *o = q;

	o += sprintf(o, "id:\"");
	for (; *id != '\0'; id++) {
		if (*id == '"')
			*o++ = '"';	/* Xapian's quoting: double it */
		*o++ = *id;
	}
	strcpy(o, "\"");
	return q;
}

void
store_free_tags(char **tags)
{
	char **t;

	for (t = tags; t != NULL && *t != NULL; t++)
		free(*t);
	free(tags);
}

char **
store_copy_tags(notmuch_tags_t *tags, int *unread, int *flagged)
{
	char **out = xcalloc(1, sizeof *out);
	size_t n = 0;

	for (; notmuch_tags_valid(tags); notmuch_tags_move_to_next(tags)) {
		const char *tag = notmuch_tags_get(tags);
		out = xreallocarray(out, n + 2, sizeof *out);
		out[n++] = xstrdup(tag);
		*unread |= strcmp(tag, "unread") == 0;
		*flagged |= strcmp(tag, "flagged") == 0;
	}
	out[n] = NULL;
	notmuch_tags_destroy(tags);
	return out;
}

int
store_named_queries(struct store *store, char ***names, char ***queries,
    size_t *n, char **cause)
{
	/* Pairs, not the database's config list: "notmuch config set
	 * query.x" writes the configuration file, not the database. */
	notmuch_config_pairs_t *p = notmuch_config_get_pairs(store->db,
	    "query.");

	*names = *queries = NULL;
	*n = 0;
	if (p == NULL)
		return set_cause(cause, "can't read notmuch's named queries");
	for (; notmuch_config_pairs_valid(p);
	    notmuch_config_pairs_move_to_next(p)) {
		const char *value = notmuch_config_pairs_value(p);
		if (value == NULL || *value == '\0')
			continue;	/* unset */
		*names = xreallocarray(*names, *n + 1, sizeof **names);
		*queries = xreallocarray(*queries, *n + 1, sizeof **queries);
		(*names)[*n] = xstrdup(notmuch_config_pairs_key(p) +
		    strlen("query."));
		(*queries)[(*n)++] = xstrdup(value);
	}
	notmuch_config_pairs_destroy(p);
	return 0;
}

int
store_all_tags(struct store *store, char ***out, char **cause)
{
	notmuch_tags_t *tags = notmuch_database_get_all_tags(store->db);
	int ignored = 0;

	if (tags == NULL)
		return set_cause(cause, "can't list the tags of the database");
	*out = store_copy_tags(tags, &ignored, &ignored);
	return 0;
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
