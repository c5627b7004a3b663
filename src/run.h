/*
 * run.h: running the user's own commands (mailcap entries, a command to
 * pipe a part to) through /bin/sh -c: they are shell text the user wrote.
 * Nothing from a message is ever part of such a command.
 */
#ifndef RUN_H
#define RUN_H

#include <stddef.h>

/* What a command's standard input, output and error are. */
struct run_io {
	int in;		/* a descriptor to read from; -1: /dev/null */
	int out;	/* a descriptor to write to; -1: /dev/null, -2: ours */
};

/*
 * Runs COMMAND and waits for it; *status gets its exit status (128+N
 * when killed by signal N). Returns 0, or -1 with *cause set when it
 * could not be started.
 */
int run_shell(const char *command, const struct run_io *io, int *status,
    char **cause);

/*
 * Runs COMMAND with standard input from IN (-1: /dev/null) and returns
 * what it printed in *out (at most MAX bytes kept, NUL-terminated; caller
 * frees). Returns 0, or -1 with *cause set when it could not be started
 * or failed (exit status not 0).
 */
int run_capture(const char *command, int in, size_t max, char **out,
    char **cause);

/*
 * Starts COMMAND and doesn't wait for it (a notification: it must not
 * hold up the UI): in a session of its own, standard input and output
 * /dev/null. Returns 0, or -1 with *cause set when it could not start.
 */
int run_detached(const char *command, char **cause);

#endif
