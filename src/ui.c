/*
 * ui.c: curses, the view stack and the key loop.
 *
 * One loop, in ui_run() and in every prompt alike: keys first; with none
 * typed ahead, the background work (the tagger's retries, the children's
 * output, the views' workers), one redraw, then poll() on the terminal,
 * the children's pipes and the doorbell (wake.h: worker threads and
 * signals ring it) until one of them, or the earliest timer the work
 * asked for. With nothing to do mua sleeps: no periodic wake-ups.
 * ncurses turns SIGWINCH into KEY_RESIZE; C-z is a key (raw mode).
 */
#include "autodefs.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "cmdline.h"
#include "config.h"
#include "history.h"
#include "rc.h"
#include "run.h"
#include "secret.h"
#include "text.h"
#include "ui-compose.h"
#include "ui-help.h"
#include "ui-list.h"
#include "ui-sidebar.h"
#include "ui-sync.h"
#include "ui-term.h"
#include "ui-tag.h"
#include "ui.h"
#include "wake.h"

#define UI_MAX_VIEWS 16
#define UI_MAX_JOB_FDS 64	/* children waited on: verbs and watchers */
#define UI_LOG_MAX 200	/* messages kept for the log view */
#define UI_MIN_COLS 20
#define UI_MIN_ROWS 3

struct ui_view {
	const struct ui_view_type *type;
	void *data;
};

/* A descriptor the loop waits on for a view (ui_watch()). */
struct ui_watch {
	int fd;
	void (*ready)(void *arg, struct ui *ui);
	void *arg;
};

struct ui {
	struct config *config;
	struct ui_tagger *tagger;
	struct ui_sidebar *sidebar;
	struct ui_sync *sync;
	struct ui_view views[UI_MAX_VIEWS];
	int nviews;
	char message[512];
	int message_error;	/* the message is an error: styled as one */
	char *log[UI_LOG_MAX];	/* "HH:MM:SS message", oldest first */
	int log_error[UI_LOG_MAX];
	size_t nlog;
	int keys[KEYMAP_MAX_KEYS];	/* a multi-key sequence so far */
	size_t nkeys;
	struct ui_watch watches[UI_MAX_VIEWS];
	size_t nwatches;
	struct prompt *prompts;	/* the one on show, then those waiting */
	struct prompt *follow_ups;	/* asked by the answer being given */
	int answering;
};

static volatile sig_atomic_t stop_signal;
static int curses_on;
static int colors_on;	/* decided once: the terminal has colours, no NO_COLOR */

static struct sigaction curses_winch;	/* ncurses's SIGWINCH handler */

static void drop_view(struct ui *ui, int i);
static void give_up(struct ui *ui, void *owner);

static void
on_signal(int sig)
{
	stop_signal = sig;
	wake_up();
}

