/* compose.c: drafts; see compose.h. */
#include "autodefs.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "account.h"
#include "buf.h"
#include "compose.h"
#include "config.h"
#include "file.h"
#include "maildir.h"
#include "mime-build.h"
#include "mime.h"
#include "mua.h"
#include "options.h"
#include "rc.h"
#include "seal-plan.h"

/* The addr-specs of LIST added to *addrs. */
static void
addresses_of(const char *list, char ***addrs, size_t *n)
{
	mime_addresses(list, addrs, n, NULL);
}

static void
strings_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int
mine_in(const char *list, char *const *mine, size_t n)
{
	char **addrs = NULL;
	size_t k = 0, i, j;
	int found = 0;

	addresses_of(list, &addrs, &k);
	for (i = 0; i < k; i++)
		for (j = 0; j < n; j++)
			found |= strcasecmp(addrs[i], mine[j]) == 0;
	strings_free(addrs, k);
	return found;
}

/* LIST alone, each address once, without those in DROP. */
static char *
merge1(const char *list, char *const *drop, size_t n)
{
	const char *one[1] = { list };

	return mime_list_merge(one, 1, drop, n);
}

int
compose_recipients(const struct mime_original *o, enum compose_kind kind,
    char *const *mine, size_t n, struct compose_recipients *r, char **cause)
{
	const char *back = *o->reply_to != '\0' ? o->reply_to : o->from;
	const char *everyone[3] = { NULL, o->to, o->cc };
	char **drop = NULL;
	size_t ndrop = 0;

	memset(r, 0, sizeof *r);
	if (kind == COMPOSE_LIST) {
		if (o->list_post == NULL)
			return set_cause(cause, "the message came from no "
			    "mailing list (it has no List-Post)");
		r->to = xstrdup(o->list_post);
		r->cc = xstrdup("");
		return 0;
	}
	if (kind == COMPOSE_GROUP && *o->followup_to != '\0') {
		r->to = merge1(o->followup_to, mine, n);
		r->cc = xstrdup("");
		return 0;
	}
	/* Your own message: the reply goes where it went. */
	if (mine_in(o->from, mine, n) && *o->reply_to == '\0') {
		r->to = merge1(o->to, NULL, 0);
		r->cc = kind == COMPOSE_GROUP ? merge1(o->cc, NULL, 0) :
		    xstrdup("");
		return 0;
	}
	r->to = merge1(back, kind == COMPOSE_GROUP ? mine : NULL,
	    kind == COMPOSE_GROUP ? n : 0);
	if (kind != COMPOSE_GROUP) {
		r->cc = xstrdup("");
		return 0;
	}
	/* Cc: everyone else, minus you and those in To. */
	drop = xcalloc(n + 1, sizeof *drop);
	for (ndrop = 0; ndrop < n; ndrop++)
		drop[ndrop] = xstrdup(mine[ndrop]);
	addresses_of(r->to, &drop, &ndrop);
	r->cc = mime_list_merge(everyone + 1, 2, drop, ndrop);
	strings_free(drop, ndrop);
	return 0;
}

void
compose_recipients_clear(struct compose_recipients *r)
{
	free(r->to);
	free(r->cc);
	memset(r, 0, sizeof *r);
}

/* Every account's own address. */
static char **
own_addresses(const struct config *config, size_t *n)
{
	char **mine = NULL;
	size_t i;

	*n = 0;
	for (i = 0; i < config->naccounts; i++)
		addresses_of(account_get_one(config->accounts[i], "from"),
		    &mine, n);
	return mine;
}

/* The account the original was sent to, else the default one. */
static const struct account *
identity(const struct config *config, const struct mime_original *o)
{
	const char *lists[3];
	char **mine = NULL;
	size_t i, n, j;

	if (o != NULL) {
		lists[0] = o->to;
		lists[1] = o->cc;
		lists[2] = o->delivered_to;
		for (i = 0; i < config->naccounts; i++) {
			n = 0;
			mine = NULL;
			addresses_of(account_get_one(config->accounts[i],
			    "from"), &mine, &n);
			for (j = 0; j < nitems(lists); j++)
				if (lists[j] != NULL &&
				    mine_in(lists[j], mine, n)) {
					strings_free(mine, n);
					return config->accounts[i];
				}
			strings_free(mine, n);
		}
	}
	return config_default_account(config);
}

