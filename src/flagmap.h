/*
 * flagmap.h: the one table between notmuch tags and IMAP flags. A copy's
 * flags are a small set of bits; each stands for a tag:
 *
 *   \Seen       the tag unread absent
 *   \Flagged    flagged
 *   \Answered   replied
 *   $Forwarded  passed
 *   \Draft      draft
 *
 * Files keep the same bits as maildir letters (S, F, R, P, D), and the
 * sync state writes them so.
 */
#ifndef FLAGMAP_H
#define FLAGMAP_H

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
};

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

/* The IMAP flag of one bit ("\\Seen", "$Forwarded"). */
const char *flagmap_imap_name(unsigned bit);

/* The bit of the IMAP flag NAME (case-insensitive), 0 for none. */
unsigned flagmap_from_imap(const char *name);

#endif
