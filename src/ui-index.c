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
#include "ui-help.h"
#include "ui-index.h"
#include "ui-tag.h"
#include "ui.h"

/*
 * The view reads the result from its start (the head window) and, when
 * the user jumps to the end of a result whose size is not known yet, from
 * its end (the tail window, the reverse order): the last screen of a
 * million threads costs what the first does. In the tail, positions count
 * from the end (0 is the last thread) until the total is known.
 */
struct ui_index {
	struct config *config;	/* the UI's */
	struct ui_tagger *tagger;	/* the UI's */
	unsigned generation;	/* the tagger's when the rows were read */
	struct store *store;	/* not owned */
	struct store_window *window;
	struct store_window *tail;	/* NULL until the first jump to the end */
	enum store_sort sort;
	char *query;
	size_t top;	/* head: the row on the first line */
	size_t cursor;
	int in_tail;	/* the cursor is counted from the end */
	size_t rbottom;	/* tail: the row (from the end) on the last line */
	size_t rcursor;	/* tail: the cursor, from the end */
	int page;	/* lines of the last draw */
	char error[256];
};

static void refresh(struct ui_index *ix, struct ui *ui);

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
 * wide, "%s" without a width takes what the others leave, and tags without
 * a width take their own, but never the last quarter of the line the
 * subject keeps: on a narrow screen the tags are cut, not the subject.
 */
static void
draw_row(struct ui_index *ix, int y, int cols, const struct store_thread *row,
    int attr)
{
	const char *p = options_get(ix->config->options, "index_format");
	int x = 0, fixed = 0, tags = 0, width;
	char *text;

	/* First pass: what the fixed columns, literals and tags take. */
	for (; *p != '\0'; p++) {
		if (*p != '%') {
			fixed++;
			continue;
		}
		width = (int)strtol(p + 1 + (p[1] == '-'), (char **)&p, 10);
		if (*p == 's' && width == 0)
			continue;
		text = column_text(*p, row);
		if (width > 0)
			fixed += width;
		else if (*p == 'T')
			tags += text_width(text);
		else
			fixed += text_width(text);
		free(text);
	}
	if (tags > cols - fixed - cols / 4)
		tags = cols - fixed - cols / 4 > 0 ? cols - fixed - cols / 4 : 0;
	ui_text(y, 0, "", cols, attr);	/* the cursor bar spans the line */
	for (p = options_get(ix->config->options, "index_format");
	    *p != '\0' && x < cols; p++) {
		if (*p != '%') {
			ui_text(y, x++, (char[]){ *p, '\0' }, 1, attr);
			continue;
		}
		width = (int)strtol(p + 1 + (p[1] == '-'), (char **)&p, 10);
		text = column_text(*p, row);
		if (width == 0)
			width = *p == 's' ? cols - fixed - tags : *p == 'T' ?
			    tags : text_width(text);
		if (width > cols - x)
			width = cols - x;
		if (width < 0)
			width = 0;	/* the fixed columns took the line */
		ui_text(y, x, text, width, attr);
		x += width;
		free(text);
	}
}

/* Line attributes for ROW, with the cursor on it or not. */
static int
row_attr(const struct store_thread *row, int cursor)
{
	return (row->unread ? UI_UNREAD : 0) | (row->flagged ? UI_FLAGGED : 0) |
	    (cursor ? UI_CURSOR : 0);
}

/* Draws the tail: the last thread on the last line, going up. */
static void
draw_tail(struct ui_index *ix, int rows, int cols)
{
	const struct store_thread *r;
	size_t got = 0, i;

	if (ix->rcursor < ix->rbottom)
		ix->rbottom = ix->rcursor;
	if (ix->rcursor >= ix->rbottom + (size_t)rows)
		ix->rbottom = ix->rcursor - (size_t)rows + 1;
	store_window_get(ix->tail, ix->rbottom, (size_t)rows, &r, &got, NULL);
	for (i = 0; i < got; i++)
		draw_row(ix, rows - 1 - (int)i, cols, &r[i],
		    row_attr(&r[i], ix->rbottom + i == ix->rcursor));
}

/* Once either window knows the total, tail positions become head ones. */
static void
leave_tail(struct ui_index *ix)
{
	size_t total;

	if (!ix->in_tail)
		return;
	if (store_window_complete(ix->window, &total) ||
	    store_window_complete(ix->tail, &total)) {
		ix->in_tail = 0;
		ix->cursor = total > ix->rcursor ? total - 1 - ix->rcursor : 0;
	}
}

