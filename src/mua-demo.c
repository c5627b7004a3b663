/*
 * mua-demo.c: "mua --demo" builds the demo store and opens the UI on it;
 * when standard output is not a terminal (a script, a pipe) it prints
 * where the store is and what it holds instead.
 */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "demo.h"
#include "mua-demo.h"
#include "mua-ui.h"
#include "mua.h"
#include "store.h"

/* Prints the store's location and size. */
static int
describe(const char *dir, char **cause)
{
	char *root = demo_mail_root(dir), *config = demo_notmuch_config(dir);
	struct store *store = NULL;
	unsigned messages, threads, unread;
	int rc = -1;

	if (store_open(root, config, STORE_READ_ONLY, &store, cause) == -1)
		goto out;
	if (store_count_messages(store, "*", &messages, cause) == 0 &&
	    store_count_threads(store, "*", &threads, cause) == 0 &&
	    store_count_messages(store, "tag:unread", &unread, cause) == 0) {
		printf("demo store: %s\n", store_path(store));
		printf("notmuch config: %s\n", config);
		printf("%u messages in %u threads, %u unread\n", messages,
		    threads, unread);
		rc = 0;
	}
	store_close(store, NULL);
out:
	free(config);
	free(root);
	return rc;
}

/* Opens the UI on the demo store, with the user's configuration. */
static int
open_ui(const char *dir, const char *file, const char *query)
{
	char *root = demo_mail_root(dir), *config = demo_notmuch_config(dir);
	int rc = mua_ui(file, root, config, query);

	free(config);
	free(root);
	return rc;
}

int
mua_demo(const char *dir, const char *file, const char *query)
{
	char *cause = NULL, *owned = NULL;
	int rc = MUA_EXIT_FAILURE;

	if (dir == NULL && (dir = owned = demo_default_dir(&cause)) == NULL)
		goto out;
	if (demo_build(demo_corpus_dir(), dir, &cause) == -1)
		goto out;
	if (isatty(STDOUT_FILENO) && isatty(STDIN_FILENO))
		rc = open_ui(dir, file, query);
	else if (describe(dir, &cause) == 0)
		rc = MUA_EXIT_OK;
out:
	if (cause != NULL) {
		fprintf(stderr, "mua: %s\n", cause);
		free(cause);
	}
	free(owned);
	return rc;
}
