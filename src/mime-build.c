/* mime-build.c: messages built by GMime; see mime-build.h. */
#include "autodefs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <magic.h>

#include "mime-build.h"
#include "mime-int.h"
#include "mime-resend.h"
#include "mua.h"
#include "tls.h"

/* N random bytes as hex into OUT (2N+1 bytes). */
static void
random_hex(char *out, size_t n)
{
	unsigned char bytes[32];
	size_t i;

	tls_random(bytes, n);
	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", bytes[i]);
}

/* Calls FN on each mailbox of LIST, groups flattened; stops at -1. */
static int
each_mailbox(InternetAddressList *list,
    int (*fn)(InternetAddressMailbox *, void *), void *arg)
{
	int i, n = internet_address_list_length(list);

	for (i = 0; i < n; i++) {
		InternetAddress *a = internet_address_list_get_address(list, i);
		if (INTERNET_ADDRESS_IS_GROUP(a)) {
			if (each_mailbox(internet_address_group_get_members(
			    INTERNET_ADDRESS_GROUP(a)), fn, arg) == -1)
				return -1;
		} else if (fn(INTERNET_ADDRESS_MAILBOX(a), arg) == -1)
			return -1;
	}
	return 0;
}

/*
 * Names are encoded in UTF-8, as everyone reads them; GMime would pick
 * the smallest charset that fits (often Latin-1).
 */
static int
has_at(InternetAddressMailbox *m, void *arg)
{
	const char *addr = internet_address_mailbox_get_addr(m);

	(void)arg;
	internet_address_set_charset(INTERNET_ADDRESS(m), "utf-8");
	return addr != NULL && strchr(addr, '@') != NULL &&
	    addr[0] != '@' ? 0 : -1;
}

InternetAddressList *
mime_parse_addresses(const char *what, const char *list, char **cause)
{
	InternetAddressList *l;

	mime_init();
	l = internet_address_list_parse(NULL, list);
	if (l == NULL || internet_address_list_length(l) == 0 ||
	    each_mailbox(l, has_at, NULL) == -1) {
		if (l != NULL)
			g_object_unref(l);
		set_cause(cause, "%s: \"%s\" is not a list of mail addresses",
		    what, list);
		return NULL;
	}
	return l;
}

int
mime_add_addresses(GMimeMessage *msg, GMimeAddressType type, const char *what,
    const char *text, char **cause)
{
	InternetAddressList *l;

	if (text == NULL || *text == '\0')
		return 0;
	if ((l = mime_parse_addresses(what, text, cause)) == NULL)
		return -1;
	internet_address_list_append(g_mime_message_get_addresses(msg, type), l);
	g_object_unref(l);
	return 0;
}

struct collect {
	char ***addrs;
	size_t *n;
};

static int
collect_one(InternetAddressMailbox *m, void *arg)
{
	struct collect *c = arg;

	*c->addrs = xreallocarray(*c->addrs, *c->n + 2, sizeof **c->addrs);
	(*c->addrs)[(*c->n)++] = xstrdup(internet_address_mailbox_get_addr(m));
	(*c->addrs)[*c->n] = NULL;
	return 0;
}

int
mime_addresses(const char *list, char ***addrs, size_t *n, char **cause)
{
	InternetAddressList *l;
	struct collect c = { addrs, n };

	if (list == NULL || *list == '\0')
		return 0;
	if ((l = mime_parse_addresses("address", list, cause)) == NULL)
		return -1;
	each_mailbox(l, collect_one, &c);
	g_object_unref(l);
	return 0;
}

char *
mime_message_id(const char *from)
{
	InternetAddressList *l;
	InternetAddress *a;
	const char *addr = NULL, *at = NULL;
	char id[128];

	mime_init();
	l = from != NULL ? internet_address_list_parse(NULL, from) : NULL;
	a = l != NULL && internet_address_list_length(l) > 0 ?
	    internet_address_list_get_address(l, 0) : NULL;
	if (a != NULL && INTERNET_ADDRESS_IS_MAILBOX(a))
		addr = internet_address_mailbox_get_addr(
		    INTERNET_ADDRESS_MAILBOX(a));
	if (addr != NULL)
		at = strrchr(addr, '@');
	random_hex(id, 16);
	snprintf(id + 32, sizeof id - 32, "@%s", at != NULL && at[1] != '\0' ?
	    at + 1 : "localhost");
	if (l != NULL)
		g_object_unref(l);
	return xstrdup(id);
}

