/*
 * ui-index.c: the index view: one line per thread of a query, read from a
 * lazy store window as far as the screen needs, never further.
 */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "config.h"
#include "count-job.h"
#include "marks.h"
#include "store.h"
#include "text.h"
#include "ui-compose.h"
#include "ui-export.h"
#include "ui-index.h"
#include "ui-sidebar.h"
#include "ui-complete.h"
#include "ui-sync.h"
#include "ui-tag.h"
#include "ui-thread.h"
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
	int left;	/* the first column of the rows: the sidebar's width */
	struct ui_sidebar *sidebar;	/* the UI's, or NULL */
	char error[256];
	struct marks marks;	/* threads marked with t, T */
	int on_marked;	/* ';' was pressed: the next command is for them */
	int date_width;	/* every date's columns: the widest in the locale */
	struct count_job *counting;	/* the total being counted, or NULL */
	long total;	/* the last count, -1 until there is one */
	unsigned total_generation;	/* the tagger's when it was started */
	int count_started;
};

static void refresh(struct ui_index *ix, struct ui *ui);

/* Whether TAG is one of hidden_tags, which the index doesn't show. */
static int
is_hidden(const struct ui_index *ix, const char *tag)
{
	const char *list = options_get(ix->config->options, "hidden_tags");
	size_t len = strlen(tag), n;

	for (; *list != '\0'; list += n) {
		list += strspn(list, " ,");
		n = strcspn(list, " ,");
		if (n == len && strncmp(list, tag, n) == 0)
			return 1;
	}
	return 0;
}

/*
 * Draws ROW's tags in WIDTH columns from X, each in its own colour when
 * a "color tag.NAME" line gives it one, cut with an ellipsis at the end.
 */
static void
draw_tags(const struct ui_index *ix, int x, int y, int width,
    const struct store_thread *row, int attr)
{
	char **t;
	int used = 0, w;

	ui_text(y, x, "", width, attr);
	for (t = row->tags; *t != NULL && used < width; t++) {
		if (is_hidden(ix, *t))
			continue;
		w = text_width(*t) + (used > 0);
		if (used > 0)
			ui_text(y, x + used, " ", 1, attr);
		if (w > width - used)
			w = width - used;	/* ui_text_tag cuts with "…" */
		ui_text_tag(y, x + used + (used > 0), *t, w - (used > 0), attr);
		used += w;
	}
}

/* Writes the text of column SPEC ('D', 'a', 'c', 's', 'T', 'M') of ROW. */
static char *
column_text(const struct ui_index *ix, char spec,
    const struct store_thread *row)
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
	case 'M':
		return xstrdup(marks_has(&ix->marks, row->id) ? "*" : " ");
	case 'T': {
		char *tags = xstrdup(""), *next;
		for (t = row->tags; *t != NULL; t++) {
			if (is_hidden(ix, *t))
				continue;
			next = xasprintf("%s%s%s", tags, *tags ? " " : "", *t);
			free(tags);
			tags = next;
		}
		return tags;
	}
	}
	return xasprintf("%%%c", spec);
}

static int
is_unread_author(const struct store_thread *row, const char *name)
{
	char **a;

	for (a = row->unread_authors; a != NULL && *a != NULL; a++)
		if (strcmp(*a, name) == 0)
			return 1;
	return 0;
}

/*
 * Draws ROW's authors in WIDTH columns from X, those with unread messages
 * styled unread and the others not, cut with an ellipsis where the width
 * ends.
 */
static void
draw_authors(int x, int y, int width, const struct store_thread *row,
    int attr)
{
	char *all = xstrdup(row->authors), *save = NULL, *name, *piece, *safe;
	int used = 0, w, first = 1;

	ui_text(y, x, "", width, attr & ~UI_UNREAD);	/* the padding */
	for (name = strtok_r(all, ",|", &save); name != NULL && used < width;
	    name = strtok_r(NULL, ",|", &save)) {
		name += strspn(name, " ");
		piece = xasprintf("%s%s", first ? "" : ", ", name);
		safe = text_sanitize(piece);
		w = text_width(safe);
		if (w > width - used)
			w = width - used;	/* ui_text cuts it with "…" */
		ui_text(y, x + used, piece, w, is_unread_author(row, name) ?
		    attr | UI_UNREAD : attr & ~UI_UNREAD);
		used += w;
		first = 0;
		free(safe);
		free(piece);
	}
	free(all);
}

