/* outbox-state.c: a queued message's state file; see outbox-state.h. */
#include "autodefs.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mua.h"
#include "outbox-state.h"

static const char *const state_names[] = {
	"queued", "sending", "sent", "failed", "unknown",
};

const char *
outbox_state_name(enum outbox_state state)
{
	return state_names[state];
}

/* The word at *p (up to a space or the end of LINE), advancing *p. */
static char *
word(const char **p, const char *end)
{
	const char *s = *p, *e;

	while (s < end && *s == ' ')
		s++;
	for (e = s; e < end && *e != ' '; e++)
		;
	*p = e;
	return xstrndup(s, (size_t)(e - s));
}

/* A decimal number that fits, else -1 (nothing here is negative). */
static long long
number(const char *s)
{
	char *end;
	long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	return errno == 0 && *end == '\0' ? v : -1;
}

void
outbox_record_parse(const char *data, size_t len, struct outbox_record *r)
{
	const char *nl = memchr(data, '\n', len), *end = nl ? nl : data + len;
	const char *p = data, *rest, *rest_end;
	char *name = word(&p, end), *attempts = word(&p, end),
	    *next = word(&p, end);
	long long a = number(attempts), n = number(next);
	size_t i;
	int known = 0;

	memset(r, 0, sizeof *r);
	for (i = 0; i < nitems(state_names) && a >= 0 && a <= UINT_MAX &&
	    n >= 0; i++)
		if (strcmp(name, state_names[i]) == 0) {
			r->state = (enum outbox_state)i;
			r->attempts = (unsigned)a;
			r->next = n;
			known = 1;
		}
	if (known && nl != NULL) {
		rest = nl + 1;
		rest_end = memchr(rest, '\n', len - (size_t)(rest - data));
		if (rest_end == NULL)
			rest_end = data + len;
		if (rest_end > rest)
			r->reason = xstrndup(rest, (size_t)(rest_end - rest));
	}
	free(name);
	free(attempts);
	free(next);
}

char *
outbox_record_format(const struct outbox_record *r)
{
	struct buf b = { NULL, 0, 0 };
	const char *reason = r->reason != NULL ? r->reason : "";

	buf_printf(&b, "%s %u %lld\n%.*s\n", state_names[r->state],
	    r->attempts, r->next, (int)strcspn(reason, "\n"), reason);
	return b.s;
}
