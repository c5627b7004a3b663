/*
 * mime-crypt.c: signed and encrypted parts (PGP/MIME, RFC 3156) for the
 * pager. GMime asks gpg (through gpgme) with the user's keyring
 * (GNUPGHOME), never fetching a key; each signature becomes notes that
 * say who signed, whether the key is certified as theirs, and whether
 * that is who the message is From. What a signature covers is shown
 * between begin and end marks by the caller, so a "good signature"
 * never extends to text the signer did not sign.
 *
 * Decryption is not here: through GMime, gpg-agent's pinentry would
 * open on the terminal curses owns (or hang on none), as it does for
 * other clients; it needs gpgme's pinentry modes, which GMime hides.
 */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gpg.h"
#include "mime-int.h"
#include "mime.h"
#include "mua.h"

/* The fingerprint FPR in groups of four, as gpg prints it. */
static char *
grouped(const char *fpr)
{
	size_t n = strlen(fpr), i, k = 0;
	char *out = xmalloc(n + n / 4 + 2);

	for (i = 0; i < n; i++) {
		if (i > 0 && i % 4 == 0)
			out[k++] = ' ';
		out[k++] = fpr[i];
	}
	out[k] = '\0';
	return out;
}

/* How sure the keyring is that the key is its owner's. */
static const char *
certified(enum gpg_validity v)
{
	switch (v) {
	case GPG_VALID_ULTIMATE:
		return "certified (ultimately: your own)";
	case GPG_VALID_FULL:
		return "certified (fully)";
	case GPG_VALID_MARGINAL:
		return "certified only marginally";
	case GPG_VALID_NEVER:
		return "marked never valid in your keyring";
	default:
		return "not certified: that it is the signer's is unproven";
	}
}

/* The key's troubles, if any, as notes. */
static void
troubles(struct mime_doc *doc, const struct gpg_sig *s)
{
	if (s->revoked)
		mime_doc_add(doc, MIME_NOTE, "[-- The key was revoked --]");
	if (s->key_expired)
		mime_doc_add(doc, MIME_NOTE, "[-- The key has expired --]");
	if (s->sig_expired)
		mime_doc_add(doc, MIME_NOTE, "[-- The signature has expired --]");
}

/* The notes on the signature S of a message From FROM. */
static void
sig_notes(struct mime_doc *doc, const struct gpg_sig *s, const char *from)
{
	const char *uid = s->uid != NULL ? s->uid : "";
	char *key = grouped(s->fpr != NULL ? s->fpr : "?"), *note;

	if (s->bad)
		note = xasprintf("[-- BAD signature%s%s, key %s: the text was "
		    "changed after it was signed, or the signature is forged "
		    "--]", *uid ? " by " : "", uid, key);
	else if (s->missing)
		note = xasprintf("[-- Signed with key %s, not in your keyring: "
		    "not checked (gpg --recv-keys %s fetches it) --]", key,
		    s->fpr != NULL ? s->fpr : "");
	else if (s->failed)
		note = xasprintf("[-- The signature by key %s could not be "
		    "checked: gpg failed --]", key);
	else
		note = xasprintf("[-- Good signature from %s, key %s, %s --]",
		    uid, key, certified(s->validity));
	mime_doc_add(doc, MIME_NOTE, note);
	free(note);
	troubles(doc, s);
	if (!s->missing && !s->is_from) {
		note = xasprintf("[-- The signer is not the sender: the key is "
		    "%s's, the message is From %s --]", s->email ? s->email :
		    "someone else", from);
		mime_doc_add(doc, MIME_NOTE, note);
		free(note);
	}
	free(key);
}

static enum gpg_validity
validity(GMimeCertificate *c)
{
	switch (c != NULL ? g_mime_certificate_get_id_validity(c) :
	    GMIME_VALIDITY_UNKNOWN) {
	case GMIME_VALIDITY_ULTIMATE:
		return GPG_VALID_ULTIMATE;
	case GMIME_VALIDITY_FULL:
		return GPG_VALID_FULL;
	case GMIME_VALIDITY_MARGINAL:
		return GPG_VALID_MARGINAL;
	case GMIME_VALIDITY_NEVER:
		return GPG_VALID_NEVER;
	default:
		return GPG_VALID_UNKNOWN;
	}
}

/* GMime's signature SIG as a struct gpg_sig (clear it after). */
static void
from_gmime(GMimeSignature *sig, const char *from, struct gpg_sig *s)
{
	GMimeSignatureStatus st = g_mime_signature_get_status(sig);
	GMimeCertificate *c = g_mime_signature_get_certificate(sig);
	const char *fpr = c ? g_mime_certificate_get_fingerprint(c) : NULL;
	const char *uid = c ? g_mime_certificate_get_user_id(c) : NULL;
	const char *email = c ? g_mime_certificate_get_email(c) : NULL;

	memset(s, 0, sizeof *s);
	s->bad = (st & GMIME_SIGNATURE_STATUS_RED) != 0;
	s->missing = !s->bad && (st & GMIME_SIGNATURE_STATUS_KEY_MISSING);
	s->failed = !s->bad && !s->missing &&
	    (st & (GMIME_SIGNATURE_STATUS_SYS_ERROR |
	    GMIME_SIGNATURE_STATUS_BAD_POLICY)) != 0;
	s->revoked = (st & GMIME_SIGNATURE_STATUS_KEY_REVOKED) != 0;
	s->key_expired = (st & GMIME_SIGNATURE_STATUS_KEY_EXPIRED) != 0;
	s->sig_expired = (st & GMIME_SIGNATURE_STATUS_SIG_EXPIRED) != 0;
	s->fpr = fpr != NULL ? xstrdup(fpr) : NULL;
	s->uid = uid != NULL ? xstrdup(uid) : NULL;
	s->email = email != NULL ? xstrdup(email) : NULL;
	s->is_from = c == NULL || from == NULL ||
	    (email != NULL && strcasecmp(email, from) == 0);
	s->validity = validity(c);
}

