/*
 * mime-html.c: HTML as plain text, for mail that has no text part. Not a
 * browser: tags go, block elements break lines, list items get a bullet,
 * links are numbered with their targets listed at the end, entities are
 * decoded, and what scripts and styles contain is dropped.
 */
#include "autodefs.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "mime.h"

struct html {
	struct buf out;
	struct buf links;	/* "[1] https://..." lines */
	struct buf scratch;	/* an entity being decoded */
	int nlinks;
	int link;		/* the open <a>'s number, 0 outside one */
	int pre;		/* inside <pre>: whitespace kept */
	int space;		/* a space is owed before the next word */
};

/* Elements that start a new line when they open or close. */
static const char *const blocks[] = { "p", "div", "br", "tr", "li", "ul",
	"ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
	"pre", "hr", "dl", "dt", "dd", "section", "article", "header",
	"footer", "title", NULL };

static int
is_block(const char *name)
{
	size_t i;

	for (i = 0; blocks[i] != NULL; i++)
		if (strcasecmp(blocks[i], name) == 0)
			return 1;
	return 0;
}

/* Ends the current line unless it is already ended. */
static void
newline(struct html *h)
{
	if (h->out.len > 0 && h->out.s[h->out.len - 1] != '\n')
		buf_addc(&h->out, '\n');
	h->space = 0;
}

