/*
 * mime.c: a message as the pager shows it, through GMime; see mime.h.
 */
#include "autodefs.h"

#include <ctype.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mime-int.h"
#include "mime.h"
#include "mua.h"


struct render {
	const struct mime_options *options;
	struct mime_doc *doc;
	char *from;	/* the address of the message being shown, or NULL */
};

static void render_object(struct render *r, GMimeObject *obj, int depth);

void
mime_doc_add(struct mime_doc *doc, enum mime_line_kind kind,
    const char *text)
{
	if (doc->n == doc->cap) {
		doc->cap = doc->cap ? doc->cap * 2 : 64;
		doc->lines = xreallocarray(doc->lines, doc->cap,
		    sizeof *doc->lines);
	}
	doc->lines[doc->n].kind = kind;
	doc->lines[doc->n++].text = xstrdup(text);
}

void
mime_doc_clear(struct mime_doc *doc)
{
	size_t i;

	for (i = 0; i < doc->n; i++)
		free(doc->lines[i].text);
	free(doc->lines);
	free(doc->session_key);
	memset(doc, 0, sizeof *doc);
}

/* Adds TEXT line by line; "\r\n" and "\n" end lines, a last "\n" adds none. */
static void
add_text(struct mime_doc *doc, const char *text)
{
	const char *p = text, *nl;
	char *line;
	size_t len;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		line = xstrndup(p, len > 0 && p[len - 1] == '\r' ? len - 1 : len);
		mime_doc_add(doc, MIME_BODY, line);
		free(line);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

static void MUA_PRINTF(2, 3)
add_note(struct mime_doc *doc, const char *fmt, ...)
{
	va_list ap;
	char *note;

	va_start(ap, fmt);
	note = xvasprintf(fmt, ap);
	va_end(ap);
	mime_doc_add(doc, MIME_NOTE, note);
	free(note);
}

/* Whether the encoded-word text TEXT (LEN bytes) is valid base64. */
static int
valid_base64(const char *text, size_t len)
{
	size_t i, pad = 0;

	for (i = 0; i < len; i++) {
		if (text[i] == '=')
			pad++;
		else if (pad > 0 || !(isalnum((unsigned char)text[i]) ||
		    text[i] == '+' || text[i] == '/'))
			return 0;
	}
	return pad <= 2 && len % 4 != 1;
}

/*
 * Whether iconv can convert CHARSET to UTF-8. A charset that can is kept
 * open for the life of the process: glibc unloads a gconv module when
 * its last descriptor closes, so every message in KOI8-R or ISO-2022-JP
 * loaded its module again (a third of rendering a real corpus went to
 * mapping shared objects). The pager's render jobs and the UI's thread
 * may ask at once: the list has a lock.
 */
static int
charset_known(const char *charset)
{
	static struct { char name[32]; iconv_t cd; } kept[48];
	static size_t nkept;
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	iconv_t cd;
	size_t i;
	int known = 1;

	pthread_mutex_lock(&lock);
	for (i = 0; i < nkept; i++)
		if (strcasecmp(kept[i].name, charset) == 0)
			goto out;
	if ((cd = g_mime_iconv_open("UTF-8", charset)) == (iconv_t)-1)
		known = 0;
	else if (nkept < nitems(kept) && strlen(charset) < sizeof kept[0].name) {
		strcpy(kept[nkept].name, charset);
		kept[nkept++].cd = cd;
	} else
		g_mime_iconv_close(cd);
out:
	pthread_mutex_unlock(&lock);
	return known;
}

/*
 * Whether the raw header value RAW has an RFC 2047 encoded-word that
 * can't be decoded faithfully: bad base64, or a charset iconv doesn't
 * know. GMime still shows its best guess; mua says it is one.
 */
static int
has_broken_word(const char *raw)
{
	const char *p = raw, *q, *text, *end;
	char charset[64];
	size_t n;

	while ((p = strstr(p, "=?")) != NULL) {
		p += 2;
		if ((q = strchr(p, '?')) == NULL || q[1] == '\0' || q[2] != '?')
			continue;
		text = q + 3;
		if ((end = strstr(text, "?=")) == NULL)
			return 0;
		n = (size_t)(q - p) < sizeof charset ? (size_t)(q - p) :
		    sizeof charset - 1;
		memcpy(charset, p, n);
		charset[n] = '\0';
		if ((q[1] == 'B' || q[1] == 'b') &&
		    !valid_base64(text, (size_t)(end - text)))
			return 1;
		if (!charset_known(charset))
			return 1;
		p = end + 2;
	}
	return 0;
}

/*
 * Adds the header H as "Name: value", unfolded and decoded; when an
 * encoded-word in it is beyond decoding, as it came (GMime's guess at bad
 * base64 is noise), marked.
 */
static void
add_header(struct mime_doc *doc, GMimeHeader *h)
{
	const char *value = g_mime_header_get_value(h);
	const char *raw = g_mime_header_get_raw_value(h);
	int broken = raw != NULL && has_broken_word(raw);
	char *line;
	size_t n;

	if (broken) {
		value = raw + strspn(raw, " \t");
		for (n = strlen(value); n > 0 && isspace((unsigned char)
		    value[n - 1]); n--)
			;
		line = xasprintf("%s: %.*s  [an encoded word could not be "
		    "decoded]", g_mime_header_get_name(h), (int)n, value);
	} else
		line = xasprintf("%s: %s", g_mime_header_get_name(h),
		    value ? value : "");
	char *p;

	for (p = line; *p != '\0'; p++)
		if (*p == '\r' || *p == '\n' || *p == '\t')
			*p = ' ';
	mime_doc_add(doc, MIME_HEADER, line);
	free(line);
}

/* The headers of OBJ: every one, or those the options list, in order. */
static void
render_headers(struct render *r, GMimeObject *obj)
{
	GMimeHeaderList *list = g_mime_object_get_header_list(obj);
	char *names, *save = NULL, *name;
	int i, count = g_mime_header_list_get_count(list);

	if (r->options->all_headers) {
		for (i = 0; i < count; i++)
			add_header(r->doc, g_mime_header_list_get_header_at(list,
			    i));
		return;
	}
	names = xstrdup(r->options->headers);
	for (name = strtok_r(names, " ,", &save); name != NULL;
	    name = strtok_r(NULL, " ,", &save))
		for (i = 0; i < count; i++) {
			GMimeHeader *h = g_mime_header_list_get_header_at(list, i);
			if (strcasecmp(g_mime_header_get_name(h), name) == 0)
				add_header(r->doc, h);
		}
	free(names);
}

char *
mime_type(GMimeObject *obj)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	char *gtype = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
	char *type = xstrdup(gtype ? gtype : "text/plain");

	g_free(gtype);
	return type;
}

