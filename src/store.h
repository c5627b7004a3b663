/*
 * store.h: the mail store, through notmuch. Only store.c talks to notmuch;
 * everything else sees struct store and these calls.
 */
#ifndef STORE_H
#define STORE_H

#include <stddef.h>

#include "journal.h"

struct store;

enum store_mode {
	STORE_READ_ONLY,
	STORE_READ_WRITE,
};

/*
 * Makes a database in the directory MAIL_ROOT, using no configuration
 * file, unless one is there (another process may just have made it).
 * Returns 0, or -1 with *cause set.
 */
int store_ensure(const char *mail_root, char **cause);

/*
 * Creates a new, empty notmuch database for the mail under MAIL_ROOT,
 * reading settings from the notmuch configuration file CONFIG (NULL for
 * notmuch's own lookup, "" for none), and returns it open read-write in
 * *out. Returns 0, or -1 with *cause set.
 */
int store_create(const char *mail_root, const char *config,
    struct store **out, char **cause);

/*
 * Opens the database of MAIL_ROOT (NULL: the one CONFIG names) in MODE.
 * CONFIG is as for store_create(). A missing database is an error whose
 * message says how to create one. Returns 0, or -1 with *cause set.
 */
int store_open(const char *mail_root, const char *config,
    enum store_mode mode, struct store **out, char **cause);

/*
 * Commits and closes the database and frees STORE. Returns 0, or -1 with
 * *cause set when the final commit failed (STORE is freed either way).
 */
int store_close(struct store *store, char **cause);

/*
 * Makes what was written to the read-write STORE durable: notmuch keeps
 * its changes in memory until the database is closed, so a process killed
 * before would lose them. Returns 0, or -1 with *cause set (the store is
 * then unusable: close it).
 */
int store_commit(struct store *store, char **cause);

/*
 * Commits and closes a read-write STORE's database, letting go of the
 * write lock (another program may write meanwhile) until the next
 * store_index_file() or store_remove_file() opens it again: what a
 * sync does before it waits on the network. Returns 0, or -1 with
 * *cause set.
 */
int store_release(struct store *store, char **cause);

/*
 * Moves a read-only STORE to the database's latest committed state (a
 * read-only handle sees a snapshot); windows must be opened again after.
 */
int store_reopen(struct store *store, char **cause);

/* Returns the absolute path of the mail root of STORE. */
const char *store_path(struct store *store);

/*
 * The notmuch configuration file STORE was opened with (NULL: notmuch's
 * own lookup): with store_path(), what another handle opens it with.
 */
const char *store_config(const struct store *store);

/*
 * Indexes the message file PATH (under the mail root) and gives it the
 * NULL-terminated TAGS plus the tags its maildir flags stand for, in one
 * atomic section. A file whose Message-ID is already indexed is added to
 * that message. Returns 0, or -1 with *cause set.
 */
int store_index_file(struct store *store, const char *path,
    const char *const *tags, char **cause);

/*
 * As store_index_file(), and *now gets the message's tags after (free
 * with store_free_tags()): those of the message it joined, when its
 * Message-ID was indexed already. Returns 1 for a message new to the
 * store, 0 for one more file of a message it had, -1 with *cause.
 */
int store_index_copy(struct store *store, const char *path,
    const char *const *tags, char ***now, char **cause);

/*
 * Forgets the message file PATH; the message stays, with its tags, while
 * another file of it is indexed. Returns 0, or -1 with *cause set.
 */
int store_remove_file(struct store *store, const char *path, char **cause);

/*
 * Indexes the message of the file PATH again from its files as they are
 * now, tags kept: notmuch takes a message's headers (Subject, From...)
 * from the first file it indexed and keeps them when that file goes, so
 * a message rewritten under its Message-ID (a draft) needs this. Returns
 * 0, or -1 with *cause set.
 */
int store_reindex_file(struct store *store, const char *path, char **cause);

/*
 * Indexes the new message file PATH as "notmuch new" would: with the
 * configuration's new.tags (which the library doesn't apply by itself),
 * the NULL-terminated EXTRA tags, then the file's maildir flags.
 */
int store_index_new(struct store *store, const char *path,
    const char *const *extra, char **cause);

/* A correspondent, for address completion. */
struct store_address {
	char *name;	/* the display name, "" when there is none */
	char *address;
	unsigned count;	/* messages from it among those looked at */
};

/*
 * The correspondents whose name or address has a word starting with
 * PREFIX, most frequent first, at most MAX, from the From values notmuch
 * keeps in its database (no message file is opened; the newest few
 * thousand matching messages are looked at). Caller frees with
 * store_addresses_free().
 */
int store_addresses(struct store *store, const char *prefix, size_t max,
    struct store_address **out, size_t *n, char **cause);
