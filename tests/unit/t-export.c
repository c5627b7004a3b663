/* t-export.c: messages piped, saved to an mbox or to a maildir. */
#include "autodefs.h"

#include <sys/resource.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export.h"
#include "file.h"
#include "mua.h"
#include "test.h"

/* Two messages: one with a From line to quote, one without a last newline. */
static const char one[] =
    "From: Ann <ann@example.org>\nSubject: one\n\n"
    "From the start.\n>From quoted once.\nFrom: not a header\nend\n";
static const char two[] =
    "Return-Path: <bounce@example.org>\nFrom: Bo <bo@example.org>\n"
    "Subject: two\n\nno newline at the end";

static char *
slurp(const char *path)
{
	char *data = NULL;
	size_t len;

	if (file_read(path, &data, &len, NULL) == -1)
		return xstrdup("(unreadable)");
	return data;
}

static char *
stream_of(const char *const *paths, size_t n)
{
	char *out = xasprintf("%s/stream", test_tmpdir()), *text;
	int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	ok(export_stream(paths, n, fd, NULL) == 0, "%zu message%s stream out",
	    n, n == 1 ? "" : "s");
	close(fd);
	text = slurp(out);
	free(out);
	return text;
}

static void
test_stream(const char *const *paths)
{
	char *text = stream_of(paths, 1);

	is_str(text, one, "one message goes out as it is");
	free(text);
	text = stream_of(paths, 2);
	ok(strncmp(text, "From MAILER-DAEMON ", 19) == 0,
	    "several make an mbox: a From line first");
	ok(strstr(text, "\n>From the start.\n>>From quoted once.\n"
	    "From: not a header\n") != NULL,
	    "body lines that start with From are quoted, mboxrd's way");
	ok(strstr(text, "end\n\nFrom bounce@example.org ") != NULL,
	    "a blank line, then the next From line with Return-Path's sender");
	ok(strstr(text, "no newline at the end\n\n") != NULL &&
	    text[strlen(text) - 1] == '\n',
	    "a message without a last newline gets one, and the blank line");
	free(text);
}

static void
test_mbox(const char *const *paths)
{
	char *mbox = xasprintf("%s/saved.mbox", test_tmpdir()), *cause = NULL;
	char *once, *twice, *stream = stream_of(paths, 2), *before;
	enum export_kind kind;
	struct rlimit lim;
	int failed;

	ok(export_save(paths, 2, mbox, &kind, NULL) == 0 &&
	    kind == EXPORT_MBOX, "saving to a new file makes an mbox");
	once = slurp(mbox);
	is_str(once, stream, "holding the mboxrd text of the messages");
	ok(export_save(paths, 1, mbox, &kind, NULL) == 0,
	    "saving again appends");
	twice = slurp(mbox);
	ok(strncmp(twice, once, strlen(once)) == 0 &&
	    strncmp(twice + strlen(once), "From MAILER-DAEMON ", 19) == 0,
	    "after what was there, from a From line");
	/* A write that fails half-way (the file size limit) leaves it whole. */
	signal(SIGXFSZ, SIG_IGN);
	getrlimit(RLIMIT_FSIZE, &lim);
	lim.rlim_cur = strlen(twice) + 40;
	setrlimit(RLIMIT_FSIZE, &lim);
	failed = export_save(paths, 2, mbox, &kind, &cause) == -1;
	lim.rlim_cur = RLIM_INFINITY;	/* before the test's own output */
	setrlimit(RLIMIT_FSIZE, &lim);
	ok(failed && cause != NULL && strstr(cause, "can't append to") != NULL,
	    "a failed append says so");
	before = slurp(mbox);
	is_str(before, twice, "and leaves the mbox as it was");
	free(cause);
	cause = NULL;
	ok(export_save(paths, 1, paths[0], &kind, &cause) == -1 &&
	    cause != NULL && strstr(cause, "is not an mbox") != NULL,
	    "a file that is not an mbox is refused");
	free(cause);
	before = (free(before), slurp(paths[0]));
	is_str(before, one, "and left alone");
	free(before);
	free(stream);
	free(twice);
	free(once);
	free(mbox);
}

static void
test_maildir(const char *const *paths)
{
	const char *dir = test_tmpdir();
	char *box = xasprintf("%s/box/", dir), *plain = xasprintf("%s/plain",
	    dir), *cmd, *out, *cause = NULL;
	enum export_kind kind;

	ok(export_save(paths, 2, box, &kind, NULL) == 0 &&
	    kind == EXPORT_MAILDIR, "a name ending in / makes a maildir");
	cmd = xasprintf("cd '%s' && ls new | wc -l && ls cur | sed 's/.*:2,/:2,/'",
	    box);
	out = test_run(cmd);
	is_str(out, "1\n:2,S\n",
	    "each message where its flags put it: one new, one seen in cur/");
	free(out);
	box[strlen(box) - 1] = '\0';
	ok(export_save(paths, 1, box, &kind, NULL) == 0 &&
	    kind == EXPORT_MAILDIR, "an existing maildir is one without the /");
	mkdir(plain, 0700);
	ok(export_save(paths, 1, plain, &kind, &cause) == -1 && cause != NULL &&
	    strstr(cause, "not a maildir") != NULL,
	    "a folder that is not a maildir is refused");
	free(cause);
	free(cmd);
	free(plain);
	free(box);
}

int
main(void)
{
	const char *dir = test_tmpdir();
	char *a = xasprintf("%s/src/new/1.host", dir);
	char *b = xasprintf("%s/src/cur/2.host:2,S", dir);
	const char *paths[] = { a, b };

	file_make_parent(a, NULL);
	file_make_parent(b, NULL);
	file_write_new(a, one, strlen(one), FILE_NO_SYNC, NULL);
	file_write_new(b, two, strlen(two), FILE_NO_SYNC, NULL);
	test_stream(paths);
	test_mbox(paths);
	test_maildir(paths);
	free(a);
	free(b);
	return test_done();
}
