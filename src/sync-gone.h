/*
 * sync-gone.h: copies the server no longer has (expunged or moved by
 * another client, or moved by this sync), and their local files removed
 * once every folder's new mail is in: a message moved between folders
 * is by then indexed under its new file and keeps its tags.
 */
#ifndef SYNC_GONE_H
#define SYNC_GONE_H

#include <stddef.h>
#include <stdint.h>

#include <libetpan/libetpan.h>

struct store;
struct syncstate;

struct sync_gone {
	struct syncstate *base;	/* its folder's; NULL for a file alone */
	uint32_t uid;
	char *path;		/* its local file; NULL: none */
	int ours;		/* this sync moved it away */
	int found;		/* its message was found in another folder */
};

struct sync_gone_list {
	struct sync_gone *g;
	size_t n;
};

/*
 * Adds to LIST the copies of BASE (of the selected folder, files in
 * MAILDIR named under VALIDITY, fetched up to LAST) that the server no
 * longer has. EXISTS against the base and the UIDs above LAST tells
 * whether any went; only then are all UIDs asked for. Returns 0, or -1
 * with *cause set.
 */
int sync_gone_find(mailimap *imap, struct syncstate *base,
    const char *maildir, uint32_t validity, uint32_t last,
    struct sync_gone_list *list, char **cause);

/* Adds the N copies UIDS of BASE (files in MAILDIR) to LIST. */
void sync_gone_add(struct syncstate *base, const char *maildir,
    uint32_t validity, const uint32_t *uids, size_t n,
    struct sync_gone_list *list);

/* Adds the local file PATH to LIST, to go only when its message is
 * found in a folder's new mail (a sent copy appended there). */
void sync_gone_add_file(const char *path, struct sync_gone_list *list);

/* The UIDs of LIST in BASE, ascending, in *out (caller frees). */
uint32_t *sync_gone_uids(const struct sync_gone_list *list,
    const struct syncstate *base, size_t *n);

/*
 * Removes LIST's files from the store and the disk, then from their
 * bases (saved); *removed counts the files of copies another client
 * took away. Returns 0, or -1 with *cause.
 */
int sync_gone_remove(struct store *store, struct sync_gone_list *list,
    unsigned *removed, char **cause);

void sync_gone_free(struct sync_gone_list *list);

#endif