/* ncurses learns the new size; the loop, asleep in poll(), wakes. */
static void
on_winch(int sig)
{
	if (curses_winch.sa_handler != SIG_DFL &&
	    curses_winch.sa_handler != SIG_IGN &&
	    curses_winch.sa_handler != NULL)
		curses_winch.sa_handler(sig);
	wake_up();
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

/*
 * Mail is UTF-8 on screen: under a locale that isn't (LANG=C, say) every
 * non-ASCII letter would show as garbage. Returns what to tell the user
 * once: that C.UTF-8 is used instead, or that none could be.
 */
static const char *
utf8_locale(void)
{
	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return NULL;
	if (setlocale(LC_CTYPE, "C.UTF-8") != NULL &&
	    strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return "the locale's characters are not UTF-8: mua uses C.UTF-8 "
		    "(set LANG to a UTF-8 locale to choose one)";
	return "the locale's characters are not UTF-8 and no UTF-8 locale "
	    "is installed: letters beyond ASCII will look wrong";
}

struct ui *
ui_new(struct config *config, char **cause)
{
	struct ui *ui;
	struct sigaction sa;

	const char *note = utf8_locale();

	if (!ui_term_known()) {
		set_cause(cause, "the terminal type \"%s\" (TERM) is unknown "
		    "here: set TERM to one terminfo knows, such as "
		    "xterm-256color", getenv("TERM") ? getenv("TERM") : "");
		return NULL;
	}
	if (newterm(NULL, stdout, stdin) == NULL) {
		set_cause(cause, "can't start the terminal (TERM=%s)",
		    getenv("TERM") ? getenv("TERM") : "");
		return NULL;
	}
	curses_on = 1;
	atexit(restore_terminal);
	fatal_cleanup = restore_terminal;	/* so its message is seen */
	/* gpg runs on pipes: pinentry finds this terminal only by name. */
	if (getenv("GPG_TTY") == NULL && ttyname(STDIN_FILENO) != NULL)
		setenv("GPG_TTY", ttyname(STDIN_FILENO), 1);
	wake_init();
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGWINCH, NULL, &curses_winch);
	sa.sa_handler = on_winch;
	sa.sa_flags = curses_winch.sa_flags & ~SA_SIGINFO;
	sigaction(SIGWINCH, &sa, NULL);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	timeout(0);	/* keys are waited for in poll() */
	ui = xcalloc(1, sizeof *ui);
	ui->config = config;
	colors_on = has_colors() && getenv("NO_COLOR") == NULL;
	if (colors_on) {
		start_color();
		use_default_colors();
	}
	ui_style_init(config, colors_on);
	if (note != NULL)
		ui_message(ui, "%s", note);
	return ui;
}

void
ui_free(struct ui *ui)
{
	if (ui == NULL)
		return;
	give_up(ui, NULL);
	while (ui->nviews > 0)
		drop_view(ui, ui->nviews - 1);
	restore_terminal();
	while (ui->nlog > 0)
		free(ui->log[--ui->nlog]);
	free(ui);
}

void
ui_set_tagger(struct ui *ui, struct ui_tagger *tagger)
{
	ui->tagger = tagger;
}

struct ui_tagger *
ui_tagger(struct ui *ui)
{
	return ui->tagger;
}

void
ui_set_sync(struct ui *ui, struct ui_sync *sync)
{
	ui->sync = sync;
}

void
ui_set_sidebar(struct ui *ui, struct ui_sidebar *sidebar)
{
	ui->sidebar = sidebar;
}

struct ui_sidebar *
ui_sidebar(struct ui *ui)
{
	return ui->sidebar;
}

struct config *
ui_config(struct ui *ui)
{
	return ui->config;
}

void
ui_push(struct ui *ui, const struct ui_view_type *type, void *data)
{
	if (ui->nviews == UI_MAX_VIEWS) {
		/* Forget the oldest view above the first, as a browser
		 * forgets its oldest history: searching on and on is fine. */
		drop_view(ui, 1);
	}
	ui->views[ui->nviews].type = type;
	ui->views[ui->nviews++].data = data;
}

/* Keeps TEXT in the log, with the time. */
static void
keep(struct ui *ui, int error, const char *text)
{
	char stamp[16];
	time_t now = time(NULL);

	if (ui->nlog == UI_LOG_MAX) {
		free(ui->log[0]);
		memmove(ui->log, ui->log + 1, (UI_LOG_MAX - 1) * sizeof *ui->log);
		memmove(ui->log_error, ui->log_error + 1,
		    (UI_LOG_MAX - 1) * sizeof *ui->log_error);
		ui->nlog--;
	}
	strftime(stamp, sizeof stamp, "%H:%M:%S", localtime(&now));
	ui->log_error[ui->nlog] = error;
	ui->log[ui->nlog++] = xasprintf("%s %s%s", stamp, error ? "error: " :
	    "", text);
}

/* Shows the message and keeps it in the log. */
static void
say(struct ui *ui, int error, const char *fmt, va_list ap)
{
	vsnprintf(ui->message, sizeof ui->message, fmt, ap);
	ui->message_error = error;
	keep(ui, error, ui->message);
}

void
ui_log(struct ui *ui, const char *fmt, ...)
{
	char text[sizeof ui->message];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	keep(ui, 0, text);
}

void
ui_message(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(ui, 0, fmt, ap);
	va_end(ap);
}

void
ui_error(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(ui, 1, fmt, ap);
	va_end(ap);
}

/* Opens the log of messages, newest at the bottom. */
static void
open_log(struct ui *ui)
{
	char **lines = xcalloc(ui->nlog + 1, sizeof *lines);
	int *kinds = xcalloc(ui->nlog + 1, sizeof *kinds);
	size_t i;

	for (i = 0; i < ui->nlog; i++) {
		lines[i] = xstrdup(ui->log[i]);
		kinds[i] = ui->log_error[i] ? UI_ERROR : 0;
	}
	ui_list_open(ui, "messages", lines, kinds, ui->nlog, 1);
}

void
ui_text_tag(int y, int x, const char *tag, int width, int kinds)
{
	char *safe = text_sanitize(tag), *fit = text_fit(safe, width, 1);

	attrset((attr_t)ui_style_tag_attr(kinds, tag));
	mvaddstr(y, x, fit);
	attrset(A_NORMAL);
	free(fit);
	free(safe);
}

void
ui_text(int y, int x, const char *text, int width, int kinds)
{
	char *safe = text_sanitize(text), *fit = text_fit(safe, width, 1);
	attrset((attr_t)ui_style_attr(kinds));
	mvaddstr(y, x, fit);
	attrset(A_NORMAL);
	free(fit);
	free(safe);
}

/*
 * Draws the top view and the status line, or PROMPT in its place (when
 * not NULL) with HINT (completions) on the line above.
 */
static void
draw_with(struct ui *ui, const char *prompt, const char *hint)
{
	struct ui_view *v = &ui->views[ui->nviews - 1];
	char left[512] = "", *line;
	int rows = LINES, cols = COLS;

	erase();
	if (cols < UI_MIN_COLS || rows < UI_MIN_ROWS) {
		ui_text(0, 0, "terminal too small", cols, UI_ERROR);
		refresh();
		return;
	}
	v->type->draw(v->data, ui, rows - 1, cols);
	if (prompt != NULL) {
		if (hint != NULL && rows > 2)
			ui_text(rows - 2, 0, hint, cols, UI_STATUS);
		ui_text(rows - 1, 0, prompt, cols, 0);
		move(rows - 1, text_width(prompt) < cols ? text_width(prompt) :
		    cols - 1);
		refresh();
		return;
	}
	v->type->status(v->data, left, sizeof left);
	ui_text(rows - 1, 0, left, cols, UI_STATUS);
	if (ui->nkeys > 0) {	/* a sequence begun: show it waits */
		char *keys = keymap_keys_name(ui->keys, ui->nkeys);
		snprintf(ui->message, sizeof ui->message, "%s-", keys);
		ui->message_error = 0;
		free(keys);
	}
	if (*ui->message) {
		int x = text_width(left) + 1;
		line = xasprintf("| %s", ui->message);
		if (x < cols)
			ui_text(rows - 1, x, line, cols - x, UI_STATUS |
			    (ui->message_error ? UI_ERROR : 0));
		free(line);
	}
	refresh();
}

static void
draw(struct ui *ui)
{
	draw_with(ui, NULL, NULL);
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

/* Removes the last word of S and the spaces after it (C-w). */
static void
chop_word(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && s[n - 1] == ' ')
		n--;
	while (n > 0 && s[n - 1] != ' ')
		n--;
	s[n] = '\0';
}

/* A question in the status line (ui_ask()), and what is typed to it. */
struct prompt {
	char *text;
	struct history history;
	size_t hpos;		/* in history: n means the line being typed */
	char *typed;		/* that line, while browsing the history */
	char *hint;		/* the completions on show, or NULL */
	struct ui_prompt_opts opts;
	char *prompt;
	void *owner;		/* the view asking, or NULL */
	ui_answer_fn *answer;
	void *arg;
	struct prompt *next;	/* the questions waiting their turn */
};

static long idle(struct ui *ui);

/*
 * Sleeps until a key, a child's output or end, the doorbell, or MS
 * milliseconds (-1: no timer).
 */
static void
sleep_until(struct ui *ui, long ms)
{
	struct pollfd fds[2 + UI_MAX_JOB_FDS + UI_MAX_VIEWS];
	int jobs[UI_MAX_JOB_FDS];
	size_t n = 0, i, k;

	fds[n++].fd = fileno(stdin);
	if (wake_fd() != -1)
		fds[n++].fd = wake_fd();
	k = ui->sync != NULL ? ui_sync_fds(ui->sync, jobs, nitems(jobs)) : 0;
	for (i = 0; i < k; i++)
		fds[n++].fd = jobs[i];
	for (i = 0; i < ui->nwatches; i++)
		fds[n++].fd = ui->watches[i].fd;
	for (i = 0; i < n; i++) {
		fds[i].events = POLLIN;
		fds[i].revents = 0;
	}
	if (stop_signal == 0 && poll(fds, n, ms > INT_MAX ? INT_MAX :
	    (int)ms) > 0 && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)))
		stop_signal = SIGHUP;	/* the terminal is gone */
	wake_drain();
}

