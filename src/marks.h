/*
 * marks.h: the threads marked in an index view (t, T, C-t), a set of
 * thread ids kept sorted, so that looking one up while drawing and
 * marking every thread of a big view stay cheap.
 */
#ifndef MARKS_H
#define MARKS_H

#include <stddef.h>

struct marks {
	char **ids;	/* sorted, each once */
	size_t n;
};

/* Whether ID is marked. */
int marks_has(const struct marks *m, const char *id);

/* Marks ID, or unmarks it when it was; returns whether it is now. */
int marks_toggle(struct marks *m, const char *id);

/* Marks the N IDS (some may be already); returns how many were new. */
size_t marks_add(struct marks *m, char *const *ids, size_t n);

/* Unmarks those of the N sorted IDS that are; returns how many were. */
size_t marks_remove(struct marks *m, char *const *ids, size_t n);

/* "thread:A or thread:B ...": the notmuch query for the marked (caller
 * frees); NULL when none is. */
char *marks_query(const struct marks *m);

void marks_clear(struct marks *m);

#endif