/* SUBJECT with PREFIX ("Re: "), unless it already starts so. */
static char *
prefixed(const char *prefix, const char *subject)
{
	size_t n = strlen(prefix) - 1;	/* "Re:" without the space */

	while (isspace((unsigned char)*subject))
		subject++;
	if (strncasecmp(subject, prefix, n) == 0)
		return xstrdup(subject);
	return xasprintf("%s%s", prefix, subject);
}

/* The body lines of the message PATH, each after PREFIX. */
static void
add_body(struct buf *b, const char *path, const char *prefix)
{
	struct mime_options opts = { "", 0, NULL, NULL, NULL, 0, 0,
		MIME_DECRYPT_NO, NULL };
	struct mime_doc doc = { NULL, 0, 0, 0, NULL };
	size_t i, end;

	if (mime_render(path, &opts, &doc, NULL) == -1)
		return;
	/* Without the blank lines around the text. */
	for (i = 0; i < doc.n && (doc.lines[i].kind != MIME_BODY ||
	    *doc.lines[i].text == '\0'); i++)
		;
	for (end = doc.n; end > i && *doc.lines[end - 1].text == '\0'; end--)
		;
	for (; i < end; i++)
		if (doc.lines[i].kind == MIME_BODY)
			buf_printf(b, "%s%s\n", *doc.lines[i].text == '\0' &&
			    *prefix == '>' ? ">" : prefix, doc.lines[i].text);
	mime_doc_clear(&doc);
}

static void
add_signature(struct buf *b, const struct config *config)
{
	const char *sig = options_get(config->options, "signature");
	char *path = NULL, *text = NULL;
	size_t len;

	if (sig == NULL || *sig == '\0' ||
	    rc_expand_path(sig, &path, NULL) == -1)
		return;
	if (file_read(path, &text, &len, NULL) == 0)
		buf_printf(b, "\n-- \n%s%s", text, len > 0 &&
		    text[len - 1] != '\n' ? "\n" : "");
	free(text);
	free(path);
}

/* The header block of a draft. */
static void
add_headers(struct buf *b, const struct account *a, const char *to,
    const char *cc, const char *bcc, const char *subject)
{
	buf_printf(b, "From: %s\nTo: %s\nCc: %s\nBcc: %s\nSubject: %s\n",
	    a != NULL ? account_get_one(a, "from") : "", to ? to : "",
	    cc ? cc : "", bcc ? bcc : "", subject ? subject : "");
}

/* Whether part I of the N PARTS is an attachment a forward carries: a
 * leaf that has a file name or isn't text (the text is in the body). */
static int
is_attachment(const struct mime_part *p)
{
	return !p->container && p->depth > 0 && (*p->name != '\0' ||
	    strncmp(p->type, "text/", 5) != 0);
}

/*
 * An inline forward carries the original's attachments, as neomutt's
 * forward_attachments: each is written to a directory of its own in the
 * state directory (a postponed draft still finds it) and named in an
 * Attach: line of B. Parts inside an attached message go with it.
 */
static int
add_forwarded_parts(struct buf *b, const char *original, char **cause)
{
	struct mime_part *parts = NULL;
	size_t n = 0, i;
	int rc = 0, inside = -1, fd;
	char *dir = NULL, *unique, *name, *path;

	if (mime_parts(original, &parts, &n, cause) == -1)
		return -1;
	for (i = 0; i < n && rc == 0; i++) {
		if (inside >= 0 && parts[i].depth > inside)
			continue;	/* within a message carried whole */
		inside = strcmp(parts[i].type, "message/rfc822") == 0 ?
		    parts[i].depth : -1;
		if (!is_attachment(&parts[i]))
			continue;
		if (dir == NULL) {
			unique = maildir_unique_name();
			name = xasprintf("forward/%s", unique);
			dir = file_state_path(name);
			free(name);
			free(unique);
			rc = file_make_dirs(dir, cause);
		}
		name = mime_safe_filename(*parts[i].name != '\0' ?
		    parts[i].name : "part");
		/* A directory per part: two parts may share a name, and the
		 * file keeps the name the original gave it. */
		path = xasprintf("%s/%zu/%s", dir, i, name);
		if (rc == 0)
			rc = file_make_parent(path, cause);
		if (rc == 0 && (fd = open(path, O_WRONLY | O_CREAT | O_EXCL |
		    O_CLOEXEC, 0600)) == -1)
			rc = set_cause(cause, "%s: %s", path, strerror(errno));
		else if (rc == 0) {
			rc = mime_part_write(original, i, fd, cause);
			close(fd);
			buf_printf(b, "Attach: %s\n", path);
		}
		free(path);
		free(name);
	}
	free(dir);
	mime_parts_free(parts, n);
	return rc;
}

