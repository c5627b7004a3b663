/* ui-list.c: a scrollable list of lines; see ui-list.h. */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mua.h"
#include "ui-list.h"
#include "ui.h"

struct ui_list {
	char *title;
	char **lines;
	int *kinds;
	size_t n;
	size_t top;
	int page;
	int at_end;	/* scroll to the last screen at the first draw */
};

static void
list_draw(void *data, struct ui *ui, int rows, int cols)
{
	struct ui_list *l = data;
	size_t i;

	(void)ui;
	l->page = rows;
	if (l->at_end) {
		l->top = l->n > (size_t)rows ? l->n - (size_t)rows : 0;
		l->at_end = 0;
	}
	if (l->n > (size_t)rows && l->top > l->n - (size_t)rows)
		l->top = l->n - (size_t)rows;
	for (i = 0; i < (size_t)rows && l->top + i < l->n; i++)
		ui_text((int)i, 0, l->lines[l->top + i], cols,
		    l->kinds ? l->kinds[l->top + i] : 0);
	if (l->n == 0)
		ui_text(0, 0, "(nothing)", cols, 0);
}

static int
list_command(void *data, struct ui *ui, const char *name, const char *args)
{
	struct ui_list *l = data;

	(void)ui;
	(void)args;
	return ui_move(name, &l->top, l->n, l->page);
}

static void
list_status(void *data, char *buf, size_t size)
{
	struct ui_list *l = data;

	snprintf(buf, size, " %s  (q closes)", l->title);
}

static void
list_free(void *data)
{
	struct ui_list *l = data;
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->lines[i]);
	free(l->lines);
	free(l->kinds);
	free(l->title);
	free(l);
}

static const struct ui_view_type list_type = {
	"help", KEYMAP_HELP, list_draw, list_command, list_status, NULL,
	list_free,
};

void
ui_list_open(struct ui *ui, const char *title, char **lines, int *kinds,
    size_t n, int at_end)
{
	struct ui_list *l = xcalloc(1, sizeof *l);

	l->title = xstrdup(title);
	l->lines = lines;
	l->kinds = kinds;
	l->n = n;
	l->at_end = at_end;
	ui_push(ui, &list_type, l);
}
