/* ui-compose.c: the compose view; see ui-compose.h. */
#include "autodefs.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "addressbook.h"
#include "buf.h"
#include "compose-session.h"
#include "compose.h"
#include "config.h"
#include "file.h"
#include "gpg.h"
#include "mua.h"
#include "seal-plan.h"
#include "ui-complete.h"
#include "ui-compose.h"
#include "ui-sync.h"
#include "ui-tag.h"
#include "ui.h"

struct ui_compose {
	struct ui *ui;
	pid_t pid;		/* mua compose --serve; 0 once it ended */
	int to, from;		/* its standard input; its output */
	struct buf pending;	/* a line of its output not finished yet */
	char *file;		/* the draft's file, once it is ready */
	char *text;		/* the draft, as last read */
	const char *doing;	/* what the child is doing; NULL: waiting */
	int edit_next;		/* run the editor when the child says ok */
	int editor_failed;	/* its exit status the first time, or 0 */
	int first_edit;		/* the first run is still to come */
	int ended;		/* it said "end": closing */
	char *typed_ahead;	/* a command given while the child was
				   busy, run when it is done */
	char *security;		/* what sending would do, in words */
	int sign, encrypt;	/* and whether it signs, encrypts */
	int unlocked;		/* the signing key's passphrase was asked */
	size_t top;		/* the first line of the text shown */
	int page;
};

/* Tells the child COMMAND (one line); DOING says what it now does. */
static void
tell(struct ui_compose *c, const char *doing, const char *fmt, ...)
    MUA_PRINTF(3, 4);

static void
tell(struct ui_compose *c, const char *doing, const char *fmt, ...)
{
	va_list ap;
	char *line;
	ssize_t w = -1;

	errno = 0;
	va_start(ap, fmt);
	if (vasprintf(&line, fmt, ap) == -1)
		line = NULL;
	va_end(ap);
	if (line != NULL) {
		/* A value typed at a prompt has no newline; a file name
		 * could: it is refused, not split into two commands. */
		if (strchr(line, '\n') == NULL)
			w = write(c->to, line, strlen(line));
		if (w != -1)
			w = write(c->to, "\n", 1);
	}
	free(line);
	if (w == -1)
		ui_error(c->ui, "compose: can't tell the draft's keeper: %s",
		    errno != 0 ? strerror(errno) : "a newline in the name");
	else
		c->doing = doing;
}

/* The draft's file read again (after the child wrote it). */
static void
reread(struct ui_compose *c)
{
	char *text = NULL, *cause = NULL;
	size_t len;

	if (c->file == NULL || file_read(c->file, &text, &len, &cause) == -1) {
		ui_error(c->ui, "compose: %s", cause ? cause : "no draft");
		free(cause);
		return;
	}
	free(c->text);
	c->text = text;
}

/* The user's editor on the draft's file, the terminal handed over. */
static void
run_editor(struct ui_compose *c)
{
	char *command = xasprintf("%s '%s'",
	    compose_editor(ui_config(c->ui)), c->file);
	int status = ui_external(c->ui, command, -2, 0), first = c->first_edit;

	free(command);
	c->first_edit = 0;
	if (status == 0)
		tell(c, "keeping the draft", "edited");
	else if (first) {
		/* Nothing to go on with. Postponed, not aborted: a draft
		 * taken up (e) stays as it was; a new one was never kept. */
		c->editor_failed = status;
		tell(c, "stopping", "postpone");
	} else {
		ui_error(c->ui, "compose: the editor failed (exit status %d): "
		    "the draft is as it was", status);
		tell(c, "reading the draft", "edit");
	}
}

/* How the session ended (the child's "end HOW ..."), in words. */
static void
ended(struct ui_compose *c, const char *how)
{
	c->ended = 1;
	if (strcmp(how, "queued") == 0) {
		ui_message(c->ui, "compose: queued in the outbox");
		if (ui_syncer(c->ui) != NULL)
			ui_sync_queued(ui_syncer(c->ui), c->ui);
	} else if (c->editor_failed != 0)
		ui_error(c->ui, "compose: not sent: the editor failed (exit "
		    "status %d); nothing was changed", c->editor_failed);
	else if (strncmp(how, "postponed ", 10) == 0)
		ui_message(c->ui, "compose: postponed: the draft is in %s (e on "
		    "it takes it up again)", how + 10);
	else if (strcmp(how, "aborted") == 0)
		ui_message(c->ui, "compose: aborted: the draft is thrown away");
	else if (strcmp(how, "unchanged") == 0)
		ui_message(c->ui, "compose: not sent: the message was not "
		    "changed");
	else
		ui_message(c->ui, "compose: %s", how);
}

