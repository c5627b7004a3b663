/* ttyline.c: lines typed on the terminal; see ttyline.h. */
#include "autodefs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "buf.h"
#include "mua.h"
#include "ttyline.h"

static int
read_byte(int fd)
{
	unsigned char c;
	ssize_t r;

	while ((r = read(fd, &c, 1)) == -1 && errno == EINTR)
		;
	return r == 1 ? c : -1;
}

static void
redraw(FILE *tty, const char *prompt, const struct buf *b)
{
	fprintf(tty, "\r\033[K%s%s", prompt, b->s != NULL ? b->s : "");
	fflush(tty);
}

/* Where the word being completed starts in B. */
static size_t
word_start(const struct buf *b, const char *separators)
{
	size_t i = b->len;

	while (i > 0 && strchr(separators, b->s[i - 1]) == NULL)
		i--;
	while (i < b->len && b->s[i] == ' ')
		i++;
	return i;
}

/* The length of what all N candidates share. */
static size_t
shared(char **c, size_t n)
{
	size_t len = strlen(c[0]), i, k;

	for (i = 1; i < n; i++) {
		for (k = 0; k < len && c[i][k] == c[0][k]; k++)
			;
		len = k;
	}
	return len;
}

static void
complete(FILE *tty, struct buf *b, const char *separators,
    ttyline_complete_fn *fn, void *arg)
{
	size_t start = word_start(b, separators), n = 0, i, keep;
	char *word = xstrndup(b->s ? b->s + start : "", b->len - start);
	char **c = NULL;

	fn(arg, word, &c, &n);
	keep = n > 0 ? shared(c, n) : 0;
	if (n == 1 || keep > strlen(word)) {
		b->len = start;
		buf_add(b, c[0], n == 1 ? strlen(c[0]) : keep);
	}
	if (n > 1)
		for (i = 0; i < n && i < 10; i++)
			fprintf(tty, "\r\n  %s", c[i]);
	if (n > 10)
		fprintf(tty, "\r\n  (%zu more)", n - 10);
	if (n > 1)
		fprintf(tty, "\r\n");
	for (i = 0; i < n; i++)
		free(c[i]);
	free(c);
	free(word);
}

/* Removes the last character (a whole UTF-8 sequence) of B. */
static void
backspace(struct buf *b)
{
	while (b->len > 0 && ((unsigned char)b->s[--b->len] & 0xc0) == 0x80)
		;
	if (b->s != NULL)
		b->s[b->len] = '\0';
}

static void
erase_word(struct buf *b)
{
	while (b->len > 0 && b->s[b->len - 1] == ' ')
		b->len--;
	while (b->len > 0 && b->s[b->len - 1] != ' ')
		b->len--;
	if (b->s != NULL)
		b->s[b->len] = '\0';
}

char *
ttyline_read(FILE *tty, const char *prompt, const char *initial,
    const char *separators, ttyline_complete_fn *fn, void *arg)
{
	struct termios old, raw;
	struct buf b = { NULL, 0, 0 };
	int fd = fileno(tty), c, done = 0;

	buf_adds(&b, initial != NULL ? initial : "");
	tcgetattr(fd, &old);
	raw = old;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(fd, TCSANOW, &raw);
	while (!done) {
		redraw(tty, prompt, &b);
		switch ((c = read_byte(fd))) {
		case '\r':
		case '\n':
			done = 1;
			break;
		case -1: case 3: case 7: case 27:	/* EOF, C-c, C-g, Esc */
			done = -1;
			break;
		case '\t':
			if (fn != NULL)
				complete(tty, &b, separators, fn, arg);
			break;
		case 127: case 8:
			backspace(&b);
			break;
		case 21:	/* C-u */
			b.len = 0;
			buf_add(&b, "", 0);
			break;
		case 23:	/* C-w */
			erase_word(&b);
			break;
		default:
			if (c >= 0x20)
				buf_addc(&b, (char)c);
		}
	}
	tcsetattr(fd, TCSANOW, &old);
	fprintf(tty, "\r\n");
	if (done == -1) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}
