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
#include "mua.h"
#include "pull-imap.h"
#include "push-imap.h"
#include "store.h"
#include "sync-copies.h"
#include "sync-flags.h"
#include "syncstate.h"

/* A copy that may have changed on either side. */
struct candidate {
	uint32_t uid;
	int have_s, have_l;
	unsigned s, l;		/* the server's flags, the store's */
};

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
		out[*n].uid = sync_copies_uid(f->local[i].path, f->validity);
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
	for (i = 0; i < n && rc == 0 && ngot > 0; i++) {
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
	struct sync_marked *marked;
	size_t nmarked;
	unsigned tagged;
};

/* Records the copy's marks (inbox, deleted, spam) when they changed
 * since the base: sync-moves.c decides where that sends it. */
static void
mark(struct plan *p, const struct candidate *c, int have_base, unsigned b)
{
	if (!have_base || ((c->l ^ b) & FLAGMAP_MARKS) == 0)
		return;
	p->marked = xreallocarray(p->marked, p->nmarked + 1,
	    sizeof *p->marked);
	p->marked[p->nmarked].uid = c->uid;
	p->marked[p->nmarked].before = b & FLAGMAP_MARKS;
	p->marked[p->nmarked++].now = c->l & FLAGMAP_MARKS;
}

/* The marks a copy has once merged to M: as before, but spam follows
 * $Junk when the folder keeps it (the tag stands for both). A change
 * that came from the server is no mark changed here: it moves nothing. */
static unsigned
marks_now(unsigned l, unsigned m, unsigned mask)
{
	unsigned marks = l & FLAGMAP_MARKS;

	if ((mask & FLAGMAP_JUNK) == 0)
		return marks;
	return (m & FLAGMAP_JUNK) ? marks | FLAGMAP_SPAM :
	    marks & ~FLAGMAP_SPAM;
}

/* One candidate's merge, decided once the store's tags are known. */
struct merging {
	struct candidate *c;
	int have_base, tagged;
	unsigned b, mask, m;
};

/* The tag changes C's merge makes here (NULL: none); TAGS are the
 * store's, NULL when c->l already holds them. */
static char *
decide(void *arg, const char *const *tags)
{
	struct merging *g = arg;
	struct candidate *c = g->c;

	if (tags != NULL) {
		c->l = flagmap_from_tags(tags);
		c->have_l = 1;
	}
	g->m = merge(g->have_base, g->b & g->mask, c->l & g->mask,
	    c->s & g->mask);
	if (((g->m ^ c->l) & g->mask) == 0)
		return NULL;
	g->tagged = 1;
	return flagmap_tag_changes(c->l & g->mask, g->m);
}

/* Merges one candidate: its tags changed now (committed later), its
 * push queued, its base set (saved by the caller). A copy not indexed
 * has nothing to merge with. */
static int
merge_one(const struct sync_flags_folder *f, struct candidate *c,
    const char *path, unsigned mask, struct plan *p, char **cause)
{
	struct merging g = { c, 0, 0, 0, mask, 0 };
	unsigned m;
	char *changes;
	int r = 0;

	g.have_base = syncstate_get(f->base, c->uid, &g.b) == 0;
	if (!c->have_s)
		c->s = g.b;
	if (!c->have_l)
		r = store_retag_file(f->store, path, decide, &g, cause);
	else if ((changes = decide(&g, NULL)) != NULL) {
		r = store_tag_file(f->store, path, changes, cause);
		free(changes);
	}
	if (r == -1 || !c->have_l)
		return r;
	m = g.m;
	p->tagged += g.tagged;
	if ((m ^ c->s) & mask) {
		p->push = xreallocarray(p->push, p->npush + 1, sizeof *p->push);
		p->push[p->npush].uid = c->uid;
		p->push[p->npush].add = m & ~c->s & mask;
		p->push[p->npush++].remove = c->s & ~m & mask;
	}
	mark(p, c, g.have_base, g.b);
	syncstate_set(f->base, c->uid, m | marks_now(c->l, m, mask));
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

/* Tags committed, then flags stored: in this order. */
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
	return 0;
}

/* Whether UID is among the N sorted SKIP. */
static int
skipped(const uint32_t *skip, size_t n, uint32_t uid)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (skip[mid] == uid)
			return 1;
		if (skip[mid] < uid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Merges the candidates C; a copy never fetched only has its server
 * flags recorded, so that the base lists every copy the server has. */
static int
merge_all(const struct sync_flags_folder *f, struct candidate *c, size_t nc,
    struct plan *p, char **cause)
{
	unsigned mask = imap_kept_flags(f->imap);
	struct sync_copies *copies;
	const char *path;
	unsigned b;
	size_t i;
	int rc = 0;

	if (nc == 0)
		return 0;	/* a big folder's names are not read for nothing */
	copies = sync_copies_load(f->maildir, f->validity);

	for (i = 0; i < nc && rc == 0; i++) {
		if (skipped(f->skip, f->nskip, c[i].uid))
			continue;	/* expunged there: that wins */
		if ((path = sync_copies_path(copies, c[i].uid)) != NULL)
			rc = merge_one(f, &c[i], path, mask, p, cause);
		else if (c[i].have_s && syncstate_get(f->base, c[i].uid, &b))
			syncstate_set(f->base, c[i].uid, c[i].s & mask);
	}
	sync_copies_free(copies);
	return rc;
}

int
sync_flags_folder(const struct sync_flags_folder *f,
    struct sync_flags_stats *stats, struct sync_marked **marked,
    size_t *nmarked, char **cause)
{
	struct pull_flags *server = NULL, *local;
	struct candidate *c = NULL;
	struct plan p;
	size_t ns = 0, nl, nc = 0;
	int rc = -1;

	memset(&p, 0, sizeof p);
	local = local_changes(f, &nl);
	if (server_changes(f, &server, &ns, cause) == -1)
		goto out;
	c = join(server, ns, local, nl, &nc);
	if (fill_server(f, c, nc, cause) == -1 ||
	    merge_all(f, c, nc, &p, cause) == -1 || apply(f, &p, cause) == -1)
		goto out;
	stats->pulled += p.tagged;
	stats->pushed += (unsigned)p.npush;
	*marked = p.marked;
	*nmarked = p.nmarked;
	p.marked = NULL;
	rc = 0;
out:
	free(p.marked);
	free(p.push);
	free(c);
	free(server);
	free(local);
	return rc;
}