/* "security SIGN ENCRYPT TEXT": what sending would do. */
static void
security(struct ui_compose *c, const char *arg)
{
	int used = 0;

	if (sscanf(arg, "%d %d %n", &c->sign, &c->encrypt, &used) < 2 ||
	    used == 0)
		return;
	free(c->security);
	c->security = xstrdup(arg + used);
}

/*
 * "locked FPR": the signing key needs its passphrase. gpg-agent asks
 * for it with the terminal handed over (as P does in the pager), then
 * the message is queued again, signed with what the agent now holds.
 * The child never asks: it has no terminal.
 */
static void
unlock(struct ui_compose *c, const char *fpr)
{
	char *cause = NULL, *who = gpg_key_name(fpr);
	int rc;

	if (c->unlocked) {
		ui_error(c->ui, "not sent: gpg-agent didn't keep the passphrase "
		    "of %s (ignore-cache-for-signing, or a cache time of 0?); "
		    "mua compose in a shell asks for it itself", who);
		free(who);
		return;
	}
	ui_suspend(c->ui);
	rc = gpg_unlock(fpr, &cause);
	ui_resume(c->ui);
	if (rc == -1) {
		ui_error(c->ui, "not sent: %s's passphrase was not given (%s)",
		    who, cause);
		free(cause);
	} else {
		c->unlocked = 1;
		tell(c, "queueing the message", "send");
	}
	free(who);
}

/* Whether LINE, its first word N long, answers a command. */
static int
is_answer(const char *line, size_t n)
{
	static const char *const words[] = { "ready", "ok", "refused",
		"error", "end", "locked" };
	size_t i;

	for (i = 0; i < nitems(words); i++)
		if (strlen(words[i]) == n && strncmp(line, words[i], n) == 0)
			return 1;
	return 0;
}

/* One line from the child: news, or the answer to the last command. */
static void
heard(struct ui_compose *c, const char *line)
{
	const char *arg = strchr(line, ' ') ? strchr(line, ' ') + 1 : "";
	size_t n = strcspn(line, " ");

	if (!is_answer(line, n)) {	/* news */
		if (n == 3 && strncmp(line, "say", 3) == 0)
			ui_message(c->ui, "compose: %s", arg);
		else if (n == 8 && strncmp(line, "security", 8) == 0)
			security(c, arg);
		else
			ui_log(c->ui, "compose: %s", line);
		return;
	}
	c->doing = NULL;
	if (n == 5 && strncmp(line, "ready", 5) == 0) {
		c->file = xstrdup(arg);
		reread(c);
		run_editor(c);
	} else if (n == 2 && strncmp(line, "ok", 2) == 0) {
		reread(c);
		if (c->edit_next) {
			c->edit_next = 0;
			run_editor(c);
		}
	} else if (n == 7 && strncmp(line, "refused", 7) == 0)
		ui_error(c->ui, "not sent: %s", arg);
	else if (n == 5 && strncmp(line, "error", 5) == 0) {
		ui_error(c->ui, "compose: %s", arg);
		c->ended |= c->file == NULL;	/* it couldn't start: said */
	} else if (n == 3 && strncmp(line, "end", 3) == 0)
		ended(c, arg);
	else
		unlock(c, arg);		/* locked FPR */
}

/* The child is gone: reaped, and said if it went without an end. */
static void
gone(struct ui_compose *c)
{
	int status = 0;

	ui_unwatch(c->ui, c->from);	/* its end would wake the loop on */
	while (waitpid(c->pid, &status, 0) == -1 && errno == EINTR)
		;
	c->pid = 0;
	ui_tagger_store_changed(ui_tagger(c->ui), c->ui);	/* its drafts */
	if (!c->ended)
		ui_error(c->ui, "compose: ended without finishing (%s %d): the "
		    "draft as last kept is in the drafts folder",
		    WIFSIGNALED(status) ? "signal" : "exit status",
		    WIFSIGNALED(status) ? WTERMSIG(status) :
		    WEXITSTATUS(status));
	c->ended = 1;
}

static int compose_command(void *data, struct ui *ui, const char *name,
    const char *args);

/* The command typed while the child was busy, now it is not. */
static void
run_typed_ahead(struct ui_compose *c)
{
	char *name = c->typed_ahead;

	c->typed_ahead = NULL;
	compose_command(c, c->ui, name, "");
	free(name);
}

