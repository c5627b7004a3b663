/*
 * mime-build.h: a message built from what the user wrote, by GMime:
 * headers encoded by RFC 2047 where they aren't ASCII, a UTF-8 body in
 * quoted-printable where it needs to be (8bit when the server takes it),
 * attachments typed by their content (libmagic) and named by RFC 2231,
 * and a Message-ID and MIME boundaries nobody can predict.
 */
#ifndef MIME_BUILD_H
#define MIME_BUILD_H

#include <stddef.h>

struct mime_draft {
	const char *from;		/* "Name <user@host>", UTF-8 */
	const char *to, *cc, *bcc;	/* address lists; NULL or "": none */
	const char *reply_to;		/* may be NULL */
	const char *subject;		/* UTF-8; may be NULL */
	const char *in_reply_to;	/* "<id>"; may be NULL */
	const char *references;		/* "<id> <id>"; may be NULL */
	const char *body;		/* UTF-8, LF line ends */
	const char *const *attachments;	/* file paths, NULL-terminated */
	int eight_bit;			/* 8-bit text as it is (8BITMIME) */
};

/* A new Message-ID (no angle brackets) on the domain of the address
 * FROM ("Name <user@host>"; localhost without one); caller frees. */
char *mime_message_id(const char *from);

/*
 * Builds the message D describes: *out gets LEN bytes with LF line ends
 * (caller frees) and *message_id its Message-ID without the angle
 * brackets (caller frees; may be NULL). Bcc is kept in the message, for
 * the copy in the sent folder: smtp.c strips it from what is sent.
 * Returns 0, or -1 with *cause set (a bad address, an attachment that
 * can't be read).
 */
int mime_build(const struct mime_draft *d, char **out, size_t *len,
    char **message_id, char **cause);

/*
 * The addresses (user@host only) of the address LIST ("A <a@x>, b@y"),
 * appended to *addrs (a NULL-terminated array; caller frees each and
 * it). Returns 0, or -1 with *cause set when LIST doesn't parse.
 */
int mime_addresses(const char *list, char ***addrs, size_t *n,
    char **cause);

/* Who a built message goes to, read from its headers. */
struct mime_envelope {
	char *from;		/* the From address, user@host */
	char **rcpts;		/* To, Cc and Bcc addresses, NULL-terminated */
	size_t n;
	char *subject;		/* decoded, for reports; may be "" */
	char *in_reply_to;	/* the Message-ID it answers, or NULL */
	char *message_id;	/* its own, without <>, or NULL */
	int bounce;		/* a wrapper of mime-resend.h */
};

/*
 * Reads the envelope of the LEN bytes of message DATA. Returns 0, or -1
 * with *cause set (no From, no recipient, headers that don't parse).
 */
int mime_envelope_read(const char *data, size_t len, struct mime_envelope *e,
    char **cause);
void mime_envelope_clear(struct mime_envelope *e);

/*
 * The address lists LISTS (N of them, NULL or "" skipped) merged into
 * one ("Name <addr>, ..."; caller frees), each address once (compared
 * without case), leaving out those in DROP (NDROP addr-specs).
 */
char *mime_list_merge(const char *const *lists, size_t n,
    char *const *drop, size_t ndrop);

/* What a reply or a forward needs of the message it answers. */
struct mime_original {
	char *from, *to, *cc, *reply_to, *followup_to;	/* address lists */
	char *list_post;	/* the List-Post address, or NULL */
	char *subject, *date, *message_id, *references;
	char *delivered_to;	/* Delivered-To / X-Original-To, or NULL */
	int encrypted;		/* its body is PGP/MIME encrypted */
};

/*
 * Reads the headers of the message file PATH, decoded to UTF-8; address
 * lists as "Name <addr>, ..." ("" when absent). Returns 0, or -1 with
 * *cause set.
 */
int mime_original_read(const char *path, struct mime_original *o,
    char **cause);
void mime_original_clear(struct mime_original *o);

/*
 * Whether the LEN bytes of DATA hold a byte over 127: 8-bit text, which
 * a server without 8BITMIME must not get as it is.
 */
int mime_has_8bit(const char *data, size_t len);

/*
 * DATA (LEN bytes) for a server without 8BITMIME: each 8-bit part
 * re-encoded as quoted-printable (text) or base64, the rest as it was. A
 * copy (caller frees) with LF line ends, *out_len its length; NULL when
 * the message can't be parsed.
 */
char *mime_to_7bit(const char *data, size_t len, size_t *out_len);

/*
 * DATA (LEN bytes) without its Bcc header fields, as it is transmitted:
 * a copy (caller frees), *out_len its length.
 */
char *mime_without_bcc(const char *data, size_t len, size_t *out_len);

#endif
