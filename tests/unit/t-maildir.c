/* t-maildir.c: durable maildir delivery and its file names. */
#include "autodefs.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "maildir.h"
#include "mua.h"
#include "test.h"

/* Counts the entries of DIR other than . and .. (-1: can't open). */
static int
count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
test_deliver(const char *base)
{
	char *md = xasprintf("%s/Mail/INBOX", base), *sub, *path = NULL;
	char *data = NULL;
	size_t len;

	ok(maildir_make(md, NULL) == 0, "maildir_make creates a maildir");
	sub = xasprintf("%s/tmp", md);
	is_int(count_entries(sub), 0, "it has an empty tmp/");
	ok(maildir_deliver(md, "Subject: a\n\nbody\n", 17, NULL,
	    MAILDIR_SYNC_EACH, &path,
	    NULL) == 0, "delivery without flags succeeds");
	ok(path != NULL && strstr(path, "/new/") != NULL &&
	    strchr(strrchr(path, '/'), ':') == NULL,
	    "it lands in new/ without an info suffix");
	ok(file_read(path, &data, &len, NULL) == 0 && len == 17 &&
	    strcmp(data, "Subject: a\n\nbody\n") == 0, "byte for byte");
	free(data);
	free(path);
	ok(maildir_deliver(md, "x\n", 2, "FS", MAILDIR_SYNC_EACH, &path, NULL) == 0 &&
	    strstr(path, "/cur/") != NULL && strlen(path) > 5 &&
	    strcmp(path + strlen(path) - 5, ":2,FS") == 0,
	    "delivery with flags lands in cur/ with :2,FS");
	free(path);
	is_int(count_entries(sub), 0, "tmp/ is empty after deliveries");
	free(sub);
	free(md);
}

static void
test_failure(const char *base)
{
	char *md = xasprintf("%s/missing", base), *cause = NULL;

	int rc = maildir_deliver(md, "x", 1, NULL, MAILDIR_SYNC_EACH,
	    NULL, &cause);

	ok(rc == -1 && cause != NULL && strstr(cause, md) != NULL,
	    "delivery into a missing maildir fails, naming it: %s", cause);
	free(cause);
	free(md);
}

static void
test_unique(void)
{
	char *names[500];
	int i, j, dup = 0;

	for (i = 0; i < 500; i++)
		names[i] = maildir_unique_name();
	for (i = 0; i < 500; i++)
		for (j = i + 1; j < 500; j++)
			dup += strcmp(names[i], names[j]) == 0;
	is_int(dup, 0, "500 unique names in a row are all different");
	ok(strchr(names[0], '/') == NULL && strchr(names[0], ':') == NULL,
	    "a unique name has no '/' or ':'");
	for (i = 0; i < 500; i++)
		free(names[i]);
}

int
main(void)
{
	const char *base = test_tmpdir();

	test_deliver(base);
	test_failure(base);
	test_unique();
	return test_done();
}