/* The narrowest an authors column gets to leave the subject room. */
#define AUTHORS_MIN 8

/* The width of column SPEC given WIDTH in the format (0: none). */
static int
column_width(const struct ui_index *ix, char spec, int width)
{
	return width == 0 && spec == 'D' ? ix->date_width : width;
}

/*
 * Draws ROW at line Y following the index_format: "%-20a" is a column 20
 * wide, "%s" without a width takes what the others leave, and tags without
 * a width take their own, but never the last quarter of the line the
 * subject keeps: on a narrow screen the tags are cut, not the subject.
 * When the columns of a set width leave less than half the line, the
 * authors shrink (to AUTHORS_MIN), by as much on every row. Dates all
 * take the widest date's width, so columns never move.
 */
static void
draw_row(struct ui_index *ix, int y, int cols, const struct store_thread *row,
    int attr)
{
	const char *p = options_get(ix->config->options, "index_format");
	int x = 0, fixed = 0, tags = 0, width, authors = 0, cut = 0;
	int constant = 0;	/* literals and columns of a set width */
	char *text;

	/* First pass: what the fixed columns, literals and tags take. */
	for (; *p != '\0'; p++) {
		if (*p != '%') {
			fixed++;
			constant++;
			continue;
		}
		width = (int)strtol(p + 1 + (p[1] == '-'), (char **)&p, 10);
		width = column_width(ix, *p, width);
		constant += width;
		if (*p == 'a' && width > AUTHORS_MIN)
			authors += width - AUTHORS_MIN;
		if (*p == 's' && width == 0)
			continue;
		text = column_text(ix, *p, row);
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
	if (cols - constant < cols / 2) {	/* the same on every row */
		cut = cols / 2 - (cols - constant);
		cut = cut < authors ? cut : authors;
		fixed -= cut;
	}
	ui_text(y, ix->left, "", cols, attr);	/* the cursor bar spans it */
	for (p = options_get(ix->config->options, "index_format");
	    *p != '\0' && x < cols; p++) {
		if (*p != '%') {
			ui_text(y, ix->left + x++, (char[]){ *p, '\0' }, 1, attr);
			continue;
		}
		width = (int)strtol(p + 1 + (p[1] == '-'), (char **)&p, 10);
		width = column_width(ix, *p, width);
		text = column_text(ix, *p, row);
		if (*p == 'a' && cut > 0 && width > AUTHORS_MIN) {
			int by = width - AUTHORS_MIN < cut ?
			    width - AUTHORS_MIN : cut;
			width -= by;
			cut -= by;
		}
		if (width == 0)
			width = *p == 's' ? cols - fixed - tags : *p == 'T' ?
			    tags : text_width(text);
		if (width > cols - x)
			width = cols - x;
		if (width < 0)
			width = 0;	/* the fixed columns took the line */
		if (*p == 'a' && row->unread)
			draw_authors(ix->left + x, y, width, row, attr);
		else if (*p == 'T')
			draw_tags(ix, ix->left + x, y, width, row, attr);
		else
			ui_text(y, ix->left + x, text, width, attr);
		x += width;
		free(text);
	}
}

/* Line attributes for ROW, with the cursor on it or not. */
static int
row_attr(const struct ui_index *ix, const struct store_thread *row,
    int cursor)
{
	return (row->unread ? UI_UNREAD : 0) | (row->flagged ? UI_FLAGGED : 0) |
	    (cursor ? UI_CURSOR : 0) |
	    (marks_has(&ix->marks, row->id) ? UI_MARKED : 0);
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
		    row_attr(ix, &r[i], ix->rbottom + i == ix->rcursor));
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
	ix->left = 0;
	if (ix->sidebar != NULL && ui_sidebar_visible(ix->sidebar)) {
		int width = (int)options_get_number(ix->config->options,
		    "sidebar_width");
		if (cols >= width + 30) {	/* else the index needs it all */
			ui_sidebar_draw(ix->sidebar, rows, width, ix->query);
			ix->left = width;
			cols -= width;
		}
	}
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
		    row_attr(ix, &r[i], ix->top + i == ix->cursor));
	if (got == 0 && ix->top == 0)
		ui_text(0, ix->left, ix->error[0] ? ix->error :
		    "no threads match", cols, 0);
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

