/* flagmap.c: notmuch tags and IMAP flags; see flagmap.h. */
#include "autodefs.h"

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

const char *
flagmap_imap_name(unsigned bit)
{
	unsigned i;

	for (i = 0; i < NTABLE; i++)
		if (table[i].bit == bit)
			return table[i].imap;
	return NULL;
}

unsigned
flagmap_from_imap(const char *name)
{
	unsigned i;

	for (i = 0; i < NTABLE; i++)
		if (strcasecmp(name, table[i].imap) == 0)
			return table[i].bit;
	return 0;
}
