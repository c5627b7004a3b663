/* sync-twoway.c: an IMAP account both ways; see sync-twoway.h. */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account.h"
#include "append-imap.h"
#include "fetch-imap.h"
#include "file.h"
#include "flagmap.h"
#include "imap.h"
#include "killpoint.h"
#include "maildir.h"
#include "mua.h"
#include "store.h"
#include "sync-drafts.h"
#include "sync-flags.h"
#include "sync-gone.h"
#include "sync-moves.h"
#include "sync-roles.h"
#include "sync-twoway.h"
#include "sync.h"
#include "syncstate.h"
#include "utf7.h"

/* One folder in this run. */
struct folder {
	char *name;		/* on the wire */
	char *maildir, *state;
	enum sync_role role;
	const char **tags;	/* for its new mail */
	struct syncstate *base;
	uint32_t validity;
};

struct twoway {
	struct sync_job *job;
	mailimap *imap;
	struct sync_roles roles;
	const char **new_tags;		/* the account's */
	size_t sync_tags;		/* how many it keeps as keywords */
	struct sync_local *local;	/* the store's changes since the last */
	size_t nlocal;
	unsigned long long rev;		/* the store's revision at the start */
	char *uuid;
	struct folder *f;
	size_t n;
	struct sync_gone_list gone;
	struct sync_moves_stats moves;
	struct fetch_known *known;	/* the gone copies' messages */
	size_t nknown;
};

/* The saved "UUID REVISION" of the store the account last synced with. */
static char *
revision_path(struct twoway *t, char **cause)
{
	return sync_state_path(t->job, ".revision", cause);
}

static void
add_local(void *arg, const char *path, const char *const *tags)
{
	struct twoway *t = arg;

	t->local = xreallocarray(t->local, t->nlocal + 1, sizeof *t->local);
	t->local[t->nlocal].path = xstrdup(path);
	t->local[t->nlocal++].bits = flagmap_from_tags(tags);
}

/*
 * The account's files whose messages changed in the store since the last
 * sync. The first sync has no revision to start from: it changes nothing
 * on the server but what the merge of every copy's flags finds.
 */
static int
local_changes(struct twoway *t, char **cause)
{
	char *path = revision_path(t, cause), *data = NULL, *dir;
	char uuid[128] = "";
	unsigned long long since = 0;
	size_t len;
	int rc = -1;

	if (path == NULL)
		return -1;
	if (store_revision(t->job->store, &t->rev, &t->uuid, cause) == -1)
		goto out;
	if (file_read(path, &data, &len, NULL) == 0 &&
	    sscanf(data, "%127s %llu", uuid, &since) == 2 &&
	    strcmp(uuid, t->uuid) == 0) {
		dir = sync_maildir(t->job, "");
		rc = store_changed_files(t->job->store, since, dir, add_local,
		    t, cause);
		free(dir);
	} else
		rc = 0;
	/* Not a moment of waiting on the server with the write lock held. */
	if (rc == 0)
		rc = store_release(t->job->store, cause);
out:
	free(data);
	free(path);
	return rc;
}

/*
 * The revision the next sync starts from: the one this sync started at,
 * or, when every change since was this sync's own (all already merged
 * into the bases), the one after them: the next sync then reads only
 * what others changed, not again what this one fetched and pulled.
 */
static int
save_revision(struct twoway *t, char **cause)
{
	char *path = revision_path(t, cause), *line;
	unsigned long long rev = t->rev;
	int rc;

	if (path == NULL || store_release(t->job->store, cause) == -1) {
		free(path);
		return -1;
	}
	store_own_revision(t->job->store, &rev);
	line = xasprintf("%s %llu\n", t->uuid, rev);
	rc = file_write_atomic(path, line, strlen(line), cause);
	free(line);
	free(path);
	return rc;
}

/* The new-mail tags of a folder of ROLE: the account's, without inbox
 * outside INBOX, with the tag the folder stands for. */
static const char **
role_tags(const char **tags, enum sync_role role)
{
	static const char *const extra[] = { NULL, "deleted", "spam", "sent",
		"draft" };
	const char **out;
	size_t n = 0, i;

	for (i = 0; tags[i] != NULL; i++)
		n++;
	out = xcalloc(n + 2, sizeof *out);
	for (i = n = 0; tags[i] != NULL; i++)
		if (role == SYNC_ROLE_INBOX || role == SYNC_ROLE_NONE ||
		    strcmp(tags[i], "inbox") != 0)
			out[n++] = tags[i];
	if (role < SYNC_NROLES && extra[role] != NULL)
		out[n++] = extra[role];
	return out;
}

