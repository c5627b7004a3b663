/*
 * append-imap.h: sent mail copied to the server's Sent folder, exactly
 * once. The outbox files a sent message here, then leaves a note in the
 * state directory (append/ACCOUNT/KEY, holding the local copy's path);
 * the next IMAP session of the account (mua send's own, right after, or
 * else mua sync's) appends it. Before each APPEND the folder is searched
 * for the Message-ID, so a note a crash left after the APPEND is only
 * forgotten.
 */
#ifndef APPEND_IMAP_H
#define APPEND_IMAP_H

#include <stdint.h>

struct account;
struct mailimap;
struct syncstate;

/*
 * Appends the message at PATH to FOLDER (a wire name, selected) with the
 * flagmap.h flags BITS, unless FOLDER has a message with its Message-ID
 * that BASE (may be NULL) doesn't hold: one appended before a crash.
 * Returns 1 when appended, 0 when it was there (or its file is gone), -1
 * with *cause set. *uid gets its UID there (0: unknown; without UIDPLUS
 * it is searched for by the Message-ID).
 */
int append_imap_file(struct mailimap *imap, const char *folder,
    const char *path, unsigned bits, const struct syncstate *base,
    uint32_t *uid, char **cause);

/* Notes that the sent copy at PATH (outbox key KEY) is to be appended.
 * Returns 0, or -1 with *cause set. */
int append_imap_note(const struct account *a, const char *key,
    const char *path, char **cause);

/* Whether notes of A wait. */
int append_imap_waiting(const struct account *a);

/*
 * Appends A's noted copies to FOLDER (a wire name), \Seen, each unless
 * the folder has its Message-ID already, and forgets each note after;
 * *appended counts the APPENDs. DONE (may be NULL) is called with the
 * path of each copy now on the server, and its UIDVALIDITY and UID there
 * when the server said (UIDPLUS), else a UID of 0; it returns 0, or -1
 * with *cause set, which stops the appends. Returns 0, or -1 with *cause set.
 */
int append_imap_pending(struct mailimap *imap, const struct account *a,
    const char *folder, unsigned *appended,
    int (*done)(void *arg, const char *path, uint32_t validity,
    uint32_t uid, char **cause), void *arg, char **cause);

/* Forgets A's notes: the server files sent mail itself (Gmail). */
void append_imap_forget(const struct account *a);

#endif
