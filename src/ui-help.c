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
#include "ui.h"

struct ui_help {
	char **lines;
	size_t n;
	size_t top;
	int page;
	const char *view;
};

/* One line: the keys, the command line, and the first command's help. */
static char *
help_line(const struct keymap_binding *b)
{
	char *keys = keymap_keys_name(b->keys, b->nkeys), *line;
	size_t n = strcspn(b->command, " ;");
	char *name = xstrndup(b->command, n);
	const struct cmd_entry *e = cmd_find(name);
	const char *what = strchr(b->command, ';') ? "(a macro)" :
	    e != NULL ? e->help : "";

	line = xasprintf("%-12s %-24s %s", keys, b->command, what);
	free(name);
	free(keys);
	return line;
}

static void
help_draw(void *data, struct ui *ui, int rows, int cols)
{
	struct ui_help *h = data;
	size_t i;

	(void)ui;
	h->page = rows;
	if (h->n > (size_t)rows && h->top > h->n - (size_t)rows)
		h->top = h->n - (size_t)rows;
	for (i = 0; i < (size_t)rows && h->top + i < h->n; i++)
		ui_text((int)i, 0, h->lines[h->top + i], cols, 0);
}

static int
help_command(void *data, struct ui *ui, const char *name, const char *args)
{
	struct ui_help *h = data;
	size_t page = h->page > 1 ? (size_t)h->page - 1 : 1;

	(void)ui;
	(void)args;
	if (strcmp(name, "down") == 0)
		h->top += h->top + 1 < h->n;
	else if (strcmp(name, "up") == 0)
		h->top -= h->top > 0;
	else if (strcmp(name, "page-down") == 0)
		h->top = h->top + page < h->n ? h->top + page : h->top;
	else if (strcmp(name, "page-up") == 0)
		h->top = h->top > page ? h->top - page : 0;
	else if (strcmp(name, "top") == 0)
		h->top = 0;
	else if (strcmp(name, "bottom") == 0)
		h->top = h->n > 0 ? h->n - 1 : 0;
	else
		return -1;
	return 0;
}

static void
help_status(void *data, char *buf, size_t size)
{
	struct ui_help *h = data;

	snprintf(buf, size, " keys of the %s view  (q closes)", h->view);
}

static void
help_free(void *data)
{
	struct ui_help *h = data;
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->lines[i]);
	free(h->lines);
	free(h);
}

static const struct ui_view_type help_type = {
	"help", KEYMAP_HELP, help_draw, help_command, help_status, NULL,
	help_free,
};

void
ui_help_open(struct ui *ui, const struct config *config,
    enum keymap_view view)
{
	struct ui_help *h = xcalloc(1, sizeof *h);
	size_t i;

	h->view = keymap_view_names[view];
	for (i = 0; i < keymap_count(config->keymap); i++) {
		const struct keymap_binding *b = keymap_get(config->keymap, i);
		if (b->view != view)
			continue;
		h->lines = xreallocarray(h->lines, h->n + 1, sizeof *h->lines);
		h->lines[h->n++] = help_line(b);
	}
	ui_push(ui, &help_type, h);
}