/* A size as people read it: "512 bytes", "3 KB", "2.4 MB". */
static void
human_size(gint64 n, char *buf, size_t size)
{
	if (n < 0)
		snprintf(buf, size, "unknown size");
	else if (n < 1024)
		snprintf(buf, size, "%lld bytes", (long long)n);
	else if (n < 1024 * 1024)
		snprintf(buf, size, "%lld KB", (long long)(n + 1023) / 1024);
	else
		snprintf(buf, size, "%.1f MB", (double)n / (1024 * 1024));
}

gint64
mime_part_size(GMimePart *part)
{
	GMimeDataWrapper *content = g_mime_part_get_content(part);
	GMimeStream *stream = content ? g_mime_data_wrapper_get_stream(content) :
	    NULL;
	gint64 n = stream ? g_mime_stream_length(stream) : -1;

	if (n > 0 && g_mime_part_get_content_encoding(part) ==
	    GMIME_CONTENT_ENCODING_BASE64)
		n = n * 3 / 4;
	return n;
}

/* "[-- Attachment: name (type, size) --]" for a part not shown. */
static void
note_attachment(struct render *r, GMimePart *part)
{
	const char *name = g_mime_part_get_filename(part);
	char *type = mime_type(GMIME_OBJECT(part)), size[32], *what;

	human_size(mime_part_size(part), size, sizeof size);
	what = xasprintf("%s, %s", type, size);
	if (name != NULL && *name != '\0')
		add_note(r->doc, "[-- Attachment: %s (%s) --]", name, what);
	else
		add_note(r->doc, "[-- Attachment (%s) --]", what);
	free(what);
	free(type);
}

