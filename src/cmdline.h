/*
 * cmdline.h: the words of the ':' line, which takes a command ("tag +x;
 * down") or a .muarc line ("set sort = oldest-first"): what Tab offers
 * there, and what an unknown first word was probably meant to be.
 */
#ifndef CMDLINE_H
#define CMDLINE_H

#include <stddef.h>

/*
 * The words that could replace WORD, the last word of the ':' line LINE
 * (LINE ends with WORD): a command or .muarc command name first, option
 * names after set and unset, view names after bind, macro and unbind,
 * command names as a binding's command. Sorted; caller frees each and
 * the array; *n is 0 for none.
 */
char **cmdline_complete(const char *line, const char *word, size_t *n);

/*
 * Whether NAME, the first word of a ':' line, is a command or a .muarc
 * command; when not, *hint gets " (did you mean \"quit\"?)" or "" (static).
 */
int cmdline_known(const char *name, const char **hint);

#endif