/* How far from the cursor refresh() looks for the thread it was on. */
#define FOLLOW_ROWS 32

/* Puts the cursor on thread ID if it is near where the cursor is. */
static void
follow(struct ui_index *ix, const char *id)
{
	const struct store_thread *r;
	size_t from = ix->cursor > FOLLOW_ROWS ? ix->cursor - FOLLOW_ROWS : 0;
	size_t got = 0, i;

	if (store_window_get(ix->window, from, 2 * FOLLOW_ROWS + 1, &r, &got,
	    NULL) == -1)
		return;
	for (i = 0; i < got; i++)
		if (strcmp(r[i].id, id) == 0) {
			ix->cursor = from + i;
			return;
		}
}

/* Runs the query again on the latest committed state; 0, or -1 said. */
static int
reopen(struct ui_index *ix, struct ui *ui)
{
	struct store_window *w = NULL;
	char *cause = NULL;

	if (store_window_open(ix->store, ix->query, ix->sort, &w, &cause) ==
	    -1) {
		ui_error(ui, "%s", cause);
		free(cause);
		return -1;
	}
	store_window_free(ix->window);
	store_window_free(ix->tail);
	ix->window = w;
	ix->tail = NULL;
	ix->in_tail = 0;
	move(ix, 0);
	return 0;
}

/*
 * Reopens the query (tags changed, mail came). The cursor stays on its
 * thread when it is still near (threads above it came or went); when the
 * thread left the query, on its position, so the next one comes up, as
 * in mutt.
 */
static void
refresh(struct ui_index *ix, struct ui *ui)
{
	const struct store_thread *row = ix->in_tail ? NULL : current(ix);
	char *id = row != NULL ? xstrdup(row->id) : NULL;

	if (reopen(ix, ui) == 0 && id != NULL)
		follow(ix, id);
	free(id);
}

/*
 * The threads a command acts on: the marked ones after ';', else the one
 * under the cursor. *ids points into the view; -1 (said why) when there
 * is none.
 */
static int
target_ids(struct ui_index *ix, struct ui *ui, char *const **ids, size_t *n)
{
	const struct store_thread *row = current(ix);

	if (ix->on_marked && ix->marks.n > 0) {
		*ids = ix->marks.ids;
		*n = ix->marks.n;
		return 0;
	}
	if (!ix->on_marked && row != NULL) {
		*ids = &row->id;
		*n = 1;
		return 0;
	}
	ui_message(ui, ix->on_marked ? "no threads are marked (t marks one)" :
	    "no thread here");
	return -1;
}

/* The query for the threads a tag command acts on; NULL (said why) when
 * there is none. */
static char *
target(struct ui_index *ix, struct ui *ui)
{
	char *const *ids;
	size_t n;

	if (target_ids(ix, ui, &ids, &n) == -1)
		return NULL;
	return ix->on_marked ? marks_query(&ix->marks) :
	    xasprintf("thread:%s", ids[0]);
}

/* Adds the files of thread ID's messages, in reply order, to *paths. */
static int
add_thread_files(struct ui_index *ix, const char *id, char ***paths,
    size_t *n, char **cause)
{
	struct store_message *msgs = NULL;
	size_t got = 0, i;

	if (store_thread_messages(ix->store, id, NULL, &msgs, &got,
	    cause) == -1)
		return -1;
	*paths = xreallocarray(*paths, *n + got, sizeof **paths);
	for (i = 0; i < got; i++)
		(*paths)[(*n)++] = xstrdup(msgs[i].path);
	store_messages_free(msgs, got);
	return 0;
}

