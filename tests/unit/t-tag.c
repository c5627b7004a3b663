/*
 * t-tag.c: writing to the demo store (a real notmuch database): tag
 * operations through the journal and the writer, their undo, another
 * process holding the write lock; indexing new mail; address completion.
 */
#include "autodefs.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "demo.h"
#include "file.h"
#include "journal.h"
#include "maildir.h"
#include "mua.h"
#include "store.h"
#include "test.h"
#include "writer.h"

#define THREAD "thread:{id:release-1.0.0@demo.example}"

static char *root, *config, *journal;

/* Runs a notmuch command on the demo store; returns its output. */
static char *
notmuch(const char *args)
{
	char *cmd = xasprintf("NOTMUCH_CONFIG='%s' notmuch %s", config, args);
	char *out = test_run(cmd);

	free(cmd);
	return out;
}

/* Every message's tags, as "notmuch dump" writes them. */
static char *
dump(void)
{
	return notmuch("dump --format=batch-tag");
}

static unsigned
count(const char *query)
{
	char *args = xasprintf("count -- '%s'", query), *out = notmuch(args);
	unsigned n = (unsigned)strtoul(out, NULL, 10);

	free(out);
	free(args);
	return n;
}

static enum writer_result
apply(void)
{
	char *cause = NULL;
	enum writer_result r = writer_apply(journal, root, config, NULL,
	    &cause);

	if (r == WRITER_ERROR)
		printf("# writer: %s\n", cause);
	free(cause);
	return r;
}

static size_t
pending(void)
{
	size_t n = 0;

	writer_pending(journal, &n, NULL);
	return n;
}

static void
test_tag_and_undo(void)
{
	char *before = dump(), *after, *id = NULL;
	unsigned sent = count(THREAD " and tag:sent");
	unsigned flagged = count(THREAD " and tag:flagged");

	ok(sent > 0 && sent < 42 && flagged > 0 && flagged < 42,
	    "the thread's messages differ: some sent, some flagged");
	ok(journal_add_tag(journal, THREAD, "+flagged -sent +urgent", &id,
	    NULL) == 0, "a bulk tag operation is journaled");
	is_int(pending(), 1, "it is pending until a writer applies it");
	is_int(apply(), WRITER_DONE, "the writer applies it");
	is_int(pending(), 0, "nothing is pending after");
	ok(count(THREAD " and tag:flagged and tag:urgent") == 42 &&
	    count(THREAD " and tag:sent") == 0, "the whole thread is tagged");
	free(id);
	ok(journal_undo(journal, &id, NULL) == 0 && id != NULL,
	    "undo finds the operation");
	is_int(apply(), WRITER_DONE, "the writer applies the undo");
	after = dump();
	is_str(after, before, "undo restores every message's tags exactly: "
	    "flagged stays on those that had it, sent comes back");
	free(after);
	free(id);
	free(before);
}

/* The writer in a process of its own (this program again: a kill point
 * reads its setting once per process), killed at step KILL_AT of path
 * "tag" (0: not), its steps counted in LOG. Returns how it ended, as
 * waitpid() says. */
