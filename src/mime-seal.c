/* mime-seal.c: PGP/MIME signing and encryption; see mime-seal.h. */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mime-int.h"
#include "mime-seal.h"
#include "mua.h"

/* TEXT with CRLF line ends: what a signature is computed over (RFC
 * 3156 5: canonical text), whatever ends the lines in the outbox. */
static char *
canonical(const char *text, size_t *len)
{
	struct buf b = { NULL, 0, 0 };
	const char *p;

	for (p = text; *p != '\0'; p++) {
		if (*p == '\n' && (p == text || p[-1] != '\r'))
			buf_add(&b, "\r", 1);
		buf_add(&b, p, 1);
	}
	*len = b.len;
	return buf_take(&b);
}

/* The entity written out as TEXT, parsed back: what is sent must be the
 * very bytes that were signed. */
static GMimeObject *
reparsed(const char *text)
{
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(text,
	    strlen(text));
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	GMimeObject *obj = g_mime_parser_construct_part(parser, NULL);

	g_object_unref(parser);
	g_object_unref(stream);
	return obj;
}

/* A part of type TYPE/SUBTYPE holding TEXT, 7bit. */
static GMimeObject *
text_part(const char *type, const char *subtype, const char *text)
{
	GMimePart *part = g_mime_part_new_with_type(type, subtype);
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(text,
	    strlen(text));
	GMimeDataWrapper *w = g_mime_data_wrapper_new_with_stream(stream,
	    GMIME_CONTENT_ENCODING_7BIT);

	g_mime_part_set_content(part, w);
	g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_7BIT);
	g_object_unref(w);
	g_object_unref(stream);
	return GMIME_OBJECT(part);
}

/* The entity written out as TEXT through gpg as HOW says, over its
 * canonical form; as gpg_seal(). */
static int
seal_text(const char *text, const struct gpg_seal *how, char **out,
    char **micalg, enum gpg_failure *why, char **cause)
{
	size_t len, out_len;
	char *canon = canonical(text, &len);
	int rc = gpg_seal(canon, len, how, out, &out_len, micalg, why, cause);

	explicit_bzero(canon, len);
	free(canon);
	return rc;
}

/* MP (multipart/signed or /encrypted) of PROTOCOL holding FIRST and
 * SECOND (both taken), with a boundary nobody can predict. */
static GMimeObject *
pgp_multipart(GMimeMultipart *mp, const char *protocol, GMimeObject *first,
    GMimeObject *second)
{
	g_mime_multipart_set_boundary(mp, NULL);
	g_mime_object_set_content_type_parameter(GMIME_OBJECT(mp), "protocol",
	    protocol);
	g_mime_multipart_add(mp, first);
	g_mime_multipart_add(mp, second);
	g_object_unref(first);
	g_object_unref(second);
	return GMIME_OBJECT(mp);
}

/* BODY signed: multipart/signed of BODY as signed and its signature. */
static GMimeObject *
signed_body(GMimeObject *body, const struct gpg_seal *how,
    enum gpg_failure *why, char **cause)
{
	GMimeObject *content = NULL, *sig_part, *mp;
	char *text, *sig, *micalg;

	/* 8-bit text could be re-encoded by a relay, breaking the
	 * signature: it is signed as quoted-printable or base64. */
	g_mime_object_encode(body, GMIME_ENCODING_CONSTRAINT_7BIT);
	text = mime_write(body, 0);
	if (seal_text(text, how, &sig, &micalg, why, cause) == 0 &&
	    (content = reparsed(text)) == NULL) {
		free(sig);
		free(micalg);
		set_cause(cause, "the signed part doesn't parse back");
	}
	free(text);
	if (content == NULL)
		return NULL;
	sig_part = text_part("application", "pgp-signature", sig);
	g_mime_object_set_content_type_parameter(sig_part, "name",
	    "signature.asc");
	g_mime_object_set_header(sig_part, "Content-Description",
	    "OpenPGP digital signature", NULL);
	mp = pgp_multipart(GMIME_MULTIPART(g_mime_multipart_signed_new()),
	    "application/pgp-signature", content, sig_part);
	g_mime_object_set_content_type_parameter(mp, "micalg", micalg);
	free(sig);
	free(micalg);
	return mp;
}

