/*
 * keymap.h: key bindings per view. A binding maps a key sequence to a
 * command line (checked against the command table). The defaults are
 * .muarc "bind" lines, read by the same parser as the user's file.
 */
#ifndef KEYMAP_H
#define KEYMAP_H

#include <stddef.h>

enum keymap_view {
	KEYMAP_INDEX,
	KEYMAP_PAGER,
	KEYMAP_COMPOSE,
	KEYMAP_HELP,
	KEYMAP_ATTACH,
	KEYMAP_URLS,
	KEYMAP_NVIEWS,
};

/* Keys are Unicode code points, or these for keys without one. */
enum {
	KEYMAP_KEY_BASE = 0x200000,
	KEYMAP_META = 0x400000,	/* or'd with a key: Alt/Meta held */
};

#define KEYMAP_MAX_KEYS 8	/* the longest key sequence */

struct keymap_binding {
	enum keymap_view view;
	int keys[KEYMAP_MAX_KEYS];
	size_t nkeys;
	char *command;
};

struct keymap;

/* The default bindings, as .muarc text. */
extern const char keymap_defaults[];

/* The names of the views, NULL-terminated, by enum keymap_view. */
extern const char *const keymap_view_names[];

struct keymap *keymap_new(void);
void keymap_free(struct keymap *keymap);

/*
 * Parses "index,pager" into a bit mask of views (1 << view). Returns 0, or
 * -1 with *cause set.
 */
int keymap_parse_views(const char *spec, unsigned *mask, char **cause);

/*
 * Parses a key sequence: characters, and <Name> for named keys (<Enter>,
 * <Esc>, <Tab>, <Space>, <Up>, <PageDown>, <F1>..., <lt> for '<'), <C-x>
 * for control and <M-x> for meta. Returns 0, or -1 with *cause set.
 */
int keymap_parse_keys(const char *spec, int *keys, size_t *n, char **cause);

/* Writes KEYS as a spec that keymap_parse_keys() reads back (caller frees). */
char *keymap_keys_name(const int *keys, size_t n);

/* Binds KEYS in VIEW to COMMAND, replacing any earlier binding. */
void keymap_bind(struct keymap *keymap, enum keymap_view view,
    const int *keys, size_t n, const char *command);

/* Removes the binding of KEYS in VIEW; returns -1 when there is none. */
int keymap_unbind(struct keymap *keymap, enum keymap_view view,
    const int *keys, size_t n);

/*
 * Looks up the keys pressed so far in VIEW: returns the bound command, or
 * NULL; *prefix is set when KEYS begin a longer binding. The longer
 * binding wins: a caller waits for more keys whenever *prefix is set, so
 * binding "gg" makes g a prefix, and a binding of g alone is hidden
 * (see keymap_hidden()), never run before the second key comes.
 */
const char *keymap_lookup(const struct keymap *keymap, enum keymap_view view,
    const int *keys, size_t n, int *prefix);

/* The bindings, in the order they were made (for help and dump). */
/* Whether binding B is hidden by a longer one that begins with its keys. */
int keymap_hidden(const struct keymap *keymap,
    const struct keymap_binding *b);

size_t keymap_count(const struct keymap *keymap);
const struct keymap_binding *keymap_get(const struct keymap *keymap,
    size_t i);

#endif
