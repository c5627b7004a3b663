/*
 * mua-idle.h: the "mua idle" verb, the UI's watcher of a folder. It keeps
 * an IMAP IDLE (RFC 2177) on one folder and says each time the server
 * tells of a change; it reads and writes no store, so it never holds the
 * notmuch lock: the UI syncs when told. A child of its own, as a sync
 * is, so that a server crashing libetpan ends it and not the UI.
 */
#ifndef MUA_IDLE_H
#define MUA_IDLE_H

/*
 * mua idle ACCOUNT [FOLDER]: logs in to ACCOUNT's IMAP server, examines
 * FOLDER (default INBOX), prints "watching FOLDER" once the server has
 * taken the IDLE, then "changed FOLDER" after each change it announces
 * (EXISTS, EXPUNGE, FETCH...),
 * re-issuing the IDLE before 29 minutes. It ends only when killed
 * (MUA_EXIT_OK never), when the link fails (MUA_EXIT_FAILURE) or when the
 * server has no IDLE (MUA_EXIT_NO_IDLE), the cause on standard error.
 */
int mua_idle(const char *file, int argc, char **argv);

#endif
