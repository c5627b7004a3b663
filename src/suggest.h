/* suggest.h: "did you mean" for misspelt names. */
#ifndef SUGGEST_H
#define SUGGEST_H

#include <stddef.h>

/*
 * Returns the name in the NULL-terminated array NAMES closest to WORD in
 * edit distance, or NULL when none is close enough to be a likely typo.
 * NAMES are read with STRIDE bytes between consecutive name pointers, so a
 * table of structs whose first field is the name can be passed directly.
 */
const char *suggest(const char *word, const void *names, size_t stride);

/* Appends " (did you mean \"X\"?)" for the best match, or "" (static). */
const char *suggest_hint(const char *word, const void *names, size_t stride);

#endif
