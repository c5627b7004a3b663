/*
 * store-int.h: what the store-*.c files share, and nothing outside them
 * sees: the handle and the helpers that turn notmuch errors into causes.
 */
#ifndef STORE_INT_H
#define STORE_INT_H

#include <notmuch.h>

struct store {
	notmuch_database_t *db;
	long long newest_hint;	/* the newest message date seen; 0: none */
	long long oldest_hint;	/* the oldest; 0: none */
	char *config;		/* as given to open: NULL, "" or a path */
	char *root;		/* the mail root, also while released */
	/* Since store_revision(): the revision after this process's last
	 * commit, and whether another program wrote in between or a write
	 * changed a message of several files (store_own_revision()). */
	unsigned long long own_rev;
	int tracking, mixed;
};

#define SUCCESS_ST NOTMUCH_STATUS_SUCCESS

/* Opens a released read-write STORE again; 0, or -1 with *cause. */
int store_ready(struct store *store, char **cause);

/*
 * Sets *cause from a notmuch status and its optional malloc'd message MSG
 * (freed), prefixed with WHAT. Returns -1.
 */
int store_notmuch_cause(char **cause, const char *what, notmuch_status_t st,
    char *msg);

/* Sets *cause for a query that failed, with notmuch's reason. Returns -1. */
int store_query_cause(struct store *store, const char *query,
    notmuch_status_t st, char **cause);

/* Parses QUERY in notmuch's usual (Xapian) syntax into *out. */
int store_make_query(struct store *store, const char *query,
    notmuch_query_t **out, char **cause);

/*
 * Copies TAGS into a NULL-terminated array (caller frees each and it),
 * setting *unread and *flagged when those tags are among them, and
 * destroys TAGS.
 */
char **store_copy_tags(notmuch_tags_t *tags, int *unread, int *flagged);


#endif
