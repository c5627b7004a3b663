/*
 * sync-moves.h: where a copy goes on the server when its marks changed
 * here (flagmap.h: inbox, deleted, spam), each rule acting on a change
 * since the last sync, never on a state:
 *
 *   inbox taken away, in INBOX          to the archive folder
 *   inbox given, in the archive         to INBOX
 *   deleted given                       by delete_policy: to the trash
 *                                       (in the trash itself: expunged),
 *                                       expunged, or flagged \Deleted
 *   deleted taken away, in the trash    to INBOX
 *   spam given                          to the junk folder
 *   spam taken away, in the junk        to INBOX
 *
 * The local file follows by itself: the copy vanishes from this folder
 * and appears in the other, where the fetch recognises it (sync-gone.h,
 * fetch-imap.h).
 */
#ifndef SYNC_MOVES_H
#define SYNC_MOVES_H

#include <stddef.h>
#include <stdint.h>

#include <libetpan/libetpan.h>

#include "sync-flags.h"
#include "sync-roles.h"

struct sync_moves_folder {
	mailimap *imap;			/* the folder selected */
	const char *name;		/* its wire name */
	enum sync_role role;
	const struct sync_roles *roles;
	const char *policy;		/* delete_policy */
};

struct sync_moves_stats {
	unsigned moved;		/* copies moved or expunged there */
	unsigned missing;	/* 1 << role: a move had no folder to go to */
	int kept_deleted;	/* \Deleted set, but no UID EXPUNGE to remove */
};

/*
 * Moves the N MARKED copies where their marks send them. *gone gets the
 * UIDs that left the folder (caller frees). Returns 0, or -1 with *cause.
 */
int sync_moves_folder(const struct sync_moves_folder *m,
    const struct sync_marked *marked, size_t n, uint32_t **gone,
    size_t *ngone, struct sync_moves_stats *st, char **cause);

#endif
