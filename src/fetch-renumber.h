/*
 * fetch-renumber.h: the copies a renumbered IMAP folder leaves behind.
 * When a server changes a folder's UIDVALIDITY, every UID is new, so the
 * folder is fetched again under the new number, and the files kept under
 * the old one become second copies of the same messages.
 */
#ifndef FETCH_RENUMBER_H
#define FETCH_RENUMBER_H

#include <stdint.h>

struct store;

/*
 * In MAILDIR, removes (from the index and the disk) each file fetched
 * under a UIDVALIDITY other than VALIDITY that has a byte-identical copy
 * fetched under VALIDITY. A file without one stays: its message is gone
 * from the server or changed, and fetching never deletes mail. The
 * message keeps its tags through its remaining copy. Returns 0, or -1
 * with *cause set.
 */
int fetch_drop_renumbered(const char *maildir, uint32_t validity,
    struct store *store, char **cause);

#endif