/* Whether the part is meant to be shown inline (no attachment disposition). */
static int
is_inline(GMimeObject *obj)
{
	const char *d = g_mime_object_get_disposition(obj);

	return d == NULL || strcasecmp(d, "attachment") != 0;
}

/* Whether HTML refers to images on the network (tracking pixels). */
static int
loads_remote(const char *html)
{
	const char *p, *end, *src;

	/* Each tag's src= is looked for within the tag alone: the whole
	 * document is read once, however many <img> it has. */
	for (p = html; (p = strcasestr(p, "<img")) != NULL; p = end) {
		end = strchr(p, '>');
		if (end == NULL)
			end = p + strlen(p);
		for (src = p + 4; src + 4 <= end; src++) {
			if (strncasecmp(src, "src=", 4) != 0)
				continue;
			src += 4 + (src[4] == '"' || src[4] == '\'');
			if (strncasecmp(src, "http:", 5) == 0 ||
			    strncasecmp(src, "https:", 6) == 0 ||
			    strncmp(src, "//", 2) == 0)
				return 1;
			break;
		}
	}
	return 0;
}

static int
is_flowed(GMimeObject *obj)
{
	const char *format = g_mime_content_type_get_parameter(
	    g_mime_object_get_content_type(obj), "format");

	return format != NULL && strcasecmp(format, "flowed") == 0;
}

/*
 * Settles the charset PART's text is read in: Latin-1 and ASCII labels
 * are read as Windows-1252 (a superset whose 0x80-0x9F are the quotes
 * and dashes such mail really holds); a charset iconv doesn't know is
 * noted, and GMime's fallbacks (UTF-8, then Windows-1252) read it.
 */
static void
settle_charset(struct render *r, GMimeTextPart *part)
{
	const char *cs = g_mime_text_part_get_charset(part);

	if (cs == NULL)
		return;
	if (strcasecmp(cs, "iso-8859-1") == 0 || strcasecmp(cs, "latin1") == 0 ||
	    strcasecmp(cs, "us-ascii") == 0 || strcasecmp(cs, "ascii") == 0) {
		g_mime_text_part_set_charset(part, "windows-1252");
		return;
	}
	if (!charset_known(cs)) {
		add_note(r->doc, "[-- The text says it is in \"%s\", a charset "
		    "mua doesn't know: read as UTF-8 or Windows-1252 --]", cs);
		g_mime_text_part_set_charset(part, "utf-8");
	}
}

/*
 * TEXT (g_malloc'd), cut at the last line end within the options'
 * max_part with a note that says so, when it is longer.
 */
static char *
cut_part(struct render *r, char *text)
{
	size_t len = strlen(text), max = r->options->max_part, at;

	if (max == 0 || len <= max)
		return text;
	for (at = max; at > 0 && text[at - 1] != '\n'; at--)
		;
	text[at > 0 ? at : max] = '\0';
	add_note(r->doc, "[-- This part is %.1f MB: the pager shows its first "
	    "%.1f MB (pager_max_part); v saves or pipes all of it --]",
	    (double)len / (1 << 20), (double)max / (1 << 20));
	return text;
}

/*
 * Inline PGP (text with "-----BEGIN PGP ..." lines, the form before
 * PGP/MIME) is shown as the text it is, with a note that says what it
 * is: mua neither decrypts nor checks it.
 */
static void
note_inline_pgp(struct render *r, const char *text)
{
	if (strstr(text, "-----BEGIN PGP MESSAGE-----") != NULL)
		add_note(r->doc, "[-- The text below holds inline PGP (an old "
		    "form): not decrypted here; gpg -d reads it --]");
	else if (strstr(text, "-----BEGIN PGP SIGNED MESSAGE-----") != NULL)
		add_note(r->doc, "[-- The text below is signed inline (an old "
		    "form): its signature is not checked; gpg --verify does "
		    "--]");
}