static void draw_now(struct ui *ui);

/* Closes the view at I of the stack, its questions first. */
static void
drop_view(struct ui *ui, int i)
{
	void *data = ui->views[i].data;
	const struct ui_view_type *type = ui->views[i].type;

	give_up(ui, data);
	for (i = 0; i < ui->nviews; i++)	/* an answer may have moved it */
		if (ui->views[i].data == data)
			break;
	if (i == ui->nviews)
		return;
	memmove(&ui->views[i], &ui->views[i + 1],
	    (size_t)(ui->nviews - i - 1) * sizeof *ui->views);
	ui->nviews--;
	type->free(data);
}

/*
 * The next key (get_wch()'s result, the key in *K) as soon as it is
 * typed; while none is, the background work, one redraw, and a sleep.
 * ERR when a stop signal came.
 */
static int
read_key(struct ui *ui, wint_t *k)
{
	long ms;
	int r;

	while (stop_signal == 0) {
		if ((r = get_wch(k)) != ERR)
			return r;
		ms = idle(ui);
		if (ui->nviews == 0)
			break;	/* a job closed the last one */
		draw_now(ui);
		sleep_until(ui, ms);
	}
	return ERR;
}

static void
set_text(struct prompt *p, const char *text)
{
	free(p->text);
	p->text = xstrdup(text);
}