/* |, s, p and b on the messages of the target threads; -1 for others. */
static int
export_command(struct ui_index *ix, struct ui *ui, const char *name)
{
	char **paths = NULL, *cause = NULL, *const *ids = NULL;
	size_t n = 0, nids = 0, i;
	int rc = 0;

	if (!ui_export_has_command(name))
		return -1;
	if (target_ids(ix, ui, &ids, &nids) == -1)
		return 0;
	for (i = 0; i < nids && rc == 0; i++)
		rc = add_thread_files(ix, ids[i], &paths, &n, &cause);
	if (rc == -1)
		ui_error(ui, "%s", cause);
	else if (n > 0)
		ui_export_command(ui, ix, ix->store, name,
		    (const char *const *)paths, n);
	if (ix->on_marked && rc == 0 && n > 0)
		marks_clear(&ix->marks);	/* done with them, as after tags */
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(cause);
	return 0;
}

/* Runs a tag command on the target threads; -1 for other commands. */
static int
tag_command(struct ui_index *ix, struct ui *ui, const char *name,
    const char *args)
{
	char *query, *what;

	if (!ui_tagger_has_command(name))
		return -1;
	if (strcmp(name, "undo") == 0) {
		ui_tagger_undo(ix->tagger, ui);
		return 0;
	}
	if ((query = target(ix, ui)) == NULL)
		return 0;
	what = ix->on_marked ? xasprintf("%zu thread%s", ix->marks.n,
	    ix->marks.n == 1 ? "" : "s") : xstrdup("the thread");
	/* mutt's resolve: on to the next thread, unless marks were meant. */
	ui_tagger_command(ix->tagger, ui, ix, name, args, query, what,
	    !ix->on_marked && options_get_bool(ix->config->options,
	    "resolve"));
	if (ix->on_marked)
		marks_clear(&ix->marks);	/* done with them, as in aerc */
	free(what);
	free(query);
	return 0;
}

/* The moving commands; returns -1 for others. */
static int
move_command(struct ui_index *ix, struct ui *ui, const char *name)
{
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
			ui_error(ui, "%s", cause);
			free(cause);
		}
	} else
		return -1;
	return 0;
}

/* Opens an index of QUERY on top of this one; a bad query is said. */
static void
open_query(struct ui_index *ix, struct ui *ui, const char *query)
{
	char *cause = NULL;

	if (ui_index_open(ui, ix->store, query, &cause) == -1) {
		ui_error(ui, "%s", cause);
		free(cause);
	}
}

/*
 * "search QUERY" opens it; "narrow QUERY" opens it ANDed with this one.
 * Without a query they ask for one (history, completion), and come back
 * here with it.
 */
static void
search(struct ui_index *ix, struct ui *ui, const char *args, int narrow)
{
	struct ui_prompt_opts opts = { "history-search", ui_complete_query,
		ix->store, 0 };
	char *clause, *query;

	if (*args == '\0') {
		ui_ask_command(ui, ix, narrow ? "narrow: " : "search: ", &opts,
		    narrow ? "narrow" : "search");
		return;
	}
	clause = xasprintf("(%s)", args);
	query = narrow ? store_and_query(ix->query, clause) : xstrdup(args);
	open_query(ix, ui, query);
	free(query);
	free(clause);
}

static void
open_thread(struct ui_index *ix, struct ui *ui)
{
	const struct store_thread *row = current(ix);
	char *cause = NULL;

	if (row == NULL)
		ui_message(ui, "no thread here");
	else if (ui_thread_open(ui, ix->store, row->id, ix->query,
	    &cause) == -1) {
		ui_error(ui, "%s", cause);
		free(cause);
	}
}

/* t: marks the thread under the cursor, or unmarks it, and moves on. */
static void
mark(struct ui_index *ix, struct ui *ui)
{
	const struct store_thread *row = current(ix);

	if (row == NULL) {
		ui_message(ui, "no thread here");
		return;
	}
	marks_toggle(&ix->marks, row->id);
	move(ix, 1);
}

/*
 * T and C-t: marks, or unmarks, the threads of the view that match a
 * query the user types ("*": all of them), as mutt's tag-pattern does;
 * "mark-pattern QUERY" without asking.
 */
