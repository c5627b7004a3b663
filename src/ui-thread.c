/*
 * ui-thread.c: the thread view; see ui-thread.h.
 *
 * The messages come from the store (reply order, depth, tags); an open
 * message's text from mime.c, read when it is first opened. Both become
 * one list of screen lines, wrapped to the window, rebuilt whenever the
 * width, an open message or the tags change. The focused message is the
 * one whose lines are at the top of the screen: tag commands act on it.
 */
#include "autodefs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "file.h"
#include "mailcap.h"
#include "mime.h"
#include "run.h"
#include "store.h"
#include "text.h"
#include "outbox.h"
#include "render-job.h"
#include "ui-compose.h"
#include "ui-export.h"
#include "ui-parts.h"
#include "ui-route.h"
#include "ui-sync.h"
#include "ui-tag.h"
#include "ui-thread.h"
#include "ui-urls.h"
#include "ui.h"
#include "unsubscribe.h"

/* Replies deeper than this are indented no further. */
#define THREAD_MAX_INDENT 8

/* Messages from this size up are read on a thread of their own
 * (render-job.h): the keys go on meanwhile. Smaller ones take less than
 * a blink, and are shown at once. */
#define THREAD_RENDER_APART (1024 * 1024)

/* The most text kept from a mailcap HTML converter. */
#define THREAD_MAX_HTML_TEXT (8 * 1024 * 1024)

struct msg_state {
	int open;
	int was_unread;		/* when the view opened: <Tab> goes there */
	int rendered;
	struct render_job *job;	/* reading it, for a big one */
	struct mime_doc doc;
};

struct line {
	size_t msg;
	int kinds;		/* UI_* styles */
	int indent;
	int summary;		/* the message's one-line summary */
	char *text;		/* safe for the screen, wrapped */
};

struct ui_thread {
	struct config *config;
	struct ui_tagger *tagger;
	unsigned generation;
	struct store *store;
	char *thread_id, *query;
	struct store_message *msgs;
	size_t n;
	struct msg_state *state;
	int all_headers;
	struct line *lines;
	size_t nlines, cap_lines;
	int built_cols;		/* the width the lines are for; -1: stale */
	size_t top;
	size_t focus;
	char *find;		/* the last text searched for */
	int page;
};

static void
clear_lines(struct ui_thread *t)
{
	size_t i;

	for (i = 0; i < t->nlines; i++)
		free(t->lines[i].text);
	free(t->lines);
	t->lines = NULL;
	t->nlines = t->cap_lines = 0;
}

/* Adds the safe text TEXT, wrapped to WIDTH, as lines of message MSG. */
static void
add_wrapped(struct ui_thread *t, size_t msg, int indent, int width,
    int kinds, const char *text)
{
	char *tabs = text_expand_tabs(text), *safe = text_sanitize(tabs);
	size_t n, i;
	char **wrapped = text_wrap(safe, width, &n);

	/* Doubled as it fills: a big message has some 100,000 lines. */
	if (t->nlines + n > t->cap_lines) {
		t->cap_lines = 2 * (t->nlines + n);
		t->lines = xreallocarray(t->lines, t->cap_lines,
		    sizeof *t->lines);
	}
	for (i = 0; i < n; i++) {
		struct line *l = &t->lines[t->nlines++];
		l->msg = msg;
		l->kinds = kinds;
		l->indent = indent;
		l->summary = 0;
		l->text = wrapped[i];
	}
	free(wrapped);
	free(safe);
	free(tabs);
}

/* The style of a body line: quotes by depth ("> > x" is two). */
static int
body_kinds(const char *text, int in_signature)
{
	int depth = 0;

	if (in_signature)
		return UI_SIGNATURE;
	for (; *text == '>' || *text == ' '; text++)
		depth += *text == '>';
	return depth == 0 ? 0 : depth == 1 ? UI_QUOTE1 : depth == 2 ?
	    UI_QUOTE2 : UI_QUOTE3;
}

