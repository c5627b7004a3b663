/* t-mime-build: messages built by mime_build(), read back by GMime. */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "mime-build.h"
#include "mime-resend.h"
#include "mime.h"
#include "mua.h"
#include "test.h"

/* The value of header NAME in the rendered message DOC, or "". */
static const char *
header(const struct mime_doc *doc, const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < doc->n; i++)
		if (doc->lines[i].kind == MIME_HEADER &&
		    strncmp(doc->lines[i].text, name, n) == 0 &&
		    doc->lines[i].text[n] == ':')
			return doc->lines[i].text + n + 2;
	return "";
}

static int
has_line(const struct mime_doc *doc, const char *text)
{
	size_t i;

	for (i = 0; i < doc->n; i++)
		if (strstr(doc->lines[i].text, text) != NULL)
			return 1;
	return 0;
}

static char *
build(const struct mime_draft *d, char **id)
{
	char *out = NULL, *cause = NULL;
	size_t len;

	if (mime_build(d, &out, &len, id, &cause) == -1) {
		ok(0, "mime_build: %s", cause);
		free(cause);
		return NULL;
	}
	ok(strlen(out) == len, "the length is the string's");
	return out;
}

static void
test_text(void)
{
	struct mime_draft d = {
		.from = "Zoë Ünal <zoe@example.org>",
		.to = "Bob <bob@example.net>, \"Smith, Ann\" <ann@example.com>",
		.cc = "carol@example.com", .bcc = "hidden@example.com",
		.subject = "Grüße aus Köln — héllo",
		.in_reply_to = "<orig@example.net>",
		.references = "<root@example.net> <orig@example.net>",
		.body = "Hallo Bob,\n\nschöne Grüße.\n.\nFrom the end\n",
	};
	struct mime_doc doc = { NULL, 0, 0, 0, NULL };
	struct mime_options o = { "From To Cc Bcc Subject Message-ID In-Reply-To "
	    "References User-Agent", 0, NULL, NULL, NULL, 0, 0, MIME_DECRYPT_NO, NULL };
	char *id = NULL, *a, *b, *cause = NULL;

	a = build(&d, &id);
	ok(strstr(a, "Subject: =?utf-8?") != NULL || strstr(a,
	    "Subject: =?UTF-8?") != NULL, "a non-ASCII subject is encoded");
	ok(strstr(a, "Content-Transfer-Encoding: quoted-printable") != NULL,
	    "an 8-bit body is quoted-printable without 8BITMIME");
	ok(strstr(a, "charset=utf-8") != NULL, "declared as UTF-8");
	ok(strstr(a, "\r") == NULL, "lines end in LF");
	ok(mime_render_data(a, strlen(a), &o, &doc, &cause) == 0,
	    "GMime reads it back");
	is_str(header(&doc, "Subject"), d.subject, "the subject round-trips");
	is_str(header(&doc, "From"), d.from, "the sender's name round-trips");
	ok(strstr(header(&doc, "To"), "\"Smith, Ann\" <ann@example.com>") !=
	    NULL, "a name with a comma stays one address");
	is_str(header(&doc, "Bcc"), "hidden@example.com",
	    "Bcc stays in the built message (for the sent copy)");
	is_str(header(&doc, "In-Reply-To"), "<orig@example.net>",
	    "In-Reply-To is set");
	ok(strstr(header(&doc, "User-Agent"), "mua/") != NULL, "User-Agent");
	ok(has_line(&doc, "schöne Grüße."), "the body round-trips");
	ok(strstr(id, "@example.org") != NULL && strlen(id) > 30,
	    "the Message-ID is long and in the sender's domain: %s", id);
	mime_doc_clear(&doc);
	free(id);

	b = build(&d, &id);
	ok(strcmp(a, b) != 0, "two builds differ (Message-ID)");
	free(a);
	free(b);
	free(id);

	d.eight_bit = 1;
	a = build(&d, NULL);
	ok(strstr(a, "Content-Transfer-Encoding: 8bit") != NULL,
	    "with 8BITMIME the body goes as 8bit");
	free(a);
	d.body = "plain ASCII\n";
	a = build(&d, NULL);
	ok(strstr(a, "charset=us-ascii") != NULL && strstr(a,
	    "Content-Transfer-Encoding: 7bit") != NULL, "ASCII stays 7bit");
	free(a);
}

