/*
 * ui-index.c: the index view: one line per thread of a query, read from a
 * lazy store window as far as the screen needs, never further.
 */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "store.h"
#include "text.h"
#include "ui-index.h"
#include "ui.h"

struct ui_index {
	struct store *store;	/* not owned */
	struct store_window *window;
	char *query;
	char *format;	/* index_format */
	size_t top;	/* the row on the first line */
	size_t cursor;
	int page;	/* lines of the last draw */
	char error[256];
};

/* Writes the text of column SPEC ('D', 'a', 'c', 's', 'T') of ROW. */
static char *
column_text(char spec, const struct store_thread *row)
{
	char buf[64];
	char **t;

	switch (spec) {
	case 'D':
		text_date((time_t)row->newest, time(NULL), buf, sizeof buf);
		return xstrdup(buf);
	case 'a':
		/* Matching authors come before '|'; show all, in order. */
		{
			char *a = xstrdup(row->authors), *bar = strchr(a, '|');
			if (bar != NULL)
				*bar = ',';
			return a;
		}
	case 'c':
		snprintf(buf, sizeof buf, "[%d/%d]", row->matched, row->total);
		return xstrdup(buf);
	case 's':
		return xstrdup(row->subject);
	case 'T': {
		char *tags = xstrdup(""), *next;
		for (t = row->tags; *t != NULL; t++) {
			next = xasprintf("%s%s%s", tags, *tags ? " " : "", *t);
			free(tags);
			tags = next;
		}
		return tags;
	}
	}
	return xasprintf("%%%c", spec);
}

/*
 * Draws ROW at line Y following the index_format: "%-20a" is a column 20
 * wide, "%s" without a width takes what the others leave.
 */
static void
draw_row(struct ui_index *ix, int y, int cols, const struct store_thread *row,
    int attr)
{
	const char *p = ix->format;
	int x = 0, fixed = 0, width;
	char *text;

	/* First pass: what the fixed columns and literals take. */
	for (; *p != '\0'; p++) {
		if (*p != '%') {
			fixed++;
			continue;
		}
		width = (int)strtol(p + 1 + (p[1] == '-'), (char **)&p, 10);
		if (*p != 's' || width > 0) {
			text = column_text(*p, row);
			fixed += width > 0 ? width : text_width(text);
			free(text);
		}
	}
	ui_text(y, 0, "", cols, attr);	/* the cursor bar spans the line */
	for (p = ix->format; *p != '\0' && x < cols; p++) {
		if (*p != '%') {
			ui_text(y, x++, (char[]){ *p, '\0' }, 1, attr);
			continue;
		}
		width = (int)strtol(p + 1 + (p[1] == '-'), (char **)&p, 10);
		text = column_text(*p, row);
		if (width == 0)
			width = *p == 's' ? cols - fixed : text_width(text);
		if (width > cols - x)
			width = cols - x;
		ui_text(y, x, text, width, attr);
		x += width;
		free(text);
	}
}

static void
index_draw(void *data, struct ui *ui, int rows, int cols)
{
	struct ui_index *ix = data;
	const struct store_thread *r;
	char *cause = NULL;
	size_t got = 0, i;

	(void)ui;
	ix->page = rows;
	if (ix->cursor < ix->top)
		ix->top = ix->cursor;
	if (ix->cursor >= ix->top + (size_t)rows)
		ix->top = ix->cursor - (size_t)rows + 1;
	if (store_window_get(ix->window, ix->top, (size_t)rows, &r, &got,
	    &cause) == -1) {
		snprintf(ix->error, sizeof ix->error, "%s", cause);
		free(cause);
	}
	for (i = 0; i < got; i++) {
		int attr = (r[i].unread ? UI_BOLD : 0) |
		    (r[i].flagged ? UI_FLAGGED : 0) |
		    (ix->top + i == ix->cursor ? UI_REVERSE : 0);
		draw_row(ix, (int)i, cols, &r[i], attr);
	}
	if (got == 0 && ix->top == 0)
		ui_text(0, 0, ix->error[0] ? ix->error : "no threads match",
		    cols, 0);
}

/* Moves the cursor BY rows (negative: up), within the result. */
static void
move(struct ui_index *ix, long by)
{
	const struct store_thread *r;
	size_t got = 0, target;

	if (by < 0)
		target = (size_t)-by > ix->cursor ? 0 : ix->cursor - (size_t)-by;
	else
		target = ix->cursor + (size_t)by;
	/* Past the end: the last row there is. */
	store_window_get(ix->window, target, 1, &r, &got, NULL);
	if (got == 0 && store_window_complete(ix->window, &target))
		target = target > 0 ? target - 1 : 0;
	ix->cursor = target;
}

static int
index_command(void *data, struct ui *ui, const char *name, const char *args)
{
	struct ui_index *ix = data;
	size_t total;

	(void)ui;
	(void)args;
	if (strcmp(name, "down") == 0 || strcmp(name, "next") == 0)
		move(ix, 1);
	else if (strcmp(name, "up") == 0 || strcmp(name, "previous") == 0)
		move(ix, -1);
	else if (strcmp(name, "page-down") == 0)
		move(ix, ix->page);
	else if (strcmp(name, "page-up") == 0)
		move(ix, -(long)ix->page);
	else if (strcmp(name, "top") == 0)
		ix->cursor = 0;
	else if (strcmp(name, "bottom") == 0) {
		/* Reads the whole result; the reverse-order window that makes
		 * this O(screen) comes with the rest of the index view. */
		move(ix, (long)((size_t)-1 >> 2));
		if (store_window_complete(ix->window, &total) && total > 0)
			ix->cursor = total - 1;
	} else
		return -1;
	return 0;
}

static void
index_status(void *data, char *buf, size_t size)
{
	struct ui_index *ix = data;
	size_t total;

	if (store_window_complete(ix->window, &total))
		snprintf(buf, size, " %s  %zu of %zu", ix->query,
		    total ? ix->cursor + 1 : 0, total);
	else
		snprintf(buf, size, " %s  %zu", ix->query, ix->cursor + 1);
}

static void
index_free(void *data)
{
	struct ui_index *ix = data;

	store_window_free(ix->window);
	free(ix->format);
	free(ix->query);
	free(ix);
}

static const struct ui_view_type index_type = {
	"index", KEYMAP_INDEX, index_draw, index_command, index_status,
	index_free,
};

int
ui_index_open(struct ui *ui, const struct config *config,
    struct store *store, const char *query, char **cause)
{
	struct ui_index *ix = xcalloc(1, sizeof *ix);
	enum store_sort sort = strcmp(options_get(config->options, "sort"),
	    "oldest-first") == 0 ? STORE_OLDEST_FIRST : STORE_NEWEST_FIRST;

	if (store_window_open(store, query, sort, &ix->window, cause) == -1) {
		free(ix);
		return -1;
	}
	ix->store = store;
	ix->query = xstrdup(query);
	ix->format = xstrdup(options_get(config->options, "index_format"));
	ui_push(ui, &index_type, ix);
	return 0;
}
