/*
 * push-imap.h: local changes sent to the server: flags added to and
 * taken from copies in the selected folder.
 */
#ifndef PUSH_IMAP_H
#define PUSH_IMAP_H

#include <stddef.h>
#include <stdint.h>

#include <libetpan/libetpan.h>

/* A change to one copy's flags (flagmap.h bits). */
struct push_change {
	uint32_t uid;
	unsigned add, remove;
};

/*
 * Sends the N CHANGES, grouping copies that change alike into one UID
 * STORE (+FLAGS.SILENT, -FLAGS.SILENT): only the flags that changed are
 * named, so another client's change to another flag meanwhile stays.
 * Calls DONE after each STORE the server accepted. Returns 0, or -1
 * with *cause set.
 */
int push_imap_flags(mailimap *imap, struct push_change *changes, size_t n,
    void (*done)(void *arg), void *arg, char **cause);

/* How the server can move mail, from its capabilities. */
enum push_imap_way {
	PUSH_IMAP_MOVE,		/* UID MOVE (RFC 6851) */
	PUSH_IMAP_COPY_EXPUNGE,	/* UID COPY, \Deleted, UID EXPUNGE (UIDPLUS) */
	PUSH_IMAP_COPY_ONLY,	/* UID COPY and \Deleted: no UID EXPUNGE, and
				 * a plain EXPUNGE would also remove other
				 * clients' \Deleted mail */
};

enum push_imap_way push_imap_way(mailimap *imap);

/*
 * Moves the N copies UIDS of the selected folder to FOLDER (a wire name)
 * the best way the server offers. Returns 0, or -1 with *cause set.
 */
int push_imap_move(mailimap *imap, const uint32_t *uids, size_t n,
    const char *folder, char **cause);

/*
 * Marks the N copies UIDS \Deleted and, when EXPUNGE and the server has
 * UID EXPUNGE, expunges exactly them. Returns 0, or -1 with *cause set.
 */
int push_imap_delete(mailimap *imap, const uint32_t *uids, size_t n,
    int expunge, char **cause);

#endif
