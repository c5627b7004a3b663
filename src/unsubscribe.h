/*
 * unsubscribe.h: leaving a mailing list from one of its messages, by its
 * List-Unsubscribe header (RFC 2369) and List-Unsubscribe-Post (RFC 8058
 * one-click). Only the message's header block is read, as bytes.
 */
#ifndef UNSUBSCRIBE_H
#define UNSUBSCRIBE_H

struct unsubscribe {
	char *mailto;	/* the first mailto: URI ("mailto:" in lower case) */
	char *web;	/* the first https: (or http:) URI, or NULL */
	int one_click;	/* List-Unsubscribe-Post says One-Click */
};

/*
 * Reads the unsubscribe ways of the message file PATH into U (all NULL
 * when it has none). Returns 0, or -1 when the file can't be read.
 */
int unsubscribe_read(const char *path, struct unsubscribe *u);

/* Parses the header values LIST (List-Unsubscribe) and POST (may be NULL). */
void unsubscribe_parse(const char *list, const char *post,
    struct unsubscribe *u);

void unsubscribe_clear(struct unsubscribe *u);

#endif