static void
index_draw(void *data, struct ui *ui, int rows, int cols)
{
	struct ui_index *ix = data;
	const struct store_thread *r;
	char *cause = NULL;
	size_t got = 0, i;

	if (ix->generation != ui_tagger_generation(ix->tagger)) {
		ix->generation = ui_tagger_generation(ix->tagger);
		refresh(ix, ui);	/* tag changes landed */
	}
	ix->page = rows;
	if (ix->in_tail) {
		draw_tail(ix, rows, cols);
		return;
	}
	if (ix->cursor < ix->top)
		ix->top = ix->cursor;
	if (ix->cursor >= ix->top + (size_t)rows)
		ix->top = ix->cursor - (size_t)rows + 1;
	if (store_window_get(ix->window, ix->top, (size_t)rows, &r, &got,
	    &cause) == -1) {
		snprintf(ix->error, sizeof ix->error, "%s", cause);
		free(cause);
	}
	for (i = 0; i < got; i++)
		draw_row(ix, (int)i, cols, &r[i],
		    row_attr(&r[i], ix->top + i == ix->cursor));
	if (got == 0 && ix->top == 0)
		ui_text(0, 0, ix->error[0] ? ix->error : "no threads match",
		    cols, 0);
}

/* Moves the tail cursor BY rows (negative: up, away from the end). */
static void
move_tail(struct ui_index *ix, long by)
{
	const struct store_thread *r;
	size_t got = 0, target;

	if (by > 0)
		target = (size_t)by > ix->rcursor ? 0 : ix->rcursor - (size_t)by;
	else
		target = ix->rcursor + (size_t)-by;
	store_window_get(ix->tail, target, 1, &r, &got, NULL);
	if (got == 0 && store_window_complete(ix->tail, &target))
		target = target > 0 ? target - 1 : 0;
	ix->rcursor = target;
	leave_tail(ix);
}

/* Jumps to the last thread, reading only the last screen. */
static int
jump_to_end(struct ui_index *ix, char **cause)
{
	size_t total;

	if (store_window_complete(ix->window, &total)) {
		ix->cursor = total > 0 ? total - 1 : 0;
		return 0;
	}
	if (ix->tail == NULL && store_window_open(ix->store, ix->query,
	    ix->sort == STORE_NEWEST_FIRST ? STORE_OLDEST_FIRST :
	    STORE_NEWEST_FIRST, &ix->tail, cause) == -1)
		return -1;
	ix->in_tail = 1;
	ix->rcursor = ix->rbottom = 0;
	leave_tail(ix);
	return 0;
}

