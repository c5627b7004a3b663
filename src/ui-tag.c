/* ui-tag.c: tag changes through the journal and the writer; see ui-tag.h. */
#include "autodefs.h"

#include <stdlib.h>

#include "journal.h"
#include "mua.h"
#include "store.h"
#include "ui-tag.h"
#include "ui.h"
#include "writer.h"

struct ui_tagger {
	struct store *store;
	char *notmuch_config;
	char *journal;
	size_t pending;
	unsigned generation;
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
	    t->notmuch_config, &cause)) {
	case WRITER_DONE:
		t->pending = 0;
		if (store_reopen(t->store, &cause) == -1)
			ui_error(ui, "%s", cause);
		t->generation++;
		break;
	case WRITER_BUSY:
		writer_pending(t->journal, &t->pending, NULL);
		ui_message(ui, "the notmuch database is busy: tag changes wait");
		break;
	case WRITER_ERROR:
		writer_pending(t->journal, &t->pending, NULL);
		ui_error(ui, "tag changes wait: %s", cause);
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

unsigned
ui_tagger_generation(const struct ui_tagger *t)
{
	return t->generation;
}
