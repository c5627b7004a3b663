/* mua-demo.h: the "mua --demo" verb. */
#ifndef MUA_DEMO_H
#define MUA_DEMO_H

/*
 * Builds the demo store in DIR (NULL: the default directory) if needed and
 * shows it. Returns a MUA_EXIT_* code; errors go to stderr.
 */
int mua_demo(const char *dir);

#endif