/* Decodes the entity at P ('&'); returns the bytes it took (0: not one). */
static size_t
entity(const char *p, struct buf *b)
{
	static const struct { const char *name; unsigned long c; } names[] = {
		{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
		{ "apos", '\'' }, { "nbsp", 0xa0 }, { "copy", 0xa9 },
		{ "reg", 0xae }, { "mdash", 0x2014 }, { "ndash", 0x2013 },
		{ "hellip", 0x2026 }, { "laquo", 0xab }, { "raquo", 0xbb },
		{ "euro", 0x20ac }, { "rsquo", 0x2019 }, { "lsquo", 0x2018 },
		{ "rdquo", 0x201d }, { "ldquo", 0x201c }, { "bull", 0x2022 },
	};
	size_t n = strspn(p + 1, "#xX0123456789abcdefABCDEFghijklmnopqrstuvwyz"
	    "GHIJKLMNOPQRSTUVWYZ"), i;
	char *end;

	if (n == 0 || n > 10 || p[1 + n] != ';')
		return 0;
	if (p[1] == '#') {
		int hex = p[2] == 'x' || p[2] == 'X';
		unsigned long c = strtoul(p + 2 + hex, &end, hex ? 16 : 10);
		if (end != p + 1 + n)
			return 0;
		buf_add_utf8(b, c);
		return n + 2;
	}
	for (i = 0; i < nitems(names); i++)
		if (strlen(names[i].name) == n &&
		    strncmp(names[i].name, p + 1, n) == 0) {
			buf_add_utf8(b, names[i].c);
			return n + 2;
		}
	return 0;
}

/* The value of attribute ATTR in the tag text TAG (caller frees), or NULL. */
static char *
attribute(const char *tag, size_t len, const char *attr)
{
	size_t alen = strlen(attr), i, n;
	const char *v;

	for (i = 0; i + alen < len; i++) {
		if (strncasecmp(tag + i, attr, alen) != 0 || tag[i + alen] != '=' ||
		    (i > 0 && !isspace((unsigned char)tag[i - 1])))
			continue;
		v = tag + i + alen + 1;
		if (*v == '"' || *v == '\'') {
			const char *q = memchr(v + 1, *v, (size_t)(tag + len - v - 1));
			n = q ? (size_t)(q - v - 1) : (size_t)(tag + len - v - 1);
			return xstrndup(v + 1, n);
		}
		n = strcspn(v, " \t\r\n>");
		return xstrndup(v, n < (size_t)(tag + len - v) ? n :
		    (size_t)(tag + len - v));
	}
	return NULL;
}

/* Skips an element's content up to its end tag (script, style). */
static const char *
skip_element(const char *p, const char *name)
{
	size_t n = strlen(name);

	for (; *p != '\0'; p++)
		if (p[0] == '<' && p[1] == '/' && strncasecmp(p + 2, name, n) == 0)
			return p;
	return p;
}

/* Handles the tag in TAG (without the angle brackets). */
static void
tag(struct html *h, const char *t, size_t len)
{
	int closing = len > 0 && t[0] == '/';
	size_t n = strcspn(t + closing, " \t\r\n/>");
	char name[16];
	char *href;

	if (n == 0 || n >= sizeof name)
		return;
	memcpy(name, t + closing, n);
	name[n] = '\0';
	if (strcasecmp(name, "pre") == 0)
		h->pre = !closing;
	if (is_block(name)) {
		newline(h);
		if (!closing && (strcasecmp(name, "p") == 0 ||
		    name[0] == 'h' || name[0] == 'H'))
			buf_addc(&h->out, '\n');
		if (!closing && strcasecmp(name, "li") == 0)
			buf_adds(&h->out, "* ");
		if (!closing && strcasecmp(name, "hr") == 0)
			buf_adds(&h->out, "----\n");
		return;
	}
	if (!closing && strcasecmp(name, "a") == 0 &&
	    (href = attribute(t, len, "href")) != NULL) {
		buf_printf(&h->links, "[%d] %s\n", ++h->nlinks, href);
		h->link = h->nlinks;
		free(href);
	} else if (closing && strcasecmp(name, "a") == 0 && h->link > 0) {
		buf_printf(&h->out, "[%d]", h->link);
		h->link = 0;
	}
	else if (!closing && strcasecmp(name, "img") == 0) {
		char *alt = attribute(t, len, "alt");
		if (alt != NULL && *alt != '\0')
			buf_printf(&h->out, "[%s]", alt);
		free(alt);
	}
}

/* Writes the space owed between two words. */
static void
flush_space(struct html *h)
{
	if (h->space)
		buf_addc(&h->out, ' ');
	h->space = 0;
}

/* Adds text character C, folding whitespace outside <pre>. */
static void
text_char(struct html *h, char c)
{
	if (!h->pre && (c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
		h->space = h->out.len > 0 && h->out.s[h->out.len - 1] != '\n';
		return;
	}
	flush_space(h);
	buf_addc(&h->out, c);
}

char *
mime_html_to_text(const char *html)
{
	struct html h;
	const char *p = html, *end;
	size_t n;
	int closes = 1;		/* a '>' may still come */

	memset(&h, 0, sizeof h);
	while (*p != '\0') {
		if (strncmp(p, "<!--", 4) == 0) {
			end = strstr(p + 4, "-->");
			p = end ? end + 3 : p + strlen(p);
		} else if (*p == '<' && closes &&
		    ((end = strchr(p, '>')) != NULL || (closes = 0))) {
			/* Once no '>' follows, no later '<' looks for one:
			 * a page of unclosed '<' is read once, not once each. */
			tag(&h, p + 1, (size_t)(end - p - 1));
			if (strncasecmp(p, "<script", 7) == 0 ||
			    strncasecmp(p, "<style", 6) == 0)
				end = skip_element(end, p[2] == 'c' ||
				    p[2] == 'C' ? "script" : "style") - 1;
			p = end + 1;
		} else if (*p == '&' && (n = entity(p, &h.scratch)) > 0) {
			flush_space(&h);
			buf_add(&h.out, h.scratch.s, h.scratch.len);
			h.scratch.len = 0;
			p += n;
		} else
			text_char(&h, *p++);
	}
	newline(&h);
	if (h.nlinks > 0) {
		buf_addc(&h.out, '\n');
		buf_add(&h.out, h.links.s, h.links.len);
	}
	buf_free(&h.links);
	buf_free(&h.scratch);
	return buf_take(&h.out);
}
