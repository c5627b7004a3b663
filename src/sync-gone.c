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
 * EXISTS counts those and the ones above LAST only. */
static int
none_gone(mailimap *imap, size_t nbase, uint32_t last, char **cause)
{
	uint32_t *fresh;
	size_t nfresh;
	int same;

	if (pull_imap_uids(imap, last + 1, &fresh, &nfresh, cause) == -1)
		return -1;
	free(fresh);
	same = imap->imap_selection_info->sel_exists == nbase + nfresh;
	return same;
}

int
sync_gone_find(mailimap *imap, struct syncstate *base, const char *maildir,
    uint32_t validity, uint32_t last, struct sync_gone_list *list,
    char **cause)
{
	size_t nbase, nsrv, i, j;
	const uint32_t *uids = syncstate_uids(base, &nbase);
	struct sync_copies *copies;
	uint32_t *srv;
	int r;

	if ((r = none_gone(imap, nbase, last, cause)) != 0)
		return r == 1 ? 0 : -1;
	if (pull_imap_uids(imap, 1, &srv, &nsrv, cause) == -1)
		return -1;
	/* Fewer UIDs than the folder says it holds: an answer cut short
	 * must never read as mail expunged. Nothing goes this time. */
	if (nsrv < imap->imap_selection_info->sel_exists) {
		free(srv);
		return 0;
	}
	copies = sync_copies_load(maildir, validity);
	uids = syncstate_uids(base, &nbase);
	for (i = j = 0; i < nbase; i++) {
		while (j < nsrv && srv[j] < uids[i])
			j++;
		if (j >= nsrv || srv[j] != uids[i])
			add(list, base, uids[i], sync_copies_path(copies,
			    uids[i]), 0);
	}
	free(srv);
	sync_copies_free(copies);
	return 0;
}

void
sync_gone_add(struct syncstate *base, const char *maildir, uint32_t validity,
    const uint32_t *uids, size_t n, struct sync_gone_list *list)
{
	struct sync_copies *copies;
	size_t i;

	if (n == 0)
		return;
	copies = sync_copies_load(maildir, validity);
	for (i = 0; i < n; i++)
		add(list, base, uids[i], sync_copies_path(copies, uids[i]),
		    1);
	sync_copies_free(copies);
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