/* The child's output, when the loop sees some (ui_watch()). */
static void
readable(void *arg, struct ui *ui)
{
	struct ui_compose *c = arg;
	char chunk[4096], *nl;
	ssize_t r;

	while ((r = read(c->from, chunk, sizeof chunk)) > 0)
		buf_add(&c->pending, chunk, (size_t)r);
	while (!c->ended && c->pending.len > 0 &&
	    (nl = memchr(c->pending.s, '\n', c->pending.len)) != NULL) {
		*nl = '\0';
		heard(c, c->pending.s);
		c->pending.len -= (size_t)(nl + 1 - c->pending.s);
		memmove(c->pending.s, nl + 1, c->pending.len);
	}
	if ((r == 0 || c->ended) && c->pid > 0)
		gone(c);
	if (c->pid == 0)
		ui_close(ui, c);	/* C is freed */
	else if (c->doing == NULL && c->typed_ahead != NULL)
		run_typed_ahead(c);
}

/* The draft's header field NAME, or "". */
static char *
field(const struct ui_compose *c, const char *name)
{
	char *v = c->text ? compose_header(c->text, name) : NULL;

	return v != NULL ? v : xstrdup("");
}

/* Y: a row "Name:    value". */
static void
draw_field(const struct ui_compose *c, int y, const char *name, int cols)
{
	char *v = field(c, name), *label = xasprintf("%s:", name),
	    *line = xasprintf("%-8s %s", label, v);

	ui_text(y, 0, line, cols, UI_HEADER);
	free(line);
	free(label);
	free(v);
}

/* The attachments from row Y; returns the next row. */
static int
draw_attachments(const struct ui_compose *c, int y, int rows, int cols)
{
	struct compose_parsed p;
	struct stat sb;
	char *line;
	size_t i;
	int here;

	if (c->text == NULL || compose_parse(c->text, &p, NULL) == -1) {
		ui_text(y, 0, "The draft has a problem: e edits it", cols,
		    UI_ERROR);
		return y + 1;
	}
	ui_text(y++, 0, p.nattachments == 0 ? "Attachments: none" :
	    "Attachments:", cols, UI_HEADER);
	for (i = 0; i < p.nattachments && y < rows; i++) {
		if ((here = stat(p.attachments[i], &sb) == 0))
			line = xasprintf("  %zu %s (%lld bytes)", i + 1,
			    p.attachments[i], (long long)sb.st_size);
		else
			line = xasprintf("  %zu %s (missing)", i + 1,
			    p.attachments[i]);
		ui_text(y++, 0, line, cols, here ? 0 : UI_ERROR);
		free(line);
	}
	compose_parsed_clear(&p);
	return y;
}

/* The draft's text: what follows its header. */
static const char *
body(const struct ui_compose *c)
{
	const char *p = c->text ? strstr(c->text, "\n\n") : NULL;

	return p != NULL ? p + 2 : "";
}

/* How many lines the text has. */
static size_t
body_lines(const struct ui_compose *c)
{
	const char *p;
	size_t n = 0;

	for (p = body(c); *p != '\0'; p += strcspn(p, "\n") + (p[strcspn(p,
	    "\n")] == '\n'))
		n++;
	return n;
}

/* The text from row Y on. */
static void
draw_text(struct ui_compose *c, int y, int rows, int cols)
{
	const char *p = body(c);
	size_t i = 0, n;

	c->page = rows - y > 1 ? rows - y : 1;
	for (; *p != '\0' && y < rows; i++) {
		n = strcspn(p, "\n");
		if (i >= c->top) {
			char *line = xstrndup(p, n);
			ui_text(y++, 0, line, cols, 0);
			free(line);
		}
		p += n + (p[n] == '\n');
	}
}

static void
compose_draw(void *data, struct ui *ui, int rows, int cols)
{
	static const char *const names[] = { "From", "To", "Cc", "Bcc",
		"Subject" };
	struct ui_compose *c = data;
	char *reply_to = field(c, "Reply-To");
	size_t i;
	int y = 0;

	(void)ui;
	for (i = 0; i < nitems(names) && y < rows; i++)
		draw_field(c, y++, names[i], cols);
	if (*reply_to != '\0' && y < rows)
		draw_field(c, y++, "Reply-To", cols);
	free(reply_to);
	if (y < rows) {
		char *line = xasprintf("Security: %s", c->security ?
		    c->security : "...");
		ui_text(y++, 0, line, cols, c->security != NULL &&
		    strstr(c->security, ", but ") != NULL ? UI_ERROR :
		    UI_HEADER);
		free(line);
	}
	if (y < rows)
		y = draw_attachments(c, y, rows, cols);
	if (y < rows)
		ui_text(y++, 0, "", cols, 0);
	draw_text(c, y, rows, cols);
}

