/*
 * sync-flags.c: a folder's flags merged both ways; see sync-flags.h.
 * The order makes a kill at any step harmless: tags here are committed,
 * then flags there are stored, then the base is saved. Run again, each
 * side already holds the merged value, which the merge keeps.
 */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flagmap.h"
#include "imap.h"
#include "killpoint.h"
#include "maildir.h"
#include "mua.h"
#include "pull-imap.h"
#include "push-imap.h"
#include "store.h"
#include "sync-flags.h"
#include "syncstate.h"

/* A local file of the folder. */
struct copy {
	uint32_t uid;
	char *path;
};

/* A copy that may have changed on either side. */
struct candidate {
	uint32_t uid;
	int have_s, have_l;
	unsigned s, l;		/* the server's flags, the store's */
};

/* The UID in a file name carrying ",mua=VALIDITY-UID"; 0 for another. */
static uint32_t
key_uid(const char *path, uint32_t validity)
{
	const char *slash = strrchr(path, '/'), *k;
	unsigned long v, uid;
	char *end;

	if ((k = strstr(slash != NULL ? slash : path, ",mua=")) == NULL)
		return 0;
	v = strtoul(k + 5, &end, 10);
	if (*end != '-' || v != validity)
		return 0;
	uid = strtoul(end + 1, &end, 10);
	return (*end == '\0' || *end == ':' || *end == ',') &&
	    uid <= UINT32_MAX ? (uint32_t)uid : 0;
}

static int
copy_order(const void *a, const void *b)
{
	const struct copy *x = a, *y = b;

	return x->uid < y->uid ? -1 : x->uid > y->uid;
}

/* The folder's files by UID, ascending. */
static struct copy *
copies_load(const char *maildir, uint32_t validity, size_t *n)
{
	struct maildir_keys keys;
	struct copy *c;
	size_t i;

	maildir_keys(maildir, &keys);
	c = xcalloc(keys.n + 1, sizeof *c);
	for (*n = i = 0; i < keys.n; i++)
		if ((c[*n].uid = key_uid(keys.paths[i], validity)) != 0) {
			c[*n].path = keys.paths[i];
			keys.paths[i] = xstrdup("");
			(*n)++;
		}
	maildir_keys_free(&keys);
	qsort(c, *n, sizeof *c, copy_order);
	return c;
}

static void
copies_free(struct copy *c, size_t n)
{
	while (n > 0)
		free(c[--n].path);
	free(c);
}

static const char *
copy_path(const struct copy *c, size_t n, uint32_t uid)
{
	struct copy key = { uid, NULL }, *hit;

	hit = bsearch(&key, c, n, sizeof *c, copy_order);
	return hit != NULL ? hit->path : NULL;
}

static int
flags_order(const void *a, const void *b)
{
	const struct pull_flags *x = a, *y = b;

	return x->uid < y->uid ? -1 : x->uid > y->uid;
}

/* The store's changes in F's maildir, by UID, ascending. */
static struct pull_flags *
local_changes(const struct sync_flags_folder *f, size_t *n)
{
	char *prefix = xasprintf("%s/", f->maildir);
	size_t len = strlen(prefix), i;
	struct pull_flags *out = xcalloc(f->nlocal + 1, sizeof *out);

	*n = 0;
	for (i = 0; i < f->nlocal; i++) {
		if (strncmp(f->local[i].path, prefix, len) != 0)
			continue;
		out[*n].uid = key_uid(f->local[i].path, f->validity);
		out[*n].bits = f->local[i].bits;
		*n += out[*n].uid != 0;
	}
	free(prefix);
	qsort(out, *n, sizeof *out, flags_order);
	return out;
}

/* Joins the server's list S and the store's L (both ascending). */
static struct candidate *
join(const struct pull_flags *s, size_t ns, const struct pull_flags *l,
    size_t nl, size_t *n)
{
	struct candidate *c = xcalloc(ns + nl + 1, sizeof *c);
	size_t i = 0, j = 0;

	for (*n = 0; i < ns || j < nl; (*n)++) {
		int take_s = j >= nl || (i < ns && s[i].uid <= l[j].uid);
		int take_l = i >= ns || (j < nl && l[j].uid <= s[i].uid);
		c[*n].uid = take_s ? s[i].uid : l[j].uid;
		if (take_s) {
			c[*n].have_s = 1;
			c[*n].s = s[i++].bits;
		}
		if (take_l) {
			c[*n].have_l = 1;
			c[*n].l = l[j++].bits;
		}
	}
	return c;
}

