/*
 * history.h: what the user typed at a prompt (searches, command lines,
 * tags), kept across sessions: one file per kind of prompt in mua's state
 * directory, oldest line first, without repeats.
 */
#ifndef HISTORY_H
#define HISTORY_H

#include <stddef.h>

struct history {
	char *path;
	char **lines;	/* oldest first */
	size_t n;
	size_t max;
};

/*
 * Reads the history called NAME ("search") from mua's state directory
 * ($XDG_STATE_HOME/mua, else ~/.local/state/mua), keeping at most MAX
 * lines. A missing file is an empty history.
 */
void history_load(struct history *h, const char *name, size_t max);

/*
 * Adds LINE as the newest (an earlier copy goes) and writes the file
 * atomically. Returns 0, or -1 with *cause set (the history in memory
 * has the line either way).
 */
int history_add(struct history *h, const char *line, char **cause);

void history_clear(struct history *h);

#endif
