/*
 * maildir.h: durable delivery into maildirs. A delivered message is on disk
 * (file and directory entry fsync'd) before maildir_deliver() returns, so a
 * crash right after can't lose it.
 */
#ifndef MUA_MAILDIR_H
#define MUA_MAILDIR_H

#include <stddef.h>

/*
 * Creates the maildir PATH with its cur/, new/ and tmp/ (and any missing
 * parents, mode 0700). An existing maildir is fine. Returns 0, or -1 with
 * *cause set.
 */
int maildir_make(const char *path, char **cause);

/* How maildir_deliver() makes a message durable. */
enum maildir_sync {
	MAILDIR_SYNC_EACH,	/* fsync file and directory before returning */
	MAILDIR_SYNC_LATER,	/* the caller will file_sync_fs() the batch */
};

/*
 * Writes LEN bytes of DATA as a new message in the maildir DIR: into new/
 * when FLAGS is NULL, else into cur/ with the info suffix ":2,FLAGS" (FLAGS
 * is sorted ASCII like "FS", "" for none). On success returns 0 and, when
 * PATH_OUT is not NULL, the message's final path (caller frees). On failure
 * returns -1 with *cause set and leaves nothing behind in new/ or cur/.
 * SYNC says whether the message is on disk when this returns.
 */
int maildir_deliver(const char *dir, const char *data, size_t len,
    const char *flags, enum maildir_sync sync, char **path_out, char **cause);

/*
 * As maildir_deliver(), with KEY (no '/', ':' or ',') in the file's name:
 * a fetcher names each message by where it came from, so that after a
 * crash it can tell what it delivered and never delivers it twice.
 */
int maildir_deliver_keyed(const char *dir, const char *key, const char *data,
    size_t len, const char *flags, enum maildir_sync sync, char **path_out,
    char **cause);

/*
 * A message arriving piece by piece (a big one is never held whole in
 * memory): written to the maildir's tmp/, then delivered under its key
 * as maildir_deliver_keyed() does, with MAILDIR_SYNC_LATER's promise (the
 * caller syncs the batch).
 */
struct maildir_incoming {
	char *name;	/* the unique base name */
	char *tmp;	/* its path in tmp/ */
	int fd;
	int pending_cr;	/* the last piece ended in CR (see _write_wire) */
};

/* Starts a message in the maildir DIR. Returns 0, or -1 with *cause. */
int maildir_incoming_open(const char *dir, struct maildir_incoming *in,
    char **cause);

/* Appends LEN bytes of DATA as a protocol sent them (CRLF line ends,
 * written as LF; see maildir_from_wire()). */
int maildir_incoming_write_wire(struct maildir_incoming *in, const char *data,
    size_t len, char **cause);

/*
 * Delivers the message into DIR's new/ (FLAGS NULL) or cur/, its name
 * carrying KEY; *path_out gets its path (caller frees). On failure,
 * nothing is left behind. Either way IN is done with.
 */
int maildir_incoming_finish(struct maildir_incoming *in, const char *dir,
    const char *key, const char *flags, char **path_out, char **cause);

/* Throws the message away. */
void maildir_incoming_abort(struct maildir_incoming *in);

/*
 * As maildir_deliver_keyed() with MAILDIR_SYNC_LATER, from LEN bytes of
 * DATA as a protocol sent them: lines ending in CRLF, written with LF as
 * maildirs on Unix hold them (and other fetchers write them, and notmuch
 * expects). Goes through maildir_incoming_*, so there is one conversion.
 */
int maildir_deliver_wire(const char *dir, const char *key, const char *data,
    size_t len, const char *flags, char **path_out, char **cause);

/*
 * Delivers the message in the file SRC again into DIR's cur/ under KEY
 * and FLAGS, as a hard link (a copy across file systems), with
 * MAILDIR_SYNC_LATER's promise: a copy moved on the server whose bytes
 * are here already. *path_out gets the new path. Returns 0, or -1 with
 * *cause set.
 */
int maildir_link_keyed(const char *dir, const char *key, const char *src,
    const char *flags, char **path_out, char **cause);

/* The key in the name of the maildir file PATH (",mua=KEY"), or NULL
 * (caller frees). */
char *maildir_key(const char *path);

/* The keys of the messages in a maildir's new/ and cur/, and their paths. */
struct maildir_keys {
	char **keys, **paths;
	size_t n;
};

void maildir_keys(const char *dir, struct maildir_keys *keys);

/* The path of the message with KEY, or NULL (it belongs to KEYS). */
const char *maildir_keys_find(const struct maildir_keys *keys,
    const char *key);
void maildir_keys_free(struct maildir_keys *keys);

/* Returns a new maildir base name, unique on this host (caller frees). */
char *maildir_unique_name(void);

#endif