static void
mark_pattern(struct ui_index *ix, struct ui *ui, const char *args,
    int unmark)
{
	struct ui_prompt_opts opts = { "history-mark", ui_complete_query,
		ix->store, 0 };
	char *clause, *query, **ids = NULL, *cause = NULL;
	size_t n = 0, changed, i;

	if (*args == '\0') {
		ui_ask_command(ui, ix, unmark ? "unmark the threads matching: " :
		    "mark the threads matching (* for all): ", &opts, unmark ?
		    "unmark-pattern" : "mark-pattern");
		return;
	}
	clause = xasprintf("(%s)", args);
	query = store_and_query(ix->query, clause);
	if (store_thread_ids(ix->store, query, &ids, &n, &cause) == -1)
		ui_error(ui, "%s", cause);
	else {
		changed = unmark ? marks_remove(&ix->marks, ids, n) :
		    marks_add(&ix->marks, ids, n);
		ui_message(ui, "%s %zu thread%s (%zu marked)", unmark ?
		    "unmarked" : "marked", changed, changed == 1 ? "" : "s",
		    ix->marks.n);
	}
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	free(cause);
	free(query);
	free(clause);
}

/*
 * Counts the threads in the background when the window doesn't know its
 * total: once, and again after tags landed or mail came.
 */
static void
count_tick(struct ui_index *ix)
{
	unsigned generation = ui_tagger_generation(ix->tagger);
	size_t known;
	long n;

	if (ix->counting != NULL && count_job_done(ix->counting, &n)) {
		count_job_free(ix->counting);
		ix->counting = NULL;
		ix->total = n;
	}
	if (ix->counting != NULL || (ix->count_started &&
	    ix->total_generation == generation) ||
	    store_window_complete(ix->window, &known))
		return;
	ix->counting = count_job_start(store_path(ix->store),
	    store_config(ix->store), ix->query);
	ix->total_generation = generation;
	ix->count_started = 1;
}

/* Forgets the total (the query changed). */
static void
forget_total(struct ui_index *ix)
{
	count_job_free(ix->counting);
	ix->counting = NULL;
	ix->total = -1;
	ix->count_started = 0;
}

/* Shows QUERY in this view instead (the sidebar's choice), from the top. */
static void
switch_query(struct ui_index *ix, struct ui *ui, const char *query)
{
	char *old = ix->query;

	if (query == NULL)
		return;
	ix->query = xstrdup(query);
	ix->cursor = 0;
	forget_total(ix);
	marks_clear(&ix->marks);
	reopen(ix, ui);
	free(old);
}

/* The commands that open, search and mark; returns -1 for others. */
static int
view_command(struct ui_index *ix, struct ui *ui, const char *name,
    const char *args)
{
	if (strcmp(name, "open") == 0)
		open_thread(ix, ui);
	else if (strcmp(name, "search") == 0)
		search(ix, ui, args, 0);
	else if (strcmp(name, "narrow") == 0)
		search(ix, ui, args, 1);
	else if (strcmp(name, "mark") == 0)
		mark(ix, ui);
	else if (strcmp(name, "mark-pattern") == 0)
		mark_pattern(ix, ui, args, 0);
	else if (strcmp(name, "unmark-pattern") == 0)
		mark_pattern(ix, ui, args, 1);
	else if (strcmp(name, "mark-prefix") == 0) {
		ix->on_marked = 1;
		ui_message(ui, "the next command acts on the %zu marked "
		    "thread%s", ix->marks.n, ix->marks.n == 1 ? "" : "s");
	} else if (strcmp(name, "toggle-sidebar") == 0 && ix->sidebar != NULL)
		ui_sidebar_toggle(ix->sidebar);
	else if (strcmp(name, "sidebar-next") == 0 && ix->sidebar != NULL)
		ui_sidebar_move(ix->sidebar, 1);
	else if (strcmp(name, "sidebar-previous") == 0 && ix->sidebar != NULL)
		ui_sidebar_move(ix->sidebar, -1);
	else if (strcmp(name, "sidebar-open") == 0 && ix->sidebar != NULL)
		switch_query(ix, ui, ui_sidebar_query(ix->sidebar));
	else if (strcmp(name, "toggle-sort") == 0) {
		ix->sort = ix->sort == STORE_NEWEST_FIRST ? STORE_OLDEST_FIRST :
		    STORE_NEWEST_FIRST;
		ix->cursor = 0;
		reopen(ix, ui);
	} else
		return -1;
	return 0;
}