/* Up (BY -1) and Down (1) through the history. */
static void
browse(struct prompt *p, int by)
{
	if (by < 0 && p->hpos == 0)
		return;
	if (by > 0 && p->hpos >= p->history.n)
		return;
	if (p->hpos == p->history.n) {
		free(p->typed);
		p->typed = xstrdup(p->text);
	}
	p->hpos = by < 0 ? p->hpos - 1 : p->hpos + 1;
	set_text(p, p->hpos == p->history.n ? p->typed :
	    p->history.lines[p->hpos]);
}

/* The length of the start all N WORDS share. */
static size_t
common_prefix(char **words, size_t n)
{
	size_t len = n > 0 ? strlen(words[0]) : 0, i, j;

	for (i = 1; i < n; i++) {
		for (j = 0; j < len && words[i][j] == words[0][j]; j++)
			;
		len = j;
	}
	return len;
}

/*
 * Completes the last word: one candidate replaces it (and a space
 * follows); several extend it as far as they agree and are listed.
 */
static void
complete(struct prompt *p)
{
	char *start = strrchr(p->text, ' '), **words, *next;
	size_t n = 0, i, len;
	struct buf hint = { NULL, 0, 0 };

	start = start != NULL ? start + 1 : p->text;
	free(p->hint);
	p->hint = NULL;
	words = p->opts.complete(p->opts.arg, p->text, start, &n);
	if (n == 0) {
		p->hint = xstrdup("no completions");
	} else {
		len = common_prefix(words, n);
		/* One word is done (a space follows), unless it is a folder
		 * that Tab goes on into. */
		next = xasprintf("%.*s%.*s%s", (int)(start - p->text), p->text,
		    (int)len, words[0], n == 1 && (len == 0 ||
		    words[0][len - 1] != '/') ? " " : "");
		free(p->text);
		p->text = next;
		for (i = 0; n > 1 && i < n; i++)
			buf_printf(&hint, "%s%s", i ? "  " : "", words[i]);
		p->hint = n > 1 ? buf_take(&hint) : NULL;
	}
	for (i = 0; i < n; i++)
		free(words[i]);
	free(words);
}

