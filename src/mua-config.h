/* mua-config.h: the --check-config and --dump-config verbs. */
#ifndef MUA_CONFIG_H
#define MUA_CONFIG_H

/*
 * Reads the configuration (FILE from -F, or NULL for the usual places) and
 * prints every error to stderr. Returns MUA_EXIT_OK, or MUA_EXIT_USAGE when
 * there were errors.
 */
int mua_check_config(const char *file);

/*
 * Prints the effective configuration to stdout, or the errors to stderr
 * (then returns MUA_EXIT_USAGE).
 */
int mua_dump_config(const char *file);

#endif
