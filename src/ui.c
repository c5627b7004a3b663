/*
 * ui.c: curses, the view stack and the key loop.
 *
 * The loop reads keys with a short timeout so that a termination signal is
 * noticed within a quarter second; ncurses itself handles SIGWINCH (as
 * KEY_RESIZE) and SIGTSTP. When workers arrive, this becomes the poll()
 * loop over the tty, a signal pipe and the workers' pipes.
 */
#include "autodefs.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "text.h"
#include "ui.h"

#define UI_MAX_VIEWS 16
#define UI_MIN_COLS 20
#define UI_MIN_ROWS 3

struct ui_view {
	const struct ui_view_type *type;
	void *data;
};

struct ui {
	const struct config *config;
	struct ui_view views[UI_MAX_VIEWS];
	int nviews;
	char message[512];
	int keys[KEYMAP_MAX_KEYS];	/* a multi-key sequence so far */
	size_t nkeys;
};

static volatile sig_atomic_t stop_signal;
static int curses_on;
static int colors_on;	/* decided once: the terminal has colours, no NO_COLOR */

static void
on_signal(int sig)
{
	stop_signal = sig;
}

/* Gives the terminal back; safe to call twice and from atexit. */
static void
restore_terminal(void)
{
	if (curses_on) {
		endwin();
		curses_on = 0;
	}
}

struct ui *
ui_new(const struct config *config, char **cause)
{
	struct ui *ui;
	struct sigaction sa;

	setlocale(LC_ALL, "");
	if (initscr() == NULL) {
		set_cause(cause, "can't start the terminal (TERM=%s)",
		    getenv("TERM") ? getenv("TERM") : "");
		return NULL;
	}
	curses_on = 1;
	atexit(restore_terminal);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	timeout(250);
	ui = xcalloc(1, sizeof *ui);
	ui->config = config;
	colors_on = has_colors() && getenv("NO_COLOR") == NULL;
	if (colors_on) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_YELLOW, -1);	/* flagged */
	}
	return ui;
}

void
ui_free(struct ui *ui)
{
	if (ui == NULL)
		return;
	while (ui->nviews > 0) {
		struct ui_view *v = &ui->views[--ui->nviews];
		v->type->free(v->data);
	}
	restore_terminal();
	free(ui);
}

void
ui_push(struct ui *ui, const struct ui_view_type *type, void *data)
{
	if (ui->nviews == UI_MAX_VIEWS)
		fatal("too many views");
	ui->views[ui->nviews].type = type;
	ui->views[ui->nviews++].data = data;
}

void
ui_message(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->message, sizeof ui->message, fmt, ap);
	va_end(ap);
}

void
ui_text(int y, int x, const char *text, int width, int attr)
{
	char *safe = text_sanitize(text), *fit = text_fit(safe, width, 1);
	attr_t a = A_NORMAL;

	if (attr & UI_BOLD)
		a |= A_BOLD;
	if (attr & UI_REVERSE)
		a |= A_REVERSE;
	if (attr & UI_UNDERLINE)
		a |= A_UNDERLINE;
	if ((attr & UI_FLAGGED) && colors_on)
		a |= COLOR_PAIR(1);
	attrset(a);
	mvaddstr(y, x, fit);
	attrset(A_NORMAL);
	free(fit);
	free(safe);
}

/* Draws the top view and the status line (or PROMPT, when not NULL). */
static void
draw_with(struct ui *ui, const char *prompt)
{
	struct ui_view *v = &ui->views[ui->nviews - 1];
	char left[512] = "", *line;
	int rows = LINES, cols = COLS;

	erase();
	if (cols < UI_MIN_COLS || rows < UI_MIN_ROWS) {
		ui_text(0, 0, "terminal too small", cols, UI_BOLD);
		refresh();
		return;
	}
	v->type->draw(v->data, ui, rows - 1, cols);
	if (prompt != NULL) {
		ui_text(rows - 1, 0, prompt, cols, 0);
		refresh();
		return;
	}
	v->type->status(v->data, left, sizeof left);
	line = xasprintf("%s%s%s", left, *ui->message ? " | " : "",
	    ui->message);
	ui_text(rows - 1, 0, line, cols, UI_REVERSE);
	free(line);
	refresh();
}

static void
draw(struct ui *ui)
{
	draw_with(ui, NULL);
}

/* Removes the last UTF-8 character of S. */
static void
chop(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && ((unsigned char)s[n - 1] & 0xc0) == 0x80)
		n--;
	if (n > 0)
		n--;
	s[n] = '\0';
}