/* SUBJECT without the "Re: " and "Fwd: " replies add. */
static const char *
bare_subject(const char *subject)
{
	static const char *const leads[] = { "re:", "fwd:", "fw:", "aw:" };
	size_t i;

	for (i = 0; i < nitems(leads); i++)
		if (strncasecmp(subject, leads[i], strlen(leads[i])) == 0) {
			subject += strlen(leads[i]);
			subject += strspn(subject, " ");
			i = (size_t)-1;	/* "Re: Re: Fwd:": look again */
		}
	return subject;
}

/* The one line a message shows when closed, and above its text when open. */
static char *
summary_text(struct ui_thread *t, size_t i)
{
	const struct store_message *m = &t->msgs[i];
	struct buf b = { NULL, 0, 0 };
	char date[32];
	char **tag;

	text_date((time_t)m->date, time(NULL), date, sizeof date);
	buf_printf(&b, "%s %s  %s  (", t->state[i].open ? "-" : "+", m->from,
	    date);
	for (tag = m->tags; *tag != NULL; tag++)
		buf_printf(&b, "%s%s", tag == m->tags ? "" : " ", *tag);
	buf_adds(&b, ")");
	if (i == 0 || strcmp(bare_subject(m->subject),
	    bare_subject(t->msgs[0].subject)) != 0)
		buf_printf(&b, "  %s", m->subject);
	return buf_take(&b);
}

/*
 * HTML through the user's mailcap converter (a copiousoutput entry for
 * text/html, such as "lynx -dump %s"), from a private temporary file;
 * NULL when there is none or it failed, for the built-in one.
 */
static char *
html_via_mailcap(void *arg, const char *html)
{
	struct mailcap_entry e;
	char *dir, *file, *command, *out = NULL;
	int uses_file, in = -1;

	(void)arg;
	if (!mailcap_find("text/html", 1, &e))
		return NULL;
	if (file_temp_dir(&dir, NULL) == -1) {
		mailcap_entry_clear(&e);
		return NULL;
	}
	file = xasprintf("%s/part.html", dir);
	command = mailcap_command(&e, file, &uses_file);
	if (file_write_new(file, html, strlen(html), FILE_NO_SYNC, NULL) == 0 &&
	    (uses_file || (in = open(file, O_RDONLY | O_CLOEXEC)) != -1) &&
	    run_capture(command, in, THREAD_MAX_HTML_TEXT, &out, NULL) == -1)
		out = NULL;
	if (in != -1)
		close(in);
	unlink(file);
	rmdir(dir);
	free(dir);
	free(command);
	free(file);
	mailcap_entry_clear(&e);
	return out;
}

/* The options the message's text is read with. */
static void
render_options(struct ui_thread *t, struct mime_options *o)
{
	o->headers = options_get(t->config->options, "headers");
	o->all_headers = t->all_headers;
	o->alternative_order = options_get(t->config->options,
	    "alternative_order");
	o->max_part = (size_t)options_get_number(t->config->options,
	    "pager_max_part") << 20;
	o->html_filter = html_via_mailcap;
	o->html_arg = NULL;
	o->verify = 1;
	o->decrypt = MIME_DECRYPT_QUIET;
	o->session_key = NULL;
}

/* Whether message I must be read apart: a big one, or a signed or
 * encrypted one (checking and decrypting start gpg, which the loop must
 * not wait for; notmuch tags such mail "signed", "encrypted"). */
static int
render_apart(const struct ui_thread *t, size_t i)
{
	struct stat sb;
	char **tag;

	for (tag = t->msgs[i].tags; tag != NULL && *tag != NULL; tag++)
		if (strcmp(*tag, "signed") == 0 ||
		    strcmp(*tag, "encrypted") == 0)
			return 1;
	return stat(t->msgs[i].path, &sb) == 0 &&
	    sb.st_size >= THREAD_RENDER_APART;
}

/* The session key notmuch stashed for message I, if it is encrypted
 * (caller frees): the message is read again with no agent's help. */
