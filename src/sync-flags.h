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
	unsigned bits;		/* flagmap.h flags and marks, from its tags */
};

/* A copy whose marks (inbox, deleted, spam) changed here since the base. */
struct sync_marked {
	uint32_t uid;
	unsigned before, now;	/* FLAGMAP_MARKS bits */
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
	const uint32_t *skip;		/* UIDs expunged there, ascending */
	size_t nskip;
};

struct sync_flags_stats {
	unsigned pulled;	/* copies whose tags changed here */
	unsigned pushed;	/* copies whose flags changed there */
};

/*
 * Merges F's flags both ways: tags changed here (committed), flags there
 * (stored); the base changed in memory, for the caller to save once the
 * moves are done too. *marked gets the copies whose marks changed
 * (caller frees). Returns 0, or -1 with *cause set.
 */
int sync_flags_folder(const struct sync_flags_folder *f,
    struct sync_flags_stats *stats, struct sync_marked **marked,
    size_t *nmarked, char **cause);

#endif
