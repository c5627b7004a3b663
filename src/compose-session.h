/*
 * compose-session.h: one message being written, whoever shows it. A
 * session holds the draft's text, the file the editor edits it in, its
 * copy in the drafts maildir (saved after every change, so a crash never
 * loses what was written) and its end: queued, postponed or aborted.
 * Two front ends drive one: the line screen of "mua compose" in a shell
 * (mua-compose.c) and the UI's compose view, through "mua compose
 * --serve" (compose-serve.h).
 *
 * The store is opened read-write only for each save and closed after
 * it, never held while the user types: a sync (started by IDLE, say)
 * must not wait for the notmuch write lock until the message is done.
 */
#ifndef COMPOSE_SESSION_H
#define COMPOSE_SESSION_H

#include <stddef.h>

#include "buf.h"
#include "compose.h"
#include "gpg.h"

struct config;
struct account;
struct compose_session;

/* What the command line asked for. */
struct compose_request {
	struct compose_start start;
	struct buf to, cc, bcc, body;
	const char **files;
	size_t nfiles;
	const char *draft;	/* --draft: a message to take up */
};

void compose_request_clear(struct compose_request *r);

/* News for the user (a draft recovered, one taken back); one line. */
typedef void compose_say_fn(void *arg, const char *text);

struct compose_session *compose_session_new(const struct config *config,
    compose_say_fn *say, void *arg);

/*
 * Keeps what an interrupted compose left as a draft (said), then makes
 * the first draft for R (a recalled one as it was, else a template) and
 * writes it to the file the editor edits. Returns 0, or -1 with *cause.
 */
int compose_session_start(struct compose_session *s,
    struct compose_request *r, char **cause);

/* The file the editor edits, and the draft's text as last saved. */
const char *compose_session_file(const struct compose_session *s);
const char *compose_session_text(const struct compose_session *s);

/* The drafts folder of the session's account, as the user names it. */
const char *compose_session_drafts(const struct compose_session *s);

/* Writes the draft to its file, for the editor. 0, or -1 with *cause. */
int compose_session_prepare_edit(struct compose_session *s, char **cause);

/*
 * Reads the file back after the editor ran and keeps it. After the first
 * run, a new message the user left as it was is not kept: *unchanged is
 * then 1 (there is nothing to send). Editing a message held in an
 * outbox takes it back (said). Returns 0, or -1 with *cause.
 */
int compose_session_edited(struct compose_session *s, int *unchanged,
    char **cause);

/* The header NAME (To, Cc, Bcc, Subject) set to VALUE; kept. */
int compose_session_set(struct compose_session *s, const char *name,
    const char *value, char **cause);

/* An Attach: line for PATH added, or the INDEXth (from 0) removed. */
int compose_session_attach(struct compose_session *s, const char *path,
    char **cause);
int compose_session_detach(struct compose_session *s, size_t index,
    char **cause);

/*
 * How the passphrase of a key that signs is asked when the message is
 * queued: never (the default; queueing then says the key is locked), or
 * on the terminal (a session run from a shell).
 */
void compose_session_asks(struct compose_session *s, enum gpg_ask ask);

/*
 * Whether the draft will be signed (*sign) and encrypted (*encrypt),
 * in words for the screen (seal-plan.h); caller frees.
 */
char *compose_session_security(struct compose_session *s, int *sign,
    int *encrypt);

/*
 * Builds the message, signs and encrypts it as its Security: line (or
 * crypt_autosign, crypt_opportunistic_encrypt) says, and puts it in the
 * account's outbox (held by send_delay), the draft gone. Returns 1 when
 * queued; 0 when it can't go (no recipient, no way to send, a draft
 * that doesn't parse, a missing key), *why saying so and what to do
 * (caller frees); 2 when the signing key needs its passphrase and may
 * not ask (*why: the key's fingerprint; gpg_unlock() lets gpg-agent hold
 * it); -1 with *cause on a failure.
 */
int compose_session_queue(struct compose_session *s, char **why,
    char **cause);

/*
 * Sends what the outbox holds for the account now, REPORT(ARG, event)
 * told of each message. Returns 0, or -1 with *cause.
 */
struct outbox_event;
int compose_session_flush(struct compose_session *s,
    void (*report)(void *, const struct outbox_event *), void *arg,
    char **cause);

/* The draft thrown away (aborted). 0, or -1 with *cause. */
int compose_session_drop(struct compose_session *s, char **cause);

/* Ends the session: its working files go; the kept draft stays. */
void compose_session_free(struct compose_session *s);

/* The editor: set editor, else $VISUAL, else $EDITOR, else vi. */
const char *compose_editor(const struct config *config);

/*
 * Tab on an address in a draft's To, Cc or Bcc (the shape of
 * ttyline.h's completer; ARG is the session).
 */
void compose_session_complete(void *arg, const char *word, char ***out,
    size_t *n);

#endif