static void
one_signature(struct mime_doc *doc, GMimeSignature *sig, const char *from)
{
	struct gpg_sig s;

	from_gmime(sig, from, &s);
	sig_notes(doc, &s, from);
	gpg_sig_clear(&s);
}

/* A note "[-- WHAT: the library's error --]". */
static void
failed(struct mime_doc *doc, const char *what, GError *err)
{
	char *note = xasprintf("[-- %s: %s --]", what, err != NULL ?
	    err->message : "no reason given");

	mime_doc_add(doc, MIME_NOTE, note);
	free(note);
	if (err != NULL)
		g_error_free(err);
}

/* Notes on each signature of LIST (may be NULL: none). */
static void
signatures(GMimeSignatureList *list, const char *from, struct mime_doc *doc)
{
	int i, n = list != NULL ? g_mime_signature_list_length(list) : 0;

	for (i = 0; i < n; i++)
		one_signature(doc, g_mime_signature_list_get_signature(list, i),
		    from);
}

void
mime_verify(GMimeMultipartSigned *mps, const char *from,
    struct mime_doc *doc)
{
	GError *err = NULL;
	GMimeSignatureList *list;

	list = g_mime_multipart_signed_verify(mps, GMIME_VERIFY_NONE, &err);
	if (list == NULL || g_mime_signature_list_length(list) <= 0)
		failed(doc, "The signature could not be checked", err);
	else
		signatures(list, from, doc);
	if (list != NULL)
		g_object_unref(list);
}

/* PART's content, decoded, in a memory stream (caller unrefs). */
static GMimeStream *
content_stream(GMimeObject *part)
{
	GMimeStream *mem = g_mime_stream_mem_new();

	if (GMIME_IS_PART(part) && g_mime_part_get_content(GMIME_PART(part)))
		g_mime_data_wrapper_write_to_stream(g_mime_part_get_content(
		    GMIME_PART(part)), mem);
	return mem;
}

/* The decrypted text PLAIN as a MIME part; NULL if it is none. */
static GMimeObject *
parse_part(const struct gpg_plain *plain)
{
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(plain->data,
	    plain->len);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	GMimeObject *part = g_mime_parser_construct_part(parser, NULL);

	g_object_unref(parser);
	g_object_unref(stream);
	return part;
}

/* The note for a decryption that failed WHY (CAUSE: gpg's words). */
static void
not_decrypted(struct mime_doc *doc, enum gpg_failure why, const char *cause)
{
	char *note;

	if (why == GPG_LOCKED) {
		doc->locked = 1;
		mime_doc_add(doc, MIME_NOTE, "[-- Encrypted (PGP/MIME) to your "
		    "key, which needs its passphrase: P asks for it --]");
		return;
	}
	if (why == GPG_NO_SECRET_KEY)
		note = xstrdup("[-- Encrypted (PGP/MIME), not to a key of "
		    "yours: it can't be read here --]");
	else
		note = xasprintf("[-- Encrypted (PGP/MIME); decrypting it "
		    "failed: %s --]", cause);
	mime_doc_add(doc, MIME_NOTE, note);
	free(note);
}

GMimeObject *
mime_decrypt(GMimeMultipartEncrypted *mpe, const struct mime_options *o,
    const char *from, struct mime_doc *doc)
{
	GMimeObject *enc = g_mime_multipart_get_count(GMIME_MULTIPART(mpe)) >=
	    2 ? g_mime_multipart_get_part(GMIME_MULTIPART(mpe), 1) : NULL;
	GMimeObject *inner = NULL;
	GMimeStream *content;
	GByteArray *bytes;
	struct gpg_plain plain;
	enum gpg_failure why;
	char *cause = NULL;
	size_t i;

	if (enc == NULL) {
		mime_doc_add(doc, MIME_NOTE, "[-- Encrypted (PGP/MIME), but "
		    "the encrypted part is missing --]");
		return NULL;
	}
	content = content_stream(enc);
	bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(content));
	if (gpg_decrypt((const char *)bytes->data, bytes->len, o->session_key,
	    from, o->decrypt == MIME_DECRYPT_ASK ? GPG_ASK_TERMINAL :
	    GPG_ASK_NEVER, &plain, &why, &cause) == -1) {
		not_decrypted(doc, why, cause);
		free(cause);
	} else {
		for (i = 0; i < plain.nsigs; i++)
			sig_notes(doc, &plain.sigs[i], from);
		if ((inner = parse_part(&plain)) == NULL)
			mime_doc_add(doc, MIME_NOTE, "[-- Decrypted, but what "
			    "it holds is not MIME --]");
		free(doc->session_key);
		doc->session_key = plain.session_key;
		plain.session_key = NULL;
		gpg_plain_clear(&plain);
	}
	g_object_unref(content);
	return inner;
}
