/* t-mua.c: the shared basics of mua.h. */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>

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

int
main(void)
{
	test_strings();
	test_allocation();
	test_cause();
	return test_done();
}
