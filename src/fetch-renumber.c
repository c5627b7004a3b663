/* fetch-renumber.c: copies left by a renumbered folder; see the header. */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fetch-renumber.h"
#include "file.h"
#include "killpoint.h"
#include "maildir.h"
#include "mua.h"
#include "store.h"

/* A file fetched under the current number, by size for lookups. */
struct current {
	off_t size;
	const char *path;
};

static int
by_size(const void *a, const void *b)
{
	off_t x = ((const struct current *)a)->size;
	off_t y = ((const struct current *)b)->size;

	return (x > y) - (x < y);
}

static uint32_t
validity_of(const char *key)
{
	return (uint32_t)strtoul(key, NULL, 10);
}

static off_t
size_of(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? sb.st_size : -1;
}

/* Whether files A and B hold the same bytes. */
static int
same_bytes(const char *a, const char *b)
{
	char *da = NULL, *db = NULL;
	size_t la, lb;
	int same = file_read(a, &da, &la, NULL) == 0 &&
	    file_read(b, &db, &lb, NULL) == 0 && la == lb &&
	    memcmp(da, db, la) == 0;

	free(da);
	free(db);
	return same;
}

/* Whether STALE has a copy among the N CURRENT files (sorted by size). */
static int
has_copy(const char *stale, const struct current *current, size_t n)
{
	struct current key = { size_of(stale), NULL }, *hit;

	hit = bsearch(&key, current, n, sizeof *current, by_size);
	if (hit == NULL)
		return 0;
	while (hit > current && hit[-1].size == key.size)
		hit--;
	for (; hit < current + n && hit->size == key.size; hit++)
		if (same_bytes(stale, hit->path))
			return 1;
	return 0;
}

int
fetch_drop_renumbered(const char *maildir, uint32_t validity,
    struct store *store, char **cause)
{
	struct maildir_keys keys = { NULL, NULL, 0 };
	struct current *current;
	const char **drop;
	size_t i, n = 0, ndrop = 0;
	int rc = 0;

	maildir_keys(maildir, &keys);
	current = xcalloc(keys.n + 1, sizeof *current);
	for (i = 0; i < keys.n; i++)
		if (validity_of(keys.keys[i]) == validity) {
			current[n].size = size_of(keys.paths[i]);
			current[n++].path = keys.paths[i];
		}
	qsort(current, n, sizeof *current, by_size);
	drop = xcalloc(keys.n + 1, sizeof *drop);
	for (i = 0; i < keys.n && rc == 0; i++) {
		if (validity_of(keys.keys[i]) == validity ||
		    !has_copy(keys.paths[i], current, n))
			continue;
		if ((rc = store_remove_file(store, keys.paths[i], cause)) == 0)
			drop[ndrop++] = keys.paths[i];
		killpoint("fetch", "forgotten");
	}
	/* The index first, committed; only then the files. A crash between
	 * leaves files the index no longer names, which the next run finds
	 * (the state still says "renumbered") and drops again. */
	if (rc == 0 && ndrop > 0 && (rc = store_release(store, cause)) == 0)
		killpoint("fetch", "committed");
	for (i = 0; i < ndrop && rc == 0; i++) {
		if (unlink(drop[i]) == -1)
			rc = set_cause(cause, "%s: can't remove", drop[i]);
		killpoint("fetch", "unlinked");
	}
	free(drop);
	free(current);
	maildir_keys_free(&keys);
	return rc;
}