/* The wire name NAME (modified UTF-7) as one path element, as its
 * maildir and state files are named (caller frees). */
static char *
path_element(const char *name)
{
	char *utf8 = utf7_decode(name), *fp = sync_folder_path(utf8);

	free(utf8);
	return fp;
}

static void
add_folder(struct twoway *t, const char *name)
{
	struct folder *f;
	char *fp;
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->f[i].name, name) == 0)
			return;
	t->f = xreallocarray(t->f, t->n + 1, sizeof *t->f);
	f = memset(&t->f[t->n++], 0, sizeof *f);
	fp = path_element(name);
	f->name = xstrdup(name);
	f->role = sync_roles_of(&t->roles, name);
	/* The server's drafts are the drafts compose keeps here. */
	f->maildir = sync_maildir(t->job, f->role == SYNC_ROLE_DRAFTS ?
	    account_folder(t->job->account, "drafts_folder", "Drafts") : fp);
	f->state = sync_state_path(t->job, fp, NULL);
	f->tags = role_tags(t->new_tags, f->role);
	free(fp);
}

/* FOLDER as fetch-imap.h takes it. */
static void
fetch_of(struct twoway *t, struct folder *f, struct fetch_folder *out)
{
	memset(out, 0, sizeof *out);
	out->imap = t->imap;
	out->name = f->name;
	out->maildir = f->maildir;
	out->state = f->state;
	out->store = t->job->store;
	out->tags = f->tags;
	out->base = f->base;
	out->progress = t->job->progress;
	out->progress_arg = t->job->progress_arg;
}

/* Selects F and opens its base (once, for both phases). */
static int
select_folder(struct twoway *t, struct folder *f,
    struct fetch_selection *sel, char **cause)
{
	struct fetch_folder ff;
	char *fp, *name;

	fetch_of(t, f, &ff);
	if (f->state == NULL)
		return set_cause(cause, "can't make the sync state directory");
	if (fetch_imap_select(&ff, sel, cause) == -1)
		return -1;
	if (f->base != NULL && sel->validity != f->validity)
		return set_cause(cause, "the folder %s was renumbered during "
		    "this sync (UIDVALIDITY %lu, then %lu): stopped; the next "
		    "sync takes the new numbers", f->name,
		    (unsigned long)f->validity, (unsigned long)sel->validity);
	if (f->base != NULL)
		return 0;
	fp = path_element(f->name);
	name = xasprintf(".flags/%s", fp);
	free(fp);
	fp = sync_state_path(t->job, name, cause);
	free(name);
	if (fp == NULL)
		return -1;
	f->validity = sel->validity;
	if (syncstate_open(fp, sel->validity, &f->base, cause) == -1)
		f->base = NULL;
	free(fp);
	return f->base != NULL ? 0 : -1;
}

/* The drafts folder F, selected: drafts dropped here leave it, new ones
 * go there. */
static int
push_drafts(struct twoway *t, struct folder *f, char **cause)
{
	struct sync_drafts_folder d = { t->imap, f->name, t->job->store,
		t->job->account, f->maildir, f->base, f->validity };
	struct sync_drafts_stats st = { 0, 0, 0 };
	int rc = sync_drafts_push(&d, &st, &t->gone, cause);

	t->job->stats.drafts_up += st.appended;
	t->job->stats.drafts_dropped += st.removed;
	t->moves.kept_deleted |= st.kept_deleted;
	return rc;
}

