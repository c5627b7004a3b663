/*
 * trace.c: protocol traces; see trace.h.
 *
 * The trace is a stream tap: it sees every byte libetpan reads and
 * writes, cut into lines. Redaction doesn't trust
 * libetpan's privacy flags (they only reach a logger in debug builds):
 * it knows where each protocol carries credentials, redacts every line
 * the client sends during an authentication exchange, and, as a last
 * guard, any line holding the secret itself.
 */
#include "autodefs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <libetpan/libetpan.h>

#include "buf.h"
#include "mua.h"
#include "stream-tap.h"
#include "trace.h"

static FILE *trace_file;

struct trace {
	char *protocol, *host, *secret;
	unsigned id;
	int in_auth;		/* the client is answering a challenge */
	struct buf sent, received;	/* a partial line each way */
};

int
trace_open(const char *path, char **cause)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);

	if (fd == -1 || (trace_file = fdopen(fd, "a")) == NULL) {
		if (fd != -1)
			close(fd);
		return set_cause(cause, "%s: %s", path, strerror(errno));
	}
	setvbuf(trace_file, NULL, _IOLBF, 0);
	return 0;
}

struct trace *
trace_new(const char *protocol, const char *host, const char *secret)
{
	static unsigned ids;
	struct trace *t;

	if (trace_file == NULL)
		return NULL;
	t = xcalloc(1, sizeof *t);
	t->protocol = xstrdup(protocol);
	t->host = xstrdup(host);
	t->secret = secret != NULL && *secret != '\0' ? xstrdup(secret) : NULL;
	t->id = ++ids;
	return t;
}

static void
stamp(const struct trace *t)
{
	struct timeval tv;
	struct tm tm;

	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	fprintf(trace_file, "%02d:%02d:%02d.%03ld %s#%u ", tm.tm_hour,
	    tm.tm_min, tm.tm_sec, (long)tv.tv_usec / 1000, t->protocol, t->id);
}

void
trace_note(struct trace *t, const char *fmt, ...)
{
	va_list ap;

	if (t == NULL)
		return;
	stamp(t);
	fputs("-- ", trace_file);
	va_start(ap, fmt);
	vfprintf(trace_file, fmt, ap);
	va_end(ap);
	fputc('\n', trace_file);
}

/* The command word of a client LINE: IMAP puts a tag before it. */
static const char *
command_word(const struct trace *t, const char *line, size_t *len)
{
	const char *w = line;

	if (strcmp(t->protocol, "imap") == 0 && (w = strchr(line, ' ')) != NULL)
		w++;
	if (w == NULL)
		return NULL;
	*len = strcspn(w, " ");
	return w;
}

static int
word_is(const char *w, size_t len, const char *name)
{
	return len == strlen(name) && strncasecmp(w, name, len) == 0;
}

/*
 * How much of the client's LINE may be shown: all of it, or the part
 * before the credentials (the command and, where it comes first, the
 * user or mechanism). Starts an authentication exchange where one does.
 */
static size_t
shown_part(struct trace *t, const char *line)
{
	size_t len, keep;
	const char *w;

	if (t->in_auth)
		return 0;
	if ((w = command_word(t, line, &len)) == NULL)
		return strlen(line);
	keep = (size_t)(w - line) + len;
	if (word_is(w, len, "LOGIN") || word_is(w, len, "AUTHENTICATE") ||
	    word_is(w, len, "AUTH") || word_is(w, len, "APOP")) {
		t->in_auth = !word_is(w, len, "APOP");
		if (w[len] == ' ')	/* the user or mechanism stays */
			keep += 1 + strcspn(w + len + 1, " ");
		return keep;
	}
	if (word_is(w, len, "PASS"))
		return keep;
	return strlen(line);
}

/* A server LINE that is not a challenge ends an authentication. */
static void
server_said(struct trace *t, const char *line)
{
	if (t->in_auth && line[0] != '+' && strncmp(line, "334", 3) != 0)
		t->in_auth = 0;
}

static void
write_line(struct trace *t, int sent, char *line)
{
	size_t n = strlen(line), shown;

	if (n > 0 && line[n - 1] == '\r')
		line[--n] = '\0';
	stamp(t);
	if (!sent) {
		server_said(t, line);
		fprintf(trace_file, "S: %s\n", line);
		return;
	}
	shown = shown_part(t, line);
	if (t->secret != NULL && strstr(line, t->secret) != NULL &&
	    shown > (size_t)(strstr(line, t->secret) - line))
		shown = (size_t)(strstr(line, t->secret) - line);
	fprintf(trace_file, "C: %.*s%s\n", (int)shown, line,
	    shown < n ? (shown > 0 ? " [redacted]" : "[redacted]") : "");
}

/* Adds N bytes of DATA to the line going one way, writing whole lines. */
static void
feed(struct trace *t, int sent, const char *data, size_t n)
{
	struct buf *b = sent ? &t->sent : &t->received;
	const char *nl;
	char *line;

	while (n > 0) {
		nl = memchr(data, '\n', n);
		buf_add(b, data, nl ? (size_t)(nl - data) : n);
		if (nl == NULL)
			return;
		n -= (size_t)(nl - data) + 1;
		data = nl + 1;
		line = buf_take(b);
		write_line(t, sent, line);
		free(line);
	}
}

static int
on_read(void *arg, const char *data, ssize_t n)
{
	if (n > 0)
		feed(arg, 0, data, (size_t)n);
	else
		trace_note(arg, n == 0 ? "the server closed the connection" :
		    "reading failed or timed out");
	return 0;
}

static void
on_wrote(void *arg, const char *data, ssize_t n)
{
	if (n > 0)
		feed(arg, 1, data, (size_t)n);
	else if (n < 0)
		trace_note(arg, "writing failed or timed out");
}

void
trace_wrap(struct trace *t, mailstream *stream)
{
	static const struct stream_tap_ops ops = { on_read, on_wrote };

	if (t != NULL)
		stream_tap(stream, &ops, t);
}

void
trace_free(struct trace *t)
{
	if (t == NULL)
		return;
	if (t->sent.len > 0 || t->received.len > 0)
		trace_note(t, "an unfinished line was left");
	buf_free(&t->sent);
	buf_free(&t->received);
	if (t->secret != NULL)
		memset(t->secret, 0, strlen(t->secret));
	free(t->secret);
	free(t->protocol);
	free(t->host);
	free(t);
}
