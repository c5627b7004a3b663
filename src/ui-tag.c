/* ui-tag.c: tag changes through the journal and the writer; see ui-tag.h. */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "journal.h"
#include "mua.h"
#include "store.h"
#include "ui-complete.h"
#include "ui-tag.h"
#include "ui.h"
#include "writer.h"

/* How often tag changes waiting for the lock are tried again. */
#define TAGGER_RETRY_MS 250

struct ui_tagger {
	struct store *store;
	char *notmuch_config;
	char *journal;
	size_t pending;
	unsigned generation;
	int waiting;	/* the user was told changes wait: say when they land */
};

struct ui_tagger *
ui_tagger_new(struct store *store, const char *notmuch_config,
    const char *journal)
{
	struct ui_tagger *t = xcalloc(1, sizeof *t);

	t->store = store;
	t->notmuch_config = notmuch_config ? xstrdup(notmuch_config) : NULL;
	t->journal = xstrdup(journal);
	writer_pending(t->journal, &t->pending, NULL);
	return t;
}

void
ui_tagger_free(struct ui_tagger *t)
{
	if (t == NULL)
		return;
	free(t->notmuch_config);
	free(t->journal);
	free(t);
}

/* Lets the writer apply what is journaled; says what happened. */
static void
apply(struct ui_tagger *t, struct ui *ui)
{
	char *cause = NULL;

	switch (writer_apply(t->journal, store_path(t->store),
	    t->notmuch_config, t->store, &cause)) {
	case WRITER_DONE:
		t->pending = 0;
		if (store_reopen(t->store, &cause) == -1)
			ui_error(ui, "%s", cause);
		else if (t->waiting)
			ui_message(ui, "the waiting tag changes are applied");
		t->waiting = 0;
		t->generation++;
		break;
	case WRITER_BUSY:
		writer_pending(t->journal, &t->pending, NULL);
		if (!t->waiting)	/* once, not on every retry */
			ui_message(ui, "the notmuch database is busy: tag "
			    "changes wait");
		t->waiting = 1;
		break;
	case WRITER_ERROR:
		writer_pending(t->journal, &t->pending, NULL);
		if (!t->waiting)
			ui_error(ui, "tag changes wait: %s", cause);
		t->waiting = 1;
		break;
	}
	free(cause);
}

void
ui_tagger_tag(struct ui_tagger *t, struct ui *ui, const char *query,
    const char *changes)
{
	char *cause = NULL;

	if (journal_add_tag(t->journal, query, changes, NULL, &cause) == -1) {
		ui_error(ui, "%s", cause);
		free(cause);
		return;
	}
	apply(t, ui);
}

/* A question of tag-prompt: for what, and which sign. */
struct tag_question {
	struct ui_tagger *tagger;
	void *owner;
	char *query, *what;
	int resolve;
	char sign;
};

static void tag_said(struct ui_tagger *t, struct ui *ui, void *owner,
    const char *query, const char *changes, const char *what, int resolve);

/* The tags typed ("a b", "+a", "-b"), each with the sign asked for. */
static void
tags_typed(struct ui *ui, void *arg, char *line)
{
	struct tag_question *q = arg;
	struct buf changes = { NULL, 0, 0 };
	char *save = NULL, *w;

	for (w = line != NULL ? strtok_r(line, " ", &save) : NULL; w != NULL;
	    w = strtok_r(NULL, " ", &save))
		buf_printf(&changes, "%s%c%s", changes.len ? " " : "", q->sign,
		    w + (*w == '+' || *w == '-'));
	if (changes.len > 0)
		tag_said(q->tagger, ui, q->owner, q->query, changes.s, q->what,
		    q->resolve);
	buf_free(&changes);
	free(line);
	free(q->query);
	free(q->what);
	free(q);
}

static void
ask_tags(struct ui_tagger *t, struct ui *ui, void *owner, char sign,
    const char *query, const char *what, int resolve)
{
	struct ui_prompt_opts opts = { "history-tag", ui_complete_tag,
		t->store, 0 };
	struct tag_question *q = xmalloc(sizeof *q);
	char prompt[] = "tag ?";

	prompt[4] = sign;
	q->tagger = t;
	q->owner = owner;
	q->query = xstrdup(query);
	q->what = xstrdup(what);
	q->resolve = resolve;
	q->sign = sign;
	ui_ask(ui, owner, prompt, "", &opts, tags_typed, q);
}

/* The commands that add a tag when no message has it, else remove it. */
static const struct {
	const char *command, *tag;
} toggles[] = {
	{ "archive", "inbox" }, { "flag", "flagged" },
	{ "toggle-unread", "unread" },
};

/* The commands that only add or only remove (mutt's d and its undelete). */
static const struct {
	const char *command, *changes;
} setters[] = {
	{ "delete", "+deleted" }, { "undelete", "-deleted" },
};

int
ui_tagger_has_command(const char *name)
{
	size_t i;

	for (i = 0; i < nitems(toggles); i++)
		if (strcmp(name, toggles[i].command) == 0)
			return 1;
	for (i = 0; i < nitems(setters); i++)
		if (strcmp(name, setters[i].command) == 0)
			return 1;
	return strcmp(name, "tag") == 0 || strcmp(name, "tag-prompt") == 0 ||
	    strcmp(name, "undo") == 0 || strcmp(name, "mute") == 0;
}

