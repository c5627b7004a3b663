/*
 * t-mime.c: messages turned into pager text: decoding, charsets, the
 * alternative chosen, attachments noted, forwarded mail inline, HTML as
 * text, and inputs that crash other parsers.
 */
#include "autodefs.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib.h>

#include "buf.h"
#include "file.h"
#include "mime.h"
#include "mua.h"
#include "test.h"

static const struct mime_options usual = {
	"From To Subject", 0, "text/plain text/html", NULL, NULL, 0, 0,
	MIME_DECRYPT_NO, NULL,
};

/* Renders the message TEXT with OPTIONS; returns the lines, "\n"-joined. */
static char *
render(const char *text, const struct mime_options *options)
{
	static int n;
	char *path = xasprintf("%s/msg%d", test_tmpdir(), n++), *cause = NULL;
	struct mime_doc doc = { NULL, 0, 0, 0, NULL };
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
	check("From: a@example.org\nSubject: q\n"
	    "Content-Type: text/plain; charset=iso-8859-1\n\n\x93quoted\x94 "
	    "\x96 caf\xe9\n", &usual, "H:From: a@example.org\nH:Subject: q\n\n"
	    "\xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x80\x93 caf\xc3\xa9\n",
	    "Latin-1 mail with Windows-1252 quotes reads as the sender meant");
	check("From: a@example.org\nSubject: se\xf1or\n\nbody\n", &usual,
	    "H:From: a@example.org\nH:Subject: se\xc3\xb1or\n\nbody\n",
	    "an undeclared 8-bit header is read as Windows-1252");
	check("From: a@example.org\nSubject: x\n"
	    "Content-Type: text/plain; charset=x-martian\n\nna\xc3\xafve\n",
	    &usual, "H:From: a@example.org\nH:Subject: x\n\n"
	    "N:[-- The text says it is in \"x-martian\", a charset mua "
	    "doesn't know: read as UTF-8 or Windows-1252 --]\nna\xc3\xafve\n",
	    "an unknown charset is noted and read best-effort");
	check("From: a@example.org\nSubject: =?UTF-8?B?not base64 at all?= "
	    "ok\n\nb\n", &usual, "H:From: a@example.org\nH:Subject: "
	    "=?UTF-8?B?not base64 at all?= ok  [an encoded word could not be "
	    "decoded]\n\nb\n", "a broken encoded word is shown as it came, marked");
	check("From: a@example.org\nSubject: b64\n"
	    "Content-Transfer-Encoding: base64\n\naGVsbG8gd29y\nbGQK\n",
	    &usual, "H:From: a@example.org\nH:Subject: b64\n\nhello world\n",
	    "base64 without MIME-Version is decoded");
	check("From: a@example.org\nX-Spam: yes\nSubject: all\n\nbody\n",
	    &(struct mime_options){ "From", 1, "text/plain", NULL, NULL, 0, 0,
		MIME_DECRYPT_NO, NULL },
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
	    "text/html", NULL, NULL, 0, 0, MIME_DECRYPT_NO, NULL },
	    "\nthe HTML one\n",
	    "text/html when preferred");
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
		struct mime_doc doc = { NULL, 0, 0, 0, NULL };
		int r = mime_render("/nonexistent/mail", &usual, &doc, &cause);
		ok(r == -1 && cause != NULL && strstr(cause, "/nonexistent/mail"),
		    "a missing file is an error naming it");
		free(cause);
	}
}

static void
check_flowed(const char *in, int delsp, const char *want, const char *what)
{
	char *got = mime_flowed_decode(in, delsp);

	is_str(got, want, "flowed: %s", what);
	free(got);
}

