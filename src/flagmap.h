/*
 * flagmap.h: the one table between notmuch tags and IMAP flags. A copy's
 * flags are a small set of bits; each stands for a tag:
 *
 *   \Seen       the tag unread absent
 *   \Flagged    flagged
 *   \Answered   replied
 *   $Forwarded  passed
 *   \Draft      draft
 *   $Junk       spam
 *   keywords    the account's sync_tags, by name (escaped, see below)
 *
 * Files keep the first five as maildir letters (S, F, R, P, D); the sync
 * state writes them so, and keywords after them by name.
 *
 * A tag that isn't an IMAP atom goes as a keyword with each byte that
 * can't be in one (and '&') written &XX, in hex: "café" is "caf&C3&A9".
 */
#ifndef FLAGMAP_H
#define FLAGMAP_H

#include <stddef.h>

enum {
	FLAGMAP_SEEN = 1,
	FLAGMAP_FLAGGED = 2,
	FLAGMAP_ANSWERED = 4,
	FLAGMAP_FORWARDED = 8,
	FLAGMAP_DRAFT = 16,
	FLAGMAP_ALL = 31,
	/* Not flags: the tags that say which folder a message belongs in
	 * (inbox, deleted, spam), kept beside them so that a sync acts on
	 * changes of them only. Letters i, t, j. */
	FLAGMAP_INBOX = 32,
	FLAGMAP_DELETED = 64,
	FLAGMAP_SPAM = 128,
	FLAGMAP_MARKS = 224,
	/* Keywords: $Junk, then the sync_tags in the order given. */
	FLAGMAP_JUNK = 256,
	FLAGMAP_MAX_TAGS = 23,
};
#define FLAGMAP_KEYWORDS 0xffffff00u

struct buf;

/*
 * The tags the account being synced keeps as keywords (its sync_tags;
 * at most FLAGMAP_MAX_TAGS, the rest ignored), for every call below
 * until the next. Tags with a flag of their own, or a mark, are ignored.
 */
void flagmap_use_keywords(const char *const *tags, size_t n);

/* The bits (flags and marks) a message with the NULL-terminated TAGS
 * stands for. */
unsigned flagmap_from_tags(const char *const *tags);

/*
 * The tag changes ("+unread -flagged") that take a message from the flags
 * FROM to TO (marks are left alone), or "" when none (caller frees).
 */
char *flagmap_tag_changes(unsigned from, unsigned to);

/* BITS as letters, sorted ("FS", marks after flags); OUT holds 9 bytes
 * at least. */
void flagmap_letters(unsigned bits, char *out);

/* The bits of maildir LETTERS (others are ignored). */
unsigned flagmap_from_letters(const char *letters);

/* BITS for the sync state: letters, then " name" per keyword; and back
 * (unknown names are ignored). */
void flagmap_format(unsigned bits, struct buf *b);
unsigned flagmap_parse(const char *s);

/* The IMAP flag of one bit ("\\Seen", "$Forwarded", "caf&C3&A9"). */
const char *flagmap_imap_name(unsigned bit);

/* The bit of the IMAP flag NAME (case-insensitive), 0 for none. */
unsigned flagmap_from_imap(const char *name);

#endif
