/*
 * ui.h: the terminal: curses set-up and teardown, a stack of views, the
 * status line, and the loop that turns keys into commands. Only ui*.c
 * include curses.
 *
 * Each view is a small vtable (draw, command, free); keys are looked up
 * in the view's key table and the command line found is run by the view
 * on top of the stack.
 */
#ifndef UI_H
#define UI_H

#include "keymap.h"
#include "mua.h"
#include "ui-style.h"

struct config;
struct ui;
struct ui_sidebar;
struct ui_sync;
struct ui_tagger;

struct ui_view_type {
	const char *name;
	enum keymap_view keymap;
	/* Draws the view on screen rows 0 .. ROWS-1 of COLS columns. */
	void (*draw)(void *data, struct ui *ui, int rows, int cols);
	/*
	 * Runs the command NAME with ARGS (space-separated, may be "");
	 * returns 0 if the view handled it, -1 if it doesn't know it.
	 */
	int (*command)(void *data, struct ui *ui, const char *name,
	    const char *args);
	/* Writes the status line's left part into BUF. */
	void (*status)(void *data, char *buf, size_t size);
	/*
	 * Background work, when the loop has no key to handle (after each
	 * key and each wake-up, wake.h); may be NULL. Returns in how many
	 * milliseconds it wants to be called again, or -1 for not until
	 * something happens.
	 */
	long (*tick)(void *data, struct ui *ui);
	void (*free)(void *data);
};

/*
 * Takes over the terminal (UTF-8 locale, curses, colours when the
 * terminal has them and NO_COLOR is unset). The terminal is restored by
 * ui_free(), at exit, and on SIGTERM, SIGHUP and SIGINT.
 */
struct ui *ui_new(struct config *config, char **cause);
void ui_free(struct ui *ui);

/* The configuration the UI runs with; ":" lines change it. */
struct config *ui_config(struct ui *ui);

/* The tagger the views tag through; the UI retries it when idle. */
void ui_set_tagger(struct ui *ui, struct ui_tagger *tagger);
struct ui_tagger *ui_tagger(struct ui *ui);

/* The background sync ("sync" command, $); the UI watches it when idle. */
void ui_set_sync(struct ui *ui, struct ui_sync *sync);
/* The runner of mua's verbs (sync, send, compose); may be NULL. */
struct ui_sync *ui_syncer(struct ui *ui);

/*
 * Has the loop wait on FD too, for a view: when it may have something to
 * read (or has ended), READY(ARG, UI) is called, as background work is;
 * it must not block. ui_unwatch() stops it (before FD is closed).
 */
void ui_watch(struct ui *ui, int fd, void (*ready)(void *arg, struct ui *ui),
    void *arg);
void ui_unwatch(struct ui *ui, int fd);

/* Closes the view whose data is DATA, wherever it is in the stack. */
void ui_close(struct ui *ui, void *data);

/* Gives the terminal to another program, and takes it back after. */
void ui_suspend(struct ui *ui);
void ui_resume(struct ui *ui);

/* The sidebar the index views show; the UI lets it count when idle. */
void ui_set_sidebar(struct ui *ui, struct ui_sidebar *sidebar);
struct ui_sidebar *ui_sidebar(struct ui *ui);

/* Puts a view on top; the UI owns DATA from now on. */
void ui_push(struct ui *ui, const struct ui_view_type *type, void *data);

/* What a prompt offers beyond typing. */
struct ui_prompt_opts {
	/* The history's name (Up and Down browse it), or NULL for none. */
	const char *history;
	/*
	 * Tab: the words that could replace WORD, the last word of the line
	 * LINE typed so far (caller frees each and the array), or NULL for
	 * no completion.
	 */
	char **(*complete)(void *arg, const char *line, const char *word,
	    size_t *n);
	void *arg;
	/* A password: shown as stars, kept in no history, wiped after. */
	int secret;
};

/*
 * What becomes of a line asked for: called once, with the TEXT typed
 * (the callee frees it; a secret one it wipes), or NULL when the user
 * gave up (Esc, C-g), the view that asked was closed, or mua is leaving.
 */
typedef void ui_answer_fn(struct ui *ui, void *arg, char *text);

/*
 * Asks for a line of text in the status line after PROMPT, starting with
 * INITIAL, with OPTS (may be NULL; copied, but what OPTS->arg points to
 * must last until the answer). The prompt is a mode of the loop, not a
 * loop of its own: this returns at once, jobs, counts and timers go on
 * while the user types, and ANSWER(UI, ARG, TEXT) comes later. OWNER is
 * the data of the view that asks (its closing gives the answer NULL), or
 * NULL for the UI's own questions. One prompt is on screen at a time:
 * one asked from an answer comes next, others wait their turn. A line
 * given is added to the history; C-u clears the line, C-w removes the
 * last word.
 */
void ui_ask(struct ui *ui, void *owner, const char *prompt,
    const char *initial, const struct ui_prompt_opts *opts,
    ui_answer_fn *answer, void *arg);

/* Whether ANSWER (to a "... (y/n) " question; may be NULL) begins with y
 * or Y: Esc, n or anything else is no. Frees ANSWER. */
int ui_yes(char *answer);

/*
 * Asks with PROMPT and OPTS, for the view OWNER, and runs its command
 * COMMAND with a line typed (not an empty one) as its arguments, as
 * ":COMMAND line" would: "search" asks, "search QUERY" searches.
 */
void ui_ask_command(struct ui *ui, void *owner, const char *prompt,
    const struct ui_prompt_opts *opts, const char *command);

/* Runs the command NAME ARGS on the view whose data is OWNER, if it is
 * still open. */
void ui_command(struct ui *ui, void *owner, const char *name,
    const char *args);

/*
 * Shows a message in the status line until the next key, and keeps it in
 * the message log (the "messages" command shows it); ui_error() styles it
 * as an error.
 */
void ui_message(struct ui *ui, const char *fmt, ...) MUA_PRINTF(2, 3);
void ui_error(struct ui *ui, const char *fmt, ...) MUA_PRINTF(2, 3);

/* Keeps a message in the log only: news for whoever looks, not for the
 * status line (what libraries say). */
void ui_log(struct ui *ui, const char *fmt, ...) MUA_PRINTF(2, 3);

/*
 * Draws TEXT (any bytes: it is sanitized here) at row Y, column X, fitted
 * to WIDTH columns (padded), styled as text of the KINDS (UI_UNREAD...).
 */
void ui_text(int y, int x, const char *text, int width, int kinds);

/* As ui_text() for the tag name TAG, in the tag's own colour if it has one. */
void ui_text_tag(int y, int x, const char *tag, int width, int kinds);

/*
 * Runs the moving command NAME (down, up, page-down, page-up, top,
 * bottom) on a position *AT among N lines, PAGE lines a screen. Returns
 * 0, or -1 when NAME is not one of them.
 */
int ui_move(const char *name, size_t *at, size_t n, int page);

/*
 * Gives the terminal to the shell COMMAND (the user's own) with standard
 * input from IN (-1: /dev/null, -2: the terminal), waits for it, and, with WAIT_KEY, for
 * Enter before taking the screen back. Returns its exit status (-1: it
 * could not start); a failure is also said in the status line.
 */
int ui_external(struct ui *ui, const char *command, int in, int wait_key);

/*
 * Runs until the last view is closed or a signal asks to stop. Returns
 * MUA_EXIT_OK, or 128 + the signal number.
 */
int ui_run(struct ui *ui);

#endif
