/*
 * addressbook.h: addresses Tab offers beside the store's correspondents:
 * the alias lines of .muarc and query_command, mutt's external address
 * query (abook, khard, a CardDAV script), in mutt's format.
 */
#ifndef ADDRESSBOOK_H
#define ADDRESSBOOK_H

#include <stddef.h>

struct config;
struct store;

/*
 * Appends to *out (*n of them; caller frees each and the array) what WORD
 * completes to: the addresses of the aliases whose name starts with it,
 * then query_command's answers for it, each "Name <address>" or the bare
 * address. A failing query_command gives none.
 */
void addressbook_complete(const struct config *config, const char *word,
    char ***out, size_t *n);

/*
 * What Tab offers for WORD (nothing for ""): addressbook_complete()'s,
 * then the correspondents STORE knows that WORD starts, "Name <address>"
 * (or the bare address), most frequent first.
 */
void addressbook_offer(const struct config *config, struct store *store,
    const char *word, char ***out, size_t *n);

/*
 * ADDRESSES (as typed in To:, comma-separated) with each item that is an
 * alias's name replaced by its addresses, as mutt expands them (caller
 * frees).
 */
char *addressbook_expand(const struct config *config, const char *addresses);

/*
 * The shell command FORMAT (query_command) with %s made WORD, quoted for
 * the shell; quotes the user put around %s, as in mutt's examples
 * ('%s'), are dropped first (caller frees).
 */
char *addressbook_command(const char *format, const char *word);

/* Appends the answers in OUTPUT, mutt's query format: a first line for
 * the user, then "address<TAB>name<TAB>other" lines. */
void addressbook_parse(const char *output, char ***out, size_t *n);

#endif