/* Whether TEXT has a byte over 127, or a line over 998 bytes (RFC 5322). */
static void
inspect(const char *text, int *eight_bit, int *long_line)
{
	size_t run = 0;
	const char *p;

	*eight_bit = *long_line = 0;
	for (p = text; *p != '\0'; p++) {
		*eight_bit |= (unsigned char)*p > 127;
		run = *p == '\n' ? 0 : run + 1;
		*long_line |= run > 998;
	}
}

static GMimeObject *
text_part(const char *body, int eight_bit_ok)
{
	GMimeTextPart *tp = g_mime_text_part_new_with_subtype("plain");
	int eight_bit, long_line;
	GMimeContentEncoding enc;

	GMimeStream *mem;
	GMimeDataWrapper *content;

	inspect(body, &eight_bit, &long_line);
	/* As written, in UTF-8: g_mime_text_part_set_text() would convert
	 * it to the smallest charset that holds it (often Latin-1). */
	mem = g_mime_stream_mem_new_with_buffer(body, strlen(body));
	content = g_mime_data_wrapper_new_with_stream(mem,
	    GMIME_CONTENT_ENCODING_DEFAULT);
	g_object_unref(mem);
	g_mime_part_set_content(GMIME_PART(tp), content);
	g_object_unref(content);
	g_mime_object_set_content_type_parameter(GMIME_OBJECT(tp), "charset",
	    eight_bit ? "utf-8" : "us-ascii");
	if (long_line || (eight_bit && !eight_bit_ok))
		enc = GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE;
	else
		enc = eight_bit ? GMIME_CONTENT_ENCODING_8BIT :
		    GMIME_CONTENT_ENCODING_7BIT;
	g_mime_part_set_content_encoding(GMIME_PART(tp), enc);
	return GMIME_OBJECT(tp);
}

/*
 * The MIME type of the file PATH from its content ("type/subtype"), and
 * into *charset (caller frees; NULL when there is none to name) the
 * charset its text is in, as libmagic reads it: "utf-8", "us-ascii",
 * "iso-8859-1"; not "binary" nor "unknown-8bit".
 */
static char *
type_of(const char *path, char **charset)
{
	magic_t m = magic_open(MAGIC_MIME | MAGIC_SYMLINK);
	const char *t = NULL, *cs;
	char *type;
	size_t n;

	*charset = NULL;
	if (m != NULL && magic_load(m, NULL) == 0)
		t = magic_file(m, path);
	if (t == NULL || strchr(t, '/') == NULL)
		t = "application/octet-stream";
	n = strcspn(t, "; ");
	type = xstrndup(t, n);
	if ((cs = strstr(t, "charset=")) != NULL && strncmp(type, "text/", 5) ==
	    0 && strcmp(cs + 8, "binary") != 0 &&
	    strcmp(cs + 8, "unknown-8bit") != 0)
		*charset = xstrdup(cs + 8);
	if (m != NULL)
		magic_close(m);
	return type;
}

/* Encodes parameter NAME of LIST (if set) in UTF-8 by RFC 2231. */
static void
utf8_param(GMimeParamList *list, const char *name)
{
	GMimeParam *p = list ? g_mime_param_list_get_parameter(list, name) :
	    NULL;

	if (p != NULL)
		g_mime_param_set_charset(p, "utf-8");
}

/* A mail message attached whole: message/rfc822, as it is. */
static GMimeObject *
message_part(const char *path, char **cause)
{
	GMimeMessage *msg = mime_parse_file(path, cause);
	GMimeMessagePart *part;

	if (msg == NULL)
		return NULL;
	part = g_mime_message_part_new_with_message("rfc822", msg);
	g_object_unref(msg);
	g_mime_object_set_disposition(GMIME_OBJECT(part), "inline");
	return GMIME_OBJECT(part);
}

