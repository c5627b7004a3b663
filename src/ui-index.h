/* ui-index.h: the index view, one line per thread of a query. */
#ifndef UI_INDEX_H
#define UI_INDEX_H

struct config;
struct store;
struct ui;

/* Where the index view reads and writes. */
struct ui_index_store {
	struct store *store;		/* read-only, outlives the view */
	const char *notmuch_config;	/* for the writer; NULL: notmuch's */
	const char *journal;		/* the tag journal's path */
};

/*
 * Opens an index view of QUERY and pushes it. Tag commands go through the
 * journal and are applied by the writer when the notmuch lock is free,
 * else retried on the loop's ticks. Returns 0, or -1 with *cause set (a
 * bad query).
 */
int ui_index_open(struct ui *ui, const struct config *config,
    const struct ui_index_store *where, const char *query, char **cause);

#endif
