/* answer-guard.c: bounds on a server's answers; see answer-guard.h. */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>

#include "answer-guard.h"

void
answer_guard_init(struct answer_guard *g, const char *protocol)
{
	memset(g, 0, sizeof *g);
	g->imap = strcmp(protocol, "imap") == 0;
	g->smtp = strcmp(protocol, "smtp") == 0;
	g->at_start = 1;
}

void
answer_guard_wrote(struct answer_guard *g)
{
	g->read = 0;
	g->requests = 0;
}

/* The size of the literal a line ending in TAIL announces ("... {N}\r\n");
 * 0 for none. */
static uint64_t
announced(const char *tail, size_t n)
{
	const char *open;
	uint64_t size = 0;

	if (n < 5 || memcmp(tail + n - 3, "}\r\n", 3) != 0 ||
	    (open = memchr(tail, '{', n - 3)) == NULL)
		return 0;
	for (open++; open < tail + n - 3 && *open >= '0' && *open <= '9';
	    open++)
		size = size * 10 + (uint64_t)(*open - '0');
	return open == tail + n - 3 ? size : 0;
}

/* One byte C outside a literal. */
static void
imap_byte(struct answer_guard *g, char c)
{
	if (g->at_start && c == '+')
		g->requests++;
	g->at_start = 0;
	if (g->ntail == sizeof g->tail)	/* keep the last bytes only */
		memmove(g->tail, g->tail + 1, --g->ntail);
	g->tail[g->ntail++] = c;
	if (c != '\n')
		return;
	g->literal = announced(g->tail, g->ntail);
	g->ntail = 0;
	g->at_start = g->literal == 0;
}

static int
imap_read(struct answer_guard *g, const char *data, size_t n)
{
	size_t skip;

	while (n > 0) {
		if (g->literal > 0) {
			skip = g->literal < n ? (size_t)g->literal : n;
			g->literal -= skip;
			data += skip;
			n -= skip;
			continue;	/* the line goes on after it */
		}
		imap_byte(g, *data++);
		n--;
		if (g->requests > 1) {
			g->refused = "the server kept asking for more without "
			    "waiting for it (a broken or hostile server)";
			return -1;
		}
	}
	return 0;
}

int
answer_guard_read(struct answer_guard *g, const char *data, size_t n)
{
	if (g->refused != NULL)
		return -1;
	g->read += n;
	if (g->smtp && g->read > ANSWER_GUARD_SMTP_MAX) {
		g->refused = "the server's answer went on past 64 KB, more "
		    "than any real SMTP answer (a broken or hostile server)";
		return -1;
	}
	return g->imap ? imap_read(g, data, n) : 0;
}
