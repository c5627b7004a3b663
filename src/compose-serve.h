/*
 * compose-serve.h: "mua compose --serve": a compose session driven by
 * the UI's compose view over two pipes, one line each way. The view
 * draws, asks and runs the editor (it has the terminal); this child owns
 * the draft and every write to the store, so the UI never opens the
 * store read-write and a crash here ends the child, not the UI.
 *
 * The view sends (standard input):
 *   edit            write the draft to its file, for the editor
 *   edited          the editor ran: keep what it wrote
 *   set NAME VALUE  a header field (To, Cc, Bcc, Subject, Security)
 *   attach PATH     an Attach: line added
 *   detach N        the Nth attachment (from 1) removed
 *   send            queue it in the outbox
 *   postpone        stop; the draft stays in the drafts folder
 *   abort           stop; the draft goes
 * The end of standard input (the UI went away) postpones.
 *
 * The child answers (standard output), one line per command:
 *   ok              done; the draft's file holds the draft
 *   refused WHY     "send" can't go (no recipient...); the view stays
 *   locked FPR      "send" needs the passphrase of the signing key FPR:
 *                   the view has gpg-agent ask for it (gpg_unlock()),
 *                   then sends again
 *   error CAUSE     the command failed; the draft is as last kept
 *   end HOW [TEXT]  the session is over: queued, postponed (TEXT the
 *                   drafts folder), aborted, unchanged (a new message
 *                   left as it was: nothing kept)
 * and, before any of them: "ready FILE" once, when the first draft is in
 * FILE; "say TEXT" for news (a draft recovered, one taken back). After
 * "ready" and each answer but "end": "security SIGN ENCRYPT TEXT", what
 * sending would do (1 or 0 each) in words. Any other line is a
 * library's or mua's own message, for the log.
 */
#ifndef COMPOSE_SERVE_H
#define COMPOSE_SERVE_H

#include <signal.h>

struct config;
struct compose_request;

/*
 * Serves the session for R until it ends or *STOP becomes non-zero (a
 * hangup: postponed). Returns a MUA_EXIT_* code.
 */
int compose_serve(const struct config *config, struct compose_request *r,
    volatile sig_atomic_t *stop);

#endif
