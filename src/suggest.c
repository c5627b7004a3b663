/* suggest.c: edit distance over a table of names. */
#include "autodefs.h"

#include <stdio.h>
#include <string.h>

#include "mua.h"
#include "suggest.h"

/* Damerau-free Levenshtein distance, capped at 32-character words. */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[33], i, j;

	if (la > 32 || lb > 32)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

const char *
suggest(const char *word, const void *names, size_t stride)
{
	const char *best = NULL, *name;
	size_t len = strlen(word), best_d = (size_t)-1;
	/* One typo in a short word, about one in three in a longer one. */
	size_t limit = len <= 3 ? 1 : len / 3 + 1;
	const char *p = names;

	for (; (name = *(const char *const *)p) != NULL; p += stride) {
		size_t d = distance(word, name);
		if (d < best_d) {
			best_d = d;
			best = name;
		}
	}
	return best_d <= limit ? best : NULL;
}

const char *
suggest_hint(const char *word, const void *names, size_t stride)
{
	static char hint[128];
	const char *best = suggest(word, names, stride);

	if (best == NULL)
		return "";
	snprintf(hint, sizeof hint, " (did you mean \"%s\"?)", best);
	return hint;
}
