/* mua-sync.h: the "mua sync [ACCOUNT...]" verb. */
#ifndef MUA_SYNC_H
#define MUA_SYNC_H

/*
 * Fetches the new mail of the NAMES (N of them; none: every account with
 * a server to fetch from) with the configuration FILE (NULL: the usual
 * one). Prints a line per account; one that fails says why and the others
 * still run. Returns MUA_EXIT_OK, or MUA_EXIT_FAILURE if any failed.
 */
int mua_sync(const char *file, char *const *names, int n);

#endif
