/* text.c: safe display text and column arithmetic; see text.h. */
#include "autodefs.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "buf.h"
#include "mua.h"
#include "text.h"

/* Decodes one UTF-8 character at S (LEN bytes left); -1 if invalid. */
static int32_t
decode(const unsigned char *s, size_t len, size_t *used)
{
	int32_t c;
	size_t n, i;

	if (s[0] < 0x80) {
		*used = 1;
		return s[0];
	}
	n = (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3 :
	    (s[0] & 0xf8) == 0xf0 ? 4 : 0;
	*used = 1;
	if (n == 0 || n > len)
		return -1;
	c = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms and surrogates are as bad as broken bytes. */
	if ((n == 2 && c < 0x80) || (n == 3 && c < 0x800) ||
	    (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*used = n;
	return c;
}

/* How many of the LEN bytes at S are printable ASCII (0x20-0x7e), from
 * the first: text that passes as it is, in one piece. */
static size_t
ascii_run(const unsigned char *s, size_t len)
{
	size_t n = 0;

	while (n < len && s[n] >= 0x20 && s[n] < 0x7f)
		n++;
	return n;
}

int
text_utf8_next(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	size_t used;
	int32_t c = decode(s, strlen(*p), &used);

	*p += used;
	return c;
}

/* Whether C reorders or hides text: bidi controls, zero-width marks. */
static int
is_format_control(int32_t c)
{
	return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) ||
	    c == 0x200e || c == 0x200f || c == 0x061c || c == 0xfeff;
}

char *
text_sanitize(const char *in)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t len = strlen(in), used;
	struct buf out = { NULL, 0, 0 };
	char tmp[16];
	int32_t c;

	while (len > 0) {
		if ((used = ascii_run(s, len)) > 0) {
			buf_add(&out, (const char *)s, used);
			s += used;
			len -= used;
			continue;
		}
		c = decode(s, len, &used);
		if (c == -1)
			buf_add(&out, "\xef\xbf\xbd", 3);	/* U+FFFD */
		else if (c < 0x20 || c == 0x7f) {
			snprintf(tmp, sizeof tmp, "^%c", c == 0x7f ? '?' : c + '@');
			buf_add(&out, tmp, 2);
		} else if (c >= 0x80 && c < 0xa0) {	/* C1 controls: CSI too */
			snprintf(tmp, sizeof tmp, "<U+%04X>", (unsigned)c);
			buf_add(&out, tmp, strlen(tmp));
		} else if (is_format_control(c)) {
			snprintf(tmp, sizeof tmp, "<U+%04X>", (unsigned)c);
			buf_add(&out, tmp, strlen(tmp));
		} else
			buf_add(&out, (const char *)s, used);
		s += used;
		len -= used;
	}
	return buf_take(&out);
}

/* The columns character C takes: wcwidth, unprintables as one. */
static int
char_width(int32_t c)
{
	int w;

	if (c >= 0x20 && c < 0x7f)
		return 1;	/* most text: no lookup */
	w = wcwidth((wchar_t)c);
	return w < 0 ? 1 : w;
}

int
text_width(const char *in)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t len = strlen(in), used;
	int width = 0;

	while (len > 0) {
		int32_t c = decode(s, len, &used);
		width += c == -1 ? 1 : char_width(c);
		s += used;
		len -= used;
	}
	return width;
}

char *
text_fit(const char *in, int width, int pad)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t len = strlen(in), used;
	int total = text_width(in), col = 0, limit;
	struct buf out = { NULL, 0, 0 };

	if (width <= 0)
		return buf_take(&out);
	/* When it doesn't fit, keep one column for the ellipsis. */
	limit = total > width ? width - 1 : width;
	while (len > 0) {
		int32_t c = decode(s, len, &used);
		int w = c == -1 ? 1 : char_width(c);
		if (col + w > limit)
			break;
		buf_add(&out, (const char *)s, used);
		col += w;
		s += used;
		len -= used;
	}
	if (total > width) {
		buf_add(&out, "\xe2\x80\xa6", 3);	/* … */
		col++;
	}
	while (pad && col < width) {
		buf_add(&out, " ", 1);
		col++;
	}
	return buf_take(&out);
}

/* "Mar '24": a month of an earlier year, in as few columns as a day. */
static void
month_year(const struct tm *when, char *buf, size_t size)
{
	size_t len = strftime(buf, size, "%b", when);

	snprintf(buf + len, size - len, " '%02d", when->tm_year % 100);
}

void
text_date(time_t t, time_t now, char *buf, size_t size)
{
	struct tm when, today;

	localtime_r(&t, &when);
	localtime_r(&now, &today);
	if (when.tm_year == today.tm_year && when.tm_yday == today.tm_yday)
		strftime(buf, size, "%H:%M", &when);
	else if (when.tm_year == today.tm_year)
		strftime(buf, size, "%b %d", &when);
	else
		month_year(&when, buf, size);
}

/* The columns the date TEXT takes on screen. */
static int
date_columns(const char *text)
{
	char *safe = text_sanitize(text);
	int w = text_width(safe);

	free(safe);
	return w;
}