/* What CHANGES do to WHAT, in words: "archived 3 threads". */
static char *
describe(const char *changes, const char *what)
{
	static const struct {
		const char *changes, *before, *after;
	} words[] = {
		{ "-inbox", "archived ", "" },
		{ "+inbox", "put ", " back in the inbox" },
		{ "+deleted", "deleted ", "" }, { "-deleted", "undeleted ", "" },
		{ "+flagged", "flagged ", "" }, { "-flagged", "unflagged ", "" },
		{ "+unread", "marked ", " unread" }, { "-unread", "marked ", " read" },
		{ "+muted -inbox", "muted and archived ",
		    ": its new mail skips the inbox" },
		{ "-muted", "unmuted ", "" },
	};
	size_t i;

	for (i = 0; i < nitems(words); i++)
		if (strcmp(changes, words[i].changes) == 0)
			return xasprintf("%s%s%s", words[i].before, what,
			    words[i].after);
	return xasprintf("tagged %s %s", what, changes);
}

/* Says what CHANGES do to WHAT, then journals and applies them. */
static void
tag_said(struct ui_tagger *t, struct ui *ui, void *owner, const char *query,
    const char *changes, const char *what, int resolve)
{
	char *said = describe(changes, what);

	ui_message(ui, "%s", said);
	free(said);
	ui_tagger_tag(t, ui, query, changes);
	if (resolve)
		ui_command(ui, owner, "next", "");
}

/* The changes toggling TAG makes on QUERY: remove it if one has it. */
static char *
toggled(struct ui_tagger *t, const char *query, const char *tag)
{
	char *has_tag = xasprintf("(%s) and tag:\"%s\"", query, tag);
	unsigned n = 0;

	store_count_messages(t->store, has_tag, &n, NULL);
	free(has_tag);
	return xasprintf("%c%s", n > 0 ? '-' : '+', tag);
}

/* The changes command NAME ARGS makes on QUERY, or NULL (none). */
static char *
changes_of(struct ui_tagger *t, const char *name, const char *args,
    const char *query)
{
	char *changes;
	size_t i;

	for (i = 0; i < nitems(toggles); i++)
		if (strcmp(name, toggles[i].command) == 0)
			return toggled(t, query, toggles[i].tag);
	for (i = 0; i < nitems(setters); i++)
		if (strcmp(name, setters[i].command) == 0)
			return xstrdup(setters[i].changes);
	if (strcmp(name, "tag") == 0)
		return xstrdup(args);
	/* Muting archives too, as in Gmail; unmuting leaves it archived. */
	if (strcmp(name, "mute") == 0) {
		changes = toggled(t, query, "muted");
		if (*changes == '+') {
			free(changes);
			changes = xstrdup("+muted -inbox");
		}
		return changes;
	}
	return NULL;
}

void
ui_tagger_command(struct ui_tagger *t, struct ui *ui, void *owner,
    const char *name, const char *args, const char *query, const char *what,
    int resolve)
{
	char *changes;

	if (strcmp(name, "undo") == 0)
		ui_tagger_undo(t, ui);
	else if (strcmp(name, "tag-prompt") == 0)
		ask_tags(t, ui, owner, *args == '-' ? '-' : '+', query, what,
		    resolve);
	else if ((changes = changes_of(t, name, args, query)) != NULL) {
		tag_said(t, ui, owner, query, changes, what, resolve);
		free(changes);
	}
}

/* Says what the undone op ID had done, as the journal recorded it. */
static void
say_undone(struct ui_tagger *t, struct ui *ui, const char *id)
{
	struct journal *j = NULL;
	const struct journal_op *op;
	char *what, *said;

	if (journal_read(t->journal, &j, NULL) == -1 ||
	    (op = journal_find(j, id)) == NULL || op->changes == NULL) {
		ui_message(ui, "undone");
		journal_free(j);
		return;
	}
	what = op->applied ? xasprintf("%zu message%s", op->ndone,
	    op->ndone == 1 ? "" : "s") : xstrdup("them");
	said = describe(op->changes, what);
	ui_message(ui, "undid: %s%s", said, op->applied ? "" :
	    " (before it was applied)");
	free(said);
	free(what);
	journal_free(j);
}

void
ui_tagger_undo(struct ui_tagger *t, struct ui *ui)
{
	char *id = NULL, *cause = NULL;

	if (journal_undo(t->journal, &id, &cause) == -1)
		ui_error(ui, "%s", cause);
	else if (id == NULL)
		ui_message(ui, "nothing to undo");
	else {
		say_undone(t, ui, id);
		apply(t, ui);
	}
	free(id);
	free(cause);
}

long
ui_tagger_tick(struct ui_tagger *t, struct ui *ui)
{
	if (t->pending > 0)
		apply(t, ui);
	return t->pending > 0 ? TAGGER_RETRY_MS : -1;
}

size_t
ui_tagger_pending(const struct ui_tagger *t)
{
	return t->pending;
}

void
ui_tagger_store_changed(struct ui_tagger *t, struct ui *ui)
{
	char *cause = NULL;

	if (store_reopen(t->store, &cause) == -1) {
		ui_error(ui, "%s", cause);
		free(cause);
		return;
	}
	t->generation++;
}

unsigned
ui_tagger_generation(const struct ui_tagger *t)
{
	return t->generation;
}
