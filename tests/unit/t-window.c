/*
 * t-window.c: lazy thread windows on a real 10,000-message store built by
 * bench/make-store, checked row by row against the notmuch CLI; and a
 * window that keeps reading correctly while other processes commit.
 */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "count-job.h"
#include "mua.h"
#include "store.h"
#include "test.h"

static char *config;

/* notmuch's thread ids for rows FIRST..FIRST+N-1, newest first. */
static char *
cli_threads(size_t first, size_t n, const char *sort)
{
	char *cmd = xasprintf("NOTMUCH_CONFIG='%s' notmuch search --sort=%s "
	    "--output=threads --offset=%zu --limit=%zu '*'", config, sort,
	    first, n), *out = test_run(cmd);

	free(cmd);
	return out;
}

/* The window's thread ids for the same rows, in the CLI's format. */
static char *
window_threads(struct store_window *w, size_t first, size_t n)
{
	const struct store_thread *rows;
	char *out = xstrdup(""), *next;
	size_t got, i;

	if (store_window_get(w, first, n, &rows, &got, NULL) == -1)
		return out;
	for (i = 0; i < got; i++) {
		next = xasprintf("%sthread:%s\n", out, rows[i].id);
		free(out);
		out = next;
	}
	return out;
}

static void
check_rows(struct store_window *w, size_t first, size_t n, const char *what)
{
	char *want = cli_threads(first, n, "newest-first");
	char *got = window_threads(w, first, n);

	ok(*want != '\0' && strcmp(want, got) == 0,
	    "%s: rows %zu-%zu are notmuch search's", what, first, first + n - 1);
	free(got);
	free(want);
}

static void
test_windows(struct store *store)
{
	struct store_window *w = NULL, *rev = NULL;
	unsigned threads = 0;
	size_t total = 0, got;
	const struct store_thread *rows;
	char *want, *have;
	int complete;

	store_count_threads(store, "*", &threads, NULL);
	ok(store_window_open(store, "*", STORE_NEWEST_FIRST, &w, NULL) == 0,
	    "a window opens on *");
	check_rows(w, 0, 50, "start");
	ok(!store_window_complete(w, &total),
	    "after the first screen the total is not known: nothing was counted");
	check_rows(w, threads / 2, 50, "middle");
	check_rows(w, threads - 50, 50, "end");
	ok(store_window_get(w, threads - 10, 50, &rows, &got, NULL) == 0 &&
	    got == 10, "a window past the end gives the rows there are");
	/* Read first: ok()'s arguments are evaluated in no given order. */
	complete = store_window_complete(w, &total);
	ok(complete && total == threads,
	    "at the end the total is known and right (%zu)", total);
	/* The last screen without reading the rest: the reverse order. */
	ok(store_window_open(store, "*", STORE_OLDEST_FIRST, &rev, NULL) == 0,
	    "an oldest-first window opens");
	want = cli_threads(0, 50, "oldest-first");
	have = window_threads(rev, 0, 50);
	ok(strcmp(want, have) == 0 && !store_window_complete(rev, &total),
	    "the last screen comes from the reverse order, lazily");
	free(have);
	free(want);
	store_window_free(rev);
	store_window_free(w);
}

static void
test_row_content(struct store *store)
{
	struct store_window *w = NULL;
	const struct store_thread *rows;
	size_t got, i, bad = 0;
	char *cmd, *cli;

	store_window_open(store, "tag:unread", STORE_NEWEST_FIRST, &w, NULL);
	store_window_get(w, 0, 20, &rows, &got, NULL);
	cmd = xasprintf("NOTMUCH_CONFIG='%s' notmuch search --limit=20 "
	    "tag:unread | sed 's/^thread:[^ ]* *[^[]*//'", config);
	cli = test_run(cmd);
	for (i = 0; i < got; i++) {
		char *tags = xstrdup(""), *line, **t;
		for (t = rows[i].tags; *t != NULL; t++) {
			char *next = xasprintf("%s%s%s", tags, *tags ? " " : "", *t);
			free(tags);
			tags = next;
		}
		line = xasprintf("[%d/%d] %s; %s (%s)\n", rows[i].matched,
		    rows[i].total, rows[i].authors, rows[i].subject, tags);
		if (strstr(cli, line) == NULL) {
			printf("# not in notmuch search: %s", line);
			bad++;
		}
		ok(rows[i].unread, "row %zu is unread", i);
		free(line);
		free(tags);
	}
	is_int(bad, 0, "counts, authors, subject and tags are notmuch's");
	free(cli);
	free(cmd);
	store_window_free(w);
}