/* The message queued; a passphrase may be asked for it once more. */
static void
queue_it(struct ui_compose *c)
{
	c->unlocked = 0;
	tell(c, "queueing the message", "send");
}

static void
send_yes(struct ui *ui, void *arg, char *answer)
{
	(void)ui;
	if (ui_yes(answer))
		queue_it(arg);
}

/* y: sent, after a yes when it has no subject, or speaks of an
 * attachment with none attached. */
static void
send_message(struct ui_compose *c)
{
	struct compose_parsed p;
	const char *question = NULL;

	if (c->text == NULL || compose_parse(c->text, &p, NULL) == -1) {
		queue_it(c);	/* the child says what is wrong */
		return;
	}
	if (p.subject == NULL || *p.subject == '\0')
		question = "The message has no subject: send it anyway? (y/n) ";
	else if (compose_forgot_attachment(&p))
		question = "The text speaks of an attachment, and none is "
		    "attached: send it anyway? (y/n) ";
	compose_parsed_clear(&p);
	if (question != NULL)
		ui_ask(c->ui, c, question, "", NULL, send_yes, c);
	else
		queue_it(c);
}

/* What a field edited in the status line is to be. */
struct field_edit {
	struct ui_compose *c;
	const char *name;
	struct ui_complete_book book;
};

static void
field_typed(struct ui *ui, void *arg, char *value)
{
	struct field_edit *e = arg;
	char *expanded;

	if (value != NULL && strcmp(e->name, "Subject") != 0) {
		expanded = addressbook_expand(ui_config(ui), value);
		free(value);
		value = expanded;
	}
	if (value != NULL)
		tell(e->c, "keeping the draft", "set %s %s", e->name, value);
	free(value);
	free(e);
}

/* t, c, b, s: a field edited in the status line; addresses completed by
 * Tab, aliases expanded. */
static void
edit_field(struct ui_compose *c, const char *name)
{
	struct field_edit *e = xmalloc(sizeof *e);
	struct ui_prompt_opts opts = { "history-address", ui_complete_address,
		&e->book, 0 };
	char *now = field(c, name), *prompt = xasprintf("%s: ", name);

	e->c = c;
	e->name = name;
	e->book.store = ui_syncer(c->ui) ? ui_sync_store(ui_syncer(c->ui)) :
	    NULL;
	e->book.config = ui_config(c->ui);
	ui_ask(c->ui, c, prompt, now, strcmp(name, "Subject") != 0 ? &opts :
	    NULL, field_typed, e);
	free(prompt);
	free(now);
}

static void
path_typed(struct ui *ui, void *arg, char *path)
{
	size_t n = path != NULL ? strlen(path) : 0;

	(void)ui;
	while (n > 0 && path[n - 1] == ' ')	/* what Tab left after it */
		path[--n] = '\0';
	if (path != NULL && *path != '\0')
		tell(arg, "keeping the draft", "attach %s", path);
	free(path);
}

/* a: a file to attach, its name completed by Tab. */
static void
attach(struct ui_compose *c)
{
	struct ui_prompt_opts opts = { "history-attach", ui_complete_path,
		NULL, 0 };

	ui_ask(c->ui, c, "Attach file: ", "", &opts, path_typed, c);
}

/* The number of attachments the draft has. */
static size_t
attachments(const struct ui_compose *c)
{
	struct compose_parsed p;
	size_t n = 0;

	if (c->text != NULL && compose_parse(c->text, &p, NULL) == 0) {
		n = p.nattachments;
		compose_parsed_clear(&p);
	}
	return n;
}

static void
number_typed(struct ui *ui, void *arg, char *typed)
{
	struct ui_compose *c = arg;
	int k = typed != NULL ? atoi(typed) : 0;

	if (typed != NULL && k > 0 && (size_t)k <= attachments(c))
		tell(c, "keeping the draft", "detach %d", k);
	else if (typed != NULL)
		ui_error(ui, "no attachment has the number \"%s\"", typed);
	free(typed);
}

/* d: an attachment to drop, by its number on the screen. */
static void
detach(struct ui_compose *c)
{
	size_t n = attachments(c);

	if (n == 0)
		ui_message(c->ui, "nothing is attached");
	else
		ui_ask(c->ui, c, "Detach which (number): ", n == 1 ? "1" : "",
		    NULL, number_typed, c);
}

static void
abort_yes(struct ui *ui, void *arg, char *answer)
{
	(void)ui;
	if (ui_yes(answer))
		tell(arg, "throwing the draft away", "abort");
}