static GMimeObject *
attachment_part(const char *path, char **cause)
{
	GMimeStream *stream;
	GMimeDataWrapper *content;
	GMimePart *part;
	char *charset, *type = type_of(path, &charset), *slash = strchr(type, '/');
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd == -1) {
		set_cause(cause, "can't attach %s: %s", path, strerror(errno));
		free(type);
		free(charset);
		return NULL;
	}
	if (strcmp(type, "message/rfc822") == 0) {	/* a forward */
		close(fd);
		free(type);
		free(charset);
		return message_part(path, cause);
	}
	*slash = '\0';
	part = g_mime_part_new_with_type(type, slash + 1);
	free(type);
	/* A text attachment says what its bytes are, or a reader guesses
	 * (and a UTF-8 file comes out as Latin-1). */
	if (charset != NULL)
		g_mime_object_set_content_type_parameter(GMIME_OBJECT(part),
		    "charset", charset);
	free(charset);
	stream = g_mime_stream_fs_new(fd);
	content = g_mime_data_wrapper_new_with_stream(stream,
	    GMIME_CONTENT_ENCODING_DEFAULT);
	g_object_unref(stream);
	g_mime_part_set_content(part, content);
	g_object_unref(content);
	g_mime_object_set_disposition(GMIME_OBJECT(part), "attachment");
	g_mime_part_set_filename(part, name);
	utf8_param(g_mime_content_disposition_get_parameters(
	    g_mime_object_get_content_disposition(GMIME_OBJECT(part))),
	    "filename");
	utf8_param(g_mime_content_type_get_parameters(
	    g_mime_object_get_content_type(GMIME_OBJECT(part))), "name");
	g_mime_part_set_content_encoding(part,
	    g_mime_part_get_best_content_encoding(part,
	    GMIME_ENCODING_CONSTRAINT_7BIT));
	return GMIME_OBJECT(part);
}

/* The body: the text alone, or the text and attachments in a
 * multipart/mixed with a boundary nobody can guess. */
static GMimeObject *
body_of(const struct mime_draft *d, char **cause)
{
	GMimeMultipart *mixed;
	GMimeObject *part;
	char boundary[48] = "=_mua_";
	size_t i;

	if (d->attachments == NULL || d->attachments[0] == NULL)
		return text_part(d->body, d->eight_bit);
	mixed = g_mime_multipart_new_with_subtype("mixed");
	random_hex(boundary + strlen(boundary), 16);
	g_mime_multipart_set_boundary(mixed, boundary);
	part = text_part(d->body, d->eight_bit);
	g_mime_multipart_add(mixed, part);
	g_object_unref(part);
	for (i = 0; d->attachments[i] != NULL; i++) {
		if ((part = attachment_part(d->attachments[i], cause)) == NULL) {
			g_object_unref(mixed);
			return NULL;
		}
		g_mime_multipart_add(mixed, part);
		g_object_unref(part);
	}
	return GMIME_OBJECT(mixed);
}

/* The header fields, in the order people expect to read them. */
static int
set_headers(GMimeMessage *msg, const struct mime_draft *d, char **cause)
{
	GDateTime *now = g_date_time_new_now_local();

	g_mime_message_set_date(msg, now);
	g_date_time_unref(now);
	if (mime_add_addresses(msg, GMIME_ADDRESS_TYPE_FROM, "From", d->from,
	    cause) == -1 ||
	    mime_add_addresses(msg, GMIME_ADDRESS_TYPE_REPLY_TO, "Reply-To",
	    d->reply_to, cause) == -1 ||
	    mime_add_addresses(msg, GMIME_ADDRESS_TYPE_TO, "To", d->to, cause) == -1 ||
	    mime_add_addresses(msg, GMIME_ADDRESS_TYPE_CC, "Cc", d->cc, cause) == -1 ||
	    mime_add_addresses(msg, GMIME_ADDRESS_TYPE_BCC, "Bcc", d->bcc,
	    cause) == -1)
		return -1;
	if (d->from == NULL || *d->from == '\0')
		return set_cause(cause, "the message has no From address");
	g_mime_message_set_subject(msg, d->subject ? d->subject : "", "utf-8");
	if (d->in_reply_to != NULL && *d->in_reply_to != '\0')
		g_mime_object_set_header(GMIME_OBJECT(msg), "In-Reply-To",
		    d->in_reply_to, NULL);
	if (d->references != NULL && *d->references != '\0')
		g_mime_object_set_header(GMIME_OBJECT(msg), "References",
		    d->references, NULL);
	g_mime_object_set_header(GMIME_OBJECT(msg), "User-Agent",
	    "mua/" PACKAGE_VERSION, NULL);
	return 0;
}

