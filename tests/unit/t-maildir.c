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

/* Pieces as they arrive from a server: CRLF becomes LF across the cuts. */
static void
test_incoming(void)
{
	static const char *const pieces[] = { "a\r", "\nb\r", "x\r\n\r",
		"\n", "end\r" };
	char *md = xasprintf("%s/incoming", test_tmpdir()), *path = NULL,
	    *cause = NULL, *data = NULL;
	struct maildir_incoming in;
	size_t i, len;

	ok(maildir_make(md, NULL) == 0, "a maildir");
	ok(maildir_incoming_open(md, &in, &cause) == 0, "a message starts");
	for (i = 0; i < nitems(pieces); i++)
		maildir_incoming_write_wire(&in, pieces[i], strlen(pieces[i]),
		    NULL);
	ok(maildir_incoming_finish(&in, md, "7-42", "S", &path, &cause) == 0,
	    "and is delivered");
	ok(path != NULL && strstr(path, "/cur/") != NULL &&
	    strstr(path, ",mua=7-42:2,S") != NULL, "under its key: %s", path);
	file_read(path, &data, &len, NULL);
	is_str(data, "a\nb\rx\n\nend\r", "CRLF became LF, a lone CR stayed");
	free(data);
	free(path);
	ok(maildir_incoming_open(md, &in, NULL) == 0, "another starts");
	maildir_incoming_write_wire(&in, "x", 1, NULL);
	maildir_incoming_abort(&in);
	{
		struct maildir_keys keys = { NULL, NULL, 0 };
		maildir_keys(md, &keys);
		is_int((long)keys.n, 1, "an aborted one leaves nothing");
		maildir_keys_free(&keys);
	}
	free(md);
}

int
main(void)
{
	test_incoming();
	const char *base = test_tmpdir();

	test_deliver(base);
	test_failure(base);
	test_unique();
	return test_done();
}
