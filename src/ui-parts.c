/*
 * ui-parts.c: the attach view; see ui-parts.h.
 *
 * Every way out of the view keeps the mail's data away from the shell: a
 * part is saved under a safe name the user confirms, and opened or piped
 * from a private temporary file whose name mua makes ("part.pdf"), which
 * is removed afterwards.
 */
#include "autodefs.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "file.h"
#include "mailcap.h"
#include "mime.h"
#include "rc.h"
#include "run.h"
#include "text.h"
#include "ui-list.h"
#include "ui-parts.h"
#include "ui.h"

/* The most of a copiousoutput viewer's output that is shown. */
#define PARTS_MAX_OUTPUT (4 * 1024 * 1024)

struct ui_parts {
	char *path;
	struct mime_part *parts;
	size_t n;
	size_t cursor, top;
	int page;
};

/* "3 KB": a part's size as the list shows it. */
static void
size_text(long long n, char *buf, size_t size)
{
	if (n < 0)
		*buf = '\0';
	else if (n < 1024)
		snprintf(buf, size, "%lld B", n);
	else if (n < 1024 * 1024)
		snprintf(buf, size, "%lld KB", (n + 1023) / 1024);
	else
		snprintf(buf, size, "%.1f MB", (double)n / (1024 * 1024));
}

static void
parts_draw(void *data, struct ui *ui, int rows, int cols)
{
	struct ui_parts *v = data;
	char size[32], *line;
	size_t i;

	(void)ui;
	v->page = rows;
	if (v->cursor < v->top)
		v->top = v->cursor;
	if (v->cursor >= v->top + (size_t)rows)
		v->top = v->cursor - (size_t)rows + 1;
	for (i = 0; i < (size_t)rows && v->top + i < v->n; i++) {
		const struct mime_part *p = &v->parts[v->top + i];
		size_text(p->size, size, sizeof size);
		line = xasprintf("%3zu %*s%-30s %9s  %s", v->top + i + 1,
		    2 * p->depth, "", p->type, size, p->name);
		ui_text((int)i, 0, line, cols, v->top + i == v->cursor ?
		    UI_CURSOR : 0);
		free(line);
	}
}

/* Makes a private directory and the name of a file in it for PART. */
static int
temp_path(const struct mime_part *part, char **dir, char **file,
    char **cause)
{
	const char *dot = strrchr(part->name, '.');
	char ext[16] = "";
	size_t i;

	/* Only the extension comes from the mail, and only if plain. */
	if (dot != NULL && strlen(dot) < sizeof ext) {
		for (i = 1; dot[i] != '\0' && isalnum((unsigned char)dot[i]);
		    i++)
			;
		if (dot[i] == '\0' && i > 1)
			memcpy(ext, dot, i + 1);
	}
	if (file_temp_dir(dir, cause) == -1)
		return -1;
	*file = xasprintf("%s/part%s", *dir, ext);
	return 0;
}

/* Writes part INDEX to the new file FILE (mode MODE); 0 or -1. */
static int
write_part(const char *path, size_t index, const char *file, int flags,
    char **cause)
{
	int fd = open(file, O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0600);
	int rc;

	if (fd == -1)
		return set_cause(cause, "%s: %s", file, strerror(errno));
	rc = mime_part_write(path, index, fd, cause);
	if (close(fd) == -1 && rc == 0)
		rc = set_cause(cause, "%s: %s", file, strerror(errno));
	if (rc == -1)
		unlink(file);
	return rc;
}

/* The part an answer acts on: which, and (saving it) where to. */
struct chosen_part {
	struct ui_parts *v;
	size_t index;
	char *file;
};

/* Writes the part to the file (FLAGS O_EXCL or O_TRUNC), its directory
 * made if need be, and says how it went. */
static void
write_saving(struct ui *ui, struct chosen_part *s, int flags)
{
	char *slash, *cause = NULL;

	if ((slash = strrchr(s->file, '/')) != NULL && slash != s->file) {
		*slash = '\0';
		file_make_dirs(s->file, NULL);
		*slash = '/';
	}
	if (write_part(s->v->path, s->index, s->file, flags, &cause) == -1)
		ui_error(ui, "%s", cause);
	else
		ui_message(ui, "saved to %s", s->file);
	free(cause);
}

static void
chosen_part_free(struct chosen_part *s)
{
	free(s->file);
	free(s);
}

static void
replace_yes(struct ui *ui, void *arg, char *answer)
{
	struct chosen_part *s = arg;

	if (ui_yes(answer))
		write_saving(ui, s, O_TRUNC);
	chosen_part_free(s);
}

/* Where to: a file that exists is replaced only after a yes. */
static void
file_typed(struct ui *ui, void *arg, char *file)
{
	struct chosen_part *s = arg;

	if (file == NULL || *file == '\0') {
		free(file);
		chosen_part_free(s);
		return;
	}
	s->file = file;
	if (access(file, F_OK) == 0) {
		ui_ask(ui, s->v, "the file exists; replace it? (y/n) ", "",
		    NULL, replace_yes, s);
		return;
	}
	write_saving(ui, s, O_EXCL);
	chosen_part_free(s);
}

static void
save(struct ui_parts *v, struct ui *ui)
{
	const struct mime_part *p = &v->parts[v->cursor];
	char *dir = NULL, *name = mime_safe_filename(p->name), *cause = NULL;
	char *initial;
	struct chosen_part *s = xcalloc(1, sizeof *s);

	if (rc_expand_path(options_get(ui_config(ui)->options,
	    "attach_save_dir"), &dir, &cause) == -1) {
		ui_error(ui, "attach_save_dir: %s", cause);
		free(cause);
		dir = xstrdup(".");
	}
	initial = xasprintf("%s/%s", dir, name);
	s->v = v;
	s->index = v->cursor;
	ui_ask(ui, v, "save to: ", initial, NULL, file_typed, s);
	free(initial);
	free(name);
	free(dir);
}

