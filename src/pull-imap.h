/*
 * pull-imap.h: what changed on the server in the selected folder: the
 * flags of copies (since a MODSEQ, with CONDSTORE) and which UIDs are
 * still there.
 */
#ifndef PULL_IMAP_H
#define PULL_IMAP_H

#include <stddef.h>
#include <stdint.h>

#include <libetpan/libetpan.h>

/* A copy's flags on the server. */
struct pull_flags {
	uint32_t uid;
	unsigned bits;		/* flagmap.h */
};

/*
 * The flags of the selected folder's copies with UIDs in SET, of those
 * changed after MODSEQ only when MODSEQ is not 0 (the server must offer
 * CONDSTORE then), ascending by UID in *out (caller frees). Returns 0, or
 * -1 with *cause set.
 */
int pull_imap_flags(mailimap *imap, struct mailimap_set *set,
    uint64_t modseq, struct pull_flags **out, size_t *n, char **cause);

/*
 * The UIDs from FROM up in the selected folder, ascending, in *out
 * (caller frees). Returns 0, or -1 with *cause set.
 */
int pull_imap_uids(mailimap *imap, uint32_t from, uint32_t **out, size_t *n,
    char **cause);

/* UIDs from FIRST to LAST, both in. */
struct pull_range {
	uint32_t first, last;
};

/*
 * The UIDs up to LAST expunged from the selected folder since MODSEQ, by
 * QRESYNC's VANISHED (enabled before the SELECT), in *out as ranges
 * (caller frees), ascending, not overlapping. Returns 1; 0 when the
 * server refused (nothing is known then); -1 with *cause set when the
 * link failed.
 */
int pull_imap_vanished(mailimap *imap, uint64_t modseq, uint32_t last,
    struct pull_range **out, size_t *n, char **cause);

#endif
