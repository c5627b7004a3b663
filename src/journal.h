/*
 * journal.h: the tag journal, $XDG_STATE_HOME/mua/journal. Every tag
 * operation is written here first, as an intent, so the UI never waits on
 * the notmuch write lock: a writer applies intents when it can, recording
 * exactly what each changed, which is what undo reverts, across restarts.
 *
 * Records, one per line, appended and fsync'd:
 *   I OP TIME tag CHANGES QUERY   apply CHANGES ("+a -b") to QUERY
 *   I OP TIME undo TARGET         revert exactly what op TARGET changed
 *   C OP MESSAGE-ID CHANGES       one message's actual change by OP
 *   D OP                          OP is applied and committed
 *   X OP                          OP was cancelled before it was applied
 * Fields are separated by tabs; %, tab and newline in them are %-escaped.
 */
#ifndef JOURNAL_H
#define JOURNAL_H

#include <stddef.h>

enum journal_kind {
	JOURNAL_TAG,
	JOURNAL_UNDO,
};

/* One message's change: the tags added and removed, "+a +b -c". */
struct journal_change {
	char *message_id;
	char *changes;
};

struct journal_op {
	char *id;
	long long time;
	enum journal_kind kind;
	char *changes;		/* JOURNAL_TAG */
	char *query;		/* JOURNAL_TAG */
	char *target;		/* JOURNAL_UNDO: the op it reverts */
	struct journal_change *done;	/* the C records */
	size_t ndone;
	int applied;		/* a D record */
	int cancelled;		/* an X record */
};

/* The journal as read from its file. */
struct journal {
	char *path;
	struct journal_op *ops;
	size_t nops;
};

/*
 * Returns the default journal path: $XDG_STATE_HOME/mua/journal, else
 * ~/.local/state/mua/journal (caller frees).
 */
char *journal_default_path(void);

/*
 * Reads the journal at PATH (a missing file is an empty journal) into
 * *out. A torn last line (a crash mid-append) is ignored. Returns 0, or
 * -1 with *cause set.
 */
int journal_read(const char *path, struct journal **out, char **cause);
void journal_free(struct journal *journal);

/*
 * Appends an intent to tag QUERY with CHANGES; returns its new op id in
 * *id (caller frees). Returns 0, or -1 with *cause set.
 */
int journal_add_tag(const char *path, const char *query, const char *changes,
    char **id, char **cause);

/*
 * Undoes the most recent tag operation that is not undone yet: cancels it
 * if it was not applied, else appends an intent to revert it. Sets *id to
 * the op undone (caller frees), or NULL when there is nothing to undo.
 */
int journal_undo(const char *path, char **id, char **cause);

/* Appends the C records for op ID, then (if DONE) its D record. */
int journal_add_changes(const char *path, const char *id,
    const struct journal_change *changes, size_t n, char **cause);
int journal_add_done(const char *path, const char *id, char **cause);

/* Returns the ops still to apply, in order (pointers into JOURNAL). */
size_t journal_pending(const struct journal *journal,
    const struct journal_op **ops, size_t max);

/*
 * Rewrites the journal at PATH keeping the last KEEP operations (what
 * undo can reach), every one not applied yet, and whatever a kept undo
 * reverts; the rest of the history goes. The file is replaced
 * atomically, under the lock appenders take. Returns 0, or -1 with
 * *cause set.
 */
int journal_compact(const char *path, size_t keep, char **cause);

/* Returns the op with ID, or NULL. */
const struct journal_op *journal_find(const struct journal *journal,
    const char *id);

#endif
