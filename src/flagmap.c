/* flagmap.c: notmuch tags and IMAP flags; see flagmap.h. */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "flagmap.h"
#include "mua.h"

/* In maildir's order of letters, which is also ASCII's. */
static const struct {
	unsigned bit;
	char letter;
	const char *tag;	/* the tag is set when the bit is (but see SEEN) */
	const char *imap;
} table[] = {
	{ FLAGMAP_DRAFT, 'D', "draft", "\\Draft" },
	{ FLAGMAP_FLAGGED, 'F', "flagged", "\\Flagged" },
	{ FLAGMAP_FORWARDED, 'P', "passed", "$Forwarded" },
	{ FLAGMAP_ANSWERED, 'R', "replied", "\\Answered" },
	{ FLAGMAP_SEEN, 'S', "unread", "\\Seen" },
};
#define NTABLE (sizeof table / sizeof table[0])

/* The marks, after the flags in ASCII. */
static const struct {
	unsigned bit;
	char letter;
	const char *tag;
} marks[] = {
	{ FLAGMAP_INBOX, 'i', "inbox" },
	{ FLAGMAP_SPAM, 'j', "spam" },
	{ FLAGMAP_DELETED, 't', "deleted" },
};
#define NMARKS (sizeof marks / sizeof marks[0])

/*
 * The keywords: bit kw_bit(i) stands for tag kw[i].tag, IMAP
 * keyword kw[i].imap. The first is always spam and $Junk.
 */
static struct {
	char *tag, *imap;
} kw[1 + FLAGMAP_MAX_TAGS] = { { "spam", "$Junk" } };
static size_t nkw = 1;

static unsigned
kw_bit(size_t i)
{
	return (unsigned)FLAGMAP_JUNK << i;
}

/* Whether C may stand in a keyword as itself (RFC 3501's ATOM-CHAR,
 * less '&', which escapes). */
static int
atom_char(unsigned char c)
{
	return c > 0x20 && c < 0x7f && strchr("(){%*\"\\]&", c) == NULL;
}

/* TAG as an IMAP keyword (caller frees). */
static char *
escape(const char *tag)
{
	struct buf b = { NULL, 0, 0 };

	buf_adds(&b, "");
	for (; *tag != '\0'; tag++)
		if (atom_char((unsigned char)*tag))
			buf_addc(&b, *tag);
		else
			buf_printf(&b, "&%02X", (unsigned char)*tag);
	return buf_take(&b);
}

/* Whether TAG has a meaning of its own here (a flag's or a mark's). */
static int
reserved(const char *tag)
{
	static const char *const own[] = { "draft", "flagged", "passed",
		"replied", "unread", "inbox", "spam", "deleted", NULL };
	size_t i;

	for (i = 0; own[i] != NULL; i++)
		if (strcmp(tag, own[i]) == 0)
			return 1;
	return 0;
}

void
flagmap_use_keywords(const char *const *tags, size_t n)
{
	size_t i;

	while (nkw > 1) {
		nkw--;
		free(kw[nkw].tag);
		free(kw[nkw].imap);
	}
	for (i = 0; i < n && nkw < 1 + FLAGMAP_MAX_TAGS; i++) {
		if (reserved(tags[i]) || *tags[i] == '\0' ||
		    strchr(tags[i], ' ') != NULL)
			continue;	/* account_check() says so */
		kw[nkw].tag = xstrdup(tags[i]);
		kw[nkw++].imap = escape(tags[i]);
	}
}

/* Whether TAG being there means BIT is set: only unread is inverted. */
static int
tag_sets(unsigned bit)
{
	return bit != FLAGMAP_SEEN;
}

unsigned
flagmap_from_tags(const char *const *tags)
{
	unsigned bits = FLAGMAP_SEEN, i;

	for (; tags != NULL && *tags != NULL; tags++) {
		for (i = 0; i < NTABLE; i++)
			if (strcmp(*tags, table[i].tag) == 0)
				bits = tag_sets(table[i].bit) ?
				    bits | table[i].bit : bits & ~table[i].bit;
		for (i = 0; i < NMARKS; i++)
			if (strcmp(*tags, marks[i].tag) == 0)
				bits |= marks[i].bit;
		for (i = 0; i < nkw; i++)
			if (strcmp(*tags, kw[i].tag) == 0)
				bits |= kw_bit(i);
	}
	return bits;
}

char *
flagmap_tag_changes(unsigned from, unsigned to)
{
	struct buf b = { NULL, 0, 0 };
	unsigned i, bit;

	buf_adds(&b, "");
	for (i = 0; i < NTABLE; i++) {
		bit = table[i].bit;
		if ((from & bit) == (to & bit))
			continue;
		buf_printf(&b, "%s%c%s", b.len > 0 ? " " : "",
		    ((to & bit) != 0) == tag_sets(bit) ? '+' : '-',
		    table[i].tag);
	}
	for (i = 0; i < nkw; i++) {
		bit = kw_bit(i);
		if ((from & bit) != (to & bit))
			buf_printf(&b, "%s%c%s", b.len > 0 ? " " : "",
			    (to & bit) != 0 ? '+' : '-', kw[i].tag);
	}
	return b.s;
}

void
flagmap_letters(unsigned bits, char *out)
{
	unsigned i;

	for (i = 0; i < NTABLE; i++)
		if (bits & table[i].bit)
			*out++ = table[i].letter;
	for (i = 0; i < NMARKS; i++)
		if (bits & marks[i].bit)
			*out++ = marks[i].letter;
	*out = '\0';
}

unsigned
flagmap_from_letters(const char *letters)
{
	unsigned bits = 0, i;

	for (; *letters != '\0'; letters++) {
		for (i = 0; i < NTABLE; i++)
			if (*letters == table[i].letter)
				bits |= table[i].bit;
		for (i = 0; i < NMARKS; i++)
			if (*letters == marks[i].letter)
				bits |= marks[i].bit;
	}
	return bits;
}

void
flagmap_format(unsigned bits, struct buf *b)
{
	char letters[12];
	size_t i;

	flagmap_letters(bits, letters);
	buf_adds(b, letters);
	for (i = 0; i < nkw; i++)
		if (bits & (kw_bit(i)))
			buf_printf(b, " %s", kw[i].imap);
}

unsigned
flagmap_parse(const char *s)
{
	const char *sp = strchr(s, ' ');
	char *letters = sp != NULL ? xstrndup(s, (size_t)(sp - s)) :
	    xstrdup(s), *name;
	unsigned bits = flagmap_from_letters(letters);

	free(letters);
	while (sp != NULL) {
		s = sp + 1;
		sp = strchr(s, ' ');
		name = sp != NULL ? xstrndup(s, (size_t)(sp - s)) : xstrdup(s);
		bits |= flagmap_from_imap(name) & FLAGMAP_KEYWORDS;
		free(name);
	}
	return bits;
}

const char *
flagmap_imap_name(unsigned bit)
{
	unsigned i;

	for (i = 0; i < NTABLE; i++)
		if (table[i].bit == bit)
			return table[i].imap;
	for (i = 0; i < nkw; i++)
		if (bit == kw_bit(i))
			return kw[i].imap;
	return NULL;
}

/* Keywords are matched without regard to case, as IMAP servers do. */
unsigned
flagmap_from_imap(const char *name)
{
	unsigned i;

	for (i = 0; i < NTABLE; i++)
		if (strcasecmp(name, table[i].imap) == 0)
			return table[i].bit;
	for (i = 0; i < nkw; i++)
		if (strcasecmp(name, kw[i].imap) == 0)
			return kw_bit(i);
	return 0;
}