/* A reply's or forward's header block and body. */
static int
answer(const struct config *config, const struct compose_start *s,
    const struct mime_original *o, const struct account *a, struct buf *b,
    char **cause)
{
	struct compose_recipients r = { NULL, NULL };
	char **mine, *subject;
	size_t n;
	int rc = 0;

	if (s->kind == COMPOSE_AGAIN) {
		add_headers(b, a, o->to, o->cc, s->bcc, o->subject);
		buf_addc(b, '\n');
		add_body(b, s->original, "");
		return 0;
	}
	if (s->kind == COMPOSE_FORWARD && strcmp(options_get(config->options,
	    "forward_as"), "attachment") == 0) {
		subject = prefixed("Fwd: ", o->subject);
		add_headers(b, a, s->to, s->cc, s->bcc, subject);
		buf_printf(b, "Attach: %s\n\n", s->original);
		free(subject);
		return 0;
	}
	if (s->kind == COMPOSE_FORWARD) {
		subject = prefixed("Fwd: ", o->subject);
		add_headers(b, a, s->to, s->cc, s->bcc, subject);
		if (strcmp(options_get(config->options, "forward_attachments"),
		    "yes") == 0 && add_forwarded_parts(b, s->original,
		    cause) == -1) {
			free(subject);
			return -1;
		}
		buf_printf(b, "\n\n---------- Forwarded message ----------\n"
		    "From: %s\nDate: %s\nSubject: %s\nTo: %s\n\n", o->from,
		    o->date, o->subject, o->to);
		add_body(b, s->original, "");
		free(subject);
		return 0;
	}
	mine = own_addresses(config, &n);
	rc = compose_recipients(o, s->kind, mine, n, &r, cause);
	strings_free(mine, n);
	if (rc == -1)
		return -1;
	subject = prefixed("Re: ", o->subject);
	add_headers(b, a, r.to, r.cc, s->bcc, subject);
	/* What came encrypted is answered encrypted (a missing key stops
	 * the reply rather than sending it in clear); E turns it off. */
	if (o->encrypted)
		buf_printf(b, "Security: %s\n", seal_wish_line(
		    options_get_bool(config->options, "crypt_autosign"), 1));
	if (*o->message_id != '\0') {
		buf_printf(b, "In-Reply-To: <%s>\n", o->message_id);
		buf_printf(b, "References: %s%s<%s>\n", o->references,
		    *o->references != '\0' ? " " : "", o->message_id);
	}
	buf_printf(b, "\nOn %s, %s wrote:\n", o->date, o->from);
	add_body(b, s->original, "> ");
	free(subject);
	compose_recipients_clear(&r);
	return 0;
}

const struct account *
compose_identity(const struct config *config, const char *path)
{
	const struct account *a;
	struct mime_original o;

	memset(&o, 0, sizeof o);
	if (path == NULL || mime_original_read(path, &o, NULL) == -1)
		return config_default_account(config);
	a = identity(config, &o);
	mime_original_clear(&o);
	return a;
}

int
compose_template(const struct config *config, const struct compose_start *s,
    const struct account **account, char **text, char **cause)
{
	struct mime_original o;
	struct buf b = { NULL, 0, 0 };
	size_t i;
	int rc = 0;

	memset(&o, 0, sizeof o);
	if (s->kind != COMPOSE_NEW &&
	    mime_original_read(s->original, &o, cause) == -1)
		return -1;
	*account = identity(config, s->kind != COMPOSE_NEW ? &o : NULL);
	if (s->kind == COMPOSE_NEW) {
		add_headers(&b, *account, s->to, s->cc, s->bcc, s->subject);
		for (i = 0; s->attachments != NULL && s->attachments[i]; i++)
			buf_printf(&b, "Attach: %s\n", s->attachments[i]);
		buf_printf(&b, "\n%s", s->body != NULL ? s->body : "");
	} else
		rc = answer(config, s, &o, *account, &b, cause);
	mime_original_clear(&o);
	if (rc == 0) {
		add_signature(&b, config);
		*text = buf_take(&b);
	}
	buf_free(&b);
	return rc;
}

