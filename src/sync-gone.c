/* sync-gone.c: copies gone from the server; see sync-gone.h. */
#include "autodefs.h"

#include <stdlib.h>
#include <unistd.h>

#include "killpoint.h"
#include "mua.h"
#include "pull-imap.h"
#include "store.h"
#include "sync-copies.h"
#include "sync-gone.h"
#include "syncstate.h"

static void
add(struct sync_gone_list *list, struct syncstate *base, uint32_t uid,
    const char *path, int ours)
{
	list->g = xreallocarray(list->g, list->n + 1, sizeof *list->g);
	list->g[list->n].base = base;
	list->g[list->n].uid = uid;
	list->g[list->n].ours = ours;
	list->g[list->n].found = 0;
	list->g[list->n++].path = path != NULL ? xstrdup(path) : NULL;
}

/* Whether nothing went: every copy of the base is still there, and
 * EXISTS counts those and the ones above LAST (*nfresh of them) only. */
static int
none_gone(mailimap *imap, size_t nbase, uint32_t last, size_t *nfresh,
    char **cause)
{
	uint32_t *fresh;

	if (pull_imap_uids(imap, last + 1, &fresh, nfresh, cause) == -1)
		return -1;
	free(fresh);
	return imap->imap_selection_info->sel_exists == nbase + *nfresh;
}

/* The N copies UIDS of BASE (files in MAILDIR) gone; OURS: moved by
 * this sync. */
static void
add_gone(struct sync_gone_list *list, struct syncstate *base,
    const char *maildir, uint32_t validity, const uint32_t *uids, size_t n,
    int ours)
{
	struct sync_copies *copies;
	size_t i;

	if (n == 0)
		return;	/* a big folder's names are not read for nothing */
	copies = sync_copies_load(maildir, validity);
	for (i = 0; i < n; i++)
		add(list, base, uids[i], sync_copies_path(copies, uids[i]),
		    ours);
	sync_copies_free(copies);
}

/*
 * With QRESYNC, what went since the base's MODSEQ is asked for by
 * VANISHED instead of all the UIDs. It is taken only when it accounts
 * for EXISTS exactly (NFRESH above LAST); else 0, and all are asked for.
 */
static int
by_vanished(mailimap *imap, struct syncstate *base, const char *maildir,
    uint32_t validity, uint32_t last, size_t nfresh,
    struct sync_gone_list *list, char **cause)
{
	struct pull_range *v;
	size_t nv, nbase, i, j = 0, k = 0;
	const uint32_t *uids;
	uint32_t *gone;
	int r;

	if (syncstate_modseq(base) == 0 ||
	    !mailimap_has_extension(imap, "QRESYNC"))
		return 0;
	r = pull_imap_vanished(imap, syncstate_modseq(base), last, &v, &nv,
	    cause);
	if (r != 1)
		return r;
	uids = syncstate_uids(base, &nbase);
	gone = xcalloc(nbase + 1, sizeof *gone);
	for (i = 0; i < nbase; i++) {
		while (j < nv && v[j].last < uids[i])
			j++;
		if (j < nv && v[j].first <= uids[i])
			gone[k++] = uids[i];
	}
	r = nbase - k + nfresh == imap->imap_selection_info->sel_exists;
	if (r)
		add_gone(list, base, maildir, validity, gone, k, 0);
	free(gone);
	free(v);
	return r;
}

int
sync_gone_find(mailimap *imap, struct syncstate *base, const char *maildir,
    uint32_t validity, uint32_t last, struct sync_gone_list *list,
    char **cause)
{
	size_t nbase, nsrv, nfresh, i, j, k = 0;
	const uint32_t *uids = syncstate_uids(base, &nbase);
	uint32_t *srv, *gone;
	int r;

	if ((r = none_gone(imap, nbase, last, &nfresh, cause)) != 0 ||
	    (r = by_vanished(imap, base, maildir, validity, last, nfresh,
	    list, cause)) != 0)
		return r == 1 ? 0 : -1;
	if (pull_imap_uids(imap, 1, &srv, &nsrv, cause) == -1)
		return -1;
	/* Fewer UIDs than the folder says it holds: an answer cut short
	 * must never read as mail expunged. Nothing goes this time. */
	if (nsrv < imap->imap_selection_info->sel_exists) {
		free(srv);
		return 0;
	}
	uids = syncstate_uids(base, &nbase);
	gone = xcalloc(nbase + 1, sizeof *gone);
	for (i = j = 0; i < nbase; i++) {
		while (j < nsrv && srv[j] < uids[i])
			j++;
		if (j >= nsrv || srv[j] != uids[i])
			gone[k++] = uids[i];
	}
	add_gone(list, base, maildir, validity, gone, k, 0);
	free(gone);
	free(srv);
	return 0;
}

void
sync_gone_add(struct syncstate *base, const char *maildir, uint32_t validity,
    const uint32_t *uids, size_t n, struct sync_gone_list *list)
{
	add_gone(list, base, maildir, validity, uids, n, 1);
}

void
sync_gone_add_file(const char *path, struct sync_gone_list *list)
{
	add(list, NULL, 0, path, 1);
}

static int
uid_order(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

uint32_t *
sync_gone_uids(const struct sync_gone_list *list,
    const struct syncstate *base, size_t *n)
{
	uint32_t *out = xcalloc(list->n + 1, sizeof *out);
	size_t i;

	for (*n = i = 0; i < list->n; i++)
		if (list->g[i].base == base)
			out[(*n)++] = list->g[i].uid;
	qsort(out, *n, sizeof *out, uid_order);
	return out;
}

int
sync_gone_remove(struct store *store, struct sync_gone_list *list,
    unsigned *removed, char **cause)
{
	struct sync_gone *g = list->g;
	size_t i;

	for (i = 0; i < list->n; i++)
		if (g[i].path != NULL && (g[i].base != NULL || g[i].found) &&
		    store_remove_file(store, g[i].path, cause) == -1)
			return -1;
	if (list->n > 0 && store_release(store, cause) == -1)
		return -1;
	for (i = 0; i < list->n; i++)
		if (g[i].path != NULL && (g[i].base != NULL || g[i].found) &&
		    unlink(g[i].path) == 0) {
			*removed += !g[i].ours && !g[i].found;
			killpoint("twoway", "unlinked");
		}
	for (i = 0; i < list->n; i++) {
		if (g[i].base == NULL)
			continue;
		syncstate_drop(g[i].base, g[i].uid);
		if (syncstate_save(g[i].base, cause) == -1)
			return -1;
	}
	if (list->n > 0)
		killpoint("twoway", "forgotten");
	return 0;
}

void
sync_gone_free(struct sync_gone_list *list)
{
	while (list->n > 0)
		free(list->g[--list->n].path);
	free(list->g);
	list->g = NULL;
}
