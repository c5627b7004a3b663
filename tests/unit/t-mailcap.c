/*
 * t-mailcap.c: finding mailcap entries (types, wildcards, tests,
 * continuations), building their commands without anything from a
 * message in them, and running them.
 */
#include "autodefs.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "mailcap.h"
#include "mua.h"
#include "run.h"
#include "test.h"

static const char mailcap[] =
    "# comments are skipped\n"
    "text/html; false-browser %s; test=false\n"
    "text/html; lynx -dump -force_html %s; copiousoutput\n"
    "text/html; firefox %s\n"
    "image/*; viewer \\\n"
    "  --fit %s; needsterminal\n"
    "application/pdf; cat; copiousoutput\n"
    "text/x-odd; show %{charset} %t 100%% '%s'\n";

static void
test_find(void)
{
	struct mailcap_entry e;

	ok(mailcap_find("text/html", 1, &e) && strcmp(e.command,
	    "lynx -dump -force_html %s") == 0 && e.copiousoutput,
	    "a copiousoutput entry for the pager; the failing test= skipped");
	mailcap_entry_clear(&e);
	ok(mailcap_find("text/html", 0, &e) && strcmp(e.command,
	    "lynx -dump -force_html %s") == 0,
	    "to open a part, the first that passes");
	mailcap_entry_clear(&e);
	ok(mailcap_find("image/png", 0, &e) && e.needsterminal &&
	    strcmp(e.command, "viewer   --fit %s") == 0,
	    "a wildcard, a continued line, needsterminal");
	mailcap_entry_clear(&e);
	ok(!mailcap_find("image/png", 1, &e), "no copiousoutput for images");
	ok(!mailcap_find("audio/ogg", 0, &e), "nothing for audio");
}

static void
test_command(void)
{
	struct mailcap_entry e = { "text/x-odd", "show %{charset} %t 100%% '%s'",
		0, 0 };
	int uses;
	char *c = mailcap_command(&e, "/tmp/mua-x/it's.txt", &uses);

	is_str(c, "show  'text/x-odd' 100% ''/tmp/mua-x/it'\\''s.txt''",
	    "%%s quoted, %%t the type, %%{...} dropped, %%%% a percent");
	ok(uses, "the command reads the file");
	free(c);
	e.command = "cat";
	c = mailcap_command(&e, "/tmp/x", &uses);
	ok(!uses && strcmp(c, "cat") == 0, "without %%s: standard input");
	free(c);
}

static void
test_commands_run(void)
{
	char *path = xasprintf("%s/in", test_tmpdir()), *out = NULL;
	char *cause = NULL;
	struct run_io io = { -1, -1 };
	int fd, status = -1;

	file_write_new(path, "hello\n", 6, FILE_NO_SYNC, NULL);
	fd = open(path, O_RDONLY);
	ok(run_capture("tr a-z A-Z", fd, 1024, &out, &cause) == 0 &&
	    strcmp(out, "HELLO\n") == 0, "a command's output is captured");
	close(fd);
	free(out);
	ok(run_capture("echo partial; exit 3", -1, 1024, &out, &cause) == -1 &&
	    out == NULL && strstr(cause, "exit status 3") != NULL,
	    "a failing command is an error: %s", cause);
	free(cause);
	ok(run_capture("yes | head -c 100000", -1, 10, &out, NULL) == 0 &&
	    strlen(out) == 10, "output beyond the limit is read and dropped");
	free(out);
	ok(run_shell("exit 4", &io, &status, NULL) == 0 && status == 4,
	    "run_shell gives the exit status");
	free(path);
}

int
main(void)
{
	char *path = xasprintf("%s/mailcap", test_tmpdir());

	file_write_new(path, mailcap, strlen(mailcap), FILE_NO_SYNC, NULL);
	setenv("MAILCAPS", path, 1);
	test_find();
	test_command();
	test_commands_run();
	free(path);
	return test_done();
}
