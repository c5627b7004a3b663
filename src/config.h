/*
 * config.h: everything the user configured: variables, accounts, saved
 * queries, key bindings and colours, starting from the defaults.
 */
#ifndef CONFIG_H
#define CONFIG_H

#include <stddef.h>

#include "account.h"
#include "color.h"
#include "keymap.h"
#include "options.h"
#include "rc.h"

/* A saved query (query NAME QUERY) or an alias (alias NAME ADDRESSES). */
struct config_pair {
	char *name;
	char *value;
};

struct config {
	struct options *options;
	struct account **accounts;
	size_t naccounts;
	struct config_pair *queries;
	size_t nqueries;
	struct config_pair *aliases;
	size_t naliases;
	struct keymap *keymap;
	struct color_spec *colors;
	size_t ncolors;
};

/* Returns a configuration holding the defaults, default bindings too. */
struct config *config_new(void);
void config_free(struct config *config);

/*
 * Returns the file to read: PATH (from -F) if not NULL, else $MUARC, else
 * ~/.muarc, else $XDG_CONFIG_HOME/mua/muarc (caller frees). *required is
 * set when the file was asked for explicitly, so its absence is an error;
 * else a missing file just means the defaults.
 */
char *config_path(const char *path, int *required);

/*
 * Reads the user's configuration (see config_path()) into CONFIG; errors
 * go to ERRORS. Returns the number of errors.
 */
size_t config_load(struct config *config, const char *path,
    struct rc_errors *errors);

/* Adds ACCOUNT (taking it); -1 with *cause if the name is taken. */
int config_add_account(struct config *config, struct account *account,
    char **cause);

/* The account to send from when nothing says which: the one with
 * "default = yes", else the first; NULL when there is none. */
const struct account *config_default_account(const struct config *config);

/* Adds or replaces the saved query NAME. */
void config_add_query(struct config *config, const char *name,
    const char *query);

/* Adds or replaces the alias NAME, for ADDRESSES (mutt's alias line). */
void config_add_alias(struct config *config, const char *name,
    const char *addresses);

/* Adds SPEC (taking it), replacing an earlier one for the same object. */
void config_add_color(struct config *config, struct color_spec *spec);

/*
 * Writes the effective configuration as .muarc text that reads back to the
 * same configuration; secrets (pass_command, oauth_command) are masked
 * unless SECRETS (for a child of the UI, which needs them whole).
 */
char *config_dump(const struct config *config, int secrets);

#endif
