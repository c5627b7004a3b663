/*
 * mua-ui.c: starting the UI. Everything that can fail before the screen
 * is taken over (configuration, store, query) is reported on stderr as
 * usual; the terminal is only touched once there is something to show.
 */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>

#include "config.h"
#include "file.h"
#include "first-run.h"
#include "history.h"
#include "journal.h"
#include "mime.h"
#include "mua-ui.h"
#include "mua.h"
#include "rc.h"
#include "store.h"
#include "ui-index.h"
#include "ui-sidebar.h"
#include "ui-sync.h"
#include "ui-tag.h"
#include "ui.h"

static int open_store(const struct config *config, const char *mail_root,
    const char *notmuch_config, struct store **out, char **used,
    char **cause);

int
mua_load_config(const char *file, struct config **out)
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
int
open_store(const struct config *config, const char *mail_root,
    const char *notmuch_config, struct store **out, char **used,
    char **cause)
{
	return mua_open_store(config, mail_root, notmuch_config,
	    STORE_READ_ONLY, out, used, cause);
}

/* The notmuch configuration file named by the caller or .muarc, else
 * NULL (notmuch's own lookup) in *used. */
static int
named_config(const struct config *config, const char *notmuch_config,
    char **used, char **cause)
{
	const char *setting = options_get(config->options, "notmuch_config");

	*used = NULL;
	if (notmuch_config != NULL)
		*used = xstrdup(notmuch_config);
	else if (*setting != '\0' && rc_expand_path(setting, used,
	    cause) == -1)
		return -1;
	return 0;
}

/*
 * Makes the notmuch set-up when there is none (see first-run.h); what was
 * made goes to *note, or to stderr when NOTE is NULL. A store the caller
 * names (the demo's) is never a first run.
 */
static int
first_run(const struct config *config, const char *mail_root, char **note,
    char **cause)
{
	char *used = NULL, *made = NULL;
	int rc = -1;

	if (mail_root != NULL)
		return 0;
	if (named_config(config, NULL, &used, cause) == -1 ||
	    first_run_ensure(config, used, &made, cause) == -1)
		goto out;
	if (made != NULL && note != NULL)
		*note = made;
	else if (made != NULL) {
		fprintf(stderr, "mua: %s\n", made);
		free(made);
	}
	rc = 0;
out:
	free(used);
	return rc;
}

int
mua_open_store(const struct config *config, const char *mail_root,
    const char *notmuch_config, enum store_mode mode, struct store **out,
    char **used, char **cause)
{
	if (notmuch_config == NULL &&
	    first_run(config, mail_root, NULL, cause) == -1)
		return -1;
	if (named_config(config, notmuch_config, used, cause) == -1)
		return -1;
	return store_open(mail_root, *used, mode, out, cause);
}

/*
 * The date hints of the stores mua opened, one "DATE PATH" line each, in
 * the state directory: store-hints for the newest date, store-oldest-hints
 * for the oldest (see store_newest_hint()). A lost or wrong hint costs
 * time on the next start, never a wrong screen.
 */
static const struct hint_kind {
	const char *file;
	long long (*get)(const struct store *);
	void (*set)(struct store *, long long);
} hint_kinds[] = {
	{ "store-hints", store_newest_hint, store_set_newest_hint },
	{ "store-oldest-hints", store_oldest_hint, store_set_oldest_hint },
};

static void
load_hint(struct store *store)
{
	char *path, *data, *line, *save, *end;
	size_t len, k;
	long long date;

	for (k = 0; k < nitems(hint_kinds); k++) {
		path = file_state_path(hint_kinds[k].file);
		data = save = NULL;
		if (file_read(path, &data, &len, NULL) == 0)
			for (line = strtok_r(data, "\n", &save); line != NULL;
			    line = strtok_r(NULL, "\n", &save)) {
				date = strtoll(line, &end, 10);
				if (*end == ' ' &&
				    strcmp(end + 1, store_path(store)) == 0)
					hint_kinds[k].set(store, date);
			}
		free(data);
		free(path);
	}
}