/* The server's flags of candidates that have neither them nor a base
 * (fetched, then killed before the base was saved). */
static int
fill_server(const struct sync_flags_folder *f, struct candidate *c, size_t n,
    char **cause)
{
	struct mailimap_set *set = mailimap_set_new_empty();
	struct pull_flags *got = NULL, key, *hit;
	size_t i, ngot = 0, asked = 0;
	unsigned b;
	int rc = 0;

	for (i = 0; i < n; i++)
		if (!c[i].have_s && syncstate_get(f->base, c[i].uid, &b) == -1) {
			mailimap_set_add_single(set, c[i].uid);
			asked++;
		}
	if (asked > 0)
		rc = pull_imap_flags(f->imap, set, 0, &got, &ngot, cause);
	mailimap_set_free(set);
	for (i = 0; i < n && rc == 0 && asked > 0; i++) {
		key.uid = c[i].uid;
		if (c[i].have_s || (hit = bsearch(&key, got, ngot, sizeof *got,
		    flags_order)) == NULL)
			continue;
		c[i].have_s = 1;
		c[i].s = hit->bits;
	}
	free(got);
	return rc;
}

/* The merged flags of a copy: per bit, the side that changed wins. */
static unsigned
merge(int have_base, unsigned b, unsigned l, unsigned s)
{
	unsigned changed_l = l ^ b;

	if (!have_base)
		return l | s;
	return (s & ~changed_l) | (l & changed_l);
}

/* What one folder's merge does, gathered before anything is sent. */
struct plan {
	struct push_change *push;
	size_t npush;
	unsigned tagged;
};

/* Merges one candidate: its tags changed now (committed later), its
 * push queued, its base set (saved later). */
static int
merge_one(const struct sync_flags_folder *f, struct candidate *c,
    const char *path, unsigned mask, struct plan *p, char **cause)
{
	unsigned b = 0, m;
	int have_base = syncstate_get(f->base, c->uid, &b) == 0;
	char **tags, *changes;

	if (!c->have_l) {
		if (store_file_tags(f->store, path, &tags, cause) == -1)
			return -1;
		if (tags == NULL)
			return 0;	/* not indexed: nothing to merge with */
		c->l = flagmap_from_tags((const char *const *)tags);
		store_free_tags(tags);
	}
	if (!c->have_s)
		c->s = b;
	m = merge(have_base, b & mask, c->l & mask, c->s & mask);
	if ((m ^ c->l) & mask) {
		changes = flagmap_tag_changes(c->l & mask, m);
		if (store_tag_file(f->store, path, changes, cause) == -1) {
			free(changes);
			return -1;
		}
		free(changes);
		p->tagged++;
	}
	if ((m ^ c->s) & mask) {
		p->push = xreallocarray(p->push, p->npush + 1, sizeof *p->push);
		p->push[p->npush].uid = c->uid;
		p->push[p->npush].add = m & ~c->s & mask;
		p->push[p->npush++].remove = c->s & ~m & mask;
	}
	syncstate_set(f->base, c->uid, m);
	return 0;
}

/* The copies whose flags changed on the server since the base's MODSEQ
 * (all of them without CONDSTORE or a MODSEQ), up to the last fetched. */
static int
server_changes(const struct sync_flags_folder *f, struct pull_flags **out,
    size_t *n, char **cause)
{
	uint64_t since = syncstate_modseq(f->base);
	struct mailimap_set *set;
	int rc;

	*out = NULL;
	*n = 0;
	if (f->last == 0 || (f->modseq != 0 && since == f->modseq))
		return 0;	/* nothing fetched, or nothing changed */
	set = mailimap_set_new_interval(1, f->last);
	rc = pull_imap_flags(f->imap, set, f->modseq != 0 ? since : 0, out, n,
	    cause);
	mailimap_set_free(set);
	return rc;
}

static void
pushed(void *arg)
{
	(void)arg;
	killpoint("twoway", "pushed");
}

