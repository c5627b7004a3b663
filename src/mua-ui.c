/*
 * mua-ui.c: starting the UI. Everything that can fail before the screen
 * is taken over (configuration, store, query) is reported on stderr as
 * usual; the terminal is only touched once there is something to show.
 */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "mua-ui.h"
#include "mua.h"
#include "rc.h"
#include "store.h"
#include "ui-index.h"
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

/* Opens the store the configuration or the caller names. */
static int
open_store(const struct config *config, const char *mail_root,
    const char *notmuch_config, struct store **out, char **cause)
{
	const char *setting = options_get(config->options, "notmuch_config");
	char *expanded = NULL;
	int rc;

	if (notmuch_config == NULL && *setting != '\0') {
		if (rc_expand_path(setting, &expanded, cause) == -1)
			return -1;
		notmuch_config = expanded;
	}
	rc = store_open(mail_root, notmuch_config, STORE_READ_ONLY, out, cause);
	free(expanded);
	return rc;
}

int
mua_ui(const char *file, const char *mail_root, const char *notmuch_config)
{
	struct config *config = NULL;
	struct store *store = NULL;
	struct ui *ui = NULL;
	char *cause = NULL;
	int rc = MUA_EXIT_FAILURE;

	if (load_config(file, &config) == -1) {
		rc = MUA_EXIT_USAGE;
		goto out;
	}
	if (open_store(config, mail_root, notmuch_config, &store, &cause) == -1)
		goto out;
	if ((ui = ui_new(config, &cause)) == NULL)
		goto out;
	if (ui_index_open(ui, config, store, options_get(config->options,
	    "default_query"), &cause) == -1)
		goto out;
	rc = ui_run(ui);
out:
	ui_free(ui);
	if (cause != NULL) {
		fprintf(stderr, "mua: %s\n", cause);
		free(cause);
	}
	if (store != NULL)
		store_close(store, NULL);
	config_free(config);
	return rc;
}