int
text_date_width(void)
{
	struct tm when;
	char buf[64];
	int widest = 5, w;	/* "14:05" */

	memset(&when, 0, sizeof when);
	when.tm_mday = 28;
	when.tm_year = 99;
	for (when.tm_mon = 0; when.tm_mon < 12; when.tm_mon++) {
		strftime(buf, sizeof buf, "%b %d", &when);
		if ((w = date_columns(buf)) > widest)
			widest = w;
		month_year(&when, buf, sizeof buf);
		if ((w = date_columns(buf)) > widest)
			widest = w;
	}
	return widest;
}

char *
text_expand_tabs(const char *in)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t len = strlen(in), used;
	struct buf out = { NULL, 0, 0 };
	int col = 0;

	while (len > 0) {
		int32_t c;
		if ((used = ascii_run(s, len)) > 0) {
			buf_add(&out, (const char *)s, used);
			col += (int)used;
			s += used;
			len -= used;
			continue;
		}
		c = decode(s, len, &used);
		if (c == '\t') {
			do
				buf_add(&out, " ", 1);
			while (++col % 8 != 0);
		} else {
			buf_add(&out, (const char *)s, used);
			col += c == -1 ? 1 : char_width(c);
		}
		s += used;
		len -= used;
	}
	return buf_take(&out);
}

/* Adds the line S[0 .. LEN) to *LINES, room for *CAP: doubled as it
 * fills, so that a long line's many pieces cost linear time (realloc
 * in place can't be counted on: under ASan each one copies). */
static void
add_line(char ***lines, size_t *n, size_t *cap, const char *s, size_t len)
{
	if (*n + 2 > *cap) {
		*cap = *cap ? 2 * *cap : 8;
		*lines = xreallocarray(*lines, *cap, sizeof **lines);
	}
	(*lines)[(*n)++] = xstrndup(s, len);
	(*lines)[*n] = NULL;
}

/*
 * The length of the longest start of S (LEN bytes) that fits in WIDTH
 * columns, ending after a space when there is one; at least one character.
 */
static size_t
wrap_point(const unsigned char *s, size_t len, int width)
{
	size_t at = 0, space = 0, used;
	int col = 0;

	while (at < len) {
		int32_t c = decode(s + at, len - at, &used);
		int w = c == -1 ? 1 : char_width(c);
		if (col + w > width && at > 0)
			break;
		col += w;
		at += used;
		if (c == ' ')
			space = at;
	}
	return at < len && space > 0 ? space : at;
}

char **
text_wrap(const char *in, int width, size_t *n)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t len = strlen(in), cut, keep, cap = 0;
	char **lines = NULL;

	*n = 0;
	if (width < 1)
		width = 1;
	do {
		cut = wrap_point(s, len, width);
		keep = cut;
		while (keep > 0 && cut < len && s[keep - 1] == ' ')
			keep--;		/* the space a line breaks at goes */
		add_line(&lines, n, &cap, (const char *)s, keep);
		s += cut;
		len -= cut;
		while (len > 0 && *s == ' ') {	/* as are those after it */
			s++;
			len--;
		}
	} while (len > 0);
	return lines;
}

/* Characters that end a URL in running text. */
static int
url_stop(unsigned char c)
{
	return c <= ' ' || c == '<' || c == '>' || c == '"' || c == '\'' ||
	    c == '`' || c == 0x7f || c == '[' || c == ']';
}

/* The length of the URL scheme S starts with ("https://"), 0 if none. */
static size_t
scheme_at(const char *s)
{
	static const char *const schemes[] = { "https://", "http://",
		"ftp://", "mailto:" };
	size_t i, n;

	for (i = 0; i < nitems(schemes); i++) {
		if (s[1] != schemes[i][1])
			continue;	/* most words: no compare */
		n = strlen(schemes[i]);
		if (strncmp(s, schemes[i], n) == 0)
			return n;
	}
	return 0;
}

int
text_url_next(const char *s, size_t from, size_t *start, size_t *end)
{
	const char *p;
	size_t n = 0;
	long depth = 0;

	/* One pass from FROM: each call reads only up to the URL it finds,
	 * so listing every URL of a line is linear in the line. */
	for (p = s + from; *p != '\0'; p++)
		if ((*p == 'h' || *p == 'f' || *p == 'm') &&
		    (n = scheme_at(p)) > 0 && !url_stop((unsigned char)p[n]))
			break;
	if (*p == '\0')
		return 0;
	for (n = 0; !url_stop((unsigned char)p[n]); n++)
		depth += p[n] == '(' ? 1 : p[n] == ')' ? -1 : 0;
	/* Sentence punctuation after a URL is not part of it, nor is a
	 * closing parenthesis the URL didn't open. */
	while (n > 0 && strchr(".,;:!?)", p[n - 1]) != NULL) {
		if (p[n - 1] == ')' && depth == 0)
			break;
		depth += p[n - 1] == ')';
		n--;
	}
	*start = (size_t)(p - s);
	*end = *start + n;
	return 1;
}