int
mime_build(const struct mime_draft *d, char **out, size_t *len,
    char **message_id, char **cause)
{
	GMimeMessage *msg;
	GMimeObject *body;
	char *id;

	mime_init();
	msg = g_mime_message_new(TRUE);
	if (set_headers(msg, d, cause) == -1 ||
	    (body = body_of(d, cause)) == NULL) {
		g_object_unref(msg);
		return -1;
	}
	id = mime_message_id(d->from);
	g_mime_message_set_message_id(msg, id);
	g_mime_message_set_mime_part(msg, body);
	g_object_unref(body);
	*out = mime_write(GMIME_OBJECT(msg), 0);
	*len = strlen(*out);
	g_object_unref(msg);
	if (message_id != NULL)
		*message_id = id;
	else
		free(id);
	return 0;
}

char *
mime_write(GMimeObject *obj, int header_only)
{
	GMimeFormatOptions *fo = g_mime_format_options_new();
	char *text, *mine;

	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_UNIX);
	g_mime_format_options_set_param_encoding_method(fo,
	    GMIME_PARAM_ENCODING_METHOD_RFC2231);
	text = header_only ? g_mime_object_get_headers(obj, fo) :
	    g_mime_object_to_string(obj, fo);
	g_mime_format_options_free(fo);
	mine = xstrdup(text != NULL ? text : "");
	g_free(text);
	return mine;
}

/* The addr-spec of the first mailbox of LIST, or NULL. */
static char *
first_address(InternetAddressList *list)
{
	char **addrs = NULL, *first;
	size_t n = 0, i;
	struct collect c = { &addrs, &n };

	if (list != NULL)
		each_mailbox(list, collect_one, &c);
	first = n > 0 ? addrs[0] : NULL;
	for (i = 1; i < n; i++)
		free(addrs[i]);
	free(addrs);
	return first;
}

int
mime_envelope_read(const char *data, size_t len, struct mime_envelope *e,
    char **cause)
{
	static const GMimeAddressType kinds[] = { GMIME_ADDRESS_TYPE_TO,
		GMIME_ADDRESS_TYPE_CC, GMIME_ADDRESS_TYPE_BCC };
	struct collect c = { &e->rcpts, &e->n };
	GMimeMessage *msg;
	const char *subject, *irt;
	size_t i;

	memset(e, 0, sizeof *e);
	if ((msg = mime_parse_data(data, len)) == NULL)
		return set_cause(cause, "the message can't be parsed");
	e->from = first_address(g_mime_message_get_from(msg));
	for (i = 0; i < nitems(kinds); i++)
		each_mailbox(g_mime_message_get_addresses(msg, kinds[i]),
		    collect_one, &c);
	subject = g_mime_message_get_subject(msg);
	e->subject = xstrdup(subject != NULL ? subject : "");
	irt = g_mime_object_get_header(GMIME_OBJECT(msg), "In-Reply-To");
	e->in_reply_to = irt != NULL ? g_mime_utils_decode_message_id(irt) :
	    NULL;
	if (e->in_reply_to != NULL) {	/* GLib's allocation, made ours */
		char *mine = xstrdup(e->in_reply_to);
		g_free(e->in_reply_to);
		e->in_reply_to = mine;
	}
	if (g_mime_message_get_message_id(msg) != NULL)
		e->message_id = xstrdup(g_mime_message_get_message_id(msg));
	e->bounce = g_mime_object_get_header(GMIME_OBJECT(msg),
	    MIME_RESEND_FIELD) != NULL;
	g_object_unref(msg);
	if (e->from == NULL || e->n == 0) {
		/* The reason first: clearing forgets the From. */
		set_cause(cause, "the message has no %s", e->from == NULL ?
		    "From address" : "recipient (To, Cc or Bcc)");
		mime_envelope_clear(e);
		return -1;
	}
	return 0;
}

