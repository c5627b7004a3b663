/* ui-bounce.c: b on messages; see ui-bounce.h. */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>

#include "addressbook.h"
#include "mime-build.h"
#include "mua.h"
#include "ui-bounce.h"
#include "ui-complete.h"
#include "ui-export.h"
#include "ui-sync.h"
#include "ui.h"

/* A bounce waiting for its answers. */
struct bounce {
	struct ui_batch *batch;
	struct ui_complete_book book;
	void *owner;
	char *to;
};

static void
bounce_free(struct bounce *b)
{
	ui_batch_free(b->batch);
	free(b->to);
	free(b);
}

/* The addresses TYPED (aliases expanded; caller frees), or NULL when
 * none were given or they don't parse (said). */
static char *
addresses(struct ui *ui, char *typed)
{
	char **addrs = NULL, *cause = NULL, *to;
	size_t n, i;

	/* What Tab left after the last address. */
	for (n = strlen(typed); n > 0 && strchr(" \t,", typed[n - 1]) != NULL;
	    n--)
		typed[n - 1] = '\0';
	if (*typed == '\0') {
		ui_message(ui, "not bounced");
		return NULL;
	}
	to = addressbook_expand(ui_config(ui), typed);
	n = 0;
	if (mime_addresses(to, &addrs, &n, &cause) == -1) {
		ui_error(ui, "not bounced: %s", cause);
		free(to);
		to = NULL;
	}
	for (i = 0; i < n; i++)
		free(addrs[i]);
	free(addrs);
	free(cause);
	return to;
}

static void
bounce_yes(struct ui *ui, void *arg, char *answer)
{
	struct bounce *b = arg;

	if (ui_yes(answer))
		ui_sync_bounce(ui_syncer(ui), ui,
		    (const char *const *)b->batch->paths, b->batch->n, b->to);
	else
		ui_message(ui, "not bounced");
	bounce_free(b);
}

static void
addresses_typed(struct ui *ui, void *arg, char *typed)
{
	struct bounce *b = arg;
	char *question;

	if (typed == NULL || (b->to = addresses(ui, typed)) == NULL) {
		if (typed == NULL)
			ui_message(ui, "not bounced");
		free(typed);
		bounce_free(b);
		return;
	}
	free(typed);
	question = xasprintf("bounce %s to %s? (y/n) ", b->batch->what,
	    b->to);
	ui_ask(ui, b->owner, question, "", NULL, bounce_yes, b);
	free(question);
}

void
ui_bounce(struct ui *ui, void *owner, struct store *store,
    struct ui_batch *batch)
{
	struct bounce *b;
	struct ui_prompt_opts opts = { "history-bounce", ui_complete_address,
		NULL, 0 };
	char *prompt;

	if (ui_syncer(ui) == NULL) {
		ui_error(ui, "bounce: nothing here can send mail");
		ui_batch_free(batch);
		return;
	}
	b = xcalloc(1, sizeof *b);
	b->batch = batch;
	b->book.store = store;
	b->book.config = ui_config(ui);
	b->owner = owner;
	opts.arg = &b->book;
	prompt = xasprintf("bounce %s to: ", batch->what);
	ui_ask(ui, owner, prompt, "", &opts, addresses_typed, b);
	free(prompt);
}
