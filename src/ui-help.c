/*
 * ui-help.c: the help view. It is built from the keymap as it is now, so
 * it shows the user's bindings and macros, not a fixed text.
 */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "config.h"
#include "ui-help.h"
#include "ui-list.h"
#include "ui.h"

/* One line: the keys, the command line, and the first command's help. */
static char *
help_line(const struct keymap *km, const struct keymap_binding *b)
{
	char *keys = keymap_keys_name(b->keys, b->nkeys), *line;
	size_t n = strcspn(b->command, " ;");
	char *name = xstrndup(b->command, n);
	const struct cmd_entry *e = cmd_find(name);
	const char *what = keymap_hidden(km, b) ?
	    "(hidden: a longer binding begins with these keys)" :
	    strchr(b->command, ';') ? "(a macro)" : e != NULL ? e->help : "";

	line = xasprintf("%-12s %-24s %s", keys, b->command, what);
	free(name);
	free(keys);
	return line;
}

void
ui_help_open(struct ui *ui, const struct config *config,
    enum keymap_view view)
{
	char **lines = NULL, *title;
	size_t i, n = 0;

	for (i = 0; i < keymap_count(config->keymap); i++) {
		const struct keymap_binding *b = keymap_get(config->keymap, i);
		if (b->view != view)
			continue;
		lines = xreallocarray(lines, n + 1, sizeof *lines);
		lines[n++] = help_line(config->keymap, b);
	}
	title = xasprintf("keys of the %s view", keymap_view_names[view]);
	ui_list_open(ui, title, lines, NULL, n, 0);
	free(title);
}
