/* mua-demo.h: the "mua --demo" verb. */
#ifndef MUA_DEMO_H
#define MUA_DEMO_H

/*
 * Builds the demo store in DIR (NULL: the default directory) if needed and
 * opens the UI on it with the configuration FILE (NULL: the usual one) on
 * QUERY (NULL: default_query); or,
 * when not on a terminal, prints what it holds. Returns a MUA_EXIT_* code;
 * errors go to stderr.
 */
int mua_demo(const char *dir, const char *file, const char *query);

#endif
