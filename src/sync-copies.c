/* sync-copies.c: a folder's files by UID; see sync-copies.h. */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>

#include "maildir.h"
#include "mua.h"
#include "sync-copies.h"

struct copy {
	uint32_t uid;
	char *path;
};

struct sync_copies {
	struct copy *c;		/* by UID, ascending */
	size_t n;
};

uint32_t
sync_copies_uid(const char *path, uint32_t validity)
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
by_uid(const void *a, const void *b)
{
	const struct copy *x = a, *y = b;

	return x->uid < y->uid ? -1 : x->uid > y->uid;
}

struct sync_copies *
sync_copies_load(const char *maildir, uint32_t validity)
{
	struct sync_copies *c = xcalloc(1, sizeof *c);
	struct maildir_keys keys;
	size_t i;

	maildir_keys(maildir, &keys);
	c->c = xcalloc(keys.n + 1, sizeof *c->c);
	for (i = 0; i < keys.n; i++)
		if ((c->c[c->n].uid = sync_copies_uid(keys.paths[i],
		    validity)) != 0) {
			c->c[c->n++].path = keys.paths[i];
			keys.paths[i] = NULL;
		}
	maildir_keys_free(&keys);
	qsort(c->c, c->n, sizeof *c->c, by_uid);
	return c;
}

const char *
sync_copies_path(const struct sync_copies *c, uint32_t uid)
{
	struct copy key = { uid, NULL }, *hit;

	hit = bsearch(&key, c->c, c->n, sizeof *c->c, by_uid);
	return hit != NULL ? hit->path : NULL;
}

void
sync_copies_free(struct sync_copies *c)
{
	if (c == NULL)
		return;
	while (c->n > 0)
		free(c->c[--c->n].path);
	free(c->c);
	free(c);
}
