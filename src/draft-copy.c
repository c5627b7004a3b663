/* draft-copy.c: a composed message's copy in Drafts; see draft-copy.h. */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "compose.h"
#include "draft-copy.h"
#include "file.h"
#include "killpoint.h"
#include "maildir.h"
#include "mime-build.h"
#include "mua.h"
#include "store.h"
#include "sync-drafts.h"

char *
draft_copy_dir(const struct draft_copy *d)
{
	return account_maildir(d->account, store_path(d->store),
	    account_folder(d->account, "drafts_folder", "Drafts"));
}

/* The record: the Message-ID, then the path of the copy kept, if any. */
static int
write_record(const struct draft_copy *d, const char *path, char **cause)
{
	char *text;
	int rc;

	if (d->record == NULL)
		return 0;
	text = xasprintf("%s\n%s\n", d->id, path != NULL ? path : "");
	rc = file_write_atomic(d->record, text, strlen(text), cause);
	free(text);
	return rc;
}

void
draft_copy_read_record(struct draft_copy *d, const char *record)
{
	char *data = NULL, *nl, *path;
	size_t len;

	if (file_read(record, &data, &len, NULL) == -1)
		return;
	if ((nl = strchr(data, '\n')) != NULL && nl > data) {
		*nl = '\0';
		d->id = xstrdup(data);
		path = nl + 1;
		path[strcspn(path, "\n")] = '\0';
		if (*path != '\0')
			d->path = xstrdup(path);
	}
	free(data);
}

/* Lets the copy at PATH go, here and (noted) on the server. */
static int
drop_file(struct draft_copy *d, const char *path, char **cause)
{
	if (sync_drafts_drop(d->account, path, cause) == -1 ||
	    store_remove_file(d->store, path, cause) == -1)
		return -1;
	unlink(path);
	return 0;
}

int
draft_copy_drop(struct draft_copy *d, char **cause)
{
	if (d->path == NULL)
		return 0;
	if (drop_file(d, d->path, cause) == -1)
		return -1;
	free(d->path);
	d->path = NULL;
	if (store_commit(d->store, cause) == -1)
		return -1;
	killpoint("draft", "dropped");
	return 0;
}

/* Delivers and indexes TEXT under d->id; its path in *path. */
static int
keep(struct draft_copy *d, const char *text, char **path, char **cause)
{
	const char *tags[] = { "draft", NULL };
	char *dir = draft_copy_dir(d), *stamped = compose_stamp(text,
	    time(NULL)), *kept = compose_set_header(stamped, "Message-ID",
	    d->id);
	int rc = maildir_make(dir, cause);

	free(stamped);
	if (rc == 0)
		rc = maildir_deliver(dir, kept, strlen(kept), "DS",
		    MAILDIR_SYNC_EACH, path, cause);
	free(kept);
	free(dir);
	if (rc == -1)
		return -1;
	killpoint("draft", "delivered");
	/* Visible to other programs (and the UI) from the commit on. */
	if (store_index_file(d->store, *path, tags, cause) == -1 ||
	    store_commit(d->store, cause) == -1)
		return -1;
	killpoint("draft", "indexed");
	return 0;
}

int
draft_copy_save(struct draft_copy *d, const char *text, char **cause)
{
	char *path = NULL, *id;

	/* One Message-ID for every save: the copy on the server's Drafts
	 * is found by it (sync-drafts.h), and notmuch keeps its tags. It
	 * is noted before any copy carries it. */
	if (d->id == NULL) {
		id = mime_message_id(account_get_one(d->account, "from"));
		d->id = xasprintf("<%s>", id);
		free(id);
	}
	if (write_record(d, d->path, cause) == -1 ||
	    keep(d, text, &path, cause) == -1 ||
	    write_record(d, path, cause) == -1) {
		free(path);
		return -1;
	}
	killpoint("draft", "recorded");
	if (draft_copy_drop(d, cause) == -1) {
		free(path);
		return -1;
	}
	d->path = path;
	/* The index still has the headers of the first copy it saw. */
	if (store_reindex_file(d->store, path, cause) == -1 ||
	    store_commit(d->store, cause) == -1)
		return -1;
	return 0;
}

/* Whether the file PATH is a copy of the message ID. */
static int
same_message(const char *path, const char *id)
{
	char *data = NULL, *has;
	size_t len;
	int same;

	if (file_read(path, &data, &len, NULL) == -1)
		return 0;
	has = compose_header(data, "Message-ID");
	same = has != NULL && strcmp(has, id) == 0;
	free(has);
	free(data);
	return same;
}

int
draft_copy_drop_strays(struct draft_copy *d, char **cause)
{
	static const char *const subs[] = { "cur", "new" };
	char *dir = draft_copy_dir(d), *sub, **paths;
	size_t i, j, n;
	int rc = 0;

	for (i = 0; i < nitems(subs) && rc == 0 && d->id != NULL; i++) {
		sub = xasprintf("%s/%s", dir, subs[i]);
		paths = file_list(sub, NULL, &n);
		for (j = 0; j < n && rc == 0; j++)
			if ((d->path == NULL || strcmp(paths[j], d->path) != 0) &&
			    same_message(paths[j], d->id))
				rc = drop_file(d, paths[j], cause);
		file_list_free(paths, n);
		free(sub);
	}
	free(dir);
	return rc == 0 ? store_commit(d->store, cause) : -1;
}

void
draft_copy_clear(struct draft_copy *d)
{
	free(d->path);
	free(d->id);
	d->path = d->id = NULL;
}
