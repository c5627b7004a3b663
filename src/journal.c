/* journal.c: the tag journal's file format; see journal.h. */
#include "autodefs.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"
#include "journal.h"
#include "mua.h"

char *
journal_default_path(void)
{
	return file_state_path("journal");
}

/* %-escapes the characters that would break a record. */
static char *
escape(const char *s)
{
	char *out = xmalloc(strlen(s) * 3 + 1), *o = out;

	for (; *s != '\0'; s++) {
		if (*s == '%' || *s == '\t' || *s == '\n' || *s == '\r')
			o += sprintf(o, "%%%02X", (unsigned char)*s);
		else
			*o++ = *s;
	}
	*o = '\0';
	return out;
}

/*
 * Undoes escape() in place. A "%00" (never written: fields are C
 * strings) stays as it is: decoded, it would end the field early, and a
 * field read empty would shift the fields after it when written back.
 */
static void
unescape(char *s)
{
	char *o = s;
	unsigned c;

	for (; *s != '\0'; s++) {
		if (*s == '%' && sscanf(s + 1, "%2x", &c) == 1 && c != 0) {
			*o++ = (char)c;
			s += 2;
		} else
			*o++ = *s;
	}
	*o = '\0';
}

/* Returns whether the file FD is empty or ends in a newline. */
static int
ends_in_newline(int fd)
{
	char last;

	return pread(fd, &last, 1, lseek(fd, 0, SEEK_END) - 1) != 1 ||
	    last == '\n';
}

/*
 * Opens the journal for appending, holding its lock: compaction replaces
 * the file under the same lock, so a writer that opened the old one
 * opens again. Returns the descriptor, or -1 with *cause set.
 */
static int
open_locked(const char *path, char **cause)
{
	struct stat held, now;
	int fd;

	for (;;) {
		fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
		if (fd == -1) {
			set_cause(cause, "can't open %s: %s", path,
			    strerror(errno));
			return -1;
		}
		while (flock(fd, LOCK_EX) == -1 && errno == EINTR)
			;
		if (fstat(fd, &held) == 0 && stat(path, &now) == 0 &&
		    held.st_ino == now.st_ino && held.st_dev == now.st_dev)
			return fd;
		close(fd);	/* replaced meanwhile: the new one */
	}
}

/* Appends RECORD (a whole line) durably. */
static int
append(const char *path, const char *record, char **cause)
{
	char *copy = xstrdup(path);
	size_t len = strlen(record);
	int fd, rc = -1;

	if (file_make_dirs(dirname(copy), cause) == -1)
		goto out;
	if ((fd = open_locked(path, cause)) == -1)
		goto out;
	/* A crash may have torn the last line: end it before ours. */
	if (!ends_in_newline(fd) && write(fd, "\n", 1) != 1) {
		set_cause(cause, "can't write %s: %s", path, strerror(errno));
		close(fd);
		goto out;
	}
	/* One write: concurrent appenders never interleave within a line. */
	if (write(fd, record, len) != (ssize_t)len || fsync(fd) == -1)
		set_cause(cause, "can't write %s: %s", path, strerror(errno));
	else
		rc = 0;
	close(fd);
out:
	free(copy);
	return rc;
}

/* Adds a record of the N FIELDS, escaped, to B. */
static void
format_fields(struct buf *b, const char *const *fields, size_t n)
{
	size_t i;
	char *e;

	for (i = 0; i < n; i++) {
		e = escape(fields[i]);
		buf_printf(b, "%s%s", i ? "\t" : "", e);
		free(e);
	}
	buf_addc(b, '\n');
}

/* Appends a record of the N escaped FIELDS. */
static int
append_fields(const char *path, const char *const *fields, size_t n,
    char **cause)
{
	struct buf b = { NULL, 0, 0 };
	int rc;

	format_fields(&b, fields, n);
	rc = append(path, b.s, cause);
	buf_free(&b);
	return rc;
}

static char *
new_id(void)
{
	static unsigned counter;

	return xasprintf("%lld.%ld.%u", (long long)time(NULL), (long)getpid(),
	    ++counter);
}