static void
render_text(struct render *r, GMimeTextPart *part)
{
	char *text, *type = mime_type(GMIME_OBJECT(part));

	settle_charset(r, part);
	text = g_mime_text_part_get_text(part);
	if (text != NULL)
		text = cut_part(r, text);

	if (text == NULL)
		add_note(r->doc, "[-- %s part could not be decoded --]", type);
	else if (strcasecmp(type, "text/html") == 0) {
		char *plain = r->options->html_filter != NULL ?
		    r->options->html_filter(r->options->html_arg, text) : NULL;
		if (plain == NULL)
			plain = mime_html_to_text(text);
		add_text(r->doc, plain);
		free(plain);
		if (loads_remote(text))
			add_note(r->doc, "[-- This HTML loads remote images; "
			    "mua does not fetch them --]");
	} else if (is_flowed(GMIME_OBJECT(part))) {
		GMimeContentType *ct = g_mime_object_get_content_type(
		    GMIME_OBJECT(part));
		const char *delsp = g_mime_content_type_get_parameter(ct,
		    "delsp");
		char *joined = mime_flowed_decode(text, delsp != NULL &&
		    strcasecmp(delsp, "yes") == 0);
		add_text(r->doc, joined);
		free(joined);
	} else {
		note_inline_pgp(r, text);
		add_text(r->doc, text);
	}
	g_free(text);
	free(type);
}

/* Whether TYPE ("text/plain") is the type WANT: exact, or "text/" + '*'. */
static int
type_matches(const char *type, const char *want, size_t wlen)
{
	if (wlen >= 2 && want[wlen - 1] == '*' && want[wlen - 2] == '/')
		return strncasecmp(type, want, wlen - 1) == 0;
	return strlen(type) == wlen && strncasecmp(type, want, wlen) == 0;
}

/*
 * The part of a multipart/alternative to show: the first whose type comes
 * first in alternative_order; else the last, the sender's richest.
 */
static GMimeObject *
pick_alternative(struct render *r, GMimeMultipart *mp)
{
	const char *order = r->options->alternative_order, *w = order;
	int i, n = g_mime_multipart_get_count(mp);
	size_t len;

	while (*w != '\0') {
		w += strspn(w, " ,");
		len = strcspn(w, " ,");
		for (i = 0; len > 0 && i < n; i++) {
			GMimeObject *child = g_mime_multipart_get_part(mp, i);
			char *type = mime_type(child);
			int match = type_matches(type, w, len);
			free(type);
			if (match)
				return child;
		}
		w += len;
	}
	return n > 0 ? g_mime_multipart_get_part(mp, n - 1) : NULL;
}

static void
render_multipart(struct render *r, GMimeMultipart *mp, int depth)
{
	const char *sub = g_mime_content_type_get_media_subtype(
	    g_mime_object_get_content_type(GMIME_OBJECT(mp)));
	int i, n = g_mime_multipart_get_count(mp);

	if (sub != NULL && strcasecmp(sub, "alternative") == 0) {
		GMimeObject *pick = pick_alternative(r, mp);
		if (pick != NULL)
			render_object(r, pick, depth + 1);
		return;
	}
	if (GMIME_IS_MULTIPART_SIGNED(mp) && n >= 2 && r->options->verify) {
		mime_verify(GMIME_MULTIPART_SIGNED(mp), r->from, r->doc);
		add_note(r->doc, "[-- Begin signed text --]");
		render_object(r, g_mime_multipart_get_part(mp, 0), depth + 1);
		add_note(r->doc, "[-- End signed text --]");
		return;
	}
	if (sub != NULL && strcasecmp(sub, "signed") == 0 && n >= 1) {
		render_object(r, g_mime_multipart_get_part(mp, 0), depth + 1);
		add_note(r->doc, n >= 2 ? "[-- The message is signed; the "
		    "signature was not checked here --]" : "[-- The message is "
		    "signed, but its signature is missing --]");
		return;
	}
	for (i = 0; i < n; i++)
		render_object(r, g_mime_multipart_get_part(mp, i), depth + 1);
}