/* Phase 2 for F: what went, flags both ways, moves, the base saved. */
static int
push_pull(struct twoway *t, struct folder *f, char **cause)
{
	struct fetch_selection sel;
	struct sync_flags_stats st = { 0, 0 };
	struct sync_marked *marked = NULL;
	struct sync_moves_folder mf = { t->imap, f->name, f->role, &t->roles,
		account_get_one(t->job->account, "delete_policy") };
	uint32_t *skip = NULL, *moved = NULL;
	size_t nskip = 0, nmarked = 0, nmoved = 0;
	int rc = -1;

	if (select_folder(t, f, &sel, cause) == -1)
		return -1;
	t->job->stats.no_keywords |= t->sync_tags > 0 &&
	    (imap_kept_flags(t->imap) & FLAGMAP_KEYWORDS & ~FLAGMAP_JUNK) == 0;
	sel.last = fetch_imap_last(f->state, sel.validity);
	if (sync_gone_find(t->imap, f->base, f->maildir, sel.validity,
	    sel.last, &t->gone, cause) == -1)
		return -1;
	skip = sync_gone_uids(&t->gone, f->base, &nskip);
	struct sync_flags_folder ff = { t->imap, t->job->store, f->maildir,
		f->base, sel.validity, sel.last, sel.modseq, t->local,
		t->nlocal, skip, nskip };
	if (sync_flags_folder(&ff, &st, &marked, &nmarked, cause) == -1 ||
	    sync_moves_folder(&mf, marked, nmarked, &moved, &nmoved,
	    &t->moves, cause) == -1)
		goto out;
	sync_gone_add(f->base, f->maildir, sel.validity, moved, nmoved,
	    &t->gone);
	if (f->role == SYNC_ROLE_DRAFTS && push_drafts(t, f, cause) == -1)
		goto out;
	if (syncstate_save(f->base, cause) == -1)
		goto out;
	killpoint("twoway", "based");
	rc = 0;
out:
	t->job->stats.pulled += st.pulled;
	t->job->stats.pushed += st.pushed;
	free(moved);
	free(marked);
	free(skip);
	return rc;
}

/* The size of the file PATH as the server counts it (CRLF line ends),
 * 0 when it can't be read. */
static uint32_t
wire_size(const char *path)
{
	char *data = NULL;
	size_t len, i, lines = 0;

	if (file_read(path, &data, &len, NULL) == -1)
		return 0;
	for (i = 0; i < len; i++)
		lines += data[i] == '\n';
	free(data);
	return (uint32_t)(len + lines);
}

/* The gone copies' messages, to recognise where they went. */
static int
known_copies(struct twoway *t, char **cause)
{
	struct sync_gone *g = t->gone.g;
	struct fetch_known *k;
	size_t i;
	char *id;

	t->known = xcalloc(t->gone.n + 1, sizeof *t->known);
	for (i = 0; i < t->gone.n; i++) {
		if (g[i].path == NULL)
			continue;
		if (store_file_message_id(t->job->store, g[i].path, &id,
		    cause) == -1)
			return -1;
		if (id == NULL)
			continue;
		k = &t->known[t->nknown++];
		k->id = id;
		k->path = g[i].path;
		k->size = wire_size(g[i].path);
	}
	fetch_known_sort(t->known, t->nknown);
	return store_release(t->job->store, cause);
}

/* Which gone copies were found again: moved, not removed. */
static void
found_copies(struct twoway *t)
{
	size_t i, j;

	for (i = 0; i < t->nknown; i++)
		for (j = 0; t->known[i].found && j < t->gone.n; j++)
			if (t->gone.g[j].path == t->known[i].path) {
				t->gone.g[j].found = 1;
				t->job->stats.relocated += !t->gone.g[j].ours;
			}
}

/* Phase 3 for F: its new mail. */
static int
fetch_new(struct twoway *t, struct folder *f, char **cause)
{
	struct fetch_selection sel;
	struct fetch_folder ff;

	if (select_folder(t, f, &sel, cause) == -1)
		return -1;
	fetch_of(t, f, &ff);
	ff.known = t->known;
	ff.nknown = t->nknown;
	return fetch_imap_folder(&ff, &sel, &t->job->stats, cause);
}

static void
twoway_free(struct twoway *t)
{
	size_t i;

	for (i = 0; i < t->nlocal; i++)
		free(t->local[i].path);
	free(t->local);
	for (i = 0; i < t->n; i++) {
		syncstate_free(t->f[i].base);
		free(t->f[i].name);
		free(t->f[i].maildir);
		free(t->f[i].state);
		free(t->f[i].tags);
	}
	free(t->f);
	for (i = 0; i < t->nknown; i++)
		free(t->known[i].id);
	free(t->known);
	sync_gone_free(&t->gone);
	sync_roles_free(&t->roles);
	free(t->uuid);
	free(t->new_tags);
}

/*
 * A sent copy now on the server: its file here is named for its UID in
 * the Sent folder's maildir at once, so that the fetch of that folder
 * finds it. Without a UID (no UIDPLUS), the fetch recognises it by its
 * Message-ID, and the file it links replaces this one.
 */