/* Handles one key; returns 1 when done (Enter), -1 given up, 0 go on. */
static int
prompt_key(struct prompt *p, int is_code, wint_t k)
{
	char utf8[8];
	int r;

	if (is_code) {
		if (k == KEY_BACKSPACE)
			chop(p->text);
		else if (k == KEY_UP)
			browse(p, -1);
		else if (k == KEY_DOWN)
			browse(p, 1);
		return k == KEY_ENTER ? 1 : 0;
	}
	if (k == '\r' || k == '\n')
		return 1;
	if (k == 0x1b || k == 0x07)	/* Esc, C-g */
		return -1;
	if (k == 0x7f || k == 0x08)
		chop(p->text);
	else if (k == 0x15)		/* C-u */
		set_text(p, "");
	else if (k == 0x17)		/* C-w */
		chop_word(p->text);
	else if (k == '\t' && p->opts.complete != NULL)
		complete(p);
	else if (k >= 0x20 && (r = wctomb(utf8, (wchar_t)k)) > 0) {
		char *next = xasprintf("%s%.*s", p->text, r, utf8);
		secret_wipe(p->text);	/* it may be a password */
		p->text = next;
	}
	return 0;
}

/* PROMPT and a star for each character of TEXT (a password). */
static char *
stars(const char *prompt, const char *text)
{
	size_t n = mbstowcs(NULL, text, 0), i;
	char *s;

	if (n == (size_t)-1)
		n = strlen(text);
	s = xmalloc(strlen(prompt) + n + 1);
	strcpy(s, prompt);
	for (i = 0; i < n; i++)
		s[strlen(prompt) + i] = '*';
	s[strlen(prompt) + n] = '\0';
	return s;
}

/* The prompt P on screen, over the view. */
static void
draw_prompt(struct ui *ui, struct prompt *p)
{
	char *shown = p->opts.secret ? stars(p->prompt, p->text) :
	    xasprintf("%s%s", p->prompt, p->text);

	draw_with(ui, shown, p->hint);
	free(shown);
}

/* The screen as it is now: the top view, and the prompt on show. */
static void
draw_now(struct ui *ui)
{
	curs_set(ui->prompts != NULL);
	if (ui->prompts != NULL)
		draw_prompt(ui, ui->prompts);
	else
		draw(ui);
}

void
ui_ask(struct ui *ui, void *owner, const char *prompt, const char *initial,
    const struct ui_prompt_opts *opts, ui_answer_fn *answer, void *arg)
{
	struct prompt *p = xcalloc(1, sizeof *p), **at;

	p->text = xstrdup(initial);
	if (opts != NULL)
		p->opts = *opts;
	if (p->opts.history != NULL && !p->opts.secret)
		history_load(&p->history, p->opts.history,
		    (size_t)options_get_number(ui->config->options,
		    "history_size"));
	p->hpos = p->history.n;
	p->prompt = xstrdup(prompt);
	p->owner = owner;
	p->answer = answer;
	p->arg = arg;
	/* Asked from an answer: a follow-up, next in line (in order). */
	at = ui->answering ? &ui->follow_ups : &ui->prompts;
	while (*at != NULL)
		at = &(*at)->next;
	*at = p;
}

/* P's memory; its text is gone (handed on, or wiped) already. */
static void
prompt_free(struct prompt *p)
{
	history_clear(&p->history);
	free(p->typed);
	free(p->hint);
	free(p->prompt);
	free(p);
}