static void
test_attachments(void)
{
	static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n',
		0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0,
		0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89 };
	char *png_path = xasprintf("%s/Bild ä.png", test_tmpdir());
	char *txt_path = xasprintf("%s/notes.txt", test_tmpdir());
	const char *files[] = { png_path, txt_path, NULL };
	struct mime_draft d = { .from = "a@example.org", .to = "b@example.org",
		.subject = "files", .body = "See attached.\n",
		.attachments = files };
	char *a, *b, *cause = NULL, *x;
	const char *boundary;

	file_write_atomic(png_path, (const char *)png, sizeof png, NULL);
	file_write_atomic(txt_path, "some notes: \xc3\xa9t\xc3\xa9\n", 18, NULL);
	a = build(&d, NULL);
	ok(strstr(a, "Content-Type: multipart/mixed") != NULL, "multipart/mixed");
	ok(strstr(a, "Content-Type: image/png") != NULL,
	    "the PNG is typed by its content");
	ok(strstr(a, "Content-Type: text/plain; charset=utf-8") != NULL,
	    "the text file too, with the charset it is in");
	ok(strstr(a, "Content-Type: image/png; charset") == NULL,
	    "and no charset on what isn't text");
	ok(strstr(a, "filename*=utf-8''Bild%20%C3%A4.png") != NULL ||
	    strstr(a, "filename*=UTF-8''Bild%20%C3%A4.png") != NULL,
	    "a non-ASCII file name by RFC 2231");
	ok(strstr(a, "Content-Transfer-Encoding: base64") != NULL,
	    "binary goes as base64");
	boundary = strstr(a, "boundary=\"=_mua_");
	ok(boundary != NULL && strlen(boundary) > 48, "the boundary is random");
	b = build(&d, NULL);
	ok(boundary != NULL && strncmp(boundary, strstr(b, "boundary="), 48) !=
	    0, "and differs each time");
	free(a);
	free(b);

	files[1] = "/nonexistent/file";
	ok(mime_build(&d, &x, &(size_t){ 0 }, NULL, &cause) == -1,
	    "a missing attachment fails the build");
	ok(cause != NULL && strstr(cause, "/nonexistent/file") != NULL,
	    "naming the file: %s", cause);
	free(cause);
	free(png_path);
	free(txt_path);
}

static void
test_addresses(void)
{
	struct mime_draft d = { .from = "a@example.org", .to = "not an address",
		.body = "x\n" };
	char **addrs = NULL, *x, *cause = NULL;
	size_t n = 0, i;

	ok(mime_build(&d, &x, &(size_t){ 0 }, NULL, &cause) == -1,
	    "a To that is no address fails");
	ok(cause != NULL && strstr(cause, "To:") != NULL, "saying which: %s",
	    cause);
	free(cause);
	ok(mime_addresses("A <a@x.org>, b@y.org, Team: c@z.org, d@z.org;",
	    &addrs, &n, NULL) == 0, "an address list with a group parses");
	is_int((long)n, 4, "into four addresses");
	is_str(n > 3 ? addrs[3] : "", "d@z.org", "group members included");
	for (i = 0; i < n; i++)
		free(addrs[i]);
	free(addrs);
}

static void
test_seven_bit(void)
{
	struct mime_draft d = { .from = "a@example.org", .to = "b@example.org",
		.subject = "8", .body = "Grüße aus Köln.\n", .eight_bit = 1 };
	struct mime_doc doc = { NULL, 0, 0, 0, NULL };
	struct mime_options o = { "", 0, NULL, NULL, NULL, 0, 0, MIME_DECRYPT_NO, NULL };
	char *a = build(&d, NULL), *b;
	size_t n = 0, i;
	int found = 0;

	ok(mime_has_8bit(a, strlen(a)), "an 8-bit body is 8-bit");
	b = mime_to_7bit(a, strlen(a), &n);
	ok(b != NULL && !mime_has_8bit(b, n), "re-encoded, it is 7-bit");
	ok(b != NULL && strstr(b, "Content-Transfer-Encoding: "
	    "quoted-printable") != NULL, "as quoted-printable");
	ok(b != NULL && mime_render_data(b, n, &o, &doc, NULL) == 0,
	    "and reads back");
	for (i = 0; i < doc.n; i++)
		found |= strcmp(doc.lines[i].text, "Grüße aus Köln.") == 0;
	ok(found, "to the same text");
	mime_doc_clear(&doc);
	free(a);
	free(b);
}

