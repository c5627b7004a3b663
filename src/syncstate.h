/*
 * syncstate.h: what a folder's copies looked like when the server and
 * the store last agreed, the base of the three-way merge of flags. Per
 * UID it keeps the flags (flagmap.h bits) both sides had; for the folder
 * its UIDVALIDITY and the HIGHESTMODSEQ the flags are known up to.
 *
 * The file is a log: each change is appended and fdatasync'd, so a kill
 * between two server operations forgets nothing already done; it is
 * rewritten whole, atomically, when the log has grown to twice what it
 * holds.
 */
#ifndef SYNCSTATE_H
#define SYNCSTATE_H

#include <stddef.h>
#include <stdint.h>

struct syncstate;

/*
 * Reads the base of PATH for the folder numbered VALIDITY: a missing
 * file, or one of another UIDVALIDITY, gives an empty base. Returns 0,
 * or -1 with *cause set (a file that can't be read).
 */
int syncstate_open(const char *path, uint32_t validity,
    struct syncstate **out, char **cause);

/* The flags of UID in *bits; 0, or -1 when the base has no UID. */
int syncstate_get(const struct syncstate *st, uint32_t uid, unsigned *bits);

/* Records UID with BITS, or forgets it; kept in memory until saved. */
void syncstate_set(struct syncstate *st, uint32_t uid, unsigned bits);
void syncstate_drop(struct syncstate *st, uint32_t uid);

/* The HIGHESTMODSEQ the flags are known up to (0: none). */
uint64_t syncstate_modseq(const struct syncstate *st);
void syncstate_set_modseq(struct syncstate *st, uint64_t modseq);

/* The UIDs recorded, ascending, *n of them (they belong to ST and
 * stay valid until the next change). */
const uint32_t *syncstate_uids(struct syncstate *st, size_t *n);

/* Writes what changed since the last save. Returns 0, or -1 + *cause. */
int syncstate_save(struct syncstate *st, char **cause);

void syncstate_free(struct syncstate *st);

#endif
