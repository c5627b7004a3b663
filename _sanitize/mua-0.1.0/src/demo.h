/*
 * demo.h: the demo mail store that "mua --demo" opens: the sample corpus
 * shipped with mua, delivered into a private maildir and indexed by a
 * private notmuch database, so mua can be tried without an account.
 */
#ifndef DEMO_H
#define DEMO_H

/*
 * Returns the default demo directory: $XDG_CACHE_HOME/mua/demo, else
 * ~/.cache/mua/demo (caller frees), or NULL with *cause set when neither
 * variable is set.
 */
char *demo_default_dir(char **cause);

/*
 * Returns the directory holding the sample corpus (its MANIFEST and the
 * messages): $MUA_DEMO_CORPUS if set, else the installed copy, else the
 * copy in the source tree mua was built from.
 */
const char *demo_corpus_dir(void);

/*
 * Makes DIR hold the demo store built from CORPUS: does nothing if it
 * already does (from the same corpus), else builds it from scratch. Safe
 * against concurrent runs and crashes (a half-built store is rebuilt).
 * Refuses a DIR that exists, is not empty and is not a demo store.
 * Returns 0, or -1 with *cause set.
 */
int demo_build(const char *corpus, const char *dir, char **cause);

/* The demo store's mail root and notmuch configuration file in DIR. */
char *demo_mail_root(const char *dir);
char *demo_notmuch_config(const char *dir);

#endif
