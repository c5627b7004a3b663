/*
 * sync-flags.h: one state for a folder's flags on the server and tags in
 * the store, by a three-way merge against the state both last agreed on
 * (syncstate.h).
 *
 * Per flag: a side that didn't change since the base takes the other
 * side's value. A flag is one bit, so when both sides changed it they
 * agree. A copy with no base yet (the first two-way sync of mail fetched
 * before) takes the union: read on either side is read, flagged on
 * either side is flagged.
 *
 * Tags belong to a message, flags to a copy (folder and UID): a tag
 * change reaches every copy of the message in the account's folders.
 */
#ifndef SYNC_FLAGS_H
#define SYNC_FLAGS_H

#include <stddef.h>
#include <stdint.h>

#include <libetpan/libetpan.h>

struct store;
struct syncstate;

/* A file of the account changed in the store since the last sync. */
struct sync_local {
	char *path;
	unsigned bits;		/* flagmap.h, from its message's tags */
};

/* A copy the server no longer has, whose local file is to go. */
struct sync_gone {
	struct syncstate *base;	/* its folder's */
	uint32_t uid;
	char *path;		/* NULL: no local file */
};

struct sync_flags_folder {
	mailimap *imap;			/* the folder selected */
	struct store *store;		/* read-write */
	const char *maildir;
	struct syncstate *base;
	uint32_t validity, last;	/* LAST: the highest UID fetched */
	uint64_t modseq;		/* HIGHESTMODSEQ; 0 without CONDSTORE */
	const struct sync_local *local;	/* the account's changed files */
	size_t nlocal;
};

struct sync_flags_stats {
	unsigned pulled;	/* copies whose tags changed here */
	unsigned pushed;	/* copies whose flags changed there */
};

/*
 * Merges F's flags both ways: tags changed here, flags there, the base
 * saved. Returns 0, or -1 with *cause set.
 */
int sync_flags_folder(const struct sync_flags_folder *f,
    struct sync_flags_stats *stats, char **cause);

/*
 * Adds to *gone (*n of them) the copies of F's base the server no longer
 * has. Returns 0, or -1 with *cause set.
 */
int sync_flags_vanished(const struct sync_flags_folder *f,
    struct sync_gone **gone, size_t *n, char **cause);

/*
 * Removes the N copies GONE from the store and the disk, and from their
 * bases (saved). Called once every folder fetched: mail moved between
 * folders by another client is by then indexed under its new file and
 * keeps its tags. Returns 0, or -1 with *cause set.
 */
int sync_flags_remove(struct store *store, struct sync_gone *gone, size_t n,
    unsigned *removed, char **cause);

void sync_flags_gone_free(struct sync_gone *gone, size_t n);

#endif