/* The address MESSAGE is From (caller frees), or NULL. */
static char *
sender(GMimeMessage *message)
{
	InternetAddressList *list = g_mime_message_get_from(message);
	InternetAddress *a = list != NULL &&
	    internet_address_list_length(list) > 0 ?
	    internet_address_list_get_address(list, 0) : NULL;

	if (a == NULL || !INTERNET_ADDRESS_IS_MAILBOX(a))
		return NULL;
	return xstrdup(internet_address_mailbox_get_addr(
	    INTERNET_ADDRESS_MAILBOX(a)));
}

static void
render_message_part(struct render *r, GMimeMessagePart *mp, int depth)
{
	GMimeMessage *inner = g_mime_message_part_get_message(mp);
	char *outer;

	if (inner == NULL)
		return;
	add_note(r->doc, "[-- Forwarded message --]");
	render_headers(r, GMIME_OBJECT(inner));
	mime_doc_add(r->doc, MIME_BODY, "");
	outer = r->from;	/* its signatures are its sender's */
	r->from = sender(inner);
	if (inner->mime_part != NULL)
		render_object(r, inner->mime_part, depth + 1);
	free(r->from);
	r->from = outer;
	add_note(r->doc, "[-- End of forwarded message --]");
}

/* The Subject an encrypted part's protected headers hold, if any. */
static void
protected_subject(struct render *r, GMimeObject *inner)
{
	const char *v = g_mime_content_type_get_parameter(
	    g_mime_object_get_content_type(inner), "protected-headers");
	const char *subject = g_mime_object_get_header(inner, "Subject");
	char *text;

	if (v == NULL || strcasecmp(v, "v1") != 0 || subject == NULL)
		return;
	text = g_mime_utils_header_decode_text(NULL, subject);
	add_note(r->doc, "[-- Subject, as encrypted: %s --]", text);
	g_free(text);
}

/* An encrypted part (PGP/MIME): decrypted where the options say, else
 * named for what it is (see mime-crypt.c). */
static void
render_encrypted(struct render *r, GMimeMultipartEncrypted *mpe, int depth)
{
	GMimeObject *inner;

	if (r->options->decrypt == MIME_DECRYPT_NO) {
		add_note(r->doc, "[-- Encrypted (PGP/MIME): decrypted only in "
		    "the pager; v lists its parts --]");
		return;
	}
	if ((inner = mime_decrypt(mpe, r->options, r->from, r->doc)) == NULL)
		return;
	add_note(r->doc, "[-- Begin encrypted text --]");
	protected_subject(r, inner);
	render_object(r, inner, depth + 1);
	add_note(r->doc, "[-- End encrypted text --]");
	g_object_unref(inner);
}

static void
render_object(struct render *r, GMimeObject *obj, int depth)
{
	if (depth > MIME_MAX_DEPTH) {
		add_note(r->doc, "[-- Parts nested deeper than this are not "
		    "shown --]");
		return;
	}
	if (GMIME_IS_MULTIPART_ENCRYPTED(obj))
		render_encrypted(r, GMIME_MULTIPART_ENCRYPTED(obj), depth);
	else if (GMIME_IS_MULTIPART(obj))
		render_multipart(r, GMIME_MULTIPART(obj), depth);
	else if (GMIME_IS_MESSAGE_PART(obj))
		render_message_part(r, GMIME_MESSAGE_PART(obj), depth);
	else if (GMIME_IS_TEXT_PART(obj) && is_inline(obj) &&
	    (g_mime_content_type_is_type(g_mime_object_get_content_type(obj),
	    "text", "plain") ||
	    g_mime_content_type_is_type(g_mime_object_get_content_type(obj),
	    "text", "html")))
		render_text(r, GMIME_TEXT_PART(obj));
	else if (GMIME_IS_PART(obj))
		note_attachment(r, GMIME_PART(obj));
}

/*
 * Sets GMime up, once. Raw 8-bit headers and text in an unknown charset
 * are read as UTF-8 where they are valid UTF-8, else as Windows-1252 (the
 * commonest undeclared charset, and a superset of Latin-1).
 */
