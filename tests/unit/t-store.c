/*
 * t-store.c: the store over a real notmuch database built from messages of
 * the demo corpus.
 */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "maildir.h"
#include "mua.h"
#include "store.h"
#include "test.h"

/* Delivers corpus message NAME into the maildir MD; returns its path. */
static char *
deliver(const char *md, const char *name, const char *flags)
{
	char *rel = xasprintf("contrib/demo/%s", name), *data = NULL;
	char *path = NULL;
	size_t len;

	if (file_read(test_srcpath(rel), &data, &len, NULL) == 0)
		maildir_deliver(md, data, len, flags, MAILDIR_SYNC_EACH, &path, NULL);
	free(data);
	free(rel);
	return path;
}

static unsigned
count(struct store *store, const char *query)
{
	unsigned n = 0;

	if (store_count_messages(store, query, &n, NULL) == -1)
		return (unsigned)-1;
	return n;
}

static void
test_index(const char *root)
{
	static const char *const tags[] = { "inbox", "demo", NULL };
	char *md = xasprintf("%s/INBOX", root), *a, *b, *c, *cause = NULL;
	struct store *store = NULL;
	unsigned threads = 0;

	maildir_make(md, NULL);
	/* The first three messages of the long thread: one thread. */
	a = deliver(md, "0001.eml", "S");
	b = deliver(md, "0002.eml", "");
	c = deliver(md, "0003.eml", "FS");
	int rc = store_create(root, "", &store, &cause);

	ok(rc == 0,
	    "store_create makes a database: %s", cause ? cause : "ok");
	ok(store_index_file(store, a, tags, NULL) == 0 &&
	    store_index_file(store, b, tags, NULL) == 0 &&
	    store_index_file(store, c, NULL, NULL) == 0,
	    "three messages are indexed");
	ok(store_index_file(store, a, tags, NULL) == 0,
	    "indexing a file twice is not an error");
	is_int(count(store, "*"), 3, "three messages in the store");
	ok(store_count_threads(store, "*", &threads, NULL) == 0 &&
	    threads == 1, "they form one thread");
	is_int(count(store, "tag:demo"), 2, "given tags are applied");
	is_int(count(store, "tag:unread"), 1,
	    "maildir flags become tags (no S: unread)");
	is_int(count(store, "tag:flagged"), 1, "F becomes flagged");
	ok(store_close(store, NULL) == 0, "the store closes cleanly");
	free(a);
	free(b);
	free(c);
	free(md);
}

static void
test_reopen(const char *root)
{
	struct store *store = NULL;
	char *cause = NULL;

	int rc = store_open(root, "", STORE_READ_ONLY, &store, &cause);

	ok(rc == 0, "the database opens read-only after close");
	is_int(count(store, "*"), 3, "what was indexed was committed");
	ok(strstr(store_path(store), "mail") != NULL, "store_path is the root");
	unsigned n;

	rc = store_count_messages(store, "date:garbage..yesterday", &n, &cause);
	ok(rc == -1 && cause != NULL && strstr(cause, "bad query") != NULL,
	    "a malformed query is an error: %s", cause);
	free(cause);
	store_close(store, NULL);
}

static void
test_thread(const char *root)
{
	struct store *store = NULL;
	struct store_window *w = NULL;
	const struct store_thread *row = NULL;
	struct store_message *m = NULL;
	size_t got = 0, n = 0;
	char **tags = NULL, *joined, *next;
	int i;

	store_open(root, "", STORE_READ_ONLY, &store, NULL);
	store_window_open(store, "*", STORE_NEWEST_FIRST, &w, NULL);
	store_window_get(w, 0, 1, &row, &got, NULL);
	int rc = got == 1 ? store_thread_messages(store, row->id, "tag:flagged",
	    &m, &n, NULL) : -1;

	ok(rc == 0 && n == 3, "the thread's three messages are listed");
	ok(got == 1 && row->unread_authors[0] != NULL &&
	    strcmp(row->unread_authors[0], "Дмитрий Соколов") == 0 &&
	    row->unread_authors[1] == NULL,
	    "the index row knows the one author with unread mail");
	if (n == 3) {
		is_str(m[0].id, "release-1.0.0@demo.example", "the root first");
		is_int(m[0].depth * 10 + m[1].depth, 1, "then its reply");
		is_str(m[1].from, "Дмитрий Соколов <dmitri@example.ru>",
		    "From is decoded");
		is_int(m[0].unread * 100 + m[1].unread * 10 + m[2].unread, 10,
		    "the message without S is the unread one");
		is_int(m[0].matched * 100 + m[1].matched * 10 + m[2].matched, 1,
		    "only the flagged message matches the query");
		ok(strstr(m[2].path, "/INBOX/cur/") != NULL, "paths are given");
	}
	store_messages_free(m, n);
	rc = store_thread_messages(store, "0000000000000000", NULL, &m, &n, NULL);
	ok(rc == 0 && n == 0, "a thread that is gone has no messages");
	store_messages_free(m, n);
	store_window_free(w);
	ok(store_all_tags(store, &tags, NULL) == 0, "the tags are listed");
	joined = xstrdup("");
	for (i = 0; tags != NULL && tags[i] != NULL; i++) {
		next = xasprintf("%s %s", joined, tags[i]);
		free(joined);
		free(tags[i]);
		joined = next;
	}
	free(tags);
	is_str(joined, " demo flagged inbox unread", "all of them, sorted");
	free(joined);
	store_close(store, NULL);
}

