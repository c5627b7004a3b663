/* mailcap.c: RFC 1524 mailcap lookup; see mailcap.h. */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "file.h"
#include "mailcap.h"
#include "mua.h"
#include "run.h"

void
mailcap_entry_clear(struct mailcap_entry *e)
{
	free(e->type);
	free(e->command);
	memset(e, 0, sizeof *e);
}

/* Splits LINE at unescaped ';' into at most MAX trimmed fields, in place. */
static size_t
fields(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *p = line, *start = line, *end;

	for (;; p++) {
		if (*p == '\\' && p[1] != '\0') {
			p++;
			continue;
		}
		if (*p != ';' && *p != '\0')
			continue;
		end = p;
		while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		start += strspn(start, " \t");
		if (n < max)
			f[n++] = start;
		if (*p == '\0') {
			*end = '\0';
			break;
		}
		*end = '\0';
		start = p + 1;
	}
	return n;
}

/* Whether the entry's TYPE ("text/html", "text/" + star, "text") covers WANT. */
static int
covers(const char *type, const char *want)
{
	size_t major = strcspn(want, "/");

	if (strcasecmp(type, want) == 0)
		return 1;
	if (strncasecmp(type, want, major) != 0)
		return 0;
	return type[major] == '\0' || strcmp(type + major, "/*") == 0;
}

/* Runs a test= command: 0 exit status means the entry applies. */
static int
test_passes(const struct mailcap_entry *e, const char *test)
{
	struct mailcap_entry t = *e;
	struct run_io io = { -1, -1 };
	char *command;
	int status = 1, uses_file;

	t.command = (char *)test;
	command = mailcap_command(&t, "/dev/null", &uses_file);
	if (run_shell(command, &io, &status, NULL) == -1)
		status = 1;
	free(command);
	return status == 0;
}

/* Reads one mailcap entry from LINE into *out if it suits; 1 if so. */
static int
try_line(char *line, const char *want, int copious, struct mailcap_entry *out)
{
	char *f[32], *test = NULL;
	size_t n = fields(line, f, nitems(f)), i;
	struct mailcap_entry e = { NULL, NULL, 0, 0 };

	if (n < 2 || *f[0] == '#' || !covers(f[0], want))
		return 0;
	for (i = 2; i < n; i++) {
		if (strcasecmp(f[i], "copiousoutput") == 0)
			e.copiousoutput = 1;
		else if (strcasecmp(f[i], "needsterminal") == 0)
			e.needsterminal = 1;
		else if (strncasecmp(f[i], "test=", 5) == 0)
			test = f[i] + 5;
	}
	if (copious && !e.copiousoutput)
		return 0;
	e.type = xstrdup(f[0]);
	e.command = xstrdup(f[1]);
	if (test != NULL && !test_passes(&e, test)) {
		mailcap_entry_clear(&e);
		return 0;
	}
	*out = e;
	return 1;
}

/* Looks through the file PATH; 1 when an entry was found. */
static int
search_file(const char *path, const char *want, int copious,
    struct mailcap_entry *out)
{
	char *data = NULL, *line, *next;
	struct buf joined = { NULL, 0, 0 };
	size_t len;
	int found = 0;

	if (file_read(path, &data, &len, NULL) == -1)
		return 0;
	for (line = data; line != NULL && !found; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		len = strlen(line);
		if (len > 0 && line[len - 1] == '\\') {	/* continues */
			buf_add(&joined, line, len - 1);
			continue;
		}
		buf_adds(&joined, line);
		found = try_line(joined.s, want, copious, out);
		joined.len = 0;
	}
	buf_free(&joined);
	free(data);
	return found;
}

int
mailcap_find(const char *type, int copious, struct mailcap_entry *out)
{
	const char *list = getenv("MAILCAPS"), *home = getenv("HOME");
	char *paths, *save = NULL, *path;
	int found = 0;

	if (list != NULL)
		paths = xstrdup(list);
	else
		paths = xasprintf("%s/.mailcap:/etc/mailcap", home ? home : "");
	for (path = strtok_r(paths, ":", &save); path != NULL && !found;
	    path = strtok_r(NULL, ":", &save))
		found = search_file(path, type, copious, out);
	free(paths);
	return found;
}

/* Adds S single-quoted for the shell. */
static void
add_quoted(struct buf *b, const char *s)
{
	buf_addc(b, '\'');
	for (; *s != '\0'; s++)
		if (*s == '\'')
			buf_adds(b, "'\\''");
		else
			buf_addc(b, *s);
	buf_addc(b, '\'');
}

char *
mailcap_command(const struct mailcap_entry *e, const char *path,
    int *uses_file)
{
	struct buf b = { NULL, 0, 0 };
	const char *p;

	*uses_file = 0;
	for (p = e->command; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0') {
			buf_addc(&b, *++p);
			continue;
		}
		if (*p != '%' || p[1] == '\0') {
			buf_addc(&b, *p);
			continue;
		}
		p++;
		if (*p == 's') {
			add_quoted(&b, path);
			*uses_file = 1;
		} else if (*p == 't')
			add_quoted(&b, e->type);
		else if (*p == '{') {	/* a MIME parameter: never from mail */
			const char *close = strchr(p, '}');
			p = close != NULL ? close : p + strlen(p) - 1;
		}
		else if (*p == '%')
			buf_addc(&b, '%');
	}
	return buf_take(&b);
}