char *
ui_prompt(struct ui *ui, const char *prompt, const char *initial)
{
	char *text = xstrdup(initial), *shown;
	char utf8[8];
	wint_t k;
	int r;

	curs_set(1);
	for (;;) {
		shown = xasprintf("%s%s", prompt, text);
		draw_with(ui, shown);
		free(shown);
		if ((r = get_wch(&k)) == ERR) {
			if (stop_signal)
				break;
			continue;
		}
		if (r == KEY_CODE_YES) {
			if (k == KEY_BACKSPACE)
				chop(text);
			else if (k == KEY_ENTER)
				goto done;
			continue;
		}
		if (k == '\r' || k == '\n')
			goto done;
		if (k == 0x1b || k == 0x07)	/* Esc, C-g */
			break;
		if (k == 0x7f || k == 0x08)
			chop(text);
		else if (k >= 0x20 && (r = wctomb(utf8, (wchar_t)k)) > 0) {
			char *next = xasprintf("%s%.*s", text, r, utf8);
			free(text);
			text = next;
		}
	}
	free(text);
	text = NULL;
done:
	curs_set(0);
	return text;
}

/* Turns a curses key into a keymap key; -1 for none. */
static int
map_key(int is_code, wint_t k)
{
	static const struct { int curses, key; } codes[] = {
		{ KEY_UP, KEYMAP_KEY_BASE + 4 }, { KEY_DOWN, KEYMAP_KEY_BASE + 5 },
		{ KEY_LEFT, KEYMAP_KEY_BASE + 6 }, { KEY_RIGHT, KEYMAP_KEY_BASE + 7 },
		{ KEY_HOME, KEYMAP_KEY_BASE + 8 }, { KEY_END, KEYMAP_KEY_BASE + 9 },
		{ KEY_PPAGE, KEYMAP_KEY_BASE + 10 },
		{ KEY_NPAGE, KEYMAP_KEY_BASE + 11 },
		{ KEY_BACKSPACE, KEYMAP_KEY_BASE + 1 },
		{ KEY_DC, KEYMAP_KEY_BASE + 2 }, { KEY_IC, KEYMAP_KEY_BASE + 3 },
		{ KEY_ENTER, '\r' },
	};
	size_t i;

	if (!is_code)
		return k == '\n' ? '\r' : k == 0x7f ? KEYMAP_KEY_BASE + 1 :
		    (int)k;
	for (i = 0; i < nitems(codes); i++)
		if (codes[i].curses == (int)k)
			return codes[i].key;
	if ((int)k >= KEY_F(1) && (int)k <= KEY_F(12))
		return KEYMAP_KEY_BASE + 21 + ((int)k - KEY_F(1));
	return -1;
}

/* Runs each ';'-separated command of LINE on the top view. */
static void
run_line(struct ui *ui, const char *line)
{
	char *copy = xstrdup(line), *save = NULL, *one;

	for (one = strtok_r(copy, ";", &save); one != NULL && ui->nviews > 0;
	    one = strtok_r(NULL, ";", &save)) {
		while (*one == ' ')
			one++;
		size_t n = strcspn(one, " ");
		char *name = xstrndup(one, n);
		const char *args = one[n] ? one + n + 1 : "";
		struct ui_view *v = &ui->views[ui->nviews - 1];
		if (strcmp(name, "quit") == 0 && v->type->command(v->data, ui,
		    name, args) == -1) {
			v->type->free(v->data);
			ui->nviews--;
		} else if (strcmp(name, "redraw") == 0)
			clearok(curscr, TRUE);
		else if (v->type->command(v->data, ui, name, args) == -1)
			ui_message(ui, "%s: not available here yet", name);
		free(name);
	}
	free(copy);
}

/* Adds KEY to the sequence so far and runs what it is bound to. */
static void
handle_key(struct ui *ui, int key)
{
	struct ui_view *v = &ui->views[ui->nviews - 1];
	const char *command;
	char *name;
	int prefix;

	ui->message[0] = '\0';
	if (ui->nkeys == KEYMAP_MAX_KEYS)
		ui->nkeys = 0;
	ui->keys[ui->nkeys++] = key;
	command = keymap_lookup(ui->config->keymap, v->type->keymap, ui->keys,
	    ui->nkeys, &prefix);
	if (command == NULL && prefix)
		return;		/* wait for the rest of the sequence */
	if (command != NULL)
		run_line(ui, command);
	else {
		name = keymap_keys_name(ui->keys, ui->nkeys);
		ui_message(ui, "%s is not bound in %s (? lists the keys)", name,
		    v->type->name);
		free(name);
	}
	ui->nkeys = 0;
}

int
ui_run(struct ui *ui)
{
	wint_t k;
	int r, key;

	while (ui->nviews > 0 && stop_signal == 0) {
		draw(ui);
		r = get_wch(&k);
		if (r == ERR) {
			/* Timeout: look at the signals, let the view work. */
			struct ui_view *v = &ui->views[ui->nviews - 1];
			if (v->type->tick != NULL)
				v->type->tick(v->data, ui);
			continue;
		}
		if (r == KEY_CODE_YES && k == KEY_RESIZE)
			continue;	/* ncurses has the new size */
		if ((key = map_key(r == KEY_CODE_YES, k)) != -1)
			handle_key(ui, key);
	}
	restore_terminal();
	return stop_signal ? 128 + stop_signal : MUA_EXIT_OK;
}
