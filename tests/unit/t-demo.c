/* t-demo.c: building the demo store from the shipped corpus. */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "demo.h"
#include "file.h"
#include "mua.h"
#include "store.h"
#include "test.h"

/* Counts MANIFEST entries, and those without the S (seen) flag. */
static void
manifest_counts(const char *corpus, unsigned *all, unsigned *unseen)
{
	char *path = xasprintf("%s/MANIFEST", corpus), *text = NULL, *line;
	char *save = NULL, file[64], folder[128], flags[16];
	size_t len;

	*all = *unseen = 0;
	if (file_read(path, &text, &len, NULL) == 0)
		for (line = strtok_r(text, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save))
			if (*line != '#' && sscanf(line, "%63s %127s %15s",
			    file, folder, flags) == 3) {
				(*all)++;
				*unseen += strchr(flags, 'S') == NULL;
			}
	free(text);
	free(path);
}

static unsigned
count(const char *dir, const char *query)
{
	char *root = demo_mail_root(dir), *config = demo_notmuch_config(dir);
	struct store *store = NULL;
	unsigned n = (unsigned)-1;

	if (store_open(root, config, STORE_READ_ONLY, &store, NULL) == 0) {
		store_count_messages(store, query, &n, NULL);
		store_close(store, NULL);
	}
	free(config);
	free(root);
	return n;
}

static void
test_build(const char *corpus, const char *dir)
{
	char *cause = NULL, *stamp = xasprintf("%s/ready", dir);
	unsigned all, unseen;
	struct stat before, after;

	manifest_counts(corpus, &all, &unseen);
	ok(all >= 200, "the corpus has at least 200 messages (%u)", all);
	int rc = demo_build(corpus, dir, &cause);

	ok(rc == 0, "demo_build succeeds: %s",
	    cause ? cause : "ok");
	is_int(count(dir, "*"), all, "every message is indexed");
	is_int(count(dir, "tag:unread"), unseen,
	    "unread is exactly the messages without the S flag");
	ok(count(dir, "tag:quarantine") > 5 && count(dir, "tag:inbox") > 50 &&
	    count(dir, "tag:lists/mua-devel") > 40,
	    "the manifest's tags are applied");
	ok(count(dir, "subject:Réunion") == 1,
	    "encoded-word subjects are searchable decoded");
	stat(stamp, &before);
	ok(demo_build(corpus, dir, NULL) == 0, "a second build succeeds");
	stat(stamp, &after);
	ok(before.st_ino == after.st_ino &&
	    before.st_mtim.tv_nsec == after.st_mtim.tv_nsec,
	    "a second build leaves a current store alone");
	unlink(stamp);
	ok(demo_build(corpus, dir, NULL) == 0 && count(dir, "*") == all,
	    "a store without its stamp (a crashed build) is rebuilt whole");
	free(cause);
	free(stamp);
}

static void
test_foreign(const char *corpus, const char *base)
{
	char *dir = xasprintf("%s/foreign", base), *file, *cause = NULL;

	file_make_dirs(dir, NULL);
	file = xasprintf("%s/precious", dir);
	file_write_new(file, "x", 1, FILE_SYNC, NULL);
	int rc = demo_build(corpus, dir, &cause);

	ok(rc == -1 && cause != NULL &&
	    strstr(cause, "not a mua demo store") != NULL,
	    "a foreign non-empty directory is refused: %s", cause);
	ok(access(file, F_OK) == 0, "and nothing in it is touched");
	free(cause);
	free(file);
	free(dir);
}

int
main(void)
{
	const char *base = test_tmpdir();
	const char *corpus = xstrdup(test_srcpath("contrib/demo"));
	char *dir = xasprintf("%s/demo", base);

	test_build(corpus, dir);
	test_foreign(corpus, base);
	free(dir);
	free((char *)corpus);
	return test_done();
}