static void
test_flowed(void)
{
	check_flowed("one \ntwo \nthree\nnext\n", 0, "one two three\nnext\n",
	    "soft breaks joined, hard ones kept");
	check_flowed("> quoted \n> more\n>> deeper\n", 0,
	    "> quoted more\n>> deeper\n", "quotes joined within a depth");
	check_flowed("> soft \n>> not joined across depths\n", 0,
	    "> soft \n>> not joined across depths\n",
	    "a soft break before a depth change ends the paragraph");
	check_flowed(" From the start\n", 0, "From the start\n",
	    "space-stuffing removed");
	check_flowed("abc \ndef\n", 1, "abcdef\n", "DelSp=yes drops the space");
	check_flowed("body\n-- \nsig\n", 0, "body\n-- \nsig\n",
	    "the signature separator is not a soft break");
	check_flowed("a \r\nb\r\n", 0, "a b\n", "CRLF lines");
	check_flowed("last soft ", 0, "last soft \n", "a soft last line ends");
}

static void
test_route(void)
{
	struct mime_hop *hops = NULL;
	size_t n = 0;
	char *cause = NULL;
	int rc = mime_route(test_srcpath("contrib/demo/0001.eml"), &hops, &n,
	    &cause);

	ok(rc == 0 && n == 3, "a list message came through three servers");
	if (n == 3) {
		is_str(hops[0].from, "[198.51.100.7]", "oldest first: the sender");
		is_str(hops[0].by, "lists.demo.example", "to the list server");
		is_str(hops[0].with, "ESMTPSA", "authenticated submission");
		is_str(hops[2].by, "mail.demo.example", "our server last");
		ok(hops[0].when > 0 && hops[1].when - hops[0].when >= 0 &&
		    hops[2].when - hops[1].when < 10,
		    "times parsed, zones included");
	}
	mime_route_free(hops, n);
	rc = mime_route(test_srcpath("contrib/demo/0248.eml"), &hops, &n,
	    &cause);
	ok(rc == 0 && n == 2, "two malformed hops are still hops");
	if (n == 2) {
		ok(hops[0].when == -1 && hops[1].when == -1,
		    "no time, or not a date: no time");
		ok(hops[0].from == NULL && strcmp(hops[0].by, "somewhere") == 0,
		    "a missing clause is missing");
		is_str(hops[1].from, "nowhere", "the other has its from");
	}
	mime_route_free(hops, n);
}

/* Renders the message file PATH; returns its lines (0 on an error). */
static size_t
render_file(const char *path, const char *must_have, const char *what)
{
	struct mime_doc doc = { NULL, 0, 0, 0, NULL };
	char *cause = NULL;
	size_t i, n;
	int found = must_have == NULL;

	if (mime_render(path, &usual, &doc, &cause) == -1) {
		ok(0, "%s: %s", what, cause);
		free(cause);
		return 0;
	}
	for (i = 0; i < doc.n && !found; i++)
		found = strstr(doc.lines[i].text, must_have) != NULL;
	ok(found, "%s", what);
	n = doc.n;
	mime_doc_clear(&doc);
	return n;
}

/* Writes a message file: HEAD, UNIT(f, i) for i < COUNT, then TAIL. */
static char *
write_repeated(const char *name, const char *head,
    void (*unit)(FILE *, size_t), size_t count, const char *tail)
{
	char *path = xasprintf("%s/%s", test_tmpdir(), name);
	FILE *f = fopen(path, "w");
	size_t i;

	fputs(head, f);
	for (i = 0; i < count; i++)
		unit(f, i);
	fputs(tail, f);
	fclose(f);
	return path;
}

static void
forward(FILE *f, size_t i)
{
	fprintf(f, "From: a@b\nSubject: level %zu\n"
	    "Content-Type: message/rfc822\n\n", i);
}

static void
nest(FILE *f, size_t i)
{
	fprintf(f, "--b%zu\nContent-Type: multipart/mixed; boundary=b%zu\n\n",
	    i, i + 1);
}

static void
part(FILE *f, size_t i)
{
	fprintf(f, "--b\nContent-Type: text/plain\n\npart %zu\n", i);
}

static void
words(FILE *f, size_t i)
{
	(void)i;
	fputs("long subject words ", f);
}

static void
line(FILE *f, size_t i)
{
	fprintf(f, "line %08zu of a fifty megabyte message, padding padding "
	    "padding padding\n", i);
}