/* Unlinks P and gives its answer: TEXT (P's own) or NULL. The questions
 * the answer asks come before those that waited. */
static void
answer(struct ui *ui, struct prompt *p, char *text)
{
	struct prompt **at, *was = ui->follow_ups;

	for (at = &ui->prompts; *at != p; at = &(*at)->next)
		;
	*at = p->next;
	ui->follow_ups = NULL;
	ui->answering++;
	p->answer(ui, p->arg, text);
	ui->answering--;
	prompt_free(p);
	if (ui->follow_ups != NULL) {	/* before the rest */
		for (at = &ui->follow_ups; *at != NULL; at = &(*at)->next)
			;
		*at = ui->prompts;
		ui->prompts = ui->follow_ups;
	}
	ui->follow_ups = was;
}

/* The prompt on show is done: DONE 1 with a line, -1 given up. */
static void
finish(struct ui *ui, int done)
{
	struct prompt *p = ui->prompts;
	char *cause = NULL, *text = p->text;

	p->text = NULL;
	if (done == 1 && p->history.path != NULL &&
	    history_add(&p->history, text, &cause) == -1) {
		ui_error(ui, "history: %s", cause);
		free(cause);
	}
	if (done != 1) {
		secret_wipe(text);
		text = NULL;
	}
	answer(ui, p, text);
}

/* A key typed while a prompt is on show. */
static void
prompt_input(struct ui *ui, int is_code, wint_t k)
{
	struct prompt *p = ui->prompts;
	int done;

	if (k != '\t') {
		free(p->hint);
		p->hint = NULL;
	}
	if ((done = prompt_key(p, is_code, k)) != 0)
		finish(ui, done);
}

/* Gives up the questions of the view OWNER (NULL: all of them). */
static void
give_up(struct ui *ui, void *owner)
{
	struct prompt *p, *next;

	for (p = ui->prompts; p != NULL; p = next) {
		next = p->next;
		if (owner != NULL && p->owner != owner)
			continue;
		secret_wipe(p->text);
		p->text = NULL;
		answer(ui, p, NULL);
		next = ui->prompts;	/* the answer may have asked more */
	}
}

int
ui_yes(char *answer)
{
	int yes = answer != NULL && (*answer == 'y' || *answer == 'Y');

	free(answer);
	return yes;
}

/* What ui_ask_command() runs. */
struct typed_command {
	void *owner;
	char *command;
};

static void
command_typed(struct ui *ui, void *arg, char *text)
{
	struct typed_command *t = arg;

	if (text != NULL && *text != '\0')
		ui_command(ui, t->owner, t->command, text);
	free(text);
	free(t->command);
	free(t);
}

void
ui_ask_command(struct ui *ui, void *owner, const char *prompt,
    const struct ui_prompt_opts *opts, const char *command)
{
	struct typed_command *t = xmalloc(sizeof *t);

	t->owner = owner;
	t->command = xstrdup(command);
	ui_ask(ui, owner, prompt, "", opts, command_typed, t);
}

void
ui_command(struct ui *ui, void *owner, const char *name, const char *args)
{
	int i;

	for (i = 0; i < ui->nviews; i++)
		if (ui->views[i].data == owner) {
			if (ui->views[i].type->command(owner, ui, name,
			    args) == -1)
				ui_error(ui, "%s: not available in the %s view",
				    name, ui->views[i].type->name);
			return;
		}
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

static void command_line(struct ui *ui);

/* Runs one command NAME ARGS: the top view's, else the UI's own. */
static void
run_one(struct ui *ui, const char *name, const char *args)
{
	struct ui_view *v = &ui->views[ui->nviews - 1];

	if (strcmp(name, "noop") == 0)
		;
	else if (strcmp(name, "redraw") == 0)
		clearok(curscr, TRUE);
	else if (strcmp(name, "messages") == 0)
		open_log(ui);
	else if (strcmp(name, "prompt") == 0)
		command_line(ui);
	else if (strcmp(name, "sync") == 0 && ui->sync != NULL)
		ui_sync_start(ui->sync, ui);
	else if (strcmp(name, "send-outbox") == 0 && ui->sync != NULL)
		ui_sync_send(ui->sync, ui);
	else if (strcmp(name, "compose") == 0 && ui->sync != NULL)
		ui_compose_open(ui, NULL, NULL);
	else if (strcmp(name, "help") == 0 && v->type->keymap != KEYMAP_HELP)
		ui_help_open(ui, ui->config, v->type->keymap);
	else if (v->type->command(v->data, ui, name, args) == 0)
		;
	else if (strcmp(name, "quit") == 0)
		drop_view(ui, ui->nviews - 1);
	else
		ui_error(ui, "%s: not available in the %s view", name,
		    v->type->name);
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
		run_one(ui, name, one[n] ? one + n + 1 : "");
		free(name);
	}
	free(copy);
}

