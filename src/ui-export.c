/* ui-export.c: |, s and p on messages; see ui-export.h. */
#include "autodefs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "export.h"
#include "file.h"
#include "mime.h"
#include "options.h"
#include "rc.h"
#include "run.h"
#include "text.h"
#include "ui-bounce.h"
#include "ui-complete.h"
#include "ui-export.h"
#include "ui.h"

char *
ui_export_how_many(size_t n)
{
	return n == 1 ? xstrdup("the message") : xasprintf("%zu messages", n);
}

/*
 * A file for a command's standard input, holding TEXT: in a private
 * directory, unlinked at once, so nothing is left whatever happens next.
 * Returns the descriptor at offset 0, or -1 with *cause set.
 */
static int
input_file(const char *text, size_t len, char **cause)
{
	char *dir = NULL, *path;
	int fd;

	if (file_temp_dir(&dir, cause) == -1)
		return -1;
	path = xasprintf("%s/messages", dir);
	if ((fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) ==
	    -1)
		set_cause(cause, "%s: %s", path, strerror(errno));
	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
	if (fd != -1 && (file_write_all(fd, text, len) == -1 ||
	    lseek(fd, 0, SEEK_SET) == -1)) {
		set_cause(cause, "can't write a temporary file: %s",
		    strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* The messages as export_stream() writes them, in a file as above. */
static int
stream_file(const char *const *paths, size_t n, char **cause)
{
	int fd = input_file("", 0, cause);

	if (fd != -1 && (export_stream(paths, n, fd, cause) == -1 ||
	    lseek(fd, 0, SEEK_SET) == -1)) {
		close(fd);
		return -1;
	}
	return fd;
}

struct ui_batch *
ui_batch_new(const char *const *given, size_t n)
{
	struct ui_batch *b = xmalloc(sizeof *b);
	size_t i;

	b->paths = xcalloc(n + 1, sizeof *b->paths);
	for (i = 0; i < n; i++)
		b->paths[i] = xstrdup(given[i]);
	b->n = n;
	b->what = ui_export_how_many(n);
	return b;
}

void
ui_batch_free(struct ui_batch *b)
{
	file_list_free(b->paths, b->n);
	free(b->what);
	free(b);
}

static void
piped(struct ui *ui, void *arg, char *command)
{
	struct ui_batch *b = arg;
	char *cause = NULL;
	int in;

	if (command != NULL && *command != '\0') {
		if ((in = stream_file((const char *const *)b->paths, b->n,
		    &cause)) == -1)
			ui_error(ui, "pipe: %s", cause);
		else {
			ui_external(ui, command, in, 1);
			close(in);
		}
	}
	free(cause);
	free(command);
	ui_batch_free(b);
}

static void
pipe_to(struct ui *ui, void *owner, struct ui_batch *b)
{
	static const struct ui_prompt_opts opts = { "history-pipe", NULL,
		NULL, 0 };
	char *prompt = b->n == 1 ? xstrdup("pipe to: ") :
	    xasprintf("pipe %zu messages (as an mbox) to: ", b->n);

	ui_ask(ui, owner, prompt, "", &opts, piped, b);
	free(prompt);
}

static void
saved(struct ui *ui, void *arg, char *dest)
{
	struct ui_batch *b = arg;
	char *path = NULL, *cause = NULL;
	enum export_kind kind;

	if (dest == NULL || *dest == '\0')
		;
	else if (rc_expand_path(dest, &path, &cause) == -1 ||
	    export_save((const char *const *)b->paths, b->n, path, &kind,
	    &cause) == -1)
		ui_error(ui, "save: %s", cause);
	else
		ui_message(ui, "saved %s to the %s %s", b->what,
		    kind == EXPORT_MBOX ? "mbox" : "maildir", path);
	free(cause);
	free(path);
	free(dest);
	ui_batch_free(b);
}

static void
save(struct ui *ui, void *owner, struct ui_batch *b)
{
	static const struct ui_prompt_opts opts = { "history-save",
		ui_complete_path, NULL, 0 };
	char *prompt = xasprintf("save %s to (an mbox, or a maildir/): ",
	    b->what);

	ui_ask(ui, owner, prompt, "", &opts, saved, b);
	free(prompt);
}

/* The messages' text as the pager shows it, a form feed between them. */
static char *
printable(struct ui *ui, const char *const *paths, size_t n, size_t *len)
{
	const struct config *config = ui_config(ui);
	struct mime_options o = { options_get(config->options, "headers"), 0,
		options_get(config->options, "alternative_order"), NULL, NULL,
		0, 0, MIME_DECRYPT_NO, NULL };	/* no gpg on the loop */
	struct buf b = { NULL, 0, 0 };
	struct mime_doc doc;
	char *line, *cause = NULL;
	size_t i, j;

	for (i = 0; i < n; i++) {
		memset(&doc, 0, sizeof doc);
		if (i > 0)
			buf_add(&b, "\f", 1);
		if (mime_render(paths[i], &o, &doc, &cause) == -1) {
			buf_printf(&b, "[-- %s --]\n", cause);
			free(cause);
			cause = NULL;
		}
		/* Mail text is untrusted, a printer's escapes too. */
		for (j = 0; j < doc.n; j++) {
			line = text_sanitize(doc.lines[j].text);
			buf_printf(&b, "%s\n", line);
			free(line);
		}
		mime_doc_clear(&doc);
	}
	*len = b.len;
	return b.s != NULL ? b.s : xstrdup("");
}

static void
print_yes(struct ui *ui, void *arg, char *answer)
{
	struct ui_batch *b = arg;
	const char *command = options_get(ui_config(ui)->options,
	    "print_command");
	char *text, *out = NULL, *cause = NULL;
	size_t len;
	int in;

	if (ui_yes(answer)) {
		text = printable(ui, (const char *const *)b->paths, b->n, &len);
		if ((in = input_file(text, len, &cause)) == -1 ||
		    run_capture(command, in, 4096, &out, &cause) == -1)
			ui_error(ui, "print: %s", cause);
		else
			ui_message(ui, "printed %s with \"%s\"", b->what,
			    command);
		if (in != -1)
			close(in);
		free(text);
	}
	free(out);
	free(cause);
	ui_batch_free(b);
}

static void
print_text(struct ui *ui, void *owner, struct ui_batch *b)
{
	const char *command = options_get(ui_config(ui)->options,
	    "print_command");
	char *question;

	if (*command == '\0') {
		ui_error(ui, "print_command is empty: set it in .muarc");
		ui_batch_free(b);
		return;
	}
	question = xasprintf("print %s with \"%s\"? (y/n) ", b->what,
	    command);
	ui_ask(ui, owner, question, "", NULL, print_yes, b);
	free(question);
}

int
ui_export_has_command(const char *command)
{
	return strcmp(command, "pipe") == 0 || strcmp(command, "save") == 0 ||
	    strcmp(command, "print") == 0 || strcmp(command, "bounce") == 0;
}

int
ui_export_command(struct ui *ui, void *owner, struct store *store,
    const char *command, const char *const *paths, size_t n)
{
	struct ui_batch *b;

	if (!ui_export_has_command(command))
		return -1;
	b = ui_batch_new(paths, n);
	if (strcmp(command, "pipe") == 0)
		pipe_to(ui, owner, b);
	else if (strcmp(command, "save") == 0)
		save(ui, owner, b);
	else if (strcmp(command, "print") == 0)
		print_text(ui, owner, b);
	else
		ui_bounce(ui, owner, store, b);
	return 0;
}