/*
 * Newest first, the window reads the query a slice of dates at a time;
 * the order must still be notmuch's, for "*" (which notmuch only takes
 * alone: "(*)" is not every message) and for a narrower query.
 */
static void
check_sorted(struct store *store, const char *query, size_t n,
    enum store_sort sort)
{
	struct store_window *w = NULL;
	const struct store_thread *rows;
	size_t got = 0, i;
	char *cmd, *cli, *mine = xstrdup(""), *next;

	store_window_open(store, query, sort, &w, NULL);
	store_window_get(w, 0, n, &rows, &got, NULL);
	for (i = 0; i < got; i++) {
		next = xasprintf("%sthread:%s\n", mine, rows[i].id);
		free(mine);
		mine = next;
	}
	cmd = xasprintf("NOTMUCH_CONFIG='%s' notmuch search --limit=%zu "
	    "--sort=%s --output=threads '%s'", config, n,
	    sort == STORE_OLDEST_FIRST ? "oldest-first" : "newest-first",
	    query);
	cli = test_run(cmd);
	is_str(mine, cli, "the first %zu threads of %s, %s, in notmuch's order",
	    n, query, sort == STORE_OLDEST_FIRST ? "oldest first" :
	    "newest first");
	free(cli);
	free(cmd);
	free(mine);
	store_window_free(w);
}

static void
check_order(struct store *store, const char *query, size_t n)
{
	check_sorted(store, query, n, STORE_NEWEST_FIRST);
}

static void
test_concurrent_commits(struct store *store)
{
	struct store_window *w = NULL;
	const struct store_thread *rows;
	size_t got = 0, total = 0;
	char *cmd;
	int i, rc = 0;

	store_window_open(store, "*", STORE_NEWEST_FIRST, &w, NULL);
	store_window_get(w, 0, 10, &rows, &got, NULL);
	for (i = 0; i < 3; i++) {	/* three commits by another process */
		cmd = xasprintf("NOTMUCH_CONFIG='%s' notmuch tag %cchurn%d -- "
		    "'*'", config, i % 2 ? '-' : '+', i / 2);
		rc |= system(cmd);
		free(cmd);
	}
	ok(rc == 0, "another process committed three times meanwhile");
	rc = store_window_get(w, 10, 100000, &rows, &got, NULL);
	ok(rc == 0 && store_window_complete(w, &total) && got + 10 == total &&
	    total > 1000, "the window reads on to the end");
	ok(got > 0 && rows[got - 1].tags[0] != NULL,
	    "rows read after the commits are whole");
	store_window_free(w);
}

/*
 * Mail without a usable Date: gets date 0 from notmuch (before 1970 too),
 * and the far future stays far: every thread is reached in both orders,
 * whatever the hints say, beside mail of today.
 */
static void
test_odd_dates(const char *dir)
{
	static const char *dates[] = { "Mon, 02 Nov 2026 10:00:00 +0000",
	    NULL, "yesterday-ish garbage", "Mon, 02 Nov 2037 10:00:00 +0000",
	    "Thu, 01 Jan 1960 10:00:00 +0000", "", "Fri, 13 Feb 2009 23:31:30 "
	    "+0000" };
	char *root = xasprintf("%s/odd", dir), *cmd, *saved = config;
	struct store *store = NULL;
	size_t i;
	FILE *f;

	cmd = xasprintf("mkdir -p '%s/mail/cur' '%s/mail/new' '%s/mail/tmp'",
	    root, root, root);
	free(test_run(cmd));
	free(cmd);
	for (i = 0; i < sizeof dates / sizeof *dates; i++) {
		char *path = xasprintf("%s/mail/new/m%zu", root, i);
		f = fopen(path, "w");
		fprintf(f, "From: a%zu@example.org\nSubject: odd %zu\n"
		    "Message-ID: <odd%zu@example.org>\n", i, i, i);
		if (dates[i] != NULL)
			fprintf(f, "Date: %s\n", dates[i]);
		fprintf(f, "\nbody\n");
		fclose(f);
		free(path);
	}
	config = xasprintf("%s/notmuch-config", root);
	f = fopen(config, "w");
	fprintf(f, "[database]\npath=%s/mail\n", root);
	fclose(f);
	cmd = xasprintf("NOTMUCH_CONFIG='%s' notmuch new --quiet", config);
	free(test_run(cmd));
	free(cmd);
	ok(store_open(NULL, config, STORE_READ_ONLY, &store, NULL) == 0,
	    "a store of odd dates opens");
	check_sorted(store, "*", 20, STORE_NEWEST_FIRST);
	check_sorted(store, "*", 20, STORE_OLDEST_FIRST);
	store_set_oldest_hint(store, 1234567890);
	check_sorted(store, "*", 20, STORE_OLDEST_FIRST);
	store_set_newest_hint(store, 1234567890);
	check_sorted(store, "*", 20, STORE_NEWEST_FIRST);
	check_sorted(store, "not subject:garbage", 20, STORE_NEWEST_FIRST);
	store_close(store, NULL);
	free(config);
	config = saved;
	free(root);
}