void
mime_envelope_clear(struct mime_envelope *e)
{
	size_t i;

	free(e->from);
	for (i = 0; i < e->n; i++)
		free(e->rcpts[i]);
	free(e->rcpts);
	free(e->subject);
	free(e->in_reply_to);
	free(e->message_id);
	memset(e, 0, sizeof *e);
}

/* Whether LINE (of the header) starts a Bcc field. */
static int
is_bcc(const char *line, size_t n)
{
	return n >= 4 && strncasecmp(line, "bcc:", 4) == 0;
}

char *
mime_without_bcc(const char *data, size_t len, size_t *out_len)
{
	char *out = xmalloc(len + 1), *o = out;
	const char *p = data, *end = data + len, *nl;
	int in_header = 1, skipping = 0;
	size_t n;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl != NULL ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		if (in_header && (n == 1 || (n == 2 && p[0] == '\r')))
			in_header = 0;	/* the blank line: the body follows */
		else if (in_header && (p[0] == ' ' || p[0] == '\t'))
			;		/* a folded line goes with its field */
		else if (in_header)
			skipping = is_bcc(p, n);
		if (!(in_header && skipping)) {
			memcpy(o, p, n);
			o += n;
		}
		p += n;
	}
	*out_len = (size_t)(o - out);
	*o = '\0';
	return out;
}

/* LIST as text ("" when empty), in UTF-8. */
static char *
list_text(InternetAddressList *list)
{
	char *text, *mine;

	if (list == NULL || internet_address_list_length(list) == 0)
		return xstrdup("");
	text = internet_address_list_to_string(list, NULL, FALSE);
	mine = xstrdup(text != NULL ? text : "");
	g_free(text);
	return mine;
}

/* Header NAME of MSG parsed as an address list, as text. */
static char *
header_list(GMimeMessage *msg, const char *name)
{
	const char *raw = g_mime_object_get_header(GMIME_OBJECT(msg), name);
	InternetAddressList *l;
	char *text;

	if (raw == NULL)
		return xstrdup("");
	l = internet_address_list_parse(NULL, raw);
	text = list_text(l);
	if (l != NULL)
		g_object_unref(l);
	return text;
}

/* The address in a List-Post header: "<mailto:list@host?...>". */
static char *
list_post(GMimeMessage *msg)
{
	const char *raw = g_mime_object_get_header(GMIME_OBJECT(msg),
	    "List-Post"), *p;
	size_t n;

	if (raw == NULL || (p = strstr(raw, "mailto:")) == NULL)
		return NULL;
	p += 7;
	n = strcspn(p, ">?, \t");
	return n > 0 ? xstrndup(p, n) : NULL;
}

static char *
dup_or_empty(const char *s)
{
	return xstrdup(s != NULL ? s : "");
}

int
mime_original_read(const char *path, struct mime_original *o, char **cause)
{
	GMimeMessage *msg = mime_parse_file(path, cause);
	const char *dt;

	memset(o, 0, sizeof *o);
	if (msg == NULL)
		return -1;
	o->from = list_text(g_mime_message_get_from(msg));
	o->to = list_text(g_mime_message_get_to(msg));
	o->cc = list_text(g_mime_message_get_cc(msg));
	o->reply_to = list_text(g_mime_message_get_reply_to(msg));
	o->followup_to = header_list(msg, "Mail-Followup-To");
	o->list_post = list_post(msg);
	o->subject = dup_or_empty(g_mime_message_get_subject(msg));
	o->date = dup_or_empty(g_mime_object_get_header(GMIME_OBJECT(msg),
	    "Date"));
	o->message_id = dup_or_empty(g_mime_message_get_message_id(msg));
	o->references = dup_or_empty(g_mime_object_get_header(
	    GMIME_OBJECT(msg), "References"));
	dt = g_mime_object_get_header(GMIME_OBJECT(msg), "Delivered-To");
	if (dt == NULL)
		dt = g_mime_object_get_header(GMIME_OBJECT(msg), "X-Original-To");
	o->delivered_to = dt != NULL ? xstrdup(dt) : NULL;
	o->encrypted = GMIME_IS_MULTIPART_ENCRYPTED(
	    g_mime_message_get_mime_part(msg));
	g_object_unref(msg);
	return 0;
}