static void
save_hint(struct store *store)
{
	struct history h;
	char *line;
	size_t k, i;

	for (k = 0; k < nitems(hint_kinds); k++) {
		if (hint_kinds[k].get(store) <= 0)
			continue;
		/* A history of one line per store: the newest replaces the
		 * older. */
		history_load(&h, hint_kinds[k].file, 64);
		line = xasprintf("%lld %s", hint_kinds[k].get(store),
		    store_path(store));
		for (i = 0; i < h.n; i++) {
			const char *sp = strchr(h.lines[i], ' ');
			if (sp != NULL && strcmp(sp + 1, store_path(store)) == 0)
				h.lines[i][0] = '\0';	/* dropped on write */
		}
		history_add(&h, line, NULL);
		free(line);
		history_clear(&h);
	}
}

/*
 * The journal is read on every tag change: once it passes 256 KB, the
 * history beyond the last 1,000 operations (what undo reaches) goes.
 */
static void
compact_journal(const char *path)
{
	struct stat sb;

	if (stat(path, &sb) == 0 && sb.st_size > 256 * 1024)
		journal_compact(path, 1000, NULL);
}

/* A line GLib (or GMime) wanted on stderr, into the message log. */
static void
glib_to_log(void *arg, const char *line)
{
	ui_log(arg, "%s", line);
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
	struct ui_sync *sync = NULL;
	char *cause = NULL, *used = NULL, *journal = journal_default_path();
	char *first_note = NULL;
	int rc = MUA_EXIT_FAILURE;

	if (mua_load_config(file, &config) == -1) {
		rc = MUA_EXIT_USAGE;
		goto out;
	}
	if ((notmuch_config == NULL && first_run(config, mail_root,
	    &first_note, &cause) == -1) ||
	    open_store(config, mail_root, notmuch_config, &store, &used,
	    &cause) == -1)
		goto out;
	load_hint(store);
	if ((ui = ui_new(config, &cause)) == NULL)
		goto out;
	if (first_note != NULL)
		ui_message(ui, "%s", first_note);
	compact_journal(journal);
	tagger = ui_tagger_new(store, used, journal);
	ui_set_tagger(ui, tagger);
	sidebar = ui_sidebar_new(config, store, used);
	ui_set_sidebar(ui, sidebar);
	sync = ui_sync_new(used, store);
	ui_set_sync(ui, sync);
	if (ui_index_open(ui, store, query != NULL ? query :
	    options_get(config->options, "default_query"), &cause) == -1)
		goto out;
	mime_log_to(glib_to_log, ui);
	rc = ui_run(ui);
	save_hint(store);
out:
	mime_log_to(NULL, NULL);
	ui_free(ui);
	ui_sidebar_free(sidebar);
	ui_sync_free(sync);
	ui_tagger_free(tagger);
	if (cause != NULL) {
		fprintf(stderr, "mua: %s\n", cause);
		free(cause);
	}
	if (store != NULL)
		store_close(store, NULL);
	config_free(config);
	free(first_note);
	free(used);
	free(journal);
	return rc;
}

/*
 * Opens the store read-write. notmuch waits, without a word, for the
 * lock another writer (notmuch new, the UI applying tags) holds: say
 * so first, or a wait looks like a hang.
 */
int
mua_open_store_writable(const struct config *config, struct store **store,
    char **used, char **cause)
{
	struct store *probe = NULL;
	char *probe_used = NULL;
	int busy = 0;

	if (mua_open_store(config, NULL, NULL, STORE_READ_ONLY, &probe,
	    &probe_used, NULL) == 0 &&
	    store_write_busy(probe, &busy, NULL) == 0 && busy)
		fprintf(stderr, "mua: waiting for the notmuch database: "
		    "another program is writing to it\n");
	if (probe != NULL)
		store_close(probe, NULL);
	free(probe_used);
	return mua_open_store(config, NULL, NULL, STORE_READ_WRITE, store,
	    used, cause);
}