int
journal_add_tag(const char *path, const char *query, const char *changes,
    char **id, char **cause)
{
	char *op = new_id(), *when = xasprintf("%lld", (long long)time(NULL));
	const char *fields[] = { "I", op, when, "tag", changes, query };
	int rc = append_fields(path, fields, nitems(fields), cause);

	free(when);
	if (rc == 0 && id != NULL)
		*id = op;
	else
		free(op);
	return rc;
}

int
journal_add_changes(const char *path, const char *id,
    const struct journal_change *changes, size_t n, char **cause)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *fields[] = { "C", id, changes[i].message_id,
			changes[i].changes };
		if (append_fields(path, fields, nitems(fields), cause) == -1)
			return -1;
	}
	return 0;
}

int
journal_add_done(const char *path, const char *id, char **cause)
{
	const char *fields[] = { "D", id };

	return append_fields(path, fields, nitems(fields), cause);
}

/* Finds the op ID, for C, D and X records. */
static struct journal_op *
find(struct journal *j, const char *id)
{
	size_t i;

	for (i = j->nops; i > 0; i--)
		if (strcmp(j->ops[i - 1].id, id) == 0)
			return &j->ops[i - 1];
	return NULL;
}

const struct journal_op *
journal_find(const struct journal *j, const char *id)
{
	return find((struct journal *)j, id);
}

/* Adds an I record's op. */
static void
add_intent(struct journal *j, char **f, size_t n)
{
	struct journal_op *op;

	if (n < 5 || (strcmp(f[3], "tag") == 0 && n < 6))
		return;
	j->ops = xreallocarray(j->ops, j->nops + 1, sizeof *j->ops);
	op = memset(&j->ops[j->nops++], 0, sizeof *op);
	op->id = xstrdup(f[1]);
	op->time = strtoll(f[2], NULL, 10);
	if (strcmp(f[3], "tag") == 0) {
		op->kind = JOURNAL_TAG;
		op->changes = xstrdup(f[4]);
		op->query = xstrdup(f[5]);
	} else {
		op->kind = JOURNAL_UNDO;
		op->target = xstrdup(f[4]);
	}
}

/* Applies one record, split into N unescaped fields F. */
static void
read_record(struct journal *j, char **f, size_t n)
{
	struct journal_op *op;

	if (strcmp(f[0], "I") == 0) {
		add_intent(j, f, n);
		return;
	}
	if (n < 2 || (op = find(j, f[1])) == NULL)
		return;
	if (strcmp(f[0], "D") == 0)
		op->applied = 1;
	else if (strcmp(f[0], "X") == 0)
		op->cancelled = 1;
	else if (strcmp(f[0], "C") == 0 && n >= 4) {
		op->done = xreallocarray(op->done, op->ndone + 1,
		    sizeof *op->done);
		op->done[op->ndone].message_id = xstrdup(f[2]);
		op->done[op->ndone++].changes = xstrdup(f[3]);
	}
}

/* Splits LINE at tabs (in place) and reads it. */
static void
read_line(struct journal *j, char *line)
{
	char *fields[8], *save = NULL, *f;
	size_t n = 0;

	for (f = strtok_r(line, "\t", &save); f != NULL && n < nitems(fields);
	    f = strtok_r(NULL, "\t", &save)) {
		unescape(f);
		fields[n++] = f;
	}
	if (n > 0)
		read_record(j, fields, n);
}

int
journal_read(const char *path, struct journal **out, char **cause)
{
	struct journal *j = xcalloc(1, sizeof *j);
	char *text = NULL, *line, *nl;
	size_t len;

	j->path = xstrdup(path);
	*out = j;
	if (access(path, F_OK) == -1 && errno == ENOENT)
		return 0;
	if (file_read(path, &text, &len, cause) == -1) {
		journal_free(j);
		*out = NULL;
		return -1;
	}
	/* Only whole lines count: a crash can leave a torn last one. */
	for (line = text; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
		*nl = '\0';
		read_line(j, line);
	}
	free(text);
	return 0;
}

void
journal_free(struct journal *j)
{
	size_t i, k;

	if (j == NULL)
		return;
	for (i = 0; i < j->nops; i++) {
		struct journal_op *op = &j->ops[i];
		for (k = 0; k < op->ndone; k++) {
			free(op->done[k].message_id);
			free(op->done[k].changes);
		}
		free(op->done);
		free(op->id);
		free(op->changes);
		free(op->query);
		free(op->target);
	}
	free(j->ops);
	free(j->path);
	free(j);
}