static void
abort_message(struct ui_compose *c)
{
	ui_ask(c->ui, c, "Abort, and throw the draft away? (y/n) ", "", NULL,
	    abort_yes, c);
}

static int run_command(struct ui_compose *c, struct ui *ui,
    const char *name);

static int
compose_command(void *data, struct ui *ui, const char *name,
    const char *args)
{
	(void)args;
	return run_command(data, ui, name);
}

static int
run_command(struct ui_compose *c, struct ui *ui, const char *name)
{
	static const char *const fields[][2] = { { "edit-to", "To" },
		{ "edit-cc", "Cc" }, { "edit-bcc", "Bcc" },
		{ "edit-subject", "Subject" } };
	size_t i;

	if (ui_move(name, &c->top, body_lines(c), c->page) == 0)
		return 0;
	if (c->doing != NULL && c->file != NULL && !c->ended &&
	    c->typed_ahead == NULL) {
		c->typed_ahead = xstrdup(name);	/* y typed as it saves */
		return 0;
	}
	if (c->doing != NULL || c->file == NULL || c->ended) {
		ui_message(ui, "compose: wait: %s", c->doing ? c->doing :
		    "starting");
		return 0;
	}
	for (i = 0; i < nitems(fields); i++)
		if (strcmp(name, fields[i][0]) == 0) {
			edit_field(c, fields[i][1]);
			return 0;
		}
	if (strcmp(name, "send-message") == 0)
		send_message(c);
	else if (strcmp(name, "postpone-message") == 0)
		tell(c, "postponing", "postpone");
	else if (strcmp(name, "edit-message") == 0) {
		c->edit_next = 1;
		tell(c, "writing the draft out", "edit");
	} else if (strcmp(name, "attach-file") == 0)
		attach(c);
	else if (strcmp(name, "detach-file") == 0)
		detach(c);
	else if (strcmp(name, "toggle-sign") == 0)
		tell(c, "keeping the draft", "set Security %s",
		    seal_wish_line(!c->sign, c->encrypt));
	else if (strcmp(name, "toggle-encrypt") == 0)
		tell(c, "keeping the draft", "set Security %s",
		    seal_wish_line(c->sign, !c->encrypt));
	else if (strcmp(name, "abort-message") == 0 ||
	    strcmp(name, "quit") == 0)
		abort_message(c);
	else
		return -1;
	return 0;
}

static void
compose_status(void *data, char *buf, size_t size)
{
	struct ui_compose *c = data;
	char *subject = field(c, "Subject");

	if (c->doing != NULL)
		snprintf(buf, size, " compose: %s...%s%s", c->doing,
		    c->typed_ahead ? " then " : "",
		    c->typed_ahead ? c->typed_ahead : "");
	else
		snprintf(buf, size, " compose: %s  (y send, p postpone, "
		    "q abort, S sign, E encrypt, ? keys)", *subject ? subject :
		    "(no subject)");
	free(subject);
}

/* Closing the view (mua quits, say) lets the child go: at the end of
 * its input it postpones, the draft kept. */
static void
compose_free(void *data)
{
	struct ui_compose *c = data;

	ui_unwatch(c->ui, c->from);
	close(c->to);
	close(c->from);
	if (c->pid > 0)
		waitpid(c->pid, NULL, WNOHANG);
	buf_free(&c->pending);
	free(c->typed_ahead);
	free(c->security);
	free(c->file);
	free(c->text);
	free(c);
}

static const struct ui_view_type compose_type = {
	"compose", KEYMAP_COMPOSE, compose_draw, compose_command,
	compose_status, NULL, compose_free,
};

void
ui_compose_open(struct ui *ui, const char *option, const char *path)
{
	const char *args[] = { "compose", "--serve", option, path };
	struct ui_compose *c;
	char *cause = NULL;
	int to, from;
	pid_t pid;

	if (ui_syncer(ui) == NULL) {
		ui_error(ui, "compose: nothing here can send mail");
		return;
	}
	if ((pid = ui_sync_spawn(ui_syncer(ui), ui, args, nitems(args), &to,
	    &from, &cause)) == -1) {
		ui_error(ui, "can't start compose: %s", cause);
		free(cause);
		return;
	}
	c = xcalloc(1, sizeof *c);
	c->ui = ui;
	c->pid = pid;
	c->to = to;
	c->from = from;
	c->doing = "starting";
	c->first_edit = 1;
	ui_push(ui, &compose_type, c);
	ui_watch(ui, from, readable, c);
}