static int
writer_child(unsigned kill_at, const char *log)
{
	char at[32];
	int status = -1;
	pid_t pid;

	snprintf(at, sizeof at, "tag %u", kill_at);
	unlink(log);
	if ((pid = fork()) == 0) {
		if (kill_at > 0)
			setenv("MUA_KILL_AT", at, 1);
		setenv("MUA_KILL_LOG", log, 1);
		execl("/proc/self/exe", "t-tag", "--writer", journal, root,
		    config, (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	return status;
}

/* Lines of FILE: the steps a run took. */
static unsigned
steps(const char *file)
{
	char *data = NULL;
	size_t len, i;
	unsigned n = 0;

	if (file_read(file, &data, &len, NULL) == 0)
		for (i = 0; i < len; i++)
			n += data[i] == '\n';
	free(data);
	unlink(file);
	return n;
}

/*
 * A tag operation and its undo, each killed after every counted step of
 * the writer (the changes journaled, the store committed, the operation
 * marked done) and resumed: each ends as if never killed, and the undo
 * still restores every message's tags exactly.
 */
static void
test_killed(void)
{
	char *log = xasprintf("%s.steps", journal), *before = dump(), *want;
	char *got, *id = NULL;
	unsigned n, k, killed = 0, same = 0, total = 0, undo;

	journal_add_tag(journal, THREAD, "+killed -sent", &id, NULL);
	writer_child(0, log);
	n = steps(log);
	want = dump();
	free(id);	/* journal_undo() gives the undo's own */
	journal_undo(journal, &id, NULL);
	free(id);
	writer_child(0, log);
	is_int(steps(log), n, "the writer counts %u steps, an undo as many", n);
	for (undo = 0; undo <= 1; undo++)
		for (k = 1; k <= n; k++, total++) {
			journal_add_tag(journal, THREAD, "+killed -sent", &id,
			    NULL);
			if (undo) {
				writer_child(0, log);
				free(id);
				journal_undo(journal, &id, NULL);
			}
			int status = writer_child(k, log);
			killed += WIFSIGNALED(status) &&
			    WTERMSIG(status) == SIGKILL && steps(log) == k;
			writer_child(0, log);
			got = dump();
			same += strcmp(got, undo ? before : want) == 0 &&
			    pending() == 0;
			free(got);
			if (!undo) {
				free(id);
				journal_undo(journal, &id, NULL);
				writer_child(0, log);
			}
			free(id);
			id = NULL;
		}
	is_int(killed, total, "killed at each step of a tag and of its undo");
	is_int(same, total, "resumed, each ends as if never killed");
	got = dump();
	is_str(got, before, "and every undo restored the tags exactly");
	free(got);
	free(want);
	free(before);
	free(log);
}

static void
test_levels(void)
{
	static const char *const ops[][2] = {
		{ "tag:quarantine", "+spam" },
		{ "tag:inbox", "-inbox +archived" },
		{ "tag:lists", "+read -unread" },
	};
	char *states[4], *now, *id;
	size_t i;

	for (i = 0; i < 3; i++) {
		states[i] = dump();
		journal_add_tag(journal, ops[i][0], ops[i][1], NULL, NULL);
		apply();
	}
	states[3] = dump();
	ok(strcmp(states[3], states[0]) != 0, "three operations changed tags");
	for (i = 3; i > 0; i--) {
		id = NULL;
		journal_undo(journal, &id, NULL);
		apply();
		now = dump();
		is_str(now, states[i - 1], "undo %zu of 3 goes one step back",
		    4 - i);
		free(now);
		free(id);
	}
	id = NULL;
	ok(journal_undo(journal, &id, NULL) == 0, "undo with nothing left");
	/* The earlier test's operation was undone already too. */
	ok(id == NULL, "has nothing to undo, rather than redoing");
	free(id);
	for (i = 0; i < 4; i++)
		free(states[i]);
}

static void
test_cancel(void)
{
	char *before = dump(), *after, *id = NULL;

	journal_add_tag(journal, "*", "+everything", NULL, NULL);
	ok(journal_undo(journal, &id, NULL) == 0 && id != NULL &&
	    pending() == 0, "undo of an operation not yet applied cancels it");
	is_int(apply(), WRITER_DONE, "the writer has nothing to do");
	after = dump();
	is_str(after, before, "and no tag changed");
	free(after);
	free(before);
	free(id);
}

/* A child that holds the write lock until the pipe FD closes. */
static pid_t
hold_lock(int *release)
{
	int go[2], ready[2];
	char c;
	pid_t pid;

	if (pipe(go) == -1 || pipe(ready) == -1)
		return -1;
	if ((pid = fork()) == 0) {
		struct store *s = NULL;
		close(go[1]);
		close(ready[0]);
		if (store_open(root, config, STORE_READ_WRITE, &s, NULL) == -1)
			_exit(1);
		/* Opening read-write takes the lock; say so, then wait. */
		if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) < 0)
			_exit(1);
		store_close(s, NULL);
		_exit(0);
	}
	close(go[0]);
	close(ready[1]);
	if (read(ready[0], &c, 1) != 1)
		pid = -1;
	close(ready[0]);
	*release = go[1];
	return pid;
}

static void
test_lock_contention(void)
{
	int release = -1, status = 0;
	pid_t child = hold_lock(&release);

	ok(child > 0, "another process opened the store read-write");
	journal_add_tag(journal, "tag:quarantine", "+while-locked", NULL, NULL);
	is_int(apply(), WRITER_BUSY,
	    "the writer sees the lock and returns at once instead of waiting");
	is_int(pending(), 1, "the operation stays pending");
	is_int(count("tag:while-locked"), 0, "and is not applied yet");
	close(release);
	waitpid(child, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "the other process let go");
	is_int(apply(), WRITER_DONE, "the retry applies it");
	ok(count("tag:while-locked") > 5, "nothing was lost");
}

static void
test_torn_line(void)
{
	struct journal *j = NULL;
	char *text = NULL;
	size_t len, before;

	journal_read(journal, &j, NULL);
	before = j->nops;
	journal_free(j);
	/* A crash in the middle of an append. */
	file_read(journal, &text, &len, NULL);
	char *torn = xasprintf("%sI\t999.1.1\t99", text);
	unlink(journal);
	file_write_new(journal, torn, strlen(torn), FILE_SYNC, NULL);
	journal_read(journal, &j, NULL);
	is_int(j->nops, before, "a torn last line is ignored");
	journal_free(j);
	journal_add_tag(journal, "tag:quarantine", "+after-tear", NULL, NULL);
	journal_read(journal, &j, NULL);
	is_int(j->nops, before + 1, "and the next record after it reads back");
	journal_free(j);
	apply();
	ok(count("tag:after-tear") > 0, "and is applied");
	free(torn);
	free(text);
}

static void
test_maildir_flags(void)
{
	char *files;

	journal_add_tag(journal, "id:flowed@demo.example", "+flagged", NULL,
	    NULL);
	apply();
	files = notmuch("search --output=files id:flowed@demo.example");
	ok(strstr(files, ":2,FS") != NULL, "tags become maildir flags when "
	    "notmuch synchronizes them: %s", files);
	free(files);
}

static void
test_flush_waits(void)
{
	int release = -1, status = 0;
	pid_t child = hold_lock(&release), closer;
	char *cause = NULL;

	journal_add_tag(journal, "tag:quarantine", "+flushed", NULL, NULL);
	/* A third process lets the lock go after half a second. */
	if ((closer = fork()) == 0) {
		usleep(500000);
		close(release);
		_exit(0);
	}
	close(release);
	is_int(apply(), WRITER_BUSY, "at first another process holds the lock");
	is_int(writer_flush(journal, root, config, 60, &cause), WRITER_DONE,
	    "writer_flush retries with back-off until the lock is free");
	ok(count("tag:flushed") > 5, "and the write lands");
	waitpid(closer, &status, 0);
	waitpid(child, &status, 0);
	ok(writer_backoff(0) == 50 && writer_backoff(3) == 400 &&
	    writer_backoff(30) == 2000, "back-off doubles from 50 ms to 2 s");
	free(cause);
}

static void
test_index_new(void)
{
	static const char *const extra[] = { "fetched", NULL };
	char *md = xasprintf("%s/INBOX", root), *path = NULL, *cause = NULL;
	struct store *s = NULL;
	const char *msg = "From: New Sender <new@example.org>\n"
	    "Subject: brand new\nMessage-ID: <brand.new@example.org>\n\nhi\n";
	int rc;

	maildir_deliver(md, msg, strlen(msg), NULL, MAILDIR_SYNC_EACH, &path,
	    NULL);
	store_open(root, config, STORE_READ_WRITE, &s, NULL);
	rc = store_index_new(s, path, extra, &cause);
	store_close(s, NULL);
	ok(rc == 0, "a new file is indexed: %s", cause ? cause : "ok");
	is_int(count("id:brand.new@example.org and tag:inbox and tag:unread "
	    "and tag:fetched"), 1, "with notmuch's new.tags and the extra tags");
	free(cause);
	free(path);
	free(md);
}

static void
test_addresses(void)
{
	struct store *s = NULL;
	struct store_address *a = NULL;
	size_t n = 0, i;
	int sorted = 1;

	store_open(root, config, STORE_READ_ONLY, &s, NULL);
	ok(store_addresses(s, "an", 10, &a, &n, NULL) == 0 && n >= 2,
	    "completion of \"an\" finds correspondents");
	ok(n > 0 && strcmp(a[0].address, "ann@example.org") == 0 &&
	    strcmp(a[0].name, "Ann Example") == 0,
	    "the most frequent first, with name and address apart");
	for (i = 1; i < n; i++)
		sorted &= a[i - 1].count >= a[i].count;
	ok(sorted, "in order of frequency");
	store_addresses_free(a, n);
	ok(store_addresses(s, "陈", 10, &a, &n, NULL) == 0 && n == 1 &&
	    strcmp(a[0].address, "chen.wei@example.cn") == 0,
	    "a name in another script, decoded from its encoded-word");
	store_addresses_free(a, n);
	ok(store_addresses(s, "elo", 1, &a, &n, NULL) == 0 && n == 1 &&
	    strcmp(a[0].name, "Élodie Martin") == 0,
	    "an address prefix finds the name; MAX is kept");
	store_addresses_free(a, n);
	ok(store_addresses(s, "a*(\"", 10, &a, &n, NULL) == 0,
	    "query syntax in the prefix is not an error");
	store_addresses_free(a, n);
	ok(store_addresses(s, "zzzq", 10, &a, &n, NULL) == 0 && n == 0,
	    "no match, no rows");
	store_addresses_free(a, n);
	store_close(s, NULL);
}

static void
test_bad_changes(void)
{
	struct store *s = NULL;
	struct journal_change *ch = NULL;
	size_t n = 0;
	char *cause = NULL;
	int rc;

	store_open(root, config, STORE_READ_WRITE, &s, NULL);
	rc = store_tag(s, "*", "+ok inbox", &ch, &n, &cause);
	ok(rc == -1 && cause && strstr(cause, "\"inbox\" is not +TAG or -TAG"),
	    "a change without + or - is refused: %s", cause);
	store_close(s, NULL);
	free(cause);
}

/* Compaction keeps the recent history, what is pending, and undo. */
static void
test_compact(void)
{
	struct journal *j = NULL;
	char *id = NULL;
	size_t i, n;

	for (i = 0; i < 30; i++) {
		journal_add_tag(journal, THREAD, i % 2 ? "-busy" : "+busy",
		    NULL, NULL);
		apply();
	}
	journal_read(journal, &j, NULL);
	n = j->nops;
	journal_free(j);
	ok(journal_compact(journal, 5, NULL) == 0, "the journal compacts");
	journal_read(journal, &j, NULL);
	is_int((long)j->nops, 5, "keeping the last 5 operations (of %zu)", n);
	ok(j->nops > 0 && j->ops[j->nops - 1].ndone > 0 &&
	    j->ops[j->nops - 1].applied,
	    "each with its recorded changes and its done mark");
	journal_free(j);
	ok(journal_undo(journal, &id, NULL) == 0 && id != NULL,
	    "undo still reaches the last operation");
	apply();
	is_int(count(THREAD " and tag:busy"), 42, "and reverts it");
	free(id);

	/* Operations not applied yet all stay, however old. */
	for (i = 0; i < 8; i++)
		journal_add_tag(journal, THREAD, "+later", NULL, NULL);
	ok(journal_compact(journal, 2, NULL) == 0, "compacting with 8 pending");
	is_int((long)pending(), 8, "keeps all 8");
	is_int(apply(), WRITER_DONE, "which then apply");
	is_int(count(THREAD " and tag:later"), 42, "all of them");
}

int
main(int argc, char **argv)
{
	const char *dir;
	char *demo, *cause = NULL;
	int rc;

	if (argc == 5 && strcmp(argv[1], "--writer") == 0) {	/* test_killed */
		rc = writer_apply(argv[2], argv[3], argv[4], NULL, &cause) ==
		    WRITER_DONE ? 0 : 1;
		free(cause);
		return rc;
	}
	dir = test_tmpdir();
	demo = xasprintf("%s/demo", dir);

	if (demo_build(test_srcpath("contrib/demo"), demo, NULL) == -1) {
		ok(0, "the demo store builds");
		return test_done();
	}
	root = demo_mail_root(demo);
	config = demo_notmuch_config(demo);
	journal = xasprintf("%s/state/journal", dir);
	test_tag_and_undo();
	test_killed();
	test_levels();
	test_cancel();
	test_lock_contention();
	test_torn_line();
	test_maildir_flags();
	test_flush_waits();
	test_index_new();
	test_addresses();
	test_bad_changes();
	test_compact();
	free(journal);
	free(config);
	free(root);
	free(demo);
	return test_done();
}
