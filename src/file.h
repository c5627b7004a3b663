/*
 * file.h: whole-file reads and durable writes. "Durable" means the data
 * and the directory entry are fsync'd before the call returns.
 */
#ifndef FILE_H
#define FILE_H

#include <stddef.h>

/*
 * Reads all of PATH into a new NUL-terminated buffer *data of *len bytes
 * (caller frees). Returns 0, or -1 with *cause set.
 */
int file_read(const char *path, char **data, size_t *len, char **cause);

/* Whether a write is on disk when the call returns. */
enum file_sync {
	FILE_SYNC,
	FILE_NO_SYNC,	/* the caller syncs later, e.g. with file_sync_fs() */
};

/*
 * Creates PATH (which must not exist, mode 0600) holding DATA, fsync'd
 * when SYNC is FILE_SYNC. On failure nothing is left at PATH. Returns 0,
 * or -1 with *cause set.
 */
int file_write_new(const char *path, const char *data, size_t len,
    enum file_sync sync, char **cause);

/* Writes all of DATA to FD, retrying short writes and EINTR; -1 with
 * errno set. */
int file_write_all(int fd, const char *data, size_t len);

/*
 * Replaces PATH with DATA atomically and durably: readers see the old or
 * the new content, never a mix, also after a crash.
 */
int file_write_atomic(const char *path, const char *data, size_t len,
    char **cause);

/*
 * Appends DATA to PATH (made, mode 0600, when missing) and fdatasyncs it.
 * A crash can leave a part of DATA at the end: readers of an append-only
 * log skip a last line without its newline.
 */
int file_append(const char *path, const char *data, size_t len,
    char **cause);

/* fsyncs the directory DIR, making renames and links in it durable. */
int file_sync_dir(const char *dir, char **cause);

/*
 * Flushes everything written to the file system holding PATH (syncfs):
 * one call makes a batch of FILE_NO_SYNC writes durable.
 */
int file_sync_fs(const char *path, char **cause);

/* Makes DIR and its missing parents (mode 0700), like mkdir -p. */
int file_make_dirs(const char *dir, char **cause);

/* Makes the directory PATH goes in, as file_make_dirs() does. */
int file_make_parent(const char *path, char **cause);

/*
 * Makes a private (0700) directory under $TMPDIR or /tmp for files
 * handed to other programs; *dir gets its path (caller frees, removes).
 */
int file_temp_dir(char **dir, char **cause);

/*
 * The path of NAME in mua's state directory: $XDG_STATE_HOME/mua, else
 * ~/.local/state/mua (caller frees). Histories, the journal, sync state
 * and trusted pins live there.
 */
char *file_state_path(const char *name);

/*
 * The paths of DIR's entries whose names pass KEEP (NULL: all), *n of
 * them; dot files and file_write_atomic()'s unfinished files are never
 * listed, and a missing DIR has none. Free with file_list_free().
 */
char **file_list(const char *dir, int (*keep)(const char *name), size_t *n);
void file_list_free(char **list, size_t n);

/* Removes PATH and everything under it; a missing PATH is fine. */
int file_remove_tree(const char *path, char **cause);

#endif