void
mime_original_clear(struct mime_original *o)
{
	free(o->from);
	free(o->to);
	free(o->cc);
	free(o->reply_to);
	free(o->followup_to);
	free(o->list_post);
	free(o->subject);
	free(o->date);
	free(o->message_id);
	free(o->references);
	free(o->delivered_to);
	memset(o, 0, sizeof *o);
}

static int
dropped(const char *addr, char *const *drop, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcasecmp(addr, drop[i]) == 0)
			return 1;
	return 0;
}

struct merge {
	InternetAddressList *out;
	char **seen;
	size_t nseen;
	char *const *drop;
	size_t ndrop;
};

static int
merge_one(InternetAddressMailbox *m, void *arg)
{
	struct merge *g = arg;
	const char *addr = internet_address_mailbox_get_addr(m);

	if (addr == NULL || dropped(addr, g->drop, g->ndrop) ||
	    dropped(addr, g->seen, g->nseen))
		return 0;
	g->seen = xreallocarray(g->seen, g->nseen + 1, sizeof *g->seen);
	g->seen[g->nseen++] = xstrdup(addr);
	internet_address_set_charset(INTERNET_ADDRESS(m), "utf-8");
	internet_address_list_add(g->out, INTERNET_ADDRESS(m));
	return 0;
}

char *
mime_list_merge(const char *const *lists, size_t n, char *const *drop,
    size_t ndrop)
{
	struct merge g = { NULL, NULL, 0, drop, ndrop };
	InternetAddressList *l;
	char *text;
	size_t i;

	mime_init();
	g.out = internet_address_list_new();
	for (i = 0; i < n; i++) {
		if (lists[i] == NULL || *lists[i] == '\0' ||
		    (l = internet_address_list_parse(NULL, lists[i])) == NULL)
			continue;
		each_mailbox(l, merge_one, &g);
		g_object_unref(l);
	}
	text = list_text(g.out);
	g_object_unref(g.out);
	for (i = 0; i < g.nseen; i++)
		free(g.seen[i]);
	free(g.seen);
	return text;
}

int
mime_has_8bit(const char *data, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)data[i] > 127)
			return 1;
	return 0;
}

/* Re-encodes an 8-bit leaf part: quoted-printable for text, else base64. */
static void
to_7bit(GMimeObject *parent, GMimeObject *part, gpointer data)
{
	GMimeContentEncoding enc;

	(void)parent;
	(void)data;
	if (!GMIME_IS_PART(part))
		return;
	enc = g_mime_part_get_content_encoding(GMIME_PART(part));
	if (enc != GMIME_CONTENT_ENCODING_8BIT &&
	    enc != GMIME_CONTENT_ENCODING_BINARY)
		return;
	g_mime_part_set_content_encoding(GMIME_PART(part),
	    GMIME_IS_TEXT_PART(part) ? GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE :
	    GMIME_CONTENT_ENCODING_BASE64);
}

char *
mime_to_7bit(const char *data, size_t len, size_t *out_len)
{
	GMimeMessage *msg;
	char *out;

	if ((msg = mime_parse_data(data, len)) == NULL)
		return NULL;
	to_7bit(NULL, g_mime_message_get_mime_part(msg), NULL);
	g_mime_message_foreach(msg, to_7bit, NULL);
	out = mime_write(GMIME_OBJECT(msg), 0);
	g_object_unref(msg);
	*out_len = strlen(out);
	return out;
}
