/*
 * fetch-imap.h: one IMAP folder fetched into a maildir and the store,
 * incrementally by UID, exactly once.
 *
 * The order makes a crash at any instant harmless: each message is
 * written to the maildir (its name carries "UIDVALIDITY-UID") and synced,
 * the batch is indexed, and only then is the folder's state (UIDVALIDITY
 * and the last UID fetched) replaced, atomically. After a crash the next
 * run fetches from the old state again, finds the messages it already
 * wrote by their names, indexes them instead of writing them twice, and
 * goes on.
 */
#ifndef FETCH_IMAP_H
#define FETCH_IMAP_H

#include <stdint.h>

struct mailimap;	/* libetpan's session */
struct store;
struct syncstate;

/* A message here whose copy left another folder: found again in this
 * one by its Message-ID and size, it is linked, not downloaded. */
struct fetch_known {
	char *id;		/* Message-ID, without <> */
	const char *path;	/* its file */
	uint32_t size;		/* as the server counts: CRLF line ends */
	int found;		/* set when a new copy was its */
};

/* Sorts the N KNOWN as fetch_folder's known must be. */
void fetch_known_sort(struct fetch_known *known, size_t n);

struct fetch_folder {
	struct mailimap *imap;	/* logged in */
	const char *name;		/* the IMAP folder */
	const char *maildir;		/* where its mail goes */
	const char *state;		/* the state file's path */
	struct store *store;		/* read-write */
	const char *const *tags;	/* NULL-terminated, for new mail */
	struct syncstate *base;		/* new mail's flags go there */
	struct fetch_known *known;	/* fetch_known_sort()ed; may be NULL */
	size_t nknown;
	/* After each batch (and once at the start): DONE of TOTAL new
	 * messages of this folder are kept. May be NULL. */
	void (*progress)(void *arg, const char *folder, unsigned done,
	    unsigned total, unsigned long long bytes);
	void *progress_arg;
};

struct fetch_stats {
	unsigned fetched;	/* messages new to the store, indexed */
	unsigned long long bytes;
	unsigned pulled;	/* two-way: copies whose tags followed the server */
	unsigned pushed;	/* copies whose flags went to the server */
	unsigned removed;	/* copies gone from the server, removed here */
	unsigned moved;		/* copies moved there as their tags said */
	unsigned found;		/* new copies found here, not downloaded */
	unsigned relocated;	/* copies another client moved, followed */
	unsigned missing;	/* 1 << sync_role: no folder to move to */
	int kept_deleted;	/* \Deleted set where no UID EXPUNGE exists */
	int no_keywords;	/* sync_tags, but a folder keeps no keywords */
	unsigned appended;	/* sent copies appended to Sent there */
	unsigned drafts_up;	/* drafts saved here, appended there */
	unsigned drafts_dropped; /* drafts dropped here, expunged there */
};

/* The folder as SELECT found it. */
struct fetch_selection {
	uint32_t validity;	/* UIDVALIDITY */
	uint64_t modseq;	/* HIGHESTMODSEQ, 0 without CONDSTORE */
	uint32_t last;		/* after the fetch: the highest UID fetched */
};

/*
 * Selects F's folder (with CONDSTORE when the server offers it) into
 * *sel. Returns 0, or -1 with *cause set.
 */
int fetch_imap_select(const struct fetch_folder *f,
    struct fetch_selection *sel, char **cause);

/* The highest UID fetched into F's STATE file under VALIDITY (0: none). */
uint32_t fetch_imap_last(const char *state, uint32_t validity);

/* Fetches what is new in the selected F, setting sel->last. Returns 0,
 * or -1 with *cause set. */
int fetch_imap_folder(const struct fetch_folder *f,
    struct fetch_selection *sel, struct fetch_stats *st, char **cause);

#endif
