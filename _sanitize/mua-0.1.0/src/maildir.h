/*
 * maildir.h: durable delivery into maildirs. A delivered message is on disk
 * (file and directory entry fsync'd) before maildir_deliver() returns, so a
 * crash right after can't lose it.
 */
#ifndef MAILDIR_H
#define MAILDIR_H

#include <stddef.h>

/*
 * Creates the maildir PATH with its cur/, new/ and tmp/ (and any missing
 * parents, mode 0700). An existing maildir is fine. Returns 0, or -1 with
 * *cause set.
 */
int maildir_make(const char *path, char **cause);

/*
 * Writes LEN bytes of DATA as a new message in the maildir DIR: into new/
 * when FLAGS is NULL, else into cur/ with the info suffix ":2,FLAGS" (FLAGS
 * is sorted ASCII like "FS", "" for none). On success returns 0 and, when
 * PATH_OUT is not NULL, the message's final path (caller frees). On failure
 * returns -1 with *cause set and leaves nothing behind in new/ or cur/.
 */
int maildir_deliver(const char *dir, const char *data, size_t len,
    const char *flags, char **path_out, char **cause);

/* Returns a new maildir base name, unique on this host (caller frees). */
char *maildir_unique_name(void);

#endif