size_t
journal_pending(const struct journal *j, const struct journal_op **ops,
    size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < j->nops && n < max; i++)
		if (!j->ops[i].applied && !j->ops[i].cancelled)
			ops[n++] = &j->ops[i];
	return n;
}

/* Returns whether a live undo op targets ID. */
static int
is_undone(const struct journal *j, const char *id)
{
	size_t i;

	for (i = 0; i < j->nops; i++)
		if (j->ops[i].kind == JOURNAL_UNDO && !j->ops[i].cancelled &&
		    strcmp(j->ops[i].target, id) == 0)
			return 1;
	return 0;
}

int
journal_undo(const char *path, char **id, char **cause)
{
	struct journal *j = NULL;
	const struct journal_op *op = NULL;
	size_t i;
	int rc;

	*id = NULL;
	if (journal_read(path, &j, cause) == -1)
		return -1;
	for (i = j->nops; i > 0 && op == NULL; i--) {
		const struct journal_op *o = &j->ops[i - 1];
		if (o->kind == JOURNAL_TAG && !o->cancelled &&
		    !is_undone(j, o->id))
			op = o;
	}
	if (op == NULL) {
		journal_free(j);
		return 0;
	}
	if (!op->applied) {
		/* Never applied: cancelling it is the whole undo. */
		const char *fields[] = { "X", op->id };
		rc = append_fields(path, fields, nitems(fields), cause);
	} else {
		char *undo = new_id(), *when = xasprintf("%lld",
		    (long long)time(NULL));
		const char *fields[] = { "I", undo, when, "undo", op->id };
		rc = append_fields(path, fields, nitems(fields), cause);
		free(when);
		free(undo);
	}
	if (rc == 0)
		*id = xstrdup(op->id);
	journal_free(j);
	return rc;
}

/* Adds OP's records to B, as the journal holds them. */
static void
format_op(struct buf *b, const struct journal_op *op)
{
	char when[32];
	size_t i;

	snprintf(when, sizeof when, "%lld", op->time);
	if (op->kind == JOURNAL_TAG) {
		const char *f[] = { "I", op->id, when, "tag", op->changes,
			op->query };
		format_fields(b, f, nitems(f));
	} else {
		const char *f[] = { "I", op->id, when, "undo", op->target };
		format_fields(b, f, nitems(f));
	}
	for (i = 0; i < op->ndone; i++) {
		const char *f[] = { "C", op->id, op->done[i].message_id,
			op->done[i].changes };
		format_fields(b, f, nitems(f));
	}
	if (op->applied || op->cancelled) {
		const char *f[] = { op->applied ? "D" : "X", op->id };
		format_fields(b, f, nitems(f));
	}
}

/* Marks the ops to keep: the last KEEP, every one still to apply, and
 * the op each kept undo reverts. */
static char *
kept_ops(const struct journal *j, size_t keep)
{
	char *kept = xcalloc(j->nops + 1, 1);
	const struct journal_op *target;
	size_t i;

	for (i = 0; i < j->nops; i++)
		kept[i] = i + keep >= j->nops ||
		    (!j->ops[i].applied && !j->ops[i].cancelled);
	for (i = j->nops; i > 0; i--)
		if (kept[i - 1] && j->ops[i - 1].kind == JOURNAL_UNDO &&
		    (target = journal_find(j, j->ops[i - 1].target)) != NULL)
			kept[target - j->ops] = 1;
	return kept;
}

int
journal_compact(const char *path, size_t keep, char **cause)
{
	struct journal *j = NULL;
	struct buf b = { NULL, 0, 0 };
	char *kept;
	size_t i;
	int fd, rc = -1;

	if (access(path, F_OK) == -1)
		return 0;
	if ((fd = open_locked(path, cause)) == -1)
		return -1;
	if (journal_read(path, &j, cause) == 0) {
		kept = kept_ops(j, keep);
		for (i = 0; i < j->nops; i++)
			if (kept[i])
				format_op(&b, &j->ops[i]);
		free(kept);
		rc = file_write_atomic(path, b.s ? b.s : "", b.len, cause);
	}
	buf_free(&b);
	journal_free(j);
	close(fd);	/* the lock goes with it */
	return rc;
}
