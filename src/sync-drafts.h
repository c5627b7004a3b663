/*
 * sync-drafts.h: postponed drafts on the server too. The server's drafts
 * folder (sync-roles.h) is synced into the account's drafts maildir
 * (drafts_folder), so drafts other clients write or change come down as
 * any folder's mail. Drafts saved here go up:
 *
 * - a file in the drafts maildir not named for a UID is APPENDed (\Draft,
 *   with its own flags), then named for the UID it got there; a crash
 *   after the APPEND is found again by the draft's Message-ID, which a
 *   copy the base doesn't hold yet carries (compose keeps one ID across
 *   saves);
 * - a draft replaced or sent here that was a copy of the server's leaves
 *   a note (state drafts/ACCOUNT/VALIDITY-UID), and the next sync
 *   expunges exactly that copy there.
 */
#ifndef SYNC_DRAFTS_H
#define SYNC_DRAFTS_H

#include <stdint.h>

#include <libetpan/libetpan.h>

struct account;
struct store;
struct syncstate;
struct sync_gone_list;

/* The draft file PATH goes: when it is a copy of the server's, notes
 * that the copy there is to go. Returns 0, or -1 with *cause set. */
int sync_drafts_drop(const struct account *a, const char *path,
    char **cause);

/* Whether the drafts maildir MAILDIR has drafts not yet on the server. */
int sync_drafts_waiting(const char *maildir);

struct sync_drafts_folder {
	mailimap *imap;			/* the server's drafts, selected */
	const char *name;		/* their wire name */
	struct store *store;		/* read-write */
	const struct account *account;
	const char *maildir;		/* the account's drafts maildir */
	struct syncstate *base;		/* the folder's; saved here */
	uint32_t validity;
};

struct sync_drafts_stats {
	unsigned appended;	/* drafts appended there */
	unsigned removed;	/* drafts dropped here, expunged there */
	int kept_deleted;	/* \Deleted set, but no UID EXPUNGE */
};

/*
 * Expunges there the drafts dropped here, then appends the new ones. A
 * draft appended whose UID stays unknown (no Message-ID, no UIDPLUS) is
 * added to GONE: the fetch brings the server's copy, which replaces it.
 * Returns 0, or -1 with *cause set.
 */
int sync_drafts_push(const struct sync_drafts_folder *d,
    struct sync_drafts_stats *st, struct sync_gone_list *gone,
    char **cause);

#endif