/* Reads LINE as a line of .muarc into the running configuration. */
static void
configure(struct ui *ui, const char *line)
{
	struct rc_errors errors = { NULL, 0 };

	rc_parse_string(ui->config, "command line", line, &errors);
	if (errors.n > 0)
		ui_error(ui, "%s", errors.lines[0]);
	else {
		ui_style_init(ui->config, colors_on);
		ui_message(ui, "%s", line);
	}
	rc_errors_clear(&errors);
}

/*
 * The ":" line: a command ("tag +x; down") runs on the view; anything
 * else is a .muarc line ("set sort oldest-first", "bind index x quit")
 * that changes the configuration now.
 */
static char **
complete_command(void *arg, const char *line, const char *word, size_t *n)
{
	(void)arg;
	return cmdline_complete(line, word, n);
}

/* What was typed at the ":" line. */
static void
line_typed(struct ui *ui, void *arg, char *line)
{
	char *cause = NULL, *name;
	const char *hint;
	int is_command, known;

	(void)arg;
	if (line == NULL || *line == '\0' || ui->nviews == 0) {
		free(line);
		return;
	}
	name = xstrndup(line + strspn(line, " "), strcspn(line +
	    strspn(line, " "), " ;"));
	is_command = cmd_find(name) != NULL;
	known = cmdline_known(name, &hint);
	if (!known)
		ui_error(ui, "unknown command \"%s\"%s; Tab completes", name,
		    hint);
	free(name);
	if (!known)
		;
	else if (is_command && cmd_check_line(line, &cause) == -1) {
		ui_error(ui, "%s", cause);
		free(cause);
	} else if (is_command)
		run_line(ui, line);
	else
		configure(ui, line);
	free(line);
}

