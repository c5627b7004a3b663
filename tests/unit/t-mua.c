/* t-mua.c: the shared basics of mua.h. */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>

#include "answer-guard.h"
#include "marks.h"
#include "unsubscribe.h"
#include "mua.h"
#include "test.h"

static void
test_strings(void)
{
	char *s = xasprintf("%s-%d", "a", 42), *t = xstrndup("abcdef", 3);

	is_str(s, "a-42", "xasprintf formats");
	is_str(t, "abc", "xstrndup copies at most n bytes");
	free(t);
	t = xstrdup("");
	is_str(t, "", "xstrdup copies the empty string");
	free(t);
	free(s);
}

static void
test_allocation(void)
{
	int *a = xcalloc(4, sizeof *a);

	ok(a[0] == 0 && a[3] == 0, "xcalloc zeroes");
	a = xreallocarray(a, 1000, sizeof *a);
	a[999] = 7;
	is_int(a[999], 7, "xreallocarray grows");
	free(a);
	a = xmalloc(0);
	ok(a != NULL, "xmalloc(0) returns a pointer, not NULL");
	free(a);
}

static void
test_cause(void)
{
	char *cause = NULL;
	int rc = set_cause(&cause, "can't %s %d", "frob", 3);

	is_int(rc, -1, "set_cause returns -1");
	is_str(cause, "can't frob 3", "and sets the message");
	free(cause);
	is_int(set_cause(NULL, "ignored %d", 1), -1,
	    "a NULL cause is allowed (the caller doesn't want it)");
}

/* Feeds S to G in pieces of N bytes (a server's answer as it comes). */
static int
feed(struct answer_guard *g, const char *s, size_t n)
{
	size_t len = strlen(s), k;

	for (; len > 0; s += k, len -= k) {
		k = len < n ? len : n;
		if (answer_guard_read(g, s, k) == -1)
			return -1;
	}
	return 0;
}

static void
test_answer_guard(void)
{
	static const char fetch[] = "* 1 FETCH (UID 1 BODY[] {13}\r\n"
	    "+ not a\r\n+ \r\n)\r\n1 OK done\r\n";
	struct answer_guard g;
	char *big;
	size_t i;
	int ok1 = 1;

	for (i = 1; i <= 7; i++) {
		answer_guard_init(&g, "imap");
		ok1 &= feed(&g, fetch, i) == 0;
	}
	ok(ok1, "IMAP: \"+\" lines inside a literal are message, however "
	    "the bytes come");
	answer_guard_init(&g, "imap");
	ok(feed(&g, "+ go on\r\n", 3) == 0, "one continuation request");
	ok(feed(&g, "+ go on\r\n", 3) == -1 && g.refused != NULL,
	    "a second one without our answer is refused: %s", g.refused);
	ok(feed(&g, "* OK\r\n", 3) == -1, "and stays refused");
	answer_guard_init(&g, "imap");
	feed(&g, "+ go on\r\n", 64);
	answer_guard_wrote(&g);
	ok(feed(&g, "+ go on\r\n", 64) == 0,
	    "one per command: our write answers the first");
	big = xcalloc(1, ANSWER_GUARD_SMTP_MAX + 2);
	memset(big, 'x', ANSWER_GUARD_SMTP_MAX);
	answer_guard_init(&g, "smtp");
	ok(feed(&g, big, 4096) == 0, "SMTP: an answer of 64 KB is taken");
	ok(feed(&g, "x", 1) == -1, "one byte more is not");
	answer_guard_init(&g, "pop3");
	ok(feed(&g, big, 4096) == 0 && feed(&g, big, 4096) == 0,
	    "POP3: no bound (a listing or a message is any size)");
	free(big);
}

/* The marked threads: a sorted set, so big marks stay cheap. */
static void
test_marks(void)
{
	struct marks m = { NULL, 0 };
	char *some[] = { "0003", "0001", "0003" }, *sorted[] = { "0001", "0002" };
	char *q;

	ok(marks_toggle(&m, "0002") == 1 && marks_has(&m, "0002"),
	    "t marks a thread");
	is_int((long)marks_add(&m, some, 3), 2,
	    "adding counts only the new ones, once each");
	q = marks_query(&m);
	is_str(q, "thread:0001 or thread:0002 or thread:0003",
	    "the query names each once, in order");
	free(q);
	is_int((long)marks_remove(&m, sorted, 2), 2, "removing counts those that were");
	ok(!marks_has(&m, "0001") && marks_has(&m, "0003") && m.n == 1,
	    "and leaves the others");
	ok(marks_toggle(&m, "0003") == 0 && m.n == 0 && marks_query(&m) == NULL,
	    "t again unmarks; none marked, no query");
	marks_clear(&m);
}

/* List-Unsubscribe: the first mailto: and web address, one-click or not. */
static void
test_unsubscribe(void)
{
	struct unsubscribe u;

	unsubscribe_parse(" (comment) <https://l.example/u?a=1>, <ftp://x>,"
	    " <MAILTO:leave@l.example?subject=bye>, <mailto:second@l.example>",
	    " List-Unsubscribe=One-Click", &u);
	ok(u.mailto != NULL && strcmp(u.mailto, "mailto:leave@l.example?"
	    "subject=bye") == 0 && u.web != NULL &&
	    strcmp(u.web, "https://l.example/u?a=1") == 0 && u.one_click,
	    "the first of each kind; One-Click from List-Unsubscribe-Post");
	unsubscribe_clear(&u);
	unsubscribe_parse("<mailto:leave@l.example>", NULL, &u);
	ok(u.mailto != NULL && u.web == NULL && !u.one_click,
	    "a mailto: alone, no one-click");
	unsubscribe_clear(&u);
	unsubscribe_parse("https://no-brackets.example <unterminated", NULL, &u);
	ok(u.mailto == NULL && u.web == NULL, "no <uri>: nothing");
	unsubscribe_clear(&u);
}

int
main(void)
{
	test_strings();
	test_allocation();
	test_cause();
	test_answer_guard();
	test_marks();
	test_unsubscribe();
	return test_done();
}