/* Whether the revision after ONE's changes is its own, with TWO (another
 * program) writing between ONE's sessions or not. */
static void
test_own_revision(const char *root)
{
	char *md = xasprintf("%s/INBOX", root), *a = deliver(md, "0004.eml",
	    "S"), *b = deliver(md, "0005.eml", "S"), *uuid = NULL, *dup;
	struct store *one = NULL, *two = NULL;
	unsigned long long start = 0, own = 0, end = 0;

	store_open(root, "", STORE_READ_WRITE, &one, NULL);
	store_revision(one, &start, &uuid, NULL);
	store_index_file(one, a, NULL, NULL);
	store_tag_file(one, a, "+work", NULL);
	ok(!store_own_revision(one, &own), "none while not yet committed");
	store_release(one, NULL);
	store_index_file(one, b, NULL, NULL);
	store_release(one, NULL);
	ok(store_own_revision(one, &own) && own > start,
	    "its own changes, committed: the revision after them");
	free(uuid);
	store_revision(one, &start, &uuid, NULL);
	store_release(one, NULL);
	store_open(root, "", STORE_READ_WRITE, &two, NULL);
	store_tag_file(two, b, "+other", NULL);
	store_close(two, NULL);
	store_tag_file(one, a, "-work", NULL);
	store_release(one, NULL);
	ok(!store_own_revision(one, &own),
	    "not when another program wrote in between");
	free(uuid);
	store_revision(one, &start, &uuid, NULL);
	dup = xasprintf("%s/cur/copy-of-0004:2,S", md);
	ok(link(a, dup) == 0, "a second file of one message");
	store_index_file(one, dup, NULL, NULL);
	store_release(one, NULL);
	ok(!store_own_revision(one, &end),
	    "not when a message got a second file (the next sync must see it)");
	store_close(one, NULL);
	free(uuid);
	free(dup);
	free(a);
	free(b);
	free(md);
}

static void
test_missing(const char *base)
{
	char *root = xasprintf("%s/empty", base), *cause = NULL;
	struct store *store = NULL;

	file_make_dirs(root, NULL);
	int rc = store_open(root, "", STORE_READ_ONLY, &store, &cause);

	ok(rc == -1 && cause != NULL && strstr(cause, "notmuch new") != NULL,
	    "a missing database says how to make one: %s", cause);
	free(cause);
	free(root);
}

/* New mail in a muted thread skips the inbox; other mail doesn't. */
static void
test_muted(const char *base)
{
	static const char *const tags[] = { "inbox", "unread", NULL };
	char *root = xasprintf("%s/muted", base), *md = xasprintf("%s/INBOX",
	    root), *a, *b, *c;
	struct store *store = NULL;
	struct journal_change *done = NULL;
	size_t ndone = 0;

	maildir_make(md, NULL);
	a = deliver(md, "0001.eml", "S");
	b = deliver(md, "0002.eml", NULL);
	c = deliver(md, "0212.eml", NULL);
	ok(store_create(root, "", &store, NULL) == 0 &&
	    store_index_file(store, a, tags, NULL) == 0 &&
	    store_tag(store, "id:release-1.0.0@demo.example", "+muted -inbox",
	    &done, &ndone, NULL) == 0, "a thread is muted");
	store_changes_free(done, ndone);
	ok(store_index_file(store, b, tags, NULL) == 0 &&
	    store_index_file(store, c, tags, NULL) == 0,
	    "a reply in it comes, and a message of another thread");
	is_int(count(store, "id:release-1.0.1@demo.example and tag:inbox"), 0,
	    "the reply in the muted thread skips the inbox");
	is_int(count(store, "id:release-1.0.1@demo.example and tag:unread"), 1,
	    "and is unread, for whoever looks");
	is_int(count(store, "id:personal-23.0@demo.example and tag:inbox"), 1,
	    "the other goes to the inbox");
	store_close(store, NULL);
	free(a);
	free(b);
	free(c);
	free(md);
	free(root);
}

/* Queries joined: "*" on either side is left out, as notmuch takes it
 * only alone. */
static void
test_and_query(void)
{
	static const char *const cases[][3] = {
		{ "tag:inbox", "(tag:a)", "(tag:inbox) and (tag:a)" },
		{ "*", "(tag:a)", "(tag:a)" },
		{ "", "(tag:a)", "(tag:a)" },
		{ "tag:inbox", "(*)", "tag:inbox" },
		{ "tag:inbox", " * ", "tag:inbox" },
		{ "*", "(*)", "*" },
		{ "(tag:a) or (tag:b)", "(tag:c)",
		    "((tag:a) or (tag:b)) and (tag:c)" },
	};
	size_t i;
	char *q;

	for (i = 0; i < nitems(cases); i++) {
		q = store_and_query(cases[i][0], cases[i][1]);
		ok(strcmp(q, cases[i][2]) == 0, "\"%s\" and \"%s\" is \"%s\"",
		    cases[i][0], cases[i][1], cases[i][2]);
		free(q);
	}
	q = store_and_query(NULL, "(tag:a)");
	ok(strcmp(q, "(tag:a)") == 0, "no query and a clause is the clause");
	free(q);
}

int
main(void)
{
	const char *base = test_tmpdir();
	char *root = xasprintf("%s/mail", base);

	test_and_query();
	test_index(root);
	test_reopen(root);
	test_thread(root);
	test_own_revision(root);
	test_missing(base);
	test_muted(base);
	free(root);
	return test_done();
}
