/*
 * compose.h: drafts as the user edits them. A draft is the text the
 * editor shows: header lines (From, To, Cc, Bcc, Subject, Reply-To,
 * Attach: lines naming files to attach, Security: whether to sign and
 * encrypt; In-Reply-To and References on a reply), a blank line, the
 * body. It is also what is kept in the drafts
 * maildir, so a crash never loses what was written, and a draft opened
 * again is the same text.
 */
#ifndef COMPOSE_H
#define COMPOSE_H

#include <stddef.h>
#include <time.h>

struct config;
struct account;
struct mime_draft;

enum compose_kind {
	COMPOSE_NEW,
	COMPOSE_REPLY,		/* to the sender (or Reply-To) */
	COMPOSE_GROUP,		/* to everyone, minus you */
	COMPOSE_LIST,		/* to the list (List-Post) */
	COMPOSE_FORWARD,	/* the message inline, quoted by a header */
	COMPOSE_AGAIN,		/* the message's own text, to edit and send
				   anew */
};

/* Who a reply goes to. */
struct compose_recipients {
	char *to, *cc;		/* address lists (caller frees) */
};

struct mime_original;

/*
 * The recipients of a reply of KIND to the message O, for a user whose
 * addresses are the N MINE (addr-specs): a reply goes to Reply-To, else
 * From (to the original recipients when the message is the user's own);
 * a group reply to Mail-Followup-To when set, else to those and every
 * To and Cc, the user left out; a list reply to List-Post. Returns 0, or
 * -1 with *cause set (a list reply to a message from no list).
 */
int compose_recipients(const struct mime_original *o, enum compose_kind kind,
    char *const *mine, size_t n, struct compose_recipients *r, char **cause);
void compose_recipients_clear(struct compose_recipients *r);

/* What starts a draft. */
struct compose_start {
	enum compose_kind kind;
	const char *original;	/* the message answered or forwarded */
	const char *to, *cc, *bcc, *subject, *body;	/* may be NULL */
	const char *const *attachments;	/* NULL-terminated; may be NULL */
};

/*
 * The account that the message file PATH (NULL: none) was sent to, by
 * its To, Cc and Delivered-To; else the default account (NULL when there
 * is none).
 */
const struct account *compose_identity(const struct config *config,
    const char *path);

/*
 * The draft text for S (caller frees): the identity is the account whose
 * address the original was sent to, else the default account; a reply
 * quotes the original under an attribution line; the signature file
 * (set signature) closes the body. *account gets the account. Returns
 * 0, or -1 with *cause set.
 */
int compose_template(const struct config *config,
    const struct compose_start *s, const struct account **account,
    char **text, char **cause);

/* A draft's parts, parsed from its text. */
struct compose_parsed {
	char *from, *to, *cc, *bcc, *subject, *reply_to;
	char *in_reply_to, *references;
	char *security;		/* "sign, encrypt" (seal-plan.h), or NULL */
	char **attachments;	/* NULL-terminated */
	size_t nattachments;
	char *body;
};

/*
 * Parses the draft TEXT. Returns 0, or -1 with *cause set (a header
 * line that isn't one of the draft's, a line that is no header before
 * the blank line).
 */
int compose_parse(const char *text, struct compose_parsed *p, char **cause);
void compose_parsed_clear(struct compose_parsed *p);

/* Fills D from P; D points into P. */
void compose_to_draft(const struct compose_parsed *p, struct mime_draft *d);

/*
 * The draft TEXT with an "Attach: PATH" line added (ADD) or removed
 * (the INDEXth attachment); caller frees.
 */
char *compose_attach(const char *text, const char *path);
char *compose_detach(const char *text, size_t index);

/* The value of the draft TEXT's header NAME (its first line), or NULL;
 * caller frees. */
char *compose_header(const char *text, const char *name);

/* The draft TEXT with header NAME set to VALUE (replaced, or added at
 * the end of the header), or removed when VALUE is NULL; caller frees. */
char *compose_set_header(const char *text, const char *name,
    const char *value);

/*
 * The draft TEXT as it is kept in the drafts maildir: with a Date: of
 * WHEN, so that notmuch dates it (mail without a Date: gets date 0) and
 * lists it among the newest; caller frees.
 */
char *compose_stamp(const char *text, time_t when);

/* Whether the body of P speaks of an attachment while none is there:
 * worth asking before sending. */
int compose_forgot_attachment(const struct compose_parsed *p);

#endif
