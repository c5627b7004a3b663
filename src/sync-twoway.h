/*
 * sync-twoway.h: an IMAP account synced both ways, in phases:
 *
 *   1. the store's changes since the last sync, from notmuch revisions
 *      (any notmuch program counts);
 *   2. each folder: copies the server no longer has found, flags merged
 *      (sync-flags.h), copies moved where their tags send them
 *      (sync-moves.h), the base saved;
 *   3. each folder: new mail fetched (fetch-imap.h), a copy this or
 *      another client moved recognised rather than downloaded again;
 *   4. files of copies gone removed (sync-gone.h), once every folder's
 *      new mail is in, so that mail moved between folders keeps its tags;
 *   5. the store's revision saved as the next start.
 *
 * A kill at any step leaves what is needed to redo the rest: each step
 * is done on both sides before what records it.
 */
#ifndef SYNC_TWOWAY_H
#define SYNC_TWOWAY_H

#include <stddef.h>

#include <libetpan/libetpan.h>

struct sync_job;

/*
 * Syncs the N FOLDERS (wire names) of JOB's account on the logged-in
 * IMAP, and the archive folder the server has. Returns 0, or -1 with
 * *cause set.
 */
int sync_twoway(struct sync_job *job, mailimap *imap,
    const char *const *folders, size_t n, char **cause);

#endif
