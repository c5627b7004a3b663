/* marks.c: a sorted set of thread ids; see marks.h. */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "marks.h"
#include "mua.h"

static int
by_id(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Where ID is, or would go: the first id not less than it. */
static size_t
position(const struct marks *m, const char *id)
{
	size_t lo = 0, hi = m->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(m->ids[mid], id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int
marks_has(const struct marks *m, const char *id)
{
	size_t at = position(m, id);

	return at < m->n && strcmp(m->ids[at], id) == 0;
}

int
marks_toggle(struct marks *m, const char *id)
{
	size_t at = position(m, id);

	if (at < m->n && strcmp(m->ids[at], id) == 0) {
		free(m->ids[at]);
		memmove(m->ids + at, m->ids + at + 1,
		    (m->n - at - 1) * sizeof *m->ids);
		m->n--;
		return 0;
	}
	m->ids = xreallocarray(m->ids, m->n + 1, sizeof *m->ids);
	memmove(m->ids + at + 1, m->ids + at, (m->n - at) * sizeof *m->ids);
	m->ids[at] = xstrdup(id);
	m->n++;
	return 1;
}

size_t
marks_add(struct marks *m, char *const *ids, size_t n)
{
	size_t before = m->n, kept = 0, i;

	m->ids = xreallocarray(m->ids, m->n + n + 1, sizeof *m->ids);
	for (i = 0; i < n; i++)
		m->ids[m->n + i] = xstrdup(ids[i]);
	qsort(m->ids, m->n + n, sizeof *m->ids, by_id);
	for (i = 0; i < m->n + n; i++) {
		if (kept > 0 && strcmp(m->ids[kept - 1], m->ids[i]) == 0)
			free(m->ids[i]);
		else
			m->ids[kept++] = m->ids[i];
	}
	m->n = kept;
	return kept - before;
}

size_t
marks_remove(struct marks *m, char *const *ids, size_t n)
{
	size_t kept = 0, i;

	for (i = 0; i < m->n; i++) {
		if (bsearch(&m->ids[i], ids, n, sizeof *ids, by_id) != NULL)
			free(m->ids[i]);
		else
			m->ids[kept++] = m->ids[i];
	}
	i = m->n - kept;
	m->n = kept;
	return i;
}

char *
marks_query(const struct marks *m)
{
	struct buf q = { NULL, 0, 0 };
	size_t i;

	for (i = 0; i < m->n; i++)
		buf_printf(&q, "%sthread:%s", i ? " or " : "", m->ids[i]);
	return m->n > 0 ? buf_take(&q) : NULL;
}

void
marks_clear(struct marks *m)
{
	while (m->n > 0)
		free(m->ids[--m->n]);
	free(m->ids);
	m->ids = NULL;
}
