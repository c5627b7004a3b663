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

/* The addresses typed for bouncing WHAT, aliases expanded (caller
 * frees), or NULL when the user gave none or they don't parse. */
static char *
ask_addresses(struct ui *ui, struct store *store, const char *what)
{
	struct ui_complete_book book = { store, ui_config(ui) };
	struct ui_prompt_opts opts = { "history-bounce", ui_complete_address,
		&book, 0 };
	char *prompt = xasprintf("bounce %s to: ", what), *typed, *to = NULL;
	char **addrs = NULL, *cause = NULL;
	size_t n = 0, i;

	typed = ui_prompt_with(ui, prompt, "", &opts);
	free(prompt);
	/* What Tab left after the last address. */
	for (n = typed != NULL ? strlen(typed) : 0; n > 0 &&
	    strchr(" \t,", typed[n - 1]) != NULL; n--)
		typed[n - 1] = '\0';
	n = 0;
	if (typed == NULL || *typed == '\0') {
		ui_message(ui, "not bounced");
		free(typed);
		return NULL;
	}
	to = addressbook_expand(ui_config(ui), typed);
	if (mime_addresses(to, &addrs, &n, &cause) == -1) {
		ui_error(ui, "not bounced: %s", cause);
		free(to);
		to = NULL;
	}
	for (i = 0; i < n; i++)
		free(addrs[i]);
	free(addrs);
	free(cause);
	free(typed);
	return to;
}

void
ui_bounce(struct ui *ui, struct store *store, const char *const *paths,
    size_t n)
{
	char *what, *to, *question;

	if (ui_syncer(ui) == NULL) {
		ui_error(ui, "bounce: nothing here can send mail");
		return;
	}
	what = ui_export_how_many(n);
	if ((to = ask_addresses(ui, store, what)) == NULL) {
		free(what);
		return;
	}
	question = xasprintf("bounce %s to %s? (y/n) ", what, to);
	if (ui_ask_yes(ui, question))
		ui_sync_bounce(ui_syncer(ui), ui, paths, n, to);
	else
		ui_message(ui, "not bounced");
	free(question);
	free(to);
	free(what);
}