static char *
session_key(struct ui_thread *t, size_t i)
{
	char **tag, *key = NULL;

	for (tag = t->msgs[i].tags; tag != NULL && *tag != NULL; tag++)
		if (strcmp(*tag, "encrypted") == 0) {
			store_session_key(t->store, t->msgs[i].path, &key,
			    NULL);
			break;
		}
	return key;
}

/*
 * Reads message I's text, once: a big one on a thread, taken here when
 * done (ticks ask again). A failure becomes a note in its place.
 */
static void
render(struct ui_thread *t, size_t i)
{
	struct msg_state *s = &t->state[i];
	struct mime_options o;
	char *note, *line = NULL, *key;

	if (s->rendered || (s->job != NULL && !render_job_take(s->job,
	    &s->doc)))
		return;
	if (s->job != NULL) {
		s->job = NULL;
		s->rendered = 1;
		return;
	}
	render_options(t, &o);
	o.session_key = key = session_key(t, i);
	/* A message waiting in the outbox says how its sending goes. */
	if ((note = outbox_describe(t->msgs[i].path)) != NULL)
		line = xasprintf("[-- %s --]", note);
	free(note);
	if (render_apart(t, i))
		s->job = render_job_start(t->msgs[i].path, &o, line);
	else {
		render_now(t->msgs[i].path, &o, line, &s->doc);
		s->rendered = 1;
	}
	free(line);
	free(key);
}

/* Adds message I's lines: its summary, and its text when it is open. */
static void
build_message(struct ui_thread *t, size_t i, int cols)
{
	const struct store_message *m = &t->msgs[i];
	int indent = 2 * (m->depth < THREAD_MAX_INDENT ? m->depth :
	    THREAD_MAX_INDENT), width, wrap, sig = 0;
	char *summary = summary_text(t, i);
	size_t j, first = t->nlines;

	/* One line, cut to fit when drawn: a tree reads badly wrapped. */
	add_wrapped(t, i, indent, INT_MAX, (m->unread ? UI_UNREAD : 0) |
	    (m->flagged ? UI_FLAGGED : 0), summary);
	free(summary);
	t->lines[first].summary = 1;
	if (!t->state[i].open)
		return;
	render(t, i);
	indent += 2;
	if (!t->state[i].rendered) {
		add_wrapped(t, i, indent, cols - indent, UI_HEADER,
		    "[-- reading the message... --]");
		add_wrapped(t, i, indent, cols - indent, 0, "");
		return;
	}
	width = cols - indent;
	wrap = (int)options_get_number(t->config->options, "wrap");
	if (wrap > 0 && wrap < width)
		width = wrap;
	for (j = 0; j < t->state[i].doc.n; j++) {
		const struct mime_line *l = &t->state[i].doc.lines[j];
		if (l->kind != MIME_BODY)
			sig = 0;
		else if (strcmp(l->text, "-- ") == 0)
			sig = 1;
		add_wrapped(t, i, indent, width, l->kind == MIME_BODY ?
		    body_kinds(l->text, sig) : UI_HEADER, l->text);
	}
	add_wrapped(t, i, indent, width, 0, "");
}

/* The first line of message I. */
static size_t
line_of(struct ui_thread *t, size_t i)
{
	size_t l;

	for (l = 0; l < t->nlines; l++)
		if (t->lines[l].msg == i)
			return l;
	return 0;
}

/* Rebuilds the lines for COLS, keeping the focused message on top. */
static void
build(struct ui_thread *t, int cols)
{
	size_t i;

	clear_lines(t);
	for (i = 0; i < t->n; i++)
		build_message(t, i, cols < 20 ? 20 : cols);
	t->built_cols = cols;
	t->top = line_of(t, t->focus);
}

static void
forget_renderings(struct ui_thread *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (t->state[i].job != NULL)
			render_job_abandon(t->state[i].job);
		t->state[i].job = NULL;
		mime_doc_clear(&t->state[i].doc);
		t->state[i].rendered = 0;
	}
	t->built_cols = -1;
}

