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

/* Who a certificate names: "Name <email>", else its user ID, else "". */
static const char *
who(GMimeCertificate *c)
{
	const char *uid = c != NULL ? g_mime_certificate_get_user_id(c) : NULL;

	return uid != NULL ? uid : "";
}

/* How sure the keyring is that the key is its owner's. */
static const char *
certified(GMimeCertificate *c)
{
	switch (c != NULL ? g_mime_certificate_get_id_validity(c) :
	    GMIME_VALIDITY_UNKNOWN) {
	case GMIME_VALIDITY_ULTIMATE:
		return "certified (ultimately: your own)";
	case GMIME_VALIDITY_FULL:
		return "certified (fully)";
	case GMIME_VALIDITY_MARGINAL:
		return "certified only marginally";
	case GMIME_VALIDITY_NEVER:
		return "marked never valid in your keyring";
	default:
		return "not certified: that it is the signer's is unproven";
	}
}

/* The key's troubles, if any, as notes. */
static void
troubles(struct mime_doc *doc, GMimeSignatureStatus st)
{
	if (st & GMIME_SIGNATURE_STATUS_KEY_REVOKED)
		mime_doc_add(doc, MIME_NOTE, "[-- The key was revoked --]");
	if (st & GMIME_SIGNATURE_STATUS_KEY_EXPIRED)
		mime_doc_add(doc, MIME_NOTE, "[-- The key has expired --]");
	if (st & GMIME_SIGNATURE_STATUS_SIG_EXPIRED)
		mime_doc_add(doc, MIME_NOTE, "[-- The signature has expired --]");
}

/* Whether the certificate C is for the address FROM. */
static int
is_sender(GMimeCertificate *c, const char *from)
{
	const char *email = g_mime_certificate_get_email(c);

	return from == NULL || (email != NULL && strcasecmp(email, from) == 0);
}

static void
one_signature(struct mime_doc *doc, GMimeSignature *sig, const char *from)
{
	GMimeSignatureStatus st = g_mime_signature_get_status(sig);
	GMimeCertificate *c = g_mime_signature_get_certificate(sig);
	const char *fpr = c ? g_mime_certificate_get_fingerprint(c) : NULL;
	char *key = grouped(fpr != NULL ? fpr : "?"), *note;

	if (st & GMIME_SIGNATURE_STATUS_RED)
		note = xasprintf("[-- BAD signature%s%s, key %s: the text was "
		    "changed after it was signed, or the signature is forged "
		    "--]", *who(c) ? " by " : "", who(c), key);
	else if (st & GMIME_SIGNATURE_STATUS_KEY_MISSING)
		note = xasprintf("[-- Signed with key %s, not in your keyring: "
		    "not checked (gpg --recv-keys %s fetches it) --]", key,
		    fpr != NULL ? fpr : "");
	else if (st & (GMIME_SIGNATURE_STATUS_SYS_ERROR |
	    GMIME_SIGNATURE_STATUS_BAD_POLICY))
		note = xasprintf("[-- The signature by key %s could not be "
		    "checked: gpg failed --]", key);
	else
		note = xasprintf("[-- Good signature from %s, key %s, %s --]",
		    who(c), key, certified(c));
	mime_doc_add(doc, MIME_NOTE, note);
	free(note);
	troubles(doc, st);
	if (!(st & GMIME_SIGNATURE_STATUS_KEY_MISSING) && c != NULL &&
	    !is_sender(c, from)) {
		note = xasprintf("[-- The signer is not the sender: the key is "
		    "%s's, the message is From %s --]",
		    g_mime_certificate_get_email(c) ?
		    g_mime_certificate_get_email(c) : "someone else", from);
		mime_doc_add(doc, MIME_NOTE, note);
		free(note);
	}
	free(key);
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
