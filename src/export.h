/*
 * export.h: messages written out of the store as the user asks: one
 * stream for a pipe or a printer, an mbox file, a maildir. What is
 * written is the message files as they are; nothing is decoded.
 */
#ifndef EXPORT_H
#define EXPORT_H

#include <stddef.h>

/*
 * Writes the N message files PATHS to FD: one message as it is; several
 * as an mboxrd stream (a "From " line before each, and ">From " quoting),
 * which git am, formail and mutt -f read. Returns 0, or -1 with *cause.
 */
int export_stream(const char *const *paths, size_t n, int fd, char **cause);

/* Where export_save() put the messages. */
enum export_kind {
	EXPORT_MBOX,
	EXPORT_MAILDIR,
};

/*
 * Saves the N message files PATHS to DEST: a maildir when DEST is one (it
 * has cur/) or ends in '/' (it is made when missing), each message with
 * its maildir flags; else an mbox file, made when missing, appended to
 * under a lock and fsync'd. A failed append leaves the mbox as it was.
 * An existing file that is not an mbox is refused. *kind says which.
 * Returns 0, or -1 with *cause set.
 */
int export_save(const char *const *paths, size_t n, const char *dest,
    enum export_kind *kind, char **cause);

#endif