/*
 * P: the focused message, encrypted to a key that needs its passphrase,
 * read again with the terminal handed over: gpg-agent's pinentry asks
 * for the passphrase there (GPG_TTY), and keeps it as long as the agent
 * is set to.
 */
static void
unlock(struct ui_thread *t, struct ui *ui)
{
	struct msg_state *s = &t->state[t->focus];
	struct mime_options o;
	struct mime_doc doc;
	char *cause = NULL;
	int rc;

	if (!s->rendered || !s->doc.locked) {
		ui_message(ui, "nothing here waits for a passphrase");
		return;
	}
	render_options(t, &o);
	o.decrypt = MIME_DECRYPT_ASK;
	memset(&doc, 0, sizeof doc);
	ui_suspend(ui);
	rc = mime_render(t->msgs[t->focus].path, &o, &doc, &cause);
	ui_resume(ui);
	if (rc == -1) {
		ui_error(ui, "%s", cause);
		free(cause);
		return;
	}
	mime_doc_clear(&s->doc);
	s->doc = doc;
	t->built_cols = -1;
	if (doc.locked)
		ui_error(ui, "still locked: the passphrase was not given (P "
		    "asks again)");
	else
		ui_message(ui, "decrypted");
}

/* While no key comes: a message read on a thread is shown when done
 * (its end wakes the loop). */
static long
thread_tick(void *data, struct ui *ui)
{
	struct ui_thread *t = data;
	size_t i;

	(void)ui;
	for (i = 0; i < t->n; i++)
		if (t->state[i].job != NULL &&
		    render_job_take(t->state[i].job, &t->state[i].doc)) {
			t->state[i].job = NULL;
			t->state[i].rendered = 1;
			t->built_cols = -1;
		}
	return -1;
}

/*
 * Reads the thread's messages again (tags changed), keeping which are
 * open and the focus, by Message-ID.
 */
static void
reload(struct ui_thread *t, struct ui *ui)
{
	struct store_message *msgs = NULL;
	struct msg_state *state;
	char *cause = NULL, *focus_id = t->n ? xstrdup(t->msgs[t->focus].id) :
	    NULL;
	size_t n = 0, i, j;

	if (store_thread_messages(t->store, t->thread_id, t->query, &msgs, &n,
	    &cause) == -1 || n == 0) {
		if (cause != NULL)
			ui_error(ui, "%s", cause);
		free(cause);
		free(focus_id);
		store_messages_free(msgs, n);
		return;		/* keep showing what we have */
	}
	state = xcalloc(n, sizeof *state);
	for (i = 0; i < n; i++)
		for (j = 0; j < t->n; j++)
			if (strcmp(msgs[i].id, t->msgs[j].id) == 0) {
				state[i] = t->state[j];
				memset(&t->state[j], 0, sizeof t->state[j]);
				if (focus_id != NULL && strcmp(focus_id,
				    msgs[i].id) == 0)
					t->focus = i;
			}
	forget_renderings(t);	/* frees what moved nowhere */
	store_messages_free(t->msgs, t->n);
	free(t->state);
	t->msgs = msgs;
	t->state = state;
	t->n = n;
	if (t->focus >= n)
		t->focus = n - 1;
	t->built_cols = -1;
	free(focus_id);
}

/* Draws the safe TEXT at Y, X in WIDTH columns, its URLs styled. */
static void
draw_line(int y, int x, int width, const char *text, int kinds)
{
	size_t from = 0, start, end;
	int used = 0, w;
	char *piece;

	ui_text(y, x, text, width, kinds);	/* all of it, then URLs over */
	while (text_url_next(text, from, &start, &end) && used < width) {
		piece = xstrndup(text + from, start - from);
		used += text_width(piece);
		free(piece);
		piece = xstrndup(text + start, end - start);
		w = text_width(piece);
		if (used < width)
			ui_text(y, x + used, piece, w < width - used ? w :
			    width - used, kinds | UI_URL);
		used += w;
		free(piece);
		from = end;
	}
}

