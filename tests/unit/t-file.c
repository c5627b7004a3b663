/* t-file.c: whole-file reads, durable writes, directory trees. */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "mua.h"
#include "test.h"

static void
test_write_and_read(const char *dir)
{
	char *path = xasprintf("%s/a", dir), *data = NULL, *cause = NULL;
	size_t len = 0;
	int rc;

	ok(file_write_new(path, "one\0two", 7, FILE_SYNC, &cause) == 0,
	    "file_write_new creates a file");
	ok(file_read(path, &data, &len, &cause) == 0 && len == 7 &&
	    memcmp(data, "one\0two", 7) == 0 && data[7] == '\0',
	    "file_read returns every byte, NUL-terminated");
	free(data);
	rc = file_write_new(path, "x", 1, FILE_SYNC, &cause);
	ok(rc == -1 && cause != NULL && strstr(cause, "can't create") != NULL,
	    "file_write_new refuses to overwrite: %s", cause);
	free(cause);
	cause = NULL;
	ok(file_read("/nonexistent/x", &data, &len, &cause) == -1 &&
	    strstr(cause, "/nonexistent/x") != NULL,
	    "a missing file is an error naming it");
	free(cause);
	free(path);
}

static void
test_atomic(const char *dir)
{
	char *path = xasprintf("%s/b", dir), *tmp, *data = NULL;
	size_t len;

	ok(file_write_atomic(path, "old", 3, NULL) == 0 &&
	    file_write_atomic(path, "newer", 5, NULL) == 0,
	    "file_write_atomic writes and replaces");
	ok(file_read(path, &data, &len, NULL) == 0 && strcmp(data, "newer") ==
	    0, "the replacement is what is read back");
	tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	ok(access(tmp, F_OK) == -1, "no temporary file is left behind");
	free(tmp);
	free(data);
	free(path);
}

static void
test_trees(const char *dir)
{
	char *deep = xasprintf("%s/t/u/v", dir), *top = xasprintf("%s/t", dir);
	char *outside = xasprintf("%s/keep", dir), *link = xasprintf("%s/ln",
	    deep), *cause = NULL;
	struct stat st;

	ok(file_make_dirs(deep, NULL) == 0 && stat(deep, &st) == 0 &&
	    S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0700,
	    "file_make_dirs makes nested private directories");
	ok(file_make_dirs(deep, NULL) == 0, "existing directories are fine");
	{
		char *file = xasprintf("%s/p/q/state", dir), *parent =
		    xasprintf("%s/p/q", dir);
		ok(file_make_parent(file, NULL) == 0 && stat(parent, &st) == 0 &&
		    S_ISDIR(st.st_mode) && access(file, F_OK) == -1,
		    "file_make_parent makes the directory a file goes in, not "
		    "the file");
		free(file);
		free(parent);
	}
	file_write_new(outside, "precious", 8, FILE_SYNC, NULL);
	ok(symlink(dir, link) == 0, "a symlink out of the tree is set up");
	ok(file_remove_tree(top, &cause) == 0 && access(top, F_OK) == -1,
	    "file_remove_tree removes the whole tree");
	ok(access(outside, F_OK) == 0,
	    "a symlink in the tree is removed, not followed");
	ok(file_remove_tree(top, NULL) == 0, "removing a missing tree is fine");
	free(cause);
	free(link);
	free(outside);
	free(top);
	free(deep);
}

int
main(void)
{
	const char *dir = test_tmpdir();

	test_write_and_read(dir);
	test_atomic(dir);
	test_trees(dir);
	return test_done();
}
