/*
 * answer-guard.h: bounds on what a server may send between two of our
 * commands, so that a broken or hostile server can't keep a client
 * reading for ever (libetpan gathers an answer in memory until it ends,
 * and an answer that never ends defeats any timeout: bytes keep coming).
 *
 *   IMAP   one continuation request ("+" line) per command: a server that
 *          sends more without waiting for us is not waiting for anything.
 *          Literals are skipped by their announced size, so a message
 *          line starting with "+" is no request.
 *   SMTP   64 KB per answer: a real one is a few lines of at most 512
 *          bytes (RFC 5321 4.5.3.1.5).
 *   POP3   no bound: a listing or a message is legitimately any size.
 */
#ifndef ANSWER_GUARD_H
#define ANSWER_GUARD_H

#include <stddef.h>
#include <stdint.h>

#define ANSWER_GUARD_SMTP_MAX (64 * 1024)

struct answer_guard {
	int imap, smtp;		/* which bounds apply */
	size_t read;		/* bytes since our last write */
	unsigned requests;	/* IMAP continuation requests since */
	uint64_t literal;	/* IMAP literal bytes still to come */
	char tail[24];		/* the end of the current line */
	size_t ntail;
	int at_start;		/* the next byte starts a line */
	const char *refused;	/* why reading stopped; NULL while fine */
};

/* A guard for PROTOCOL ("imap", "pop3", "smtp"). */
void answer_guard_init(struct answer_guard *g, const char *protocol);

/* We wrote: a new answer may come. */
void answer_guard_wrote(struct answer_guard *g);

/* Looks at N bytes the server sent; -1 (g->refused set, for good) when
 * they go past a bound. */
int answer_guard_read(struct answer_guard *g, const char *data, size_t n);

#endif
