/* mime-int.h: what the mime*.c files share; only they include GMime. */
#ifndef MIME_INT_H
#define MIME_INT_H

#include <gmime/gmime.h>

/* Parts nested deeper than this are noted, not shown or listed. */
#define MIME_MAX_DEPTH 64

/* Sets GMime up, once; every entry point into mime*.c calls it. */
void mime_init(void);

/* Parses the message file PATH (GMime is set up on first use). */
GMimeMessage *mime_parse_file(const char *path, char **cause);

/* Parses the LEN bytes of DATA (copied); NULL when it is no message. */
GMimeMessage *mime_parse_data(const char *data, size_t len);

/* "text/plain" for OBJ (caller frees). */
char *mime_type(GMimeObject *obj);

/*
 * Parses the address LIST (names to be encoded in UTF-8); NULL with
 * *cause ("WHAT: ... is not a list of mail addresses") when any part is
 * no address.
 */
InternetAddressList *mime_parse_addresses(const char *what, const char *list,
    char **cause);

/* Adds the address list TEXT (if any) to MSG's TYPE addresses; -1 with
 * *cause as mime_parse_addresses() sets it. */
int mime_add_addresses(GMimeMessage *msg, GMimeAddressType type,
    const char *what, const char *text, char **cause);

/*
 * OBJ as text (its header only, with HEADER_ONLY), LF line ends, RFC 2231
 * parameters (caller frees).
 */
char *mime_write(GMimeObject *obj, int header_only);

/*
 * Checks the signatures of MPS with the user's keyring and adds notes
 * on each to DOC: good (who, their key, how certified), bad, unknown
 * key, or why it couldn't be checked; and when the signer is not FROM
 * (the address the message is From; NULL: not compared). mime-crypt.c.
 */
struct mime_doc;
void mime_verify(GMimeMultipartSigned *mps, const char *from,
    struct mime_doc *doc);

/*
 * Decrypts MPE as O says (o->decrypt), with o->session_key first, and
 * returns what it held, parsed (caller unrefs), after notes on the
 * signatures it held (as mime_verify()'s). NULL when it can't: a note
 * says why (a key that needs its passphrase sets doc->locked).
 */
struct mime_options;
GMimeObject *mime_decrypt(GMimeMultipartEncrypted *mpe,
    const struct mime_options *o, const char *from, struct mime_doc *doc);


/* The decoded size of a part, estimated from its encoded content. */
gint64 mime_part_size(GMimePart *part);

#endif