/* Protected headers (v1): what the reader's client shows of the message
 * comes from inside the encryption, where nobody changed it. */
static void
protect_headers(GMimeObject *body, GMimeMessage *msg)
{
	static const char *const names[] = { "From", "To", "Cc", "Subject",
		"Reply-To", "Date", "Message-ID" };
	GMimeHeaderList *h = g_mime_object_get_header_list(GMIME_OBJECT(msg));
	GMimeHeader *header;
	size_t i;

	g_mime_object_set_content_type_parameter(body, "protected-headers",
	    "v1");
	for (i = 0; i < nitems(names); i++)
		if ((header = g_mime_header_list_get_header(h, names[i])) !=
		    NULL)
			g_mime_object_append_header(body, names[i],
			    g_mime_header_get_value(header), "utf-8");
}

/* BODY encrypted (and signed, when HOW has a signer). */
static GMimeObject *
encrypted_body(GMimeObject *body, GMimeMessage *msg,
    const struct gpg_seal *how, enum gpg_failure *why, char **cause)
{
	GMimeObject *control, *data;
	char *text, *cipher, *micalg;
	int rc;

	protect_headers(body, msg);
	text = mime_write(body, 0);
	rc = seal_text(text, how, &cipher, &micalg, why, cause);
	explicit_bzero(text, strlen(text));
	free(text);
	if (rc == -1)
		return NULL;
	free(micalg);
	control = text_part("application", "pgp-encrypted", "Version: 1\n");
	g_mime_object_set_header(control, "Content-Description",
	    "PGP/MIME version identification", NULL);
	data = text_part("application", "octet-stream", cipher);
	g_mime_object_set_content_type_parameter(data, "name",
	    "encrypted.asc");
	g_mime_object_set_header(data, "Content-Description",
	    "OpenPGP encrypted message", NULL);
	free(cipher);
	return pgp_multipart(GMIME_MULTIPART(g_mime_multipart_encrypted_new()),
	    "application/pgp-encrypted", control, data);
}

int
mime_seal(const char *data, size_t len, const struct gpg_seal *how,
    char **out, size_t *out_len, enum gpg_failure *why, char **cause)
{
	GMimeMessage *msg = mime_parse_data(data, len);
	GMimeObject *body, *sealed;

	*out = NULL;
	*why = GPG_FAILED;
	if (msg == NULL)
		return set_cause(cause, "the message to seal doesn't parse");
	body = g_mime_message_get_mime_part(msg);
	if (body == NULL) {
		g_object_unref(msg);
		return set_cause(cause, "the message to seal has no body");
	}
	sealed = how->nto > 0 ? encrypted_body(body, msg, how, why, cause) :
	    signed_body(body, how, why, cause);
	if (sealed != NULL) {
		g_mime_message_set_mime_part(msg, sealed);
		g_object_unref(sealed);
		*out = mime_write(GMIME_OBJECT(msg), 0);
		*out_len = strlen(*out);
	}
	g_object_unref(msg);
	return sealed != NULL ? 0 : -1;
}

void
mime_autocrypt_add(const char *data, size_t len, const char *addr,
    int mutual, const char *key, size_t key_len, char **out,
    size_t *out_len)
{
	struct buf b = { NULL, 0, 0 };
	const char *end = memmem(data, len, "\n\n", 2);
	size_t head = end != NULL ? (size_t)(end - data) + 1 : len, i, n;
	gchar *base64 = g_base64_encode((const guchar *)key, key_len);

	buf_add(&b, data, head);
	buf_printf(&b, "Autocrypt: addr=%s;%s keydata=", addr,
	    mutual ? " prefer-encrypt=mutual;" : "");
	/* Folded: the spaces before each line are no part of the key. */
	for (i = 0, n = strlen(base64); i < n; i += 76)
		buf_printf(&b, "\n %.*s", (int)(n - i < 76 ? n - i : 76),
		    base64 + i);
	buf_add(&b, "\n", 1);
	buf_add(&b, data + head, len - head);
	g_free(base64);
	*out_len = b.len;
	*out = buf_take(&b);
}