static void
thread_draw(void *data, struct ui *ui, int rows, int cols)
{
	struct ui_thread *t = data;
	size_t i, top = t->top;

	if (t->generation != ui_tagger_generation(t->tagger)) {
		t->generation = ui_tagger_generation(t->tagger);
		reload(t, ui);
	}
	if (t->built_cols != cols) {
		build(t, cols);
		top = t->top;
	}
	t->page = rows;
	for (i = 0; i < (size_t)rows && top + i < t->nlines; i++) {
		const struct line *l = &t->lines[top + i];
		int kinds = l->kinds | (l->summary && l->msg == t->focus ?
		    UI_CURSOR : 0);
		ui_text((int)i, 0, "", l->indent, 0);
		draw_line((int)i, l->indent, cols - l->indent, l->text, kinds);
	}
}

/* Scrolls to line TOP; the focus follows the message on top. */
static void
scroll_to(struct ui_thread *t, size_t top)
{
	if (t->nlines == 0)
		return;
	t->top = top < t->nlines ? top : t->nlines - 1;
	t->focus = t->lines[t->top].msg;
}

/* Focuses message I and brings its first line to the top. */
static void
focus(struct ui_thread *t, size_t i)
{
	t->focus = i;
	t->top = line_of(t, i);
}

static void
next_unread(struct ui_thread *t, struct ui *ui)
{
	size_t i;

	for (i = t->focus + 1; i < t->n; i++)
		if (t->state[i].was_unread) {
			t->state[i].open = 1;
			t->built_cols = -1;
			t->focus = i;
			return;
		}
	ui_message(ui, "no more unread messages in this thread");
}

/* Finds T->find in the lines after the top, wrapping around. */
static void
find_next(struct ui_thread *t, struct ui *ui)
{
	size_t i, l;

	if (t->find == NULL || *t->find == '\0') {
		ui_message(ui, "nothing to find: / asks what");
		return;
	}
	for (i = 1; i <= t->nlines; i++) {
		l = (t->top + i) % t->nlines;
		if (strcasestr(t->lines[l].text, t->find) != NULL) {
			if (l <= t->top)
				ui_message(ui, "search wrapped");
			scroll_to(t, l);
			return;
		}
	}
	ui_error(ui, "not found: %s", t->find);
}

/* What was typed at "find: " (an empty line finds the last again). */
static void
find_typed(struct ui *ui, void *arg, char *text)
{
	struct ui_thread *t = arg;

	if (text == NULL)
		return;
	if (*text != '\0') {
		free(t->find);
		t->find = text;
	} else
		free(text);
	find_next(t, ui);
}

/* "search TEXT" finds it; "search" asks. */
static void
find(struct ui_thread *t, struct ui *ui, const char *args)
{
	static const struct ui_prompt_opts opts = { "history-find", NULL, NULL, 0 };

	if (*args == '\0')
		ui_ask(ui, t, "find: ", "", &opts, find_typed, t);
	else
		find_typed(ui, t, xstrdup(args));
}

/* Runs a tag command on the focused message; -1 for other commands. */
static int
tag_command(struct ui_thread *t, struct ui *ui, const char *name,
    const char *args)
{
	char *q;

	if (!ui_tagger_has_command(name))
		return -1;
	if (t->n == 0)
		return 0;
	/* Muting is the thread's, wherever it is asked for. */
	if (strcmp(name, "mute") == 0) {
		q = xasprintf("thread:%s", t->thread_id);
		ui_tagger_command(t->tagger, ui, t, name, args, q, "the thread",
		    0);
		free(q);
		return 0;
	}
	q = store_id_query(t->msgs[t->focus].id);
	/* mutt's resolve: on to the next message, if there is one. */
	ui_tagger_command(t->tagger, ui, t, name, args, q, "the message",
	    options_get_bool(t->config->options, "resolve") &&
	    t->focus + 1 < t->n);
	free(q);
	return 0;
}

