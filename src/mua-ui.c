/*
 * mua-ui.c: starting the UI. Everything that can fail before the screen
 * is taken over (configuration, store, query) is reported on stderr as
 * usual; the terminal is only touched once there is something to show.
 */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "journal.h"
#include "mua-ui.h"
#include "mua.h"
#include "rc.h"
#include "store.h"
#include "ui-index.h"
#include "ui-sidebar.h"
#include "ui-tag.h"
#include "ui.h"

/* Loads the configuration; prints errors and returns -1 if any. */
static int
load_config(const char *file, struct config **out)
{
	struct rc_errors errors = { NULL, 0 };
	size_t i;

	*out = config_new();
	config_load(*out, file, &errors);
	for (i = 0; i < errors.n; i++)
		fprintf(stderr, "%s\n", errors.lines[i]);
	i = errors.n;
	rc_errors_clear(&errors);
	return i > 0 ? -1 : 0;
}

/*
 * Opens the store the caller or the configuration names; *used gets the
 * notmuch configuration file in use (NULL: notmuch's own lookup).
 */
static int
open_store(const struct config *config, const char *mail_root,
    const char *notmuch_config, struct store **out, char **used,
    char **cause)
{
	const char *setting = options_get(config->options, "notmuch_config");

	*used = NULL;
	if (notmuch_config != NULL)
		*used = xstrdup(notmuch_config);
	else if (*setting != '\0' && rc_expand_path(setting, used,
	    cause) == -1)
		return -1;
	return store_open(mail_root, *used, STORE_READ_ONLY, out, cause);
}

int
mua_ui(const char *file, const char *mail_root, const char *notmuch_config,
    const char *query)
{
	struct config *config = NULL;
	struct store *store = NULL;
	struct ui *ui = NULL;
	struct ui_tagger *tagger = NULL;
	struct ui_sidebar *sidebar = NULL;
	char *cause = NULL, *used = NULL, *journal = journal_default_path();
	int rc = MUA_EXIT_FAILURE;

	if (load_config(file, &config) == -1) {
		rc = MUA_EXIT_USAGE;
		goto out;
	}
	if (open_store(config, mail_root, notmuch_config, &store, &used,
	    &cause) == -1)
		goto out;
	if ((ui = ui_new(config, &cause)) == NULL)
		goto out;
	tagger = ui_tagger_new(store, used, journal);
	ui_set_tagger(ui, tagger);
	sidebar = ui_sidebar_new(config, store, used);
	ui_set_sidebar(ui, sidebar);
	if (ui_index_open(ui, store, query != NULL ? query :
	    options_get(config->options, "default_query"), &cause) == -1)
		goto out;
	rc = ui_run(ui);
out:
	ui_free(ui);
	ui_sidebar_free(sidebar);
	ui_tagger_free(tagger);
	if (cause != NULL) {
		fprintf(stderr, "mua: %s\n", cause);
		free(cause);
	}
	if (store != NULL)
		store_close(store, NULL);
	config_free(config);
	free(used);
	free(journal);
	return rc;
}
