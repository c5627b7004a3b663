/*
 * rc.h: the ~/.muarc language. Reads files or text into a struct config
 * and collects every error as "file:line:col: what is wrong", so a user
 * sees all of a file's mistakes at once.
 */
#ifndef RC_H
#define RC_H

#include <stddef.h>

struct config;

struct rc_errors {
	char **lines;
	size_t n;
};

/* Reads the .muarc TEXT, called NAME in messages, into CONFIG. */
void rc_parse_string(struct config *config, const char *name,
    const char *text, struct rc_errors *errors);

/* Reads the file PATH (and the files it sources) into CONFIG. */
void rc_parse_file(struct config *config, const char *path,
    struct rc_errors *errors);

/*
 * Expands a leading ~ and $VAR or ${VAR} in PATH into *out (caller frees).
 * Returns 0, or -1 with *cause set when a variable is not set.
 */
/* The name of .muarc command I ("set", "bind"...), or NULL past the last. */
const char *rc_command_name(size_t i);

int rc_expand_path(const char *path, char **out, char **cause);

/* Writes S as a double-quoted .muarc string (caller frees). */
char *rc_quote(const char *s);

void rc_errors_clear(struct rc_errors *errors);

#endif