void store_addresses_free(struct store_address *addresses, size_t n);

/* Counts the messages matching the notmuch QUERY into *count. */
int store_count_messages(struct store *store, const char *query,
    unsigned *count, char **cause);

/*
 * Counts the threads matching QUERY into *count. This visits every match:
 * on big stores it costs a second, so the UI never waits on it.
 */
int store_count_threads(struct store *store, const char *query,
    unsigned *count, char **cause);

/*
 * As store_count_threads(), for a worker: it gives up, returning -1, as
 * soon as it sees *STOP non-zero (another thread sets it, atomically, to
 * have it end), or when the database changes under it.
 */
int store_count_threads_until(struct store *store, const char *query,
    const int *stop, unsigned *count, char **cause);

/*
 * The ids of the threads QUERY's messages are in, each once, sorted, in
 * *ids (*n of them; caller frees each and the array). Returns 0, or -1
 * with *cause set (also when the database changed while it was read).
 */
int store_thread_ids(struct store *store, const char *query, char ***ids,
    size_t *n, char **cause);

/*
 * The newest message date mua has seen in this store (0: none yet), kept
 * across sessions by the caller: newest-first windows start looking there
 * rather than at today, which on a store whose newest mail is years old
 * saves a dozen empty slices (each a scan of every message's date).
 * Windows raise it as they read.
 */
long long store_newest_hint(const struct store *store);
void store_set_newest_hint(struct store *store, long long date);

/*
 * The oldest message date seen (0: none yet), kept the same way: with it,
 * oldest-first windows (the index's last screen) read slices of dates
 * upward from there instead of sorting every match. Their first row sets
 * it.
 */
long long store_oldest_hint(const struct store *store);
void store_set_oldest_hint(struct store *store, long long date);

/* The order of threads in a window. */
enum store_sort {
	STORE_NEWEST_FIRST,
	STORE_OLDEST_FIRST,
};

/*
 * One thread as an index line shows it, read from the database alone
 * (never from message files).
 */
struct store_thread {
	char *id;		/* notmuch's thread id */
	long long newest;	/* the newest message's date, seconds */
	char *authors;		/* "A, B| C": matching authors before '|' */
	char *subject;
	int matched, total;	/* messages matching the query; in all */
	char **tags;		/* NULL-terminated, sorted */
	int unread, flagged;	/* some message has the tag */
	char **unread_authors;	/* names as in authors, of unread messages */
};

/*
 * A lazy window on the threads matching a query: rows are read from
 * notmuch in order, as far as they are asked for, and kept. Nothing counts
 * or reads the whole result: the first screen costs the same on ten
 * threads or a million.
 */
struct store_window;

/*
 * Runs QUERY in SORT order. A bad query is reported here or by the first
 * store_window_get(). Returns 0, or -1 with *cause set.
 */
int store_window_open(struct store *store, const char *query,
    enum store_sort sort, struct store_window **out, char **cause);

/*
 * Makes rows FIRST .. FIRST+N-1 available in *rows (*got of them: fewer at
 * the end of the result), reading only as far as FIRST+N. The rows belong
 * to the window. Another process changing the database meanwhile is
 * handled (reopen, run again, carry on). Returns 0, or -1 with *cause set.
 */
int store_window_get(struct store_window *window, size_t first, size_t n,
    const struct store_thread **rows, size_t *got, char **cause);

/*
 * Returns whether the whole result has been read, and then its size in
 * *total. Until then the total is unknown: count it with
 * store_count_threads(), away from the UI.
 */
int store_window_complete(const struct store_window *window, size_t *total);

void store_window_free(struct store_window *window);

/* One message of a thread, as the pager lists it. */
struct store_message {
	char *id;		/* the Message-ID, without <> */
	char *path;		/* one of its files */
	int depth;		/* 0 for a thread's first messages; capped */
	long long date;		/* seconds */
	char *from, *subject;	/* decoded, from the database */
	char **tags;		/* NULL-terminated, sorted */
	int matched;		/* it matches the query the thread came from */
	int unread, flagged;	/* it has the tag */
};

/*
 * The messages of the thread THREAD_ID in reply order (depth first, each
 * with its depth), all of them; those that also match QUERY (NULL or ""
 * for none) are flagged matched. A thread no longer there gives none.
 * Caller frees with store_messages_free(). Returns 0, or -1 with *cause.
 */
int store_thread_messages(struct store *store, const char *thread_id,
    const char *query, struct store_message **out, size_t *n, char **cause);
void store_messages_free(struct store_message *msgs, size_t n);

/*
 * QUERY (may be NULL or "") and CLAUSE, as a notmuch query. notmuch takes
 * "*" alone for every message, but "(*)" is something else to Xapian (it
 * matched a few threads here), so either one that is "*" (or "(*)", or
 * empty) is left out. Caller frees.
 */