/*
 * r, g, L, f and the like on a thread: they answer its newest message.
 * Returns -1 for other commands.
 */
static int
answer_command(struct ui_index *ix, struct ui *ui, const char *name)
{
	const char *option = ui_sync_answer_option(name);
	const struct store_thread *row = current(ix);
	struct store_message *msgs = NULL;
	char *cause = NULL;
	size_t n = 0, i, newest = 0;

	if (option == NULL || ui_syncer(ui) == NULL)
		return -1;
	if (row == NULL) {
		ui_message(ui, "no thread here");
		return 0;
	}
	if (store_thread_messages(ix->store, row->id, NULL, &msgs, &n,
	    &cause) == -1 || n == 0) {
		ui_error(ui, "%s", cause ? cause : "the thread is gone");
		free(cause);
		return 0;
	}
	for (i = 1; i < n; i++)
		if (msgs[i].date >= msgs[newest].date)
			newest = i;
	ui_compose_open(ui, option, msgs[newest].path);
	store_messages_free(msgs, n);
	return 0;
}

static int
index_command(void *data, struct ui *ui, const char *name, const char *args)
{
	struct ui_index *ix = data;
	int was_on_marked = ix->on_marked, r;

	if ((r = move_command(ix, ui, name)) == -1 &&
	    (r = view_command(ix, ui, name, args)) == -1 &&
	    (r = answer_command(ix, ui, name)) == -1 &&
	    (r = export_command(ix, ui, name)) == -1)
		r = tag_command(ix, ui, name, args);
	if (was_on_marked)
		ix->on_marked = 0;	/* ';' lasts one command */
	return r;
}

/* Writes the query and the cursor's position into BUF. */
static void
position(struct ui_index *ix, char *buf, size_t size)
{
	size_t total;

	if (ix->in_tail) {
		if (ix->total > (long)ix->rcursor)
			snprintf(buf, size, " %s  %ld of %ld", ix->query,
			    ix->total - (long)ix->rcursor, ix->total);
		else if (ix->rcursor == 0)
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
	else if (ix->total >= 0)
		snprintf(buf, size, " %s  %zu of %ld", ix->query,
		    ix->cursor + 1, ix->total);
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
	len = strlen(buf);
	if (ix->marks.n > 0 && len < size)
		snprintf(buf + len, size - len, "  [%zu marked]", ix->marks.n);
}

static void
index_free(void *data)
{
	struct ui_index *ix = data;

	count_job_free(ix->counting);
	store_window_free(ix->tail);
	store_window_free(ix->window);
	marks_clear(&ix->marks);
	free(ix->query);
	free(ix);
}

/*
 * Idle: reads the next screen ahead, so a page down finds its rows read
 * (a screen of threads costs notmuch some 15 ms on a big store).
 */
static long
index_tick(void *data, struct ui *ui)
{
	struct ui_index *ix = data;
	const struct store_thread *r;
	size_t got, page = ix->page > 0 ? (size_t)ix->page : 1;

	(void)ui;
	count_tick(ix);
	if (ix->in_tail)
		store_window_get(ix->tail, ix->rbottom + page, page, &r, &got,
		    NULL);
	else
		store_window_get(ix->window, ix->top + page, page, &r, &got,
		    NULL);
	return -1;	/* the count's end wakes the loop */
}

static const struct ui_view_type index_type = {
	"index", KEYMAP_INDEX, index_draw, index_command, index_status,
	index_tick, index_free,
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
	ix->sidebar = ui_sidebar(ui);
	ix->generation = ui_tagger_generation(ix->tagger);
	ix->sort = sort;
	ix->query = xstrdup(query);
	ix->date_width = text_date_width();
	ix->total = -1;
	ui_push(ui, &index_type, ix);
	return 0;
}
