/*
 * t-mime.c: messages turned into pager text: decoding, charsets, the
 * alternative chosen, attachments noted, forwarded mail inline, HTML as
 * text, and inputs that crash other parsers.
 */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "file.h"
#include "mime.h"
#include "mua.h"
#include "test.h"

static const struct mime_options usual = {
	"From To Subject", 0, "text/plain text/html",
};

/* Renders the message TEXT with OPTIONS; returns the lines, "\n"-joined. */
static char *
render(const char *text, const struct mime_options *options)
{
	static int n;
	char *path = xasprintf("%s/msg%d", test_tmpdir(), n++), *cause = NULL;
	struct mime_doc doc = { NULL, 0, 0 };
	struct buf out = { NULL, 0, 0 };
	size_t i;

	if (file_write_new(path, text, strlen(text), FILE_NO_SYNC, &cause) == -1)
		fatal("%s", cause);
	if (mime_render(path, options, &doc, &cause) == -1) {
		buf_printf(&out, "error: %s", cause);
		free(cause);
	}
	for (i = 0; i < doc.n; i++)
		buf_printf(&out, "%s%s\n", doc.lines[i].kind == MIME_NOTE ?
		    "N:" : doc.lines[i].kind == MIME_HEADER ? "H:" : "",
		    doc.lines[i].text);
	mime_doc_clear(&doc);
	free(path);
	return buf_take(&out);
}

static void
check(const char *text, const struct mime_options *options, const char *want,
    const char *what)
{
	char *got = render(text, options);

	is_str(got, want, "%s", what);
	free(got);
}

/* Checks that the rendering of TEXT contains WANT. */
static void
check_has(const char *text, const struct mime_options *options,
    const char *want, const char *what)
{
	char *got = render(text, options);

	if (strstr(got, want) != NULL)
		ok(1, "%s", what);
	else
		is_str(got, want, "%s: not found in the rendering", what);
	free(got);
}

static void
test_plain(void)
{
	check("From: =?UTF-8?Q?Zo=C3=AB?= <zoe@example.org>\n"
	    "To: you@example.org\n"
	    "Subject: =?ISO-8859-1?Q?caf=E9?= =?UTF-8?B?IOmZiA==?=\n"
	    "Content-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: quoted-printable\n\n"
	    "Soft =\nbreak, =C3=A9t=C3=A9\n> quoted\n", &usual,
	    "H:From: Zoë <zoe@example.org>\nH:To: you@example.org\n"
	    "H:Subject: café 陈\n\nSoft break, été\n> quoted\n",
	    "encoded words joined and decoded; quoted-printable decoded");
	check("From: a@example.org\nSubject: x\n"
	    "Content-Type: text/plain; charset=iso-8859-1\n\nna\xefve\n",
	    &usual, "H:From: a@example.org\nH:Subject: x\n\nnaïve\n",
	    "Latin-1 becomes UTF-8");
	check("From: a@example.org\nSubject: b64\n"
	    "Content-Transfer-Encoding: base64\n\naGVsbG8gd29y\nbGQK\n",
	    &usual, "H:From: a@example.org\nH:Subject: b64\n\nhello world\n",
	    "base64 without MIME-Version is decoded");
	check("From: a@example.org\nX-Spam: yes\nSubject: all\n\nbody\n",
	    &(struct mime_options){ "From", 1, "text/plain" },
	    "H:From: a@example.org\nH:X-Spam: yes\nH:Subject: all\n\nbody\n",
	    "all headers, in their order");
}

static const char alternative[] =
    "From: a@example.org\nSubject: alt\nMIME-Version: 1.0\n"
    "Content-Type: multipart/alternative; boundary=b\n\n"
    "--b\nContent-Type: text/plain\n\nthe plain one\n"
    "--b\nContent-Type: text/html\n\n<p>the <b>HTML</b> one</p>\n--b--\n";

static void
test_structure(void)
{
	check_has(alternative, &usual, "\nthe plain one\n",
	    "text/plain preferred by default");
	check_has(alternative, &(struct mime_options){ "From", 0,
	    "text/html" }, "\nthe HTML one\n", "text/html when preferred");
	check_has("From: a@example.org\nSubject: att\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=b\n\n"
	    "--b\nContent-Type: text/plain\n\nsee attached\n"
	    "--b\nContent-Type: application/pdf\n"
	    "Content-Disposition: attachment;\n"
	    " filename*0*=UTF-8''%E2%82%AC%20report;\n filename*1=.pdf\n"
	    "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--b--\n",
	    &usual, "see attached\nN:[-- Attachment: € report.pdf "
	    "(application/pdf, 9 bytes) --]\n",
	    "an attachment is noted with its RFC 2231 name");
	check_has("From: a@example.org\nSubject: fwd\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=b\n\n"
	    "--b\nContent-Type: text/plain\n\nhere it is\n"
	    "--b\nContent-Type: message/rfc822\n\n"
	    "From: c@example.org\nSubject: inner\n\ninner body\n--b--\n",
	    &usual, "here it is\nN:[-- Forwarded message --]\n"
	    "H:From: c@example.org\nH:Subject: inner\n\ninner body\n"
	    "N:[-- End of forwarded message --]\n",
	    "a forwarded message is shown inline with its headers");
}

static void
test_hostile(void)
{
	/* The header that makes Debian's libetpan 1.9.4 segfault. */
	check_has("From: a@example.org\nSubject: boom\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=\"\\\"\"\n\n"
	    "--\"\nContent-Type: text/plain\n\nstill here\n--\"--\n",
	    &usual, "H:Subject: boom\n", "boundary=\"\\\"\" is parsed");
	check_has("From: a@example.org\nSubject: bad\n"
	    "Content-Transfer-Encoding: base64\n\naGVsbG8g!*!\n", &usual,
	    "\nhello", "broken base64 gives what it can");
	check_has("Subject: \x1b[2Jclear\n\nbody \x1b]52;c;eA==\x07\n", &usual,
	    "\x1b[2J", "escape sequences are kept for text_sanitize");
	{
		char *cause = NULL;
		struct mime_doc doc = { NULL, 0, 0 };
		int r = mime_render("/nonexistent/mail", &usual, &doc, &cause);
		ok(r == -1 && cause != NULL && strstr(cause, "/nonexistent/mail"),
		    "a missing file is an error naming it");
		free(cause);
	}
}

static void
check_html(const char *html, const char *want, const char *what)
{
	char *got = mime_html_to_text(html);

	is_str(got, want, "html: %s", what);
	free(got);
}

static void
test_html(void)
{
	check_html("<p>One</p><p>Two &amp; three</p>", "\nOne\n\nTwo & three\n",
	    "paragraphs and entities");
	check_html("<script>alert(1)</script><style>p{}</style>text",
	    "text\n", "no script or style content");
	check_html("see <a href=\"https://example.org/x\">this</a> and "
	    "<a href='https://example.org/y'>that</a>",
	    "see this[1] and that[2]\n\n[1] https://example.org/x\n"
	    "[2] https://example.org/y\n", "links numbered and listed");
	check_html("<ul><li>a<li>b</ul>", "* a\n* b\n", "list items");
	check_html("a&#233;&#x1F600;&bogus;&nbsp;b", "aé😀&bogus;\xc2\xa0" "b\n",
	    "numeric entities; unknown ones kept");
	check_html("<pre>  keep\n  this</pre>", "  keep\n  this\n",
	    "pre keeps its spaces");
	check_html("<!-- <p>hidden</p> -->shown", "shown\n", "comments go");
}

int
main(void)
{
	test_plain();
	test_structure();
	test_hostile();
	test_html();
	return test_done();
}