/* Tags committed, flags stored, the base saved: in this order. */
static int
apply(const struct sync_flags_folder *f, struct plan *p, char **cause)
{
	if (p->tagged > 0) {
		if (store_release(f->store, cause) == -1)
			return -1;
		killpoint("twoway", "tagged");
	}
	if (push_imap_flags(f->imap, p->push, p->npush, pushed, NULL,
	    cause) == -1)
		return -1;
	if (f->modseq != 0)
		syncstate_set_modseq(f->base, f->modseq);
	if (syncstate_save(f->base, cause) == -1)
		return -1;
	killpoint("twoway", "based");
	return 0;
}

int
sync_flags_folder(const struct sync_flags_folder *f,
    struct sync_flags_stats *stats, char **cause)
{
	unsigned mask = imap_keeps_forwarded(f->imap) ? FLAGMAP_ALL :
	    FLAGMAP_ALL & ~FLAGMAP_FORWARDED;
	struct pull_flags *server = NULL, *local;
	struct candidate *c = NULL;
	struct plan p = { NULL, 0, 0 };
	struct copy *copies;
	size_t ns = 0, nl, nc = 0, ncopies, i;
	const char *path;
	int rc = -1;

	copies = copies_load(f->maildir, f->validity, &ncopies);
	local = local_changes(f, &nl);
	if (server_changes(f, &server, &ns, cause) == -1)
		goto out;
	c = join(server, ns, local, nl, &nc);
	if (fill_server(f, c, nc, cause) == -1)
		goto out;
	for (i = 0; i < nc; i++)
		if ((path = copy_path(copies, ncopies, c[i].uid)) != NULL &&
		    merge_one(f, &c[i], path, mask, &p, cause) == -1)
			goto out;
	if (apply(f, &p, cause) == -1)
		goto out;
	stats->pulled += p.tagged;
	stats->pushed += (unsigned)p.npush;
	rc = 0;
out:
	free(p.push);
	free(c);
	free(server);
	free(local);
	copies_free(copies, ncopies);
	return rc;
}

int
sync_flags_vanished(const struct sync_flags_folder *f,
    struct sync_gone **gone, size_t *n, char **cause)
{
	size_t nbase, nsrv, i, j, ncopies;
	const uint32_t *base = syncstate_uids(f->base, &nbase);
	uint32_t *srv;
	struct copy *copies;
	const char *path;

	/* Every copy of the base still there, and no other: nothing was
	 * expunged, and one number told it. */
	if (f->imap->imap_selection_info->sel_exists == nbase)
		return 0;
	if (pull_imap_uids(f->imap, &srv, &nsrv, cause) == -1)
		return -1;
	copies = copies_load(f->maildir, f->validity, &ncopies);
	for (i = j = 0; i < nbase; i++) {
		while (j < nsrv && srv[j] < base[i])
			j++;
		if (j < nsrv && srv[j] == base[i])
			continue;
		*gone = xreallocarray(*gone, *n + 1, sizeof **gone);
		(*gone)[*n].base = f->base;
		(*gone)[*n].uid = base[i];
		path = copy_path(copies, ncopies, base[i]);
		(*gone)[(*n)++].path = path != NULL ? xstrdup(path) : NULL;
	}
	free(srv);
	copies_free(copies, ncopies);
	return 0;
}

int
sync_flags_remove(struct store *store, struct sync_gone *gone, size_t n,
    unsigned *removed, char **cause)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (gone[i].path == NULL)
			continue;
		if (store_remove_file(store, gone[i].path, cause) == -1)
			return -1;
		(*removed)++;
	}
	if (n > 0 && store_release(store, cause) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (gone[i].path != NULL && unlink(gone[i].path) == 0)
			killpoint("twoway", "unlinked");
	for (i = 0; i < n; i++) {
		syncstate_drop(gone[i].base, gone[i].uid);
		if (syncstate_save(gone[i].base, cause) == -1)
			return -1;
	}
	if (n > 0)
		killpoint("twoway", "forgotten");
	return 0;
}

void
sync_flags_gone_free(struct sync_gone *gone, size_t n)
{
	while (n > 0)
		free(gone[--n].path);
	free(gone);
}