/* Shows what a copiousoutput viewer printed, as a list. */
static void
show_output(struct ui *ui, const char *title, char *out)
{
	char **lines = NULL, *line, *save = NULL;
	size_t n = 0;

	for (line = strtok_r(out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		lines = xreallocarray(lines, n + 1, sizeof *lines);
		lines[n++] = text_expand_tabs(line);
	}
	ui_list_open(ui, title, lines, NULL, n, 0);
}

/* Runs the mailcap entry E on FILE: on the terminal, or into a list. */
static void
run_entry(struct ui *ui, const struct mailcap_entry *e, const char *file)
{
	int uses_file, in = -1;
	char *command = mailcap_command(e, file, &uses_file), *out = NULL;
	char *cause = NULL;

	if (!uses_file && (in = open(file, O_RDONLY | O_CLOEXEC)) == -1)
		ui_error(ui, "%s: %s", file, strerror(errno));
	else if (e->copiousoutput) {
		if (run_capture(command, in, PARTS_MAX_OUTPUT, &out,
		    &cause) == -1)
			ui_error(ui, "%s", cause);
		else
			show_output(ui, command, out);
		free(out);
		free(cause);
	} else
		ui_external(ui, command, in, 0);
	if (in != -1)
		close(in);
	free(command);
}

/* A part written to a private temporary file, for a viewer or a command. */
struct temp_part {
	char *dir, *file;
};

/* Writes part I to T; 0, or -1 (said on the screen). */
static int
temp_part_make(struct ui_parts *v, size_t i, struct ui *ui,
    struct temp_part *t)
{
	char *cause = NULL;

	t->dir = t->file = NULL;
	if (temp_path(&v->parts[i], &t->dir, &t->file, &cause) == 0 &&
	    write_part(v->path, i, t->file, O_EXCL, &cause) == 0)
		return 0;
	ui_error(ui, "%s", cause);
	free(cause);
	return -1;
}

/* Removes T's file and directory, whatever the program did meanwhile. */
static void
temp_part_remove(struct temp_part *t)
{
	if (t->file != NULL)
		unlink(t->file);
	if (t->dir != NULL)
		rmdir(t->dir);
	free(t->file);
	free(t->dir);
}

static void
open_part(struct ui_parts *v, struct ui *ui)
{
	const struct mime_part *p = &v->parts[v->cursor];
	struct mailcap_entry e;
	struct temp_part t;

	if (!mailcap_find(p->type, 0, &e)) {
		ui_error(ui, "no mailcap entry opens %s (~/.mailcap, "
		    "/etc/mailcap): s saves it", p->type);
		return;
	}
	if (temp_part_make(v, v->cursor, ui, &t) == 0)
		run_entry(ui, &e, t.file);
	temp_part_remove(&t);
	mailcap_entry_clear(&e);
}

/* Runs COMMAND with the part, written to a private file, on its input. */
static void
command_typed(struct ui *ui, void *arg, char *command)
{
	struct chosen_part *p = arg;
	struct temp_part t;
	int in;

	if (command != NULL && *command != '\0') {
		if (temp_part_make(p->v, p->index, ui, &t) == -1)
			;
		else if ((in = open(t.file, O_RDONLY | O_CLOEXEC)) == -1)
			ui_error(ui, "%s: %s", t.file, strerror(errno));
		else {
			ui_external(ui, command, in, 1);
			close(in);
		}
		temp_part_remove(&t);
	}
	free(command);
	chosen_part_free(p);
}

static void
pipe_part(struct ui_parts *v, struct ui *ui)
{
	static const struct ui_prompt_opts opts = { "history-pipe", NULL,
		NULL, 0 };
	struct chosen_part *p = xcalloc(1, sizeof *p);

	p->v = v;
	p->index = v->cursor;
	ui_ask(ui, v, "pipe to: ", "", &opts, command_typed, p);
}

static int
parts_command(void *data, struct ui *ui, const char *name, const char *args)
{
	struct ui_parts *v = data;

	(void)args;
	if (ui_move(name, &v->cursor, v->n, v->page) == 0)
		;
	else if (strcmp(name, "save") == 0)
		save(v, ui);
	else if (strcmp(name, "open") == 0)
		open_part(v, ui);
	else if (strcmp(name, "pipe") == 0)
		pipe_part(v, ui);
	else
		return -1;
	return 0;
}

static void
parts_status(void *data, char *buf, size_t size)
{
	struct ui_parts *v = data;

	snprintf(buf, size, " part %zu of %zu  (s saves, o opens, | pipes)",
	    v->cursor + 1, v->n);
}

static void
parts_free(void *data)
{
	struct ui_parts *v = data;

	mime_parts_free(v->parts, v->n);
	free(v->path);
	free(v);
}

static const struct ui_view_type parts_type = {
	"attach", KEYMAP_ATTACH, parts_draw, parts_command, parts_status, NULL,
	parts_free,
};

int
ui_parts_open(struct ui *ui, const char *path, char **cause)
{
	struct ui_parts *v = xcalloc(1, sizeof *v);

	if (mime_parts(path, &v->parts, &v->n, cause) == -1) {
		free(v);
		return -1;
	}
	if (v->n == 0) {
		free(v);
		return set_cause(cause, "the message has no parts");
	}
	v->path = xstrdup(path);
	ui_push(ui, &parts_type, v);
	return 0;
}