static int
appended(void *arg, const char *path, uint32_t validity, uint32_t uid,
    char **cause)
{
	struct twoway *t = arg;
	char *fp, *dir;
	int rc;

	if (uid == 0) {
		sync_gone_add_file(path, &t->gone);
		return 0;
	}
	fp = path_element(t->roles.folder[SYNC_ROLE_SENT]);
	dir = sync_maildir(t->job, fp);
	rc = sync_keyed(t->job->store, "append", dir, path, validity, uid,
	    "S", NULL, cause);
	if (rc == 0)
		killpoint("append", "renamed");
	free(dir);
	free(fp);
	return rc;
}

/*
 * Sent copies the outbox noted go to the server's Sent folder first:
 * the fetch of that folder then finds them there. Gmail files sent mail
 * by itself; sent_folder = "" says not to.
 */
static int
append_sent(struct twoway *t, char **cause)
{
	const struct account *a = t->job->account;
	const char *folder = t->roles.folder[SYNC_ROLE_SENT];
	const char *setting = account_get_one(a, "sent_folder");

	if (!append_imap_waiting(a))
		return 0;
	if ((setting != NULL && *setting == '\0') ||
	    mailimap_has_extension(t->imap, "X-GM-EXT-1")) {
		append_imap_forget(a);
		return 0;
	}
	if (folder == NULL) {
		t->moves.missing |= 1u << SYNC_ROLE_SENT;
		return 0;
	}
	return append_imap_pending(t->imap, a, folder, &t->job->stats.appended,
	    appended, t, cause);
}

/* The server's drafts folder joins the sync; without one, drafts saved
 * here stay here, and the sync says so once there are any. */
static void
add_drafts(struct twoway *t)
{
	const char *setting = account_get_one(t->job->account,
	    "drafts_folder");
	char *dir;

	if (t->roles.folder[SYNC_ROLE_DRAFTS] != NULL) {
		add_folder(t, t->roles.folder[SYNC_ROLE_DRAFTS]);
		return;
	}
	if (setting != NULL && *setting == '\0')
		return;		/* drafts_folder = "": here only */
	dir = sync_maildir(t->job, account_folder(t->job->account,
	    "drafts_folder", "Drafts"));
	if (sync_drafts_waiting(dir))
		t->moves.missing |= 1u << SYNC_ROLE_DRAFTS;
	free(dir);
}

int
sync_twoway(struct sync_job *job, mailimap *imap, const char *const *folders,
    size_t n, char **cause)
{
	struct twoway t;
	const char *const *keywords;
	size_t i;
	int rc;

	memset(&t, 0, sizeof t);
	t.job = job;
	t.imap = imap;
	t.new_tags = sync_new_tags(job);
	keywords = account_get(job->account, "sync_tags", &t.sync_tags);
	flagmap_use_keywords(keywords, t.sync_tags);
	rc = sync_roles_find(job->account, imap, &t.roles, cause);
	if (rc == 0)
		rc = append_sent(&t, cause);
	if (job->append_only)
		n = 0;
	for (i = 0; i < n && rc == 0; i++)
		add_folder(&t, folders[i]);
	/* Archived mail stays in the store: its folder is synced too; and
	 * drafts are kept on the server. */
	if (rc == 0 && !job->append_only &&
	    t.roles.folder[SYNC_ROLE_ARCHIVE] != NULL)
		add_folder(&t, t.roles.folder[SYNC_ROLE_ARCHIVE]);
	if (rc == 0 && !job->append_only)
		add_drafts(&t);
	if (rc == 0 && !job->append_only)
		rc = local_changes(&t, cause);
	for (i = 0; i < t.n && rc == 0; i++)
		rc = push_pull(&t, &t.f[i], cause);
	if (rc == 0)
		rc = known_copies(&t, cause);
	for (i = 0; i < t.n && rc == 0; i++)
		rc = fetch_new(&t, &t.f[i], cause);
	found_copies(&t);
	if (rc == 0)
		rc = sync_gone_remove(job->store, &t.gone, &job->stats.removed,
		    cause);
	if (rc == 0 && !job->append_only)
		rc = save_revision(&t, cause);
	job->stats.moved += t.moves.moved;
	job->stats.missing |= t.moves.missing;
	job->stats.kept_deleted |= t.moves.kept_deleted;
	twoway_free(&t);
	return rc;
}