/* A message in the outbox without a recipient says so, not that its
 * From is missing. */
static void
test_envelope(void)
{
	const char *norcpt = "From: a@example.org\nSubject: s\n\nbody\n";
	const char *nofrom = "To: b@example.org\nSubject: s\n\nbody\n";
	struct mime_envelope e;
	char *cause = NULL;
	int rc;

	rc = mime_envelope_read(norcpt, strlen(norcpt), &e, &cause);
	ok(rc == -1 && cause != NULL && strstr(cause, "no recipient") != NULL,
	    "no recipient: \"%s\"", cause ? cause : "");
	free(cause);
	cause = NULL;
	rc = mime_envelope_read(nofrom, strlen(nofrom), &e, &cause);
	ok(rc == -1 && cause != NULL && strstr(cause, "no From") != NULL,
	    "no From: \"%s\"", cause ? cause : "");
	free(cause);
}

/* A bounce's wrapper: its envelope is the new one, its body the message
 * as it goes, the original byte for byte after the Resent-* block. */
static void
test_resend(void)
{
	static const char orig[] = "From: Alice <alice@example.org>\n"
	    "To: me@example.net\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\n"
	    "Message-ID: <orig@example.org>\n\nsch\303\266n\n";
	const char *inner;
	char *out = NULL, *cause = NULL, *mbox;
	struct mime_envelope e;
	size_t len, n;

	ok(mime_resend_wrap(orig, strlen(orig), "Me <me@example.net>",
	    "Bob <bob@example.com>, carol@example.com", &out, &len,
	    &cause) == 0, "a message is wrapped for bouncing");
	ok(mime_envelope_read(out, len, &e, &cause) == 0 && e.bounce,
	    "the wrapper reads as a bounce");
	ok(e.from != NULL && strcmp(e.from, "me@example.net") == 0,
	    "from the user");
	ok(e.n == 2 && strcmp(e.rcpts[0], "bob@example.com") == 0 &&
	    strcmp(e.rcpts[1], "carol@example.com") == 0,
	    "to the new recipients");
	ok(e.subject != NULL && strcmp(e.subject, "Grüße") == 0,
	    "with the original's subject, decoded");
	ok(e.message_id != NULL && strcmp(e.message_id, "orig@example.org") != 0,
	    "and a Message-ID of its own");
	inner = mime_resend_inner(out, len, &n);
	ok(inner != NULL && n > strlen(orig) &&
	    memcmp(inner + n - strlen(orig), orig, strlen(orig)) == 0,
	    "its body ends with the original, byte for byte");
	ok(inner != NULL && strncmp(inner, "Resent-", 7) == 0 &&
	    memmem(inner, n - strlen(orig), "\nResent-To: Bob <bob@example.com>",
	    33) != NULL && memmem(inner, n, e.message_id,
	    strlen(e.message_id)) != NULL,
	    "after a Resent-* block with the wrapper's To and Message-ID");
	ok(strstr(out, "Content-Transfer-Encoding: 8bit") != NULL,
	    "an 8-bit original makes an 8bit wrapper");
	mime_envelope_clear(&e);
	free(out);
	mbox = xasprintf("From alice@example.org Mon Nov  2 10:00:00 2026\n%s",
	    orig);
	ok(mime_resend_wrap(mbox, strlen(mbox), "me@example.net",
	    "bob@example.com", &out, &len, &cause) == 0 &&
	    (inner = mime_resend_inner(out, len, &n)) != NULL &&
	    memmem(inner, n, "From alice", 10) == NULL,
	    "an mbox From line is dropped");
	free(out);
	free(mbox);
	ok(mime_resend_wrap(orig, strlen(orig), "me@example.net", "bob",
	    &out, &len, &cause) == -1 && strstr(cause, "bounce to") != NULL,
	    "an address that is none is refused, saying where");
	free(cause);
	cause = NULL;
	ok(mime_resend_wrap("", 0, "me@example.net", "bob@example.com",
	    &out, &len, &cause) == -1, "so is an empty message");
	free(cause);
	ok(mime_envelope_read(orig, strlen(orig), &e, NULL) == 0 && !e.bounce,
	    "a message of its own is no bounce");
	mime_envelope_clear(&e);
}

int
main(void)
{
	test_resend();
	test_envelope();
	test_seven_bit();
	test_text();
	test_attachments();
	test_addresses();
	return test_done();
}