static void
init_once(void)
{
	static const char *fallback[] = { "utf-8", "windows-1252", NULL };

	g_mime_init();
	g_mime_parser_options_set_fallback_charsets(
	    g_mime_parser_options_get_default(), fallback);
}

/* Once, whichever thread (the pager's render jobs) comes first. */
void
mime_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, init_once);
}

/* Parses a message from STREAM (taken); NULL when it is none. */
static GMimeMessage *
parse_stream(GMimeStream *stream)
{
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	GMimeMessage *message = g_mime_parser_construct_message(parser, NULL);

	g_object_unref(parser);
	g_object_unref(stream);
	return message;
}

GMimeMessage *
mime_parse_file(const char *path, char **cause)
{

	GMimeStream *stream;
	GMimeMessage *message;
	GError *err = NULL;

	mime_init();
	if ((stream = g_mime_stream_fs_open(path, O_RDONLY, 0, &err)) == NULL) {
		set_cause(cause, "%s: %s", path, err ? err->message :
		    "can't open");
		g_clear_error(&err);
		return NULL;
	}
	message = parse_stream(stream);
	if (message == NULL)
		set_cause(cause, "%s: not a mail message", path);
	return message;
}

/* Renders MESSAGE (taken) into DOC. */
static void
render_message(GMimeMessage *message, const struct mime_options *options,
    struct mime_doc *doc)
{
	struct render r = { options, doc, sender(message) };

	render_headers(&r, GMIME_OBJECT(message));
	mime_doc_add(doc, MIME_BODY, "");
	if (message->mime_part != NULL)
		render_object(&r, message->mime_part, 0);
	free(r.from);
	g_object_unref(message);
}

int
mime_render(const char *path, const struct mime_options *options,
    struct mime_doc *doc, char **cause)
{
	GMimeMessage *message = mime_parse_file(path, cause);

	if (message == NULL)
		return -1;
	render_message(message, options, doc);
	return 0;
}

GMimeMessage *
mime_parse_data(const char *data, size_t len)
{
	mime_init();
	return parse_stream(g_mime_stream_mem_new_with_buffer(data, len));
}

int
mime_render_data(const char *data, size_t len,
    const struct mime_options *options, struct mime_doc *doc, char **cause)
{
	GMimeMessage *message = mime_parse_data(data, len);

	if (message == NULL)
		return set_cause(cause, "not a mail message");
	render_message(message, options, doc);
	return 0;
}

/*
 * Where GLib's log messages go (GMime's criticals, and notmuch's through
 * it). GLib's handler is the process's, so this is too: the UI sets it
 * while curses owns the terminal, on its own thread; a message from
 * another thread is dropped rather than written over the screen.
 */
static struct {
	void (*fn)(void *, const char *);
	void *arg;
	pthread_t thread;
} mime_log;

static void
on_glib_log(const gchar *domain, GLogLevelFlags level, const gchar *message,
    gpointer data)
{
	char *line;

	(void)data;
	if (mime_log.fn == NULL || !pthread_equal(pthread_self(),
	    mime_log.thread) ||
	    (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO)) != 0)
		return;		/* GLib's own handler hides those too */
	line = xasprintf(MIME_LOG_PREFIX "%s%s%s: %s", domain != NULL ?
	    domain : "", domain != NULL ? " " : "",
	    (level & G_LOG_LEVEL_CRITICAL) ?
	    "critical" : (level & G_LOG_LEVEL_WARNING) ? "warning" : "note",
	    message);
	mime_log.fn(mime_log.arg, line);
	free(line);
}

void
mime_log_to(void (*fn)(void *arg, const char *line), void *arg)
{
	mime_log.fn = fn;
	mime_log.arg = arg;
	mime_log.thread = pthread_self();
	g_log_set_default_handler(fn != NULL ? on_glib_log :
	    g_log_default_handler, NULL);
}

static void
to_stderr(void *arg, const char *line)
{
	(void)arg;
	fprintf(stderr, "mua: %s\n", line);
}

void
mime_log_to_stderr(void)
{
	mime_log_to(to_stderr, NULL);
}
