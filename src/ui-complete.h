/*
 * ui-complete.h: what Tab offers at prompts: from the store, tag names,
 * correspondents' addresses, notmuch's search prefixes; from the file
 * system, file names. Each has the shape of struct ui_prompt_opts'
 * complete, with the struct store as ARG; they need only the word.
 */
#ifndef UI_COMPLETE_H
#define UI_COMPLETE_H

#include <stddef.h>

struct config;
struct store;

/*
 * A word of a notmuch query: "tag:in" gives tag:inbox..., "from:ann" and
 * "to:ann" addresses, a bare word the search prefixes that start so.
 */
char **ui_complete_query(void *store, const char *line, const char *word,
    size_t *n);

/* A tag to add or remove: "+in" gives +inbox..., "in" gives inbox... */
char **ui_complete_tag(void *store, const char *line, const char *word,
    size_t *n);

/* What ui_complete_address() reads. */
struct ui_complete_book {
	struct store *store;
	const struct config *config;
};

/* An address (ARG a struct ui_complete_book): addressbook_offer()'s. */
char **ui_complete_address(void *arg, const char *line, const char *word,
    size_t *n);

/*
 * A file or folder name: the entries of the folder WORD names that start
 * with its last component, folders with a '/' after them (so Tab goes on
 * into them); "~/" stays as typed. Dot files only when asked with a dot.
 */
char **ui_complete_path(void *arg, const char *line, const char *word,
    size_t *n);

#endif
