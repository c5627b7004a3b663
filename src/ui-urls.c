/*
 * ui-urls.c: the URL view; see ui-urls.h.
 *
 * A URL comes from the mail, so it never meets a shell: url_command is
 * split into words and run directly with the URL as its last argument,
 * and the clipboard gets it base64-encoded inside OSC 52.
 */
#include "autodefs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "mua.h"
#include "text.h"
#include "ui-urls.h"
#include "ui.h"

struct ui_urls {
	char **urls;
	size_t n;
	size_t cursor, top;
	int page;
};

static void
urls_draw(void *data, struct ui *ui, int rows, int cols)
{
	struct ui_urls *v = data;
	char *line;
	size_t i;

	(void)ui;
	v->page = rows;
	if (v->cursor < v->top)
		v->top = v->cursor;
	if (v->cursor >= v->top + (size_t)rows)
		v->top = v->cursor - (size_t)rows + 1;
	for (i = 0; i < (size_t)rows && v->top + i < v->n; i++) {
		line = xasprintf("%3zu  %s", v->top + i + 1, v->urls[v->top + i]);
		ui_text((int)i, 0, line, cols, v->top + i == v->cursor ?
		    UI_CURSOR : UI_URL);
		free(line);
	}
}

/* Base64 of S, for OSC 52. */
static char *
base64(const char *s)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i;
	struct buf b = { NULL, 0, 0 };

	for (i = 0; i < len; i += 3) {
		unsigned v = (unsigned)p[i] << 16 |
		    (i + 1 < len ? (unsigned)p[i + 1] << 8 : 0) |
		    (i + 2 < len ? p[i + 2] : 0);
		buf_addc(&b, abc[v >> 18 & 63]);
		buf_addc(&b, abc[v >> 12 & 63]);
		buf_addc(&b, i + 1 < len ? abc[v >> 6 & 63] : '=');
		buf_addc(&b, i + 2 < len ? abc[v & 63] : '=');
	}
	return buf_take(&b);
}

/* Puts URL on the clipboard through the terminal (OSC 52). */
static void
copy(struct ui *ui, const char *url)
{
	char *b64 = base64(url);

	printf("\033]52;c;%s\007", b64);
	fflush(stdout);
	ui_message(ui, "copied to the clipboard (if the terminal allows "
	    "OSC 52): %s", url);
	free(b64);
}

/* Runs url_command's words with URL appended, no shell; waits. */
static void
open_url(struct ui *ui, const char *url)
{
	const char *setting = options_get(ui_config(ui)->options,
	    "url_command");
	char *words = xstrdup(setting), *save = NULL, *w, *argv[32];
	size_t n = 0;
	pid_t pid;
	int st;

	for (w = strtok_r(words, " \t", &save); w != NULL && n < 30;
	    w = strtok_r(NULL, " \t", &save))
		argv[n++] = w;
	if (n == 0) {
		ui_error(ui, "set url_command to open links (y copies them)");
		free(words);
		return;
	}
	argv[n++] = (char *)url;
	argv[n] = NULL;
	if ((pid = fork()) == 0) {
		int null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	st = 0;
	if (pid == -1 || waitpid(pid, &st, 0) == -1)
		ui_error(ui, "can't run %s: %s", argv[0], strerror(errno));
	else if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		ui_error(ui, "%s failed (status %d)", argv[0],
		    WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	else
		ui_message(ui, "opened %s", url);
	free(words);
}

static int
urls_command(void *data, struct ui *ui, const char *name, const char *args)
{
	struct ui_urls *v = data;

	(void)args;
	if (ui_move(name, &v->cursor, v->n, v->page) == 0)
		;
	else if (strcmp(name, "copy") == 0)
		copy(ui, v->urls[v->cursor]);
	else if (strcmp(name, "open") == 0)
		open_url(ui, v->urls[v->cursor]);
	else
		return -1;
	return 0;
}

static void
urls_status(void *data, char *buf, size_t size)
{
	struct ui_urls *v = data;

	snprintf(buf, size, " link %zu of %zu  (y copies, Enter opens)",
	    v->cursor + 1, v->n);
}

static void
urls_free(void *data)
{
	struct ui_urls *v = data;

	while (v->n > 0)
		free(v->urls[--v->n]);
	free(v->urls);
	free(v);
}

static const struct ui_view_type urls_type = {
	"urls", KEYMAP_URLS, urls_draw, urls_command, urls_status, NULL,
	urls_free,
};

/* The URLs seen so far, by hash: a message of 100,000 links must not
 * compare each new one with all the others. */
struct seen {
	size_t *slot;		/* index + 1 into urls; 0 free */
	size_t cap;		/* a power of two, over twice the count */
};

static size_t
hash(const char *s)
{
	size_t h = 14695981039346656037ULL;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static void
seen_grow(struct seen *t, char *const *urls, size_t n)
{
	size_t i, j;

	free(t->slot);
	t->cap = t->cap ? t->cap * 2 : 64;
	t->slot = xcalloc(t->cap, sizeof *t->slot);
	for (i = 0; i < n; i++) {
		for (j = hash(urls[i]) & (t->cap - 1); t->slot[j] != 0;
		    j = (j + 1) & (t->cap - 1))
			;
		t->slot[j] = i + 1;
	}
}

/* Adds URL to V unless it is there already. */
static void
add(struct ui_urls *v, struct seen *t, char *url)
{
	size_t j;

	if (2 * (v->n + 1) > t->cap)
		seen_grow(t, v->urls, v->n);
	for (j = hash(url) & (t->cap - 1); t->slot[j] != 0;
	    j = (j + 1) & (t->cap - 1))
		if (strcmp(v->urls[t->slot[j] - 1], url) == 0) {
			free(url);
			return;
		}
	v->urls = xreallocarray(v->urls, v->n + 1, sizeof *v->urls);
	v->urls[v->n++] = url;
	t->slot[j] = v->n;
}

void
ui_urls_open(struct ui *ui, char *const *lines, size_t n)
{
	struct ui_urls *v = xcalloc(1, sizeof *v);
	struct seen seen = { NULL, 0 };
	size_t i, from, start, end;

	for (i = 0; i < n; i++)
		for (from = 0; text_url_next(lines[i], from, &start, &end);
		    from = end)
			add(v, &seen, xstrndup(lines[i] + start, end - start));
	free(seen.slot);
	if (v->n == 0) {
		ui_message(ui, "no links in this message");
		free(v);
		return;
	}
	ui_push(ui, &urls_type, v);
}