static void
command_line(struct ui *ui)
{
	static const struct ui_prompt_opts opts = { "history-command",
		complete_command, NULL, 0 };

	ui_ask(ui, NULL, ":", "", &opts, line_typed, NULL);
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
	if (ui->nkeys > 0 && key == 0x1b) {
		ui->nkeys = 0;	/* Esc gives up a sequence begun */
		return;
	}
	if (ui->nkeys == KEYMAP_MAX_KEYS)
		ui->nkeys = 0;
	ui->keys[ui->nkeys++] = key;
	command = keymap_lookup(ui->config->keymap, v->type->keymap, ui->keys,
	    ui->nkeys, &prefix);
	if (prefix)
		return;		/* the longer binding wins: wait for it */
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
ui_move(const char *name, size_t *at, size_t n, int page_rows)
{
	size_t page = page_rows > 1 ? (size_t)page_rows - 1 : 1;
	size_t last = n > 0 ? n - 1 : 0;

	if (strcmp(name, "down") == 0)
		*at += *at < last;
	else if (strcmp(name, "up") == 0)
		*at -= *at > 0;
	else if (strcmp(name, "page-down") == 0)
		*at = *at + page < last ? *at + page : last;
	else if (strcmp(name, "page-up") == 0)
		*at = *at > page ? *at - page : 0;
	else if (strcmp(name, "top") == 0)
		*at = 0;
	else if (strcmp(name, "bottom") == 0)
		*at = last;
	else
		return -1;
	return 0;
}

void
ui_suspend(struct ui *ui)
{
	(void)ui;
	def_prog_mode();
	endwin();
}

void
ui_resume(struct ui *ui)
{
	(void)ui;
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
}

struct ui_sync *
ui_syncer(struct ui *ui)
{
	return ui->sync;
}

void
ui_watch(struct ui *ui, int fd, void (*ready)(void *, struct ui *),
    void *arg)
{
	if (ui->nwatches < nitems(ui->watches))
		ui->watches[ui->nwatches++] = (struct ui_watch){ fd, ready, arg };
}

void
ui_unwatch(struct ui *ui, int fd)
{
	size_t i;

	for (i = 0; i < ui->nwatches; i++)
		if (ui->watches[i].fd == fd) {
			memmove(&ui->watches[i], &ui->watches[i + 1],
			    (ui->nwatches - i - 1) * sizeof *ui->watches);
			ui->nwatches--;
			return;
		}
}

void
ui_close(struct ui *ui, void *data)
{
	int i;

	for (i = 0; i < ui->nviews; i++)
		if (ui->views[i].data == data) {
			drop_view(ui, i);
			return;
		}
}

int
ui_external(struct ui *ui, const char *command, int in, int wait_key)
{
	struct run_io io = { in, -2 };
	char *cause = NULL;
	int status = 0, c;

	ui_suspend(ui);
	if (run_shell(command, &io, &status, &cause) == -1) {
		ui_error(ui, "%s", cause);
		free(cause);
		status = -1;
	} else if (wait_key) {
		printf("\n[exit status %d; press Enter to return to mua]",
		    status);
		fflush(stdout);
		while ((c = getchar()) != EOF && c != '\n')
			;
	}
	ui_resume(ui);
	if (status > 0)
		ui_error(ui, "\"%s\" exited with status %d", command, status);
	return status;
}

/*
 * Lets the tagger retry, the sidebar count, the children report and the
 * top view work. Returns when the next timer of theirs is due, in
 * milliseconds (-1: none).
 */
static long
idle(struct ui *ui)
{
	struct ui_view *v;
	struct ui_watch w;
	long next = -1;
	size_t i;

	if (ui->tagger != NULL)
		next = ms_sooner(next, ui_tagger_tick(ui->tagger, ui));
	if (ui->sidebar != NULL)
		ui_sidebar_tick(ui->sidebar, ui->tagger ?
		    ui_tagger_generation(ui->tagger) : 0);
	if (ui->sync != NULL)
		next = ms_sooner(next, ui_sync_tick(ui->sync, ui));
	for (i = 0; i < ui->nwatches; i++) {
		w = ui->watches[i];	/* READY may unwatch it */
		w.ready(w.arg, ui);
	}
	v = ui->nviews > 0 ? &ui->views[ui->nviews - 1] : NULL;
	if (v != NULL && v->type->tick != NULL)
		next = ms_sooner(next, v->type->tick(v->data, ui));
	return next;
}

/*
 * C-z: the terminal is raw (so C-c and C-z are keys, not signals), so
 * mua stops itself the way the shell expects, and redraws on return.
 */
static void
suspend(void)
{
	endwin();
	kill(0, SIGTSTP);
	reset_prog_mode();
	clearok(curscr, TRUE);
}

int
ui_run(struct ui *ui)
{
	wint_t k;
	int r, key;

	while (ui->nviews > 0 && stop_signal == 0) {
		if ((r = read_key(ui, &k)) == ERR)
			continue;
		if (r == KEY_CODE_YES && k == KEY_RESIZE)
			continue;	/* ncurses has the new size */
		if (r != KEY_CODE_YES && k == 0x1a) {
			suspend();
			continue;
		}
		if (ui->prompts != NULL)
			prompt_input(ui, r == KEY_CODE_YES, k);
		else if ((key = map_key(r == KEY_CODE_YES, k)) != -1)
			handle_key(ui, key);
	}
	give_up(ui, NULL);
	restore_terminal();
	return stop_signal ? 128 + stop_signal : MUA_EXIT_OK;
}
