/* sync-moves.c: copies moved where their tags send them; see sync-moves.h. */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>

#include "flagmap.h"
#include "killpoint.h"
#include "mua.h"
#include "push-imap.h"
#include "sync-moves.h"

/* Where a copy goes: a role's folder, INBOX, or one of these. */
enum {
	STAY = SYNC_ROLE_NONE,
	EXPUNGE,
	FLAG_DELETED,
	NDEST,
};

static int
deleted_to(const struct sync_moves_folder *m)
{
	if (strcmp(m->policy, "flag") == 0)
		return FLAG_DELETED;
	if (strcmp(m->policy, "expunge") == 0 || m->role == SYNC_ROLE_TRASH)
		return EXPUNGE;
	return SYNC_ROLE_TRASH;
}

/* Where the change of marks from BEFORE to NOW sends a copy. */
static int
destination(const struct sync_moves_folder *m, unsigned before, unsigned now)
{
	unsigned added = now & ~before, removed = before & ~now;

	if (added & FLAGMAP_DELETED)
		return deleted_to(m);
	if ((added & FLAGMAP_SPAM) && m->role != SYNC_ROLE_JUNK)
		return SYNC_ROLE_JUNK;
	if ((removed & FLAGMAP_SPAM) && m->role == SYNC_ROLE_JUNK)
		return SYNC_ROLE_INBOX;
	if ((removed & FLAGMAP_DELETED) && m->role == SYNC_ROLE_TRASH)
		return SYNC_ROLE_INBOX;
	if (now & (FLAGMAP_DELETED | FLAGMAP_SPAM))
		return STAY;
	if ((removed & FLAGMAP_INBOX) && m->role == SYNC_ROLE_INBOX)
		return SYNC_ROLE_ARCHIVE;
	if ((added & FLAGMAP_INBOX) && m->role == SYNC_ROLE_ARCHIVE)
		return SYNC_ROLE_INBOX;
	return STAY;
}

/* The wire name of DEST's folder, NULL when the server has none. */
static const char *
folder_of(const struct sync_moves_folder *m, int dest)
{
	return dest == SYNC_ROLE_INBOX ? "INBOX" : m->roles->folder[dest];
}

/* Sends the N copies UIDS to DEST; those that left go to GONE. */
static int
send_to(const struct sync_moves_folder *m, int dest, const uint32_t *uids,
    size_t n, uint32_t *gone, size_t *ngone, struct sync_moves_stats *st,
    char **cause)
{
	const char *folder;
	int rc, left = 1;

	if (dest == FLAG_DELETED || dest == EXPUNGE) {
		rc = push_imap_delete(m->imap, uids, n, dest == EXPUNGE, cause);
		left = dest == EXPUNGE &&
		    push_imap_way(m->imap) != PUSH_IMAP_COPY_ONLY;
		st->kept_deleted |= dest == EXPUNGE && !left;
	} else if ((folder = folder_of(m, dest)) == NULL) {
		st->missing |= 1u << dest;	/* it stays, and we say so */
		return 0;
	} else if (strcmp(folder, m->name) == 0)
		return 0;
	else {
		rc = push_imap_move(m->imap, uids, n, folder, cause);
		left = push_imap_way(m->imap) != PUSH_IMAP_COPY_ONLY;
		st->kept_deleted |= !left;
	}
	if (rc == -1)
		return -1;
	killpoint("twoway", "moved");
	st->moved += (unsigned)n;
	if (left) {
		memcpy(gone + *ngone, uids, n * sizeof *uids);
		*ngone += n;
	}
	return 0;
}

int
sync_moves_folder(const struct sync_moves_folder *m,
    const struct sync_marked *marked, size_t n, uint32_t **gone,
    size_t *ngone, struct sync_moves_stats *st, char **cause)
{
	uint32_t *uids = xcalloc(n + 1, sizeof *uids);
	size_t i, k;
	int dest, rc = 0;

	*gone = xcalloc(n + 1, sizeof **gone);
	*ngone = 0;
	for (dest = 0; dest < NDEST && rc == 0; dest++) {
		if (dest == STAY)
			continue;
		for (i = k = 0; i < n; i++)
			if (destination(m, marked[i].before, marked[i].now) ==
			    dest)
				uids[k++] = marked[i].uid;
		if (k > 0)
			rc = send_to(m, dest, uids, k, *gone, ngone, st, cause);
	}
	free(uids);
	return rc;
}