static long
max_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* The inputs that crash or stall libetpan, and the limits. */
static void
test_limits(void)
{
	char *p;
	long before;

	p = write_repeated("deep822", "", forward, 27000,
	    "From: a@b\nSubject: bottom\n\nbody\n");
	render_file(p, "nested deeper than this", "27,000 nested forwarded "
	    "messages (libetpan: stack overflow) are cut with a notice");
	free(p);
	p = write_repeated("deepmp", "From: a@b\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=b0\n\n", nest, 10000,
	    "--b10000\nContent-Type: text/plain\n\ndeep\n");
	render_file(p, "nested deeper than this", "10,000 nested multiparts "
	    "(libetpan: 4.7 s, quadratic) are cut with a notice");
	free(p);
	p = write_repeated("many", "From: a@b\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=b\n\n", part, 10000,
	    "--b--\n");
	ok(render_file(p, "part 9999", "a 10,000-part message is shown "
	    "whole") >= 10000, "every part is there");
	free(p);
	p = write_repeated("longhdr", "From: a@b\nSubject: ", words, 60000,
	    "\n\nbody\n");
	render_file(p, "long subject words long", "a 1 MB header line is read");
	free(p);
	p = write_repeated("big", "From: a@b\nSubject: big\n\n", line, 700000,
	    "the end\n");
	before = max_rss_kb();
	render_file(p, "the end", "a 50 MB text message is shown");
#ifdef __SANITIZE_ADDRESS__
	test_skip("AddressSanitizer's redzones and quarantine inflate memory",
	    "with at most ~3x its size in memory (%ld KB more)",
	    max_rss_kb() - before);
#else
	ok(max_rss_kb() - before < 3 * 50 * 1024, "with at most ~3x its size "
	    "in memory (%ld KB more)", max_rss_kb() - before);
#endif
	free(p);
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

static const char mixed[] =
    "From: a@example.org\nSubject: att\nMIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=b\n\n"
    "--b\nContent-Type: text/plain\n\nsee attached\n"
    "--b\nContent-Type: application/octet-stream\n"
    "Content-Disposition: attachment; filename=\"../../.bashrc\"\n"
    "Content-Transfer-Encoding: base64\n\naGVsbG8gd29ybGQK\n"
    "--b\nContent-Type: message/rfc822\n\n"
    "From: c@example.org\nSubject: inner\n\ninner body\n--b--\n";

static void
test_parts(void)
{
	char *path = xasprintf("%s/parts", test_tmpdir()), *cause = NULL;
	char *out = xasprintf("%s/out", test_tmpdir()), *data = NULL;
	struct mime_part *parts = NULL;
	size_t n = 0, len = 0;
	int fd, rc;

	file_write_new(path, mixed, strlen(mixed), FILE_NO_SYNC, NULL);
	rc = mime_parts(path, &parts, &n, &cause);
	ok(rc == 0 && n == 5, "five parts: the multipart, three in it, and "
	    "the forwarded message's body (got %zu)", n);
	if (n == 5) {
		is_str(parts[0].type, "multipart/mixed", "the container first");
		ok(parts[0].container && !parts[1].container, "marked so");
		is_int(parts[1].depth * 10 + parts[4].depth, 12,
		    "depths: inside the multipart, inside the forward");
		is_str(parts[2].name, "../../.bashrc", "the name as given");
		is_int(parts[2].size, 12, "the decoded size");
		is_str(parts[4].type, "text/plain", "the forward's body");
	}
	mime_parts_free(parts, n);
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	rc = mime_part_write(path, 2, fd, &cause);
	close(fd);
	file_read(out, &data, &len, NULL);
	ok(rc == 0 && len == 12 && memcmp(data, "hello world\n", 12) == 0,
	    "a part is written decoded");
	free(data);
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	rc = mime_part_write(path, 3, fd, &cause);
	close(fd);
	data = NULL;
	file_read(out, &data, &len, NULL);
	ok(rc == 0 && data != NULL && strstr(data, "Subject: inner") != NULL &&
	    strstr(data, "inner body") != NULL,
	    "a forwarded message is written whole");
	free(data);
	fd = open(out, O_WRONLY | O_TRUNC);
	rc = mime_part_write(path, 0, fd, &cause);
	ok(rc == -1 && cause != NULL && strstr(cause, "multipart"),
	    "a multipart has nothing of its own to write: %s", cause);
	free(cause);
	cause = NULL;
	rc = mime_part_write(path, 9, fd, &cause);
	ok(rc == -1 && cause != NULL, "nor has a part that isn't there");
	free(cause);
	close(fd);
	free(out);
	free(path);
}

static void
check_name(const char *in, const char *want)
{
	char *got = mime_safe_filename(in), *shown = xstrdup(in), *c;

	for (c = shown; *c != '\0'; c++)	/* keep the TAP line one line */
		if ((unsigned char)*c < 0x20)
			*c = '?';
	is_str(got, want, "safe name for \"%s\"", shown);
	free(shown);
	free(got);
}

static void
test_safe_names(void)
{
	char long_name[400];

	check_name("report.pdf", "report.pdf");
	check_name("../../.bashrc", "bashrc");
	check_name("/etc/passwd", "passwd");
	check_name("..\\..\\win.ini", "win.ini");
	check_name("-rf", "rf");
	check_name("a\x1b[2Jb\nc", "a_[2Jb_c");
	check_name("", "attachment");
	check_name("...", "attachment");
	check_name("CON.txt", "attachment-CON.txt");
	check_name("C:evil", "C_evil");
	check_name("résumé.pdf", "résumé.pdf");
	memset(long_name, 0, sizeof long_name);
	for (size_t i = 0; i < 133; i++)
		memcpy(long_name + 3 * i, "\xe2\x82\xac", 3);	/* 399 bytes */
	{
		char *got = mime_safe_filename(long_name);
		ok(strlen(got) == 198, "a long name is cut to whole characters "
		    "(%zu bytes)", strlen(got));
		free(got);
	}
}

static void
collect(void *arg, const char *line)
{
	buf_printf(arg, "%s\n", line);
}

/* What GLib and GMime would print over the UI goes to mua's log instead,
 * and a big part is cut where the pager's cap says, with a note. */
static void
test_log_and_cap(void)
{
	struct buf got = { NULL, 0, 0 };
	struct mime_options o = usual;
	struct mime_doc doc = { NULL, 0, 0, 0, NULL };
	struct buf msg = { NULL, 0, 0 };
	size_t i, body = 0;
	int noted = 0;

	mime_log_to(collect, &got);
	g_log("GMime", G_LOG_LEVEL_CRITICAL, "a critical from %s", "GMime");
	g_log("GMime", G_LOG_LEVEL_DEBUG, "a debugging word");
	mime_log_to(NULL, NULL);
	is_str(got.s ? got.s : "",
	    "library: GMime critical: a critical from GMime\n",
	    "a GLib critical goes to the log function, one line, as said by "
	    "a library; debugging words as GLib's own handler: not at all");
	buf_free(&got);

	buf_adds(&msg, "From: a@example.org\nSubject: big\n\n");
	for (i = 0; i < 5000; i++)
		buf_printf(&msg, "line %zu of a long text part\n", i);
	o.max_part = 10000;
	mime_render_data(msg.s, msg.len, &o, &doc, NULL);
	for (i = 0; i < doc.n; i++) {
		body += strncmp(doc.lines[i].text, "line ", 5) == 0;
		noted |= strstr(doc.lines[i].text, "pager_max_part") != NULL;
	}
	ok(body > 100 && body < 500, "a part over pager_max_part is cut "
	    "(%zu lines of 5000 shown)", body);
	ok(noted, "with a note that says so");
	mime_doc_clear(&doc);
	buf_free(&msg);
}

int
main(void)
{
	test_log_and_cap();
	test_plain();
	test_structure();
	test_hostile();
	test_html();
	test_parts();
	test_flowed();
	test_route();
	test_limits();
	test_safe_names();
	return test_done();
}