/* Where header NAME of a parsed draft goes. */
static char **
field(struct compose_parsed *p, const char *name, size_t len)
{
	static const struct { const char *name; size_t off; } fields[] = {
		{ "From", offsetof(struct compose_parsed, from) },
		{ "To", offsetof(struct compose_parsed, to) },
		{ "Cc", offsetof(struct compose_parsed, cc) },
		{ "Bcc", offsetof(struct compose_parsed, bcc) },
		{ "Subject", offsetof(struct compose_parsed, subject) },
		{ "Reply-To", offsetof(struct compose_parsed, reply_to) },
		{ "In-Reply-To", offsetof(struct compose_parsed, in_reply_to) },
		{ "References", offsetof(struct compose_parsed, references) },
		{ "Security", offsetof(struct compose_parsed, security) },
	};
	size_t i;

	for (i = 0; i < nitems(fields); i++)
		if (strlen(fields[i].name) == len &&
		    strncasecmp(fields[i].name, name, len) == 0)
			return (char **)((char *)p + fields[i].off);
	return NULL;
}

/* Trims blanks at both ends, in place. */
static char *
trim(char *s)
{
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* One header line LINE (continuations already joined) into P. */
static int
parse_header(struct compose_parsed *p, char *line, char **cause)
{
	char *colon = strchr(line, ':'), **slot, *value;

	if (colon == NULL || colon == line)
		return set_cause(cause, "the draft's header has a line that "
		    "is no header: \"%s\" (a blank line starts the body)", line);
	value = trim(colon + 1);
	if ((size_t)(colon - line) == 6 && strncasecmp(line, "Attach", 6) == 0) {
		if (*value == '\0')
			return 0;
		p->attachments = xreallocarray(p->attachments,
		    p->nattachments + 2, sizeof *p->attachments);
		p->attachments[p->nattachments] = NULL;
		/* "~/x" as Tab offers it, and as a shell would take it. */
		if (rc_expand_path(value, &p->attachments[p->nattachments],
		    cause) == -1)
			return -1;
		p->attachments[++p->nattachments] = NULL;
		return 0;
	}
	/* A kept draft's date: mua sets the Date of what it sends. */
	if ((size_t)(colon - line) == 4 && strncasecmp(line, "Date", 4) == 0)
		return 0;
	if ((slot = field(p, line, (size_t)(colon - line))) == NULL)
		return set_cause(cause, "the draft has a header \"%.*s\" mua "
		    "doesn't send: From, To, Cc, Bcc, Subject, Reply-To, "
		    "Attach, In-Reply-To, References and Security are "
		    "understood",
		    (int)(colon - line), line);
	free(*slot);
	*slot = xstrdup(value);
	return 0;
}

int
compose_parse(const char *text, struct compose_parsed *p, char **cause)
{
	struct buf line = { NULL, 0, 0 };
	const char *s = text, *nl;
	size_t n;
	int rc = 0;

	memset(p, 0, sizeof *p);
	while (*s != '\0' && *s != '\n' && rc == 0) {
		nl = strchr(s, '\n');
		n = nl != NULL ? (size_t)(nl - s) : strlen(s);
		buf_add(&line, s, n);
		s += n + (nl != NULL);
		while (*s == ' ' || *s == '\t') {	/* folded */
			nl = strchr(s, '\n');
			n = nl != NULL ? (size_t)(nl - s) : strlen(s);
			buf_add(&line, s, n);
			s += n + (nl != NULL);
		}
		rc = parse_header(p, line.s, cause);
		line.len = 0;
	}
	buf_free(&line);
	p->body = xstrdup(*s == '\n' ? s + 1 : s);
	if (rc == -1)
		compose_parsed_clear(p);
	return rc;
}

void
compose_parsed_clear(struct compose_parsed *p)
{
	free(p->from);
	free(p->to);
	free(p->cc);
	free(p->bcc);
	free(p->subject);
	free(p->reply_to);
	free(p->in_reply_to);
	free(p->references);
	free(p->security);
	strings_free(p->attachments, p->nattachments);
	free(p->body);
	memset(p, 0, sizeof *p);
}

void
compose_to_draft(const struct compose_parsed *p, struct mime_draft *d)
{
	memset(d, 0, sizeof *d);
	d->from = p->from;
	d->to = p->to;
	d->cc = p->cc;
	d->bcc = p->bcc;
	d->reply_to = p->reply_to;
	d->subject = p->subject;
	d->in_reply_to = p->in_reply_to;
	d->references = p->references;
	d->body = p->body != NULL ? p->body : "";
	d->attachments = (const char *const *)p->attachments;
	/* 8-bit text as written: sending re-encodes it for a server that
	 * doesn't announce 8BITMIME. */
	d->eight_bit = 1;
}

char *
compose_attach(const char *text, const char *path)
{
	const char *end = strstr(text, "\n\n");
	size_t head = end != NULL ? (size_t)(end - text) + 1 : strlen(text);

	return xasprintf("%.*sAttach: %s\n%s", (int)head, text, path,
	    text + head);
}

char *
compose_detach(const char *text, size_t index)
{
	struct buf b = { NULL, 0, 0 };
	const char *s = text, *nl;
	size_t n, seen = 0;
	int in_header = 1;

	while (*s != '\0') {
		nl = strchr(s, '\n');
		n = nl != NULL ? (size_t)(nl - s) + 1 : strlen(s);
		if (in_header && *s == '\n')
			in_header = 0;
		if (!(in_header && strncasecmp(s, "Attach:", 7) == 0 &&
		    seen++ == index))
			buf_add(&b, s, n);
		s += n;
	}
	return buf_take(&b);
}

int
compose_forgot_attachment(const struct compose_parsed *p)
{
	static const char *const words[] = { "attach", "enclosed",
		"anbei", "angehängt", "pièce jointe", "adjunto" };
	struct buf own = { NULL, 0, 0 };
	const char *s = p->body, *nl;
	size_t i, n;
	int found = 0;

	if (p->nattachments > 0 || s == NULL)
		return 0;
	/* Only the user's own lines: quoted text doesn't count. */
	for (; *s != '\0'; s += n + (nl != NULL)) {
		nl = strchr(s, '\n');
		n = nl != NULL ? (size_t)(nl - s) : strlen(s);
		if (n >= 3 && strncmp(s, "-- ", 3) == 0 && n == 3)
			break;		/* the signature */
		if (*s != '>')
			buf_add(&own, s, n), buf_addc(&own, '\n');
	}
	for (i = 0; own.s != NULL && i < nitems(words) && !found; i++)
		found = strcasestr(own.s, words[i]) != NULL;
	buf_free(&own);
	return found;
}

char *
compose_header(const char *text, const char *name)
{
	const char *s = text, *nl;
	size_t len = strlen(name), n;

	for (; *s != '\0' && *s != '\n'; s += n + (nl != NULL)) {
		nl = strchr(s, '\n');
		n = nl != NULL ? (size_t)(nl - s) : strlen(s);
		if (strncasecmp(s, name, len) != 0 || s[len] != ':')
			continue;
		for (s += len + 1, n -= len + 1; n > 0 && *s == ' '; n--)
			s++;
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\r'))
			n--;
		return xstrndup(s, n);
	}
	return NULL;
}

char *
compose_set_header(const char *text, const char *name, const char *value)
{
	struct buf b = { NULL, 0, 0 };
	const char *s = text, *nl;
	size_t n, len = strlen(name);
	int in_header = 1, done = 0, skipping = 0;

	while (*s != '\0') {
		nl = strchr(s, '\n');
		n = nl != NULL ? (size_t)(nl - s) + 1 : strlen(s);
		if (in_header && *s == '\n') {
			in_header = 0;
			if (!done && value != NULL)
				buf_printf(&b, "%s: %s\n", name, value);
			done = 1;
		}
		if (in_header && skipping && (*s == ' ' || *s == '\t')) {
			s += n;		/* the old value's folded lines */
			continue;
		}
		skipping = 0;
		if (in_header && !done && strncasecmp(s, name, len) == 0 &&
		    s[len] == ':') {
			if (value != NULL)
				buf_printf(&b, "%s: %s\n", name, value);
			done = skipping = 1;
		} else
			buf_add(&b, s, n);
		s += n;
	}
	if (!done && value != NULL)
		buf_printf(&b, "%s: %s\n\n", name, value);
	return buf_take(&b);
}

char *
compose_stamp(const char *text, time_t when)
{
	static const char days[][4] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	static const char months[][4] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;
	char date[64];
	long off;

	localtime_r(&when, &tm);
	off = tm.tm_gmtoff / 60;
	/* Names by hand: strftime's %a and %b follow the locale. */
	snprintf(date, sizeof date, "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+',
	    labs(off) / 60, labs(off) % 60);
	return compose_set_header(text, "Date", date);
}