/* Moves the cursor BY rows (negative: up), within the result. */
static void
move(struct ui_index *ix, long by)
{
	if (ix->in_tail) {
		move_tail(ix, by);
		return;
	}
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

/* The thread under the cursor, or NULL when there is none. */
static const struct store_thread *
current(struct ui_index *ix)
{
	const struct store_thread *r = NULL;
	size_t got = 0;

	if (ix->in_tail)
		store_window_get(ix->tail, ix->rcursor, 1, &r, &got, NULL);
	else
		store_window_get(ix->window, ix->cursor, 1, &r, &got, NULL);
	return got ? r : NULL;
}

/*
 * Runs the query again on the latest committed state, the cursor where it
 * was (by position: a thread that left the query makes the next one come
 * up, as in mutt).
 */
static void
refresh(struct ui_index *ix, struct ui *ui)
{
	struct store_window *w = NULL;
	char *cause = NULL;

	if (store_window_open(ix->store, ix->query, ix->sort, &w, &cause) ==
	    -1) {
		ui_error(ui, "%s", cause);
		free(cause);
		return;
	}
	store_window_free(ix->window);
	store_window_free(ix->tail);
	ix->window = w;
	ix->tail = NULL;
	ix->in_tail = 0;
	move(ix, 0);
}

/* Journals CHANGES for the thread under the cursor and applies them. */
static void
tag_current(struct ui_index *ix, struct ui *ui, const char *changes)
{
	const struct store_thread *row = current(ix);
	char *query;

	if (row == NULL) {
		ui_message(ui, "no thread here");
		return;
	}
	query = xasprintf("thread:%s", row->id);
	ui_tagger_tag(ix->tagger, ui, query, changes);
	free(query);
}

/* Adds TAG to the thread, or removes it if some message has it. */
static void
toggle(struct ui_index *ix, struct ui *ui, const char *tag)
{
	const struct store_thread *row = current(ix);
	char **t, *changes;
	int has = 0;

	if (row == NULL) {
		ui_message(ui, "no thread here");
		return;
	}
	for (t = row->tags; *t != NULL; t++)
		has |= strcmp(*t, tag) == 0;
	changes = xasprintf("%c%s", has ? '-' : '+', tag);
	tag_current(ix, ui, changes);
	free(changes);
}

/* Asks for tags and adds (SIGN '+') or removes ('-') them. */
static void
tag_prompt(struct ui_index *ix, struct ui *ui, char sign)
{
	char prompt[] = "tag ?", *line, *changes, *save = NULL, *w;

	prompt[4] = sign;
	if ((line = ui_prompt(ui, prompt, "")) == NULL)
		return;
	changes = xstrdup("");
	for (w = strtok_r(line, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save)) {
		char *next = xasprintf("%s%s%c%s", changes, *changes ? " " : "",
		    sign, w + (*w == '+' || *w == '-'));
		free(changes);
		changes = next;
	}
	if (*changes != '\0')
		tag_current(ix, ui, changes);
	free(changes);
	free(line);
}

/* Runs the tag commands; returns -1 for others. */
static int
tag_command(struct ui_index *ix, struct ui *ui, const char *name,
    const char *args)
{
	if (strcmp(name, "tag") == 0)
		tag_current(ix, ui, args);
	else if (strcmp(name, "archive") == 0)
		toggle(ix, ui, "inbox");
	else if (strcmp(name, "delete") == 0)
		toggle(ix, ui, "deleted");
	else if (strcmp(name, "flag") == 0)
		toggle(ix, ui, "flagged");
	else if (strcmp(name, "toggle-unread") == 0)
		toggle(ix, ui, "unread");
	else if (strcmp(name, "tag-prompt") == 0)
		tag_prompt(ix, ui, *args == '-' ? '-' : '+');
	else if (strcmp(name, "undo") == 0)
		ui_tagger_undo(ix->tagger, ui);
	else if (strcmp(name, "help") == 0)
		ui_help_open(ui, ix->config, KEYMAP_INDEX);
	else
		return -1;
	return 0;
}

static int
index_command(void *data, struct ui *ui, const char *name, const char *args)
{
	struct ui_index *ix = data;
	char *cause = NULL;

	if (strcmp(name, "down") == 0 || strcmp(name, "next") == 0)
		move(ix, 1);
	else if (strcmp(name, "up") == 0 || strcmp(name, "previous") == 0)
		move(ix, -1);
	else if (strcmp(name, "page-down") == 0)
		move(ix, ix->page);
	else if (strcmp(name, "page-up") == 0)
		move(ix, -(long)ix->page);
	else if (strcmp(name, "top") == 0) {
		ix->in_tail = 0;
		ix->cursor = 0;
	} else if (strcmp(name, "bottom") == 0) {
		if (jump_to_end(ix, &cause) == -1) {
			ui_message(ui, "%s", cause);
			free(cause);
		}
	} else
		return tag_command(ix, ui, name, args);
	return 0;
}

/* Writes the query and the cursor's position into BUF. */
static void
position(struct ui_index *ix, char *buf, size_t size)
{
	size_t total;

	if (ix->in_tail) {
		if (ix->rcursor == 0)
			snprintf(buf, size, " %s  last", ix->query);
		else
			snprintf(buf, size, " %s  last - %zu", ix->query,
			    ix->rcursor);
		return;
	}
	if (store_window_complete(ix->window, &total) ||
	    (ix->tail != NULL && store_window_complete(ix->tail, &total)))
		snprintf(buf, size, " %s  %zu of %zu", ix->query,
		    total ? ix->cursor + 1 : 0, total);
	else
		snprintf(buf, size, " %s  %zu", ix->query, ix->cursor + 1);
}

static void
index_status(void *data, char *buf, size_t size)
{
	struct ui_index *ix = data;
	size_t len, pending;

	position(ix, buf, size);
	len = strlen(buf);
	pending = ui_tagger_pending(ix->tagger);
	if (pending > 0 && len < size)
		snprintf(buf + len, size - len, "  [%zu tag change%s waiting]",
		    pending, pending == 1 ? "" : "s");
}

static void
index_free(void *data)
{
	struct ui_index *ix = data;

	store_window_free(ix->tail);
	store_window_free(ix->window);
	free(ix->query);
	free(ix);
}

static const struct ui_view_type index_type = {
	"index", KEYMAP_INDEX, index_draw, index_command, index_status,
	NULL, index_free,
};

int
ui_index_open(struct ui *ui, struct store *store, const char *query,
    char **cause)
{
	struct ui_index *ix = xcalloc(1, sizeof *ix);
	struct config *config = ui_config(ui);
	enum store_sort sort = strcmp(options_get(config->options, "sort"),
	    "oldest-first") == 0 ? STORE_OLDEST_FIRST : STORE_NEWEST_FIRST;

	if (store_window_open(store, query, sort, &ix->window, cause) == -1) {
		free(ix);
		return -1;
	}
	ix->store = store;
	ix->config = config;
	ix->tagger = ui_tagger(ui);
	ix->generation = ui_tagger_generation(ix->tagger);
	ix->sort = sort;
	ix->query = xstrdup(query);
	ui_push(ui, &index_type, ix);
	return 0;
}