char *store_and_query(const char *query, const char *clause);

/* The notmuch query for the message with Message-ID ID (caller frees). */
char *store_id_query(const char *id);

/*
 * notmuch's named queries ("notmuch config set query.NAME QUERY"): NAME
 * and QUERY pairs in *names and *queries, *n of each (caller frees each
 * and both arrays). Returns 0, or -1 with *cause set.
 */
int store_named_queries(struct store *store, char ***names, char ***queries,
    size_t *n, char **cause);

/*
 * Every tag in the database, sorted, NULL-terminated, for completion.
 * Caller frees each and the array. Returns 0, or -1 with *cause set.
 */
int store_all_tags(struct store *store, char ***out, char **cause);

/*
 * Applies CHANGES ("+a -b", tags without spaces) to every message matching
 * QUERY, in one atomic section, syncing maildir flags when notmuch is set
 * to. *out gets one entry per message whose tags changed, holding exactly
 * the tags it gained and lost (caller frees with store_changes_free()).
 * Needs a read-write store. Returns 0, or -1 with *cause set.
 */
int store_tag(struct store *store, const char *query, const char *changes,
    struct journal_change **out, size_t *n, char **cause);

/*
 * Applies each message's own changes from IN, inverted when INVERT (what
 * was added is removed and the other way round): the exact undo of a
 * store_tag(). Messages that are gone are skipped. *out and *nout are as
 * for store_tag().
 */
int store_tag_exact(struct store *store, const struct journal_change *in,
    size_t n, int invert, struct journal_change **out, size_t *nout,
    char **cause);

void store_changes_free(struct journal_change *changes, size_t n);

/*
 * Sets *busy when another process holds the database's write lock, without
 * waiting for it (opening read-write would block until it is released).
 * Returns 0, or -1 with *cause set.
 */
int store_write_busy(struct store *store, int *busy, char **cause);

/* Returns the version of the notmuch library mua was built against. */
const char *store_library_version(void);

/*
 * For two-way sync. The database's revision now in *rev, and its UUID in
 * *uuid (caller frees): revisions compare only within one UUID.
 */
int store_revision(struct store *store, unsigned long long *rev,
    char **uuid, char **cause);

/*
 * Whether every change to the store since store_revision() was this
 * process's own, committed, each to a message of one file: then *rev is
 * the revision after the last, and a change after it is one another
 * program made. A change to a message of several files is not counted
 * as its own: the next sync must see it to carry it to the other files.
 */
int store_own_revision(struct store *store, unsigned long long *rev);

/* Called for a file of a message, with the message's tags. */
typedef void store_file_fn(void *arg, const char *path,
    const char *const *tags);

/*
 * Calls FN for each file under DIR (a path ending in '/') of each message
 * whose tags or files changed after revision SINCE, by any program.
 * Returns 0, or -1 with *cause set.
 */
int store_changed_files(struct store *store, unsigned long long since,
    const char *dir, store_file_fn *fn, void *arg, char **cause);

/*
 * The tags of the message with the file PATH, NULL-terminated, in *tags
 * (free with store_free_tags()); NULL when PATH isn't indexed.
 */
int store_file_tags(struct store *store, const char *path, char ***tags,
    char **cause);

/*
 * The Message-ID (without <>) of the message with the file PATH in *id
 * (caller frees); NULL when PATH isn't indexed. Returns 0, or -1 with
 * *cause set.
 */
int store_file_message_id(struct store *store, const char *path, char **id,
    char **cause);

/*
 * A session key notmuch stashed for the message with the file PATH (its
 * first "session-key" property: notmuch's index.decrypt stashes them)
 * in *key (caller frees), or NULL. Returns 0, or -1 with *cause set.
 */
int store_session_key(struct store *store, const char *path, char **key,
    char **cause);

/* Frees a NULL-terminated array of strings (NULL is fine). */
void store_free_tags(char **tags);

/*
 * Applies CHANGES ("+a -b") to the message with the file PATH (maildir
 * flags follow when notmuch is set to: the file may be renamed). A file
 * not indexed is left alone. Returns 0, or -1 with *cause set.
 */
int store_tag_file(struct store *store, const char *path,
    const char *changes, char **cause);

/*
 * Calls FN with the tags of the message with the file PATH (not at all
 * when PATH isn't indexed), then applies the changes FN returns ("+a -b",
 * allocated; NULL for none) as store_tag_file() does: one lookup for
 * both. Returns 0, or -1 with *cause set.
 */
typedef char *store_retag_fn(void *arg, const char *const *tags);
int store_retag_file(struct store *store, const char *path,
    store_retag_fn *fn, void *arg, char **cause);

#endif