/* The links in the focused message's text (read if it isn't yet). */
static void
list_urls(struct ui_thread *t, struct ui *ui)
{
	struct mime_doc *doc;
	char **lines;
	size_t i;

	render(t, t->focus);
	if (!t->state[t->focus].rendered) {
		ui_message(ui, "the message is still being read: ask for "
		    "its links again in a moment");
		return;
	}
	doc = &t->state[t->focus].doc;
	lines = xcalloc(doc->n + 1, sizeof *lines);
	for (i = 0; i < doc->n; i++)
		lines[i] = text_sanitize(doc->lines[i].text);
	ui_urls_open(ui, lines, doc->n);
	for (i = 0; i < doc->n; i++)
		free(lines[i]);
	free(lines);
}

static void
list_parts(struct ui_thread *t, struct ui *ui)
{
	char *cause = NULL;

	if (t->n > 0 && ui_parts_open(ui, t->msgs[t->focus].path,
	    &cause) == -1) {
		ui_error(ui, "%s", cause);
		free(cause);
	}
}

/*
 * :unsubscribe, on the message shown: a mailto: address gets a message
 * composed to it (sent through the outbox like any); a web address
 * (RFC 8058 one-click or a page) is listed, to open or copy: mua never
 * fetches it by itself.
 */
static void
unsubscribe(struct ui_thread *t, struct ui *ui)
{
	struct unsubscribe u;
	char *line, *safe;

	if (unsubscribe_read(t->msgs[t->focus].path, &u) == -1)
		ui_error(ui, "can't read the message: %s", strerror(errno));
	else if (u.mailto == NULL && u.web == NULL)
		ui_message(ui, "the message names no way to unsubscribe (it has "
		    "no List-Unsubscribe)");
	else if (u.mailto != NULL && ui_syncer(ui) != NULL)
		ui_compose_open(ui, NULL, u.mailto);
	else if (u.web != NULL) {
		/* The header's text is the sender's: made safe to show. */
		safe = text_sanitize(u.web);
		line = xasprintf("unsubscribe: %s", safe);
		ui_urls_open(ui, &line, 1);
		ui_message(ui, "%s: Enter opens it with url_command, y copies "
		    "it", u.one_click ? "one-click unsubscribe (RFC 8058)" :
		    "the list's unsubscribe page");
		free(line);
		free(safe);
	} else
		ui_error(ui, "unsubscribing takes a mail to %s: no account "
		    "sends mail here", u.mailto + 7);
	unsubscribe_clear(&u);
}

static int
thread_command(void *data, struct ui *ui, const char *name, const char *args)
{
	struct ui_thread *t = data;
	size_t page = t->page > 1 ? (size_t)t->page - 1 : 1;

	if (strcmp(name, "down") == 0)
		scroll_to(t, t->top + 1);
	else if (strcmp(name, "up") == 0)
		scroll_to(t, t->top > 0 ? t->top - 1 : 0);
	else if (strcmp(name, "page-down") == 0)
		scroll_to(t, t->top + page);
	else if (strcmp(name, "page-up") == 0)
		scroll_to(t, t->top > page ? t->top - page : 0);
	else if (strcmp(name, "top") == 0)
		scroll_to(t, 0);
	else if (strcmp(name, "bottom") == 0)
		scroll_to(t, t->nlines > (size_t)t->page ? t->nlines -
		    (size_t)t->page : 0);
	else if (strcmp(name, "next") == 0)
		focus(t, t->focus + 1 < t->n ? t->focus + 1 : t->focus);
	else if (strcmp(name, "previous") == 0)
		focus(t, t->focus > 0 ? t->focus - 1 : 0);
	else if (strcmp(name, "next-unread") == 0)
		next_unread(t, ui);
	else if (strcmp(name, "open") == 0 && t->n > 0) {
		t->state[t->focus].open = !t->state[t->focus].open;
		t->built_cols = -1;
	} else if (strcmp(name, "toggle-headers") == 0) {
		t->all_headers = !t->all_headers;
		forget_renderings(t);
	} else if (strcmp(name, "search") == 0)
		find(t, ui, args);
	else if (strcmp(name, "search-next") == 0)
		find_next(t, ui);
	else if (strcmp(name, "parts") == 0)
		list_parts(t, ui);
	else if (strcmp(name, "urls") == 0 && t->n > 0)
		list_urls(t, ui);
	else if (strcmp(name, "unsubscribe") == 0 && t->n > 0)
		unsubscribe(t, ui);
	else if (strcmp(name, "decrypt") == 0 && t->n > 0)
		unlock(t, ui);
	else if (strcmp(name, "route") == 0 && t->n > 0)
		ui_route_open(ui, t->msgs[t->focus].path);
	else if (ui_export_has_command(name) && t->n > 0)
		ui_export_command(ui, t, t->store, name,
		    (const char *const *)&t->msgs[t->focus].path, 1);
	else if (ui_sync_answer_option(name) != NULL && t->n > 0 &&
	    ui_syncer(ui) != NULL)
		ui_compose_open(ui, ui_sync_answer_option(name),
		    t->msgs[t->focus].path);
	else
		return tag_command(t, ui, name, args);
	return 0;
}

