/*
 * sync.h: an account's mail fetched into the store: connect (TLS always,
 * unless the account says tls = none), log in, fetch by IMAP (each
 * folder) or POP3 (the mailbox), write, index, then remember.
 */
#ifndef SYNC_H
#define SYNC_H

#include <stdint.h>

#include "fetch-imap.h"

struct account;
struct config;
struct session;
struct store;

typedef void sync_progress_fn(void *arg, const char *folder, unsigned done,
    unsigned total, unsigned long long bytes);

struct sync_job {
	const struct config *config;
	const struct account *account;
	struct store *store;		/* read-write */
	sync_progress_fn *progress;	/* as struct fetch_folder's; may be NULL */
	void *progress_arg;
	struct fetch_stats stats;	/* what arrived, also on failure */
	int append_only;		/* IMAP: only the sent copies noted */
};

/*
 * Fetches the new mail of JOB's account into its maildirs under the
 * store's mail root and indexes it. Returns 0, or -1 with *cause set.
 */
int sync_account(struct sync_job *job, char **cause);

/*
 * One sync at a time per account: two at once (cron beside the UI) would
 * each write the same new messages. The lock is an flock on a file in
 * the state directory, let go when the process ends, however it ends.
 * Returns the descriptor holding it; with NOWAIT, -1 when another sync
 * holds it; else it waits, saying so on stderr. -1 with *cause when the
 * lock file can't be made.
 */
int sync_lock(const struct account *a, int nowait, char **cause);

/* For the protocol modules below. */

/* The maildir for FOLDER: <mail root>/<account maildir>/FOLDER. */
char *sync_maildir(const struct sync_job *job, const char *folder);

/* The state file for FOLDER, its directory made. NULL with *cause. */
char *sync_state_path(const struct sync_job *job, const char *folder,
    char **cause);

/* FOLDER (UTF-8) as one path element: '/' and a leading dot can't
 * escape, nor collide with the state's own dot files (caller frees). */
char *sync_folder_path(const char *folder);

/*
 * The file PATH, now on the server as UID of a folder numbered VALIDITY:
 * linked into the maildir DIR under its key with maildir flags LETTERS
 * (kill point AREA "linked"; a link a crash left is taken instead),
 * indexed (its message keeps its tags), committed, and its old name gone.
 * *named (may be NULL) gets the new path. Returns 0, or -1 with *cause.
 */
int sync_keyed(struct store *store, const char *area, const char *dir,
    const char *path, uint32_t validity, uint32_t uid, const char *letters,
    char **named, char **cause);

/* The account's new_tags, NULL-terminated (free the array only). */
const char **sync_new_tags(const struct sync_job *job);

/* Each logs in on S (its password read) and fetches; 0 or -1 + *cause. */
int sync_imap(struct sync_job *job, struct session *s, char **cause);
int sync_pop3(struct sync_job *job, struct session *s, char **cause);

/* Connects to S's IMAP server and logs in (its password read); NULL
 * with *cause. sync_imap_drop() leaves without LOGOUT, which on a
 * failed link would only wait. */
struct mailimap;
struct mailimap *sync_imap_open(struct session *s, char **cause);
void sync_imap_drop(struct mailimap *imap);

/* Each connects to S's server and gets onto TLS, then leaves: what
 * "mua trust" needs to see the certificate. 0, or -1 with *cause. */
int sync_imap_probe(struct session *s, char **cause);
int sync_pop3_probe(struct session *s, char **cause);

#endif
