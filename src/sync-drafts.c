/* sync-drafts.c: drafts saved here, on the server; see sync-drafts.h. */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account.h"
#include "append-imap.h"
#include "file.h"
#include "flagmap.h"
#include "killpoint.h"
#include "maildir.h"
#include "mua.h"
#include "push-imap.h"
#include "store.h"
#include "sync-drafts.h"
#include "sync-gone.h"
#include "sync.h"
#include "syncstate.h"

int
sync_drafts_drop(const struct account *a, const char *path, char **cause)
{
	char *key = maildir_key(path), *dir, *note;
	int rc;

	if (key == NULL)
		return 0;	/* never on the server */
	dir = account_state_dir(a, "drafts");
	note = xasprintf("%s/%s", dir, key);
	rc = file_make_dirs(dir, cause);
	if (rc == 0)
		rc = file_write_atomic(note, "", 0, cause);
	free(note);
	free(dir);
	free(key);
	return rc;
}

/* A draft not yet named for a UID. */
static int
is_new_draft(const char *name)
{
	return strstr(name, ",mua=") == NULL;
}

/* The new drafts of MAILDIR, in new/ and cur/ (caller frees). */
static char **
new_drafts(const char *maildir, size_t *n)
{
	char *dir = xasprintf("%s/new", maildir), **cur, **all;
	size_t ncur, i;

	all = file_list(dir, is_new_draft, n);
	free(dir);
	dir = xasprintf("%s/cur", maildir);
	cur = file_list(dir, is_new_draft, &ncur);
	free(dir);
	all = xreallocarray(all, *n + ncur + 1, sizeof *all);
	for (i = 0; i < ncur; i++)
		all[(*n)++] = cur[i];
	free(cur);
	return all;
}

int
sync_drafts_waiting(const char *maildir)
{
	size_t n;
	char **list = new_drafts(maildir, &n);

	file_list_free(list, n);
	return n > 0;
}

/* The UID a note of the folder numbered VALIDITY names, else 0. */
static uint32_t
noted_uid(const char *note, uint32_t validity)
{
	const char *name = strrchr(note, '/') + 1;
	unsigned long v, uid;
	char *end;

	v = strtoul(name, &end, 10);
	if (*end != '-' || v != validity)
		return 0;
	uid = strtoul(end + 1, &end, 10);
	return *end == '\0' && uid <= UINT32_MAX ? (uint32_t)uid : 0;
}

/* The copies of drafts dropped here leave the server, exactly them. */
static int
expunge_dropped(const struct sync_drafts_folder *d,
    struct sync_drafts_stats *st, char **cause)
{
	char *dir = account_state_dir(d->account, "drafts"), **notes;
	uint32_t *uids;
	size_t n, k = 0, i;
	int rc = 0;

	notes = file_list(dir, NULL, &n);
	free(dir);
	uids = xcalloc(n + 1, sizeof *uids);
	for (i = 0; i < n; i++)
		if ((uids[k] = noted_uid(notes[i], d->validity)) != 0)
			k++;	/* another numbering's: that copy is gone */
	if (k > 0) {
		rc = push_imap_delete(d->imap, uids, k, 1, cause);
		if (rc == 0)
			killpoint("drafts", "expunged");
		st->kept_deleted |= push_imap_way(d->imap) ==
		    PUSH_IMAP_COPY_ONLY;
	}
	for (i = 0; i < k && rc == 0; i++)
		syncstate_drop(d->base, uids[i]);
	if (rc == 0 && k > 0)
		rc = syncstate_save(d->base, cause);
	for (i = 0; i < n && rc == 0; i++)
		unlink(notes[i]);
	st->removed += rc == 0 ? (unsigned)k : 0;
	free(uids);
	file_list_free(notes, n);
	return rc;
}

/* The flags of the draft file PATH: its maildir letters, and \Draft. */
static unsigned
draft_bits(const char *path, char *letters)
{
	const char *info = strstr(strrchr(path, '/'), ":2,");
	unsigned bits = FLAGMAP_DRAFT;

	if (info != NULL)
		bits |= flagmap_from_letters(info + 3) & FLAGMAP_ALL;
	flagmap_letters(bits, letters);
	return bits;
}

/* One new draft to the server, and its file named for its UID there. */
static int
append_draft(const struct sync_drafts_folder *d, const char *path,
    struct sync_drafts_stats *st, struct sync_gone_list *gone, char **cause)
{
	char letters[12], *named = NULL, **tags = NULL;
	unsigned bits = draft_bits(path, letters);
	uint32_t uid;
	int r;

	r = append_imap_file(d->imap, d->name, path, bits, d->base, &uid,
	    cause);
	if (r == -1)
		return -1;
	if (r == 1) {
		st->appended++;
		killpoint("drafts", "appended");
	}
	if (uid == 0) {
		sync_gone_add_file(path, gone);
		return 0;
	}
	if (sync_keyed(d->store, "drafts", d->maildir, path, d->validity, uid,
	    letters, &named, cause) == -1)
		return -1;
	killpoint("drafts", "renamed");
	/* The base: the flags appended, the marks its tags give. */
	r = store_file_tags(d->store, named, &tags, cause);
	if (r == 0)
		syncstate_set(d->base, uid, bits | (flagmap_from_tags(
		    (const char *const *)tags) & FLAGMAP_MARKS));
	store_free_tags(tags);
	free(named);
	return r == 0 ? syncstate_save(d->base, cause) : -1;
}

int
sync_drafts_push(const struct sync_drafts_folder *d,
    struct sync_drafts_stats *st, struct sync_gone_list *gone,
    char **cause)
{
	size_t n, i;
	char **drafts;
	int rc;

	if (expunge_dropped(d, st, cause) == -1)
		return -1;
	drafts = new_drafts(d->maildir, &n);
	for (i = 0, rc = 0; i < n && rc == 0; i++)
		rc = append_draft(d, drafts[i], st, gone, cause);
	file_list_free(drafts, n);
	return rc;
}