static void
thread_status(void *data, char *buf, size_t size)
{
	struct ui_thread *t = data;
	size_t pending = ui_tagger_pending(t->tagger);
	char *subject = text_sanitize(t->n ? t->msgs[0].subject : "");

	snprintf(buf, size, " %s  message %zu of %zu%s", subject, t->focus + 1,
	    t->n, pending ? "  [tag changes waiting]" : "");
	free(subject);
}

static void
thread_free(void *data)
{
	struct ui_thread *t = data;

	forget_renderings(t);
	clear_lines(t);
	store_messages_free(t->msgs, t->n);
	free(t->state);
	free(t->thread_id);
	free(t->query);
	free(t->find);
	free(t);
}

static const struct ui_view_type thread_type = {
	"pager", KEYMAP_PAGER, thread_draw, thread_command, thread_status,
	thread_tick, thread_free,
};

/*
 * Opens the unread messages (or the last, when none is), focuses the
 * first of them, and marks them read when the user wants that.
 */
static void
open_unread(struct ui_thread *t, struct ui *ui)
{
	struct buf q = { NULL, 0, 0 };
	size_t i, first = t->n;

	for (i = 0; i < t->n; i++) {
		if (!t->msgs[i].unread)
			continue;
		char *one = store_id_query(t->msgs[i].id);
		buf_printf(&q, "%s%s", q.len ? " or " : "", one);
		free(one);
		t->state[i].open = t->state[i].was_unread = 1;
		if (first == t->n)
			first = i;
	}
	if (first == t->n && t->n > 0)
		t->state[first = t->n - 1].open = 1;
	t->focus = first < t->n ? first : 0;
	if (q.len > 0 && options_get_bool(t->config->options, "mark_read"))
		ui_tagger_tag(t->tagger, ui, q.s, "-unread");
	buf_free(&q);
}

int
ui_thread_open(struct ui *ui, struct store *store, const char *thread_id,
    const char *query, char **cause)
{
	struct ui_thread *t = xcalloc(1, sizeof *t);

	if (store_thread_messages(store, thread_id, query, &t->msgs, &t->n,
	    cause) == -1) {
		free(t);
		return -1;
	}
	if (t->n == 0) {
		free(t);
		return set_cause(cause, "the thread is no longer there");
	}
	t->config = ui_config(ui);
	t->tagger = ui_tagger(ui);
	t->store = store;
	t->thread_id = xstrdup(thread_id);
	t->query = xstrdup(query);
	t->state = xcalloc(t->n, sizeof *t->state);
	t->built_cols = -1;
	t->generation = ui_tagger_generation(t->tagger);
	ui_push(ui, &thread_type, t);
	open_unread(t, ui);
	return 0;
}
