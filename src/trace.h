/*
 * trace.h: the protocol conversation written to a file for debugging
 * (mua --trace FILE): each line a client or server sent, as a mail
 * textbook shows an SMTP dialogue, with credentials redacted. The trace
 * sits between libetpan and the connection (plain or TLS), so it shows
 * what is said in clear text even on an encrypted link.
 */
#ifndef TRACE_H
#define TRACE_H

#include "mua.h"

struct _mailstream;
struct trace;

/*
 * Opens PATH (created 0600, appended to) as the process's trace file.
 * Returns 0, or -1 with *cause set. Without it, tracing is off.
 */
int trace_open(const char *path, char **cause);

/*
 * A traced conversation with PROTOCOL ("imap", "pop3" or "smtp") at
 * HOST, or NULL when tracing is off. SECRET (may be NULL), the password
 * or token, is never written, wherever it appears.
 */
struct trace *trace_new(const char *protocol, const char *host,
    const char *secret);
void trace_free(struct trace *trace);

/*
 * Puts TRACE between STREAM and its current connection; call again
 * after STARTTLS replaced the connection. Does nothing when TRACE is
 * NULL.
 */
void trace_wrap(struct trace *trace, struct _mailstream *stream);

/* Writes a note (a "--" line) about the conversation, such as a verdict. */
void trace_note(struct trace *trace, const char *fmt, ...)
    MUA_PRINTF(2, 3);

#endif