/* The total a view counts in the background: right, and stoppable. */
static void
test_background_count(struct store *store, const char *mail_root)
{
	struct count_job *job;
	unsigned threads = 0, n = 0;
	int stop = 1, i;
	long got = -2;
	char *cause = NULL;

	store_count_threads(store, "*", &threads, NULL);
	ok(store_count_threads_until(store, "*", &(int){ 0 }, &n,
	    NULL) == 0 && n == threads,
	    "counting message by message gives notmuch's thread count");
	ok(store_count_threads_until(store, "*", &stop, &n, &cause) == -1 &&
	    cause != NULL && strstr(cause, "stopped") != NULL,
	    "a count told to stop stops, saying so");
	free(cause);
	job = count_job_start(mail_root, config, "*");
	/* A ceiling of some minutes, for a loaded machine: never a guess. */
	for (i = 0; i < 600000 && !count_job_done(job, &got); i++)
		usleep(1000);
	ok(got == (long)threads, "a count job hands back the same count");
	count_job_free(job);
	/* Freed while it runs: it stops (ASan sees that nothing leaks). */
	count_job_free(count_job_start(mail_root, config, "*"));
}

int
main(void)
{
	const char *dir = test_tmpdir();
	char *store_dir = xasprintf("%s/store", dir), *cmd;
	struct store *store = NULL;

	cmd = xasprintf("python3 '%s' 10000 '%s' >/dev/null",
	    test_srcpath("bench/make-store"), store_dir);
	if (system(cmd) != 0) {
		ok(0, "bench/make-store builds a 10,000-message store");
		return test_done();
	}
	config = xasprintf("%s/notmuch-config", store_dir);
	ok(store_open(NULL, config, STORE_READ_ONLY, &store, NULL) == 0,
	    "the store opens read-only");
	test_windows(store);
	test_background_count(store, store_path(store));
	test_row_content(store);
	check_order(store, "*", 300);
	check_order(store, "tag:unread", 300);
	/* A hint of the newest date only moves where slices start. */
	store_set_newest_hint(store, 1);
	check_order(store, "*", 100);
	store_set_newest_hint(store, (long long)time(NULL) - 400 * 86400);
	check_order(store, "*", 100);
	store_set_newest_hint(store, (long long)time(NULL) + 400 * 86400);
	check_order(store, "*", 100);
	ok(store_newest_hint(store) > 0, "reading rows keeps a hint");
	/* Oldest first: a hint of the oldest date lets it read slices. */
	check_sorted(store, "*", 100, STORE_OLDEST_FIRST);
	ok(store_oldest_hint(store) > 0, "an oldest-first window keeps one");
	check_sorted(store, "*", 300, STORE_OLDEST_FIRST);
	check_sorted(store, "tag:unread", 300, STORE_OLDEST_FIRST);
	store_set_oldest_hint(store, store_oldest_hint(store) + 200 * 86400);
	check_sorted(store, "*", 100, STORE_OLDEST_FIRST);
	store_set_oldest_hint(store, 86400);
	check_sorted(store, "*", 100, STORE_OLDEST_FIRST);
	test_concurrent_commits(store);
	store_close(store, NULL);
	test_odd_dates(dir);
	free(config);
	free(cmd);
	free(store_dir);
	return test_done();
}
