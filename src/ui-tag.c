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

char *
ui_tagger_prompt(struct ui_tagger *t, struct ui *ui, char sign)
{
	struct ui_prompt_opts opts = { "history-tag", ui_complete_tag,
		t->store, 0 };
	char prompt[] = "tag ?", *line, *save = NULL, *w;
	struct buf changes = { NULL, 0, 0 };

	prompt[4] = sign;
	if ((line = ui_prompt_with(ui, prompt, "", &opts)) == NULL)
		return NULL;
	for (w = strtok_r(line, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save))
		buf_printf(&changes, "%s%c%s", changes.len ? " " : "", sign,
		    w + (*w == '+' || *w == '-'));
	free(line);
	return buf_take(&changes);
}

static const struct {
	const char *command, *tag;
} toggles[] = {
	{ "archive", "inbox" }, { "delete", "deleted" }, { "flag", "flagged" },
	{ "toggle-unread", "unread" },
};

int
ui_tagger_has_command(const char *name)
{
	size_t i;

	for (i = 0; i < nitems(toggles); i++)
		if (strcmp(name, toggles[i].command) == 0)
			return 1;
	return strcmp(name, "tag") == 0 || strcmp(name, "tag-prompt") == 0 ||
	    strcmp(name, "undo") == 0;
}

/* Adds TAG to the messages of QUERY, or removes it if one has it. */
static void
toggle(struct ui_tagger *t, struct ui *ui, const char *query,
    const char *tag)
{
	char *has_tag = xasprintf("(%s) and tag:\"%s\"", query, tag);
	char *changes;
	unsigned n = 0;

	store_count_messages(t->store, has_tag, &n, NULL);
	changes = xasprintf("%c%s", n > 0 ? '-' : '+', tag);
	ui_tagger_tag(t, ui, query, changes);
	free(changes);
	free(has_tag);
}

void
ui_tagger_command(struct ui_tagger *t, struct ui *ui, const char *name,
    const char *args, const char *query)
{
	char *changes;
	size_t i;

	for (i = 0; i < nitems(toggles); i++)
		if (strcmp(name, toggles[i].command) == 0) {
			toggle(t, ui, query, toggles[i].tag);
			return;
		}
	if (strcmp(name, "tag") == 0)
		ui_tagger_tag(t, ui, query, args);
	else if (strcmp(name, "tag-prompt") == 0) {
		changes = ui_tagger_prompt(t, ui, *args == '-' ? '-' : '+');
		if (changes != NULL && *changes != '\0')
			ui_tagger_tag(t, ui, query, changes);
		free(changes);
	} else if (strcmp(name, "undo") == 0)
		ui_tagger_undo(t, ui);
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
		apply(t, ui);
		ui_message(ui, "undone");
	}
	free(id);
	free(cause);
}

void
ui_tagger_tick(struct ui_tagger *t, struct ui *ui)
{
	if (t->pending > 0)
		apply(t, ui);
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
