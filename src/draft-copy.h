/*
 * draft-copy.h: the copy of a message being composed that is kept in the
 * account's drafts maildir (tag draft), saved after each edit under one
 * Message-ID, and what a crash in the middle of a save leaves behind.
 *
 * A save delivers the new copy, indexes it and commits, notes it in the
 * record (a file in the compose's working directory: the Message-ID,
 * then the copy's path), then drops the older copy. So at every moment
 * one copy is kept, and the record names the Message-ID of every copy
 * this compose ever made: recovery after a kill (draft_copy_recover())
 * keeps the text once and drops every other copy of that Message-ID,
 * indexed or not, so none is left to be synced to the server as a
 * second draft.
 */
#ifndef DRAFT_COPY_H
#define DRAFT_COPY_H

struct account;
struct store;

struct draft_copy {
	struct store *store;		/* read-write */
	const struct account *account;
	char *path;		/* the copy in the drafts maildir, or NULL */
	char *id;		/* its Message-ID, "<...>"; NULL until saved */
	const char *record;	/* where the save notes both */
};

/*
 * Keeps TEXT as the draft (with d->id as its Message-ID, made on the
 * first save), then lets the older copy go. Returns 0, or -1 with *cause.
 */
int draft_copy_save(struct draft_copy *d, const char *text, char **cause);

/* The copy goes (and the server's, with the next sync: sync-drafts.h).
 * Returns 0, or -1 with *cause. */
int draft_copy_drop(struct draft_copy *d, char **cause);

/*
 * Reads what the record of a compose that was killed says into d->id and
 * d->path (either may stay NULL: killed before they were noted).
 */
void draft_copy_read_record(struct draft_copy *d, const char *record);

/*
 * After TEXT was saved again for a killed compose: every other copy in
 * the drafts maildir with d->id, the crash's leftovers, goes. Returns 0,
 * or -1 with *cause.
 */
int draft_copy_drop_strays(struct draft_copy *d, char **cause);

/* The account's drafts maildir (caller frees). */
char *draft_copy_dir(const struct draft_copy *d);

void draft_copy_clear(struct draft_copy *d);

#endif
