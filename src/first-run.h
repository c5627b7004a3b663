/*
 * first-run.h: a mail store for someone who has none. neomutt and aerc
 * need no set-up before the first fetch; mua needs a notmuch
 * configuration, a maildir root and a database, so it makes them.
 */
#ifndef FIRST_RUN_H
#define FIRST_RUN_H

struct config;

/*
 * The notmuch configuration file notmuch itself would read when given
 * none (NOTMUCH_CONFIG, the XDG file when it exists, ~/.notmuch-config,
 * with NOTMUCH_PROFILE's suffix); caller frees.
 */
char *first_run_config_path(void);

/*
 * When the notmuch configuration file NOTMUCH_CONFIG (NULL: notmuch's
 * own lookup) doesn't exist, makes it, the maildir root (the
 * configuration's mail_root, or NOTMUCH_DATABASE) and the database, and
 * sets *note to one line saying what was made (caller frees). An
 * existing configuration is left as it is and *note stays NULL. Returns
 * 0, or -1 with *cause set.
 */
int first_run_ensure(const struct config *config, const char *notmuch_config,
    char **note, char **cause);

#endif
