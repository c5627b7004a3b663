/* mua-ui.h: the mail UI verb: plain "mua", and "mua --demo" on a terminal. */
#ifndef MUA_UI_H
#define MUA_UI_H

/*
 * Reads the configuration (FILE from -F, or NULL), opens the store of
 * MAIL_ROOT and NOTMUCH_CONFIG (NULL, NULL: the configuration's
 * notmuch_config, else notmuch's own lookup) read-only, and runs the UI on
 * QUERY (NULL: default_query). Returns a MUA_EXIT_* code; errors go to
 * stderr.
 */
int mua_ui(const char *file, const char *mail_root,
    const char *notmuch_config, const char *query);

#include "store.h"

struct config;

/* Loads the configuration FILE; prints errors and returns -1 if any. */
int mua_load_config(const char *file, struct config **out);

/*
 * Opens the store of MAIL_ROOT and NOTMUCH_CONFIG (NULL, NULL: the
 * configuration's notmuch_config, else notmuch's own lookup) in MODE;
 * *used gets the notmuch configuration file in use (caller frees).
 */
int mua_open_store(const struct config *config, const char *mail_root,
    const char *notmuch_config, enum store_mode mode, struct store **out,
    char **used, char **cause);

/*
 * As mua_open_store() read-write, saying on standard error when another
 * program holds the write lock (notmuch waits for it silently).
 */
int mua_open_store_writable(const struct config *config, struct store **store,
    char **used, char **cause);

#endif
