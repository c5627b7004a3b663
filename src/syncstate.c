/*
 * syncstate.c: the merge base of a folder; see syncstate.h. The file:
 *
 *   v UIDVALIDITY          first line
 *   m HIGHESTMODSEQ
 *   UID :LETTERS [KW...]   the copy's flags, maildir letters, then
 *                          keywords ("17 :FS $Junk work")
 *   UID -                  the copy is gone
 *
 * Later lines override earlier ones.
 */
#include "autodefs.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "file.h"
#include "flagmap.h"
#include "mua.h"
#include "syncstate.h"

struct syncstate {
	char *path;
	uint32_t validity;
	uint64_t modseq;
	uint32_t *uids;		/* ascending */
	unsigned *bits;		/* of each UID */
	size_t n, cap;
	struct buf pending;	/* lines not yet in the file */
	size_t lines;		/* in the file */
	int rewrite;		/* the file must be written whole */
};

/* The index of UID, or where it would go (*found says which). */
static size_t
find(const struct syncstate *st, uint32_t uid, int *found)
{
	size_t lo = 0, hi = st->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (st->uids[mid] < uid)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < st->n && st->uids[lo] == uid;
	return lo;
}

static void
put(struct syncstate *st, uint32_t uid, unsigned bits)
{
	int found;
	size_t i = st->n > 0 && st->uids[st->n - 1] < uid ? st->n :
	    find(st, uid, &found);

	if (i < st->n && st->uids[i] == uid) {
		st->bits[i] = bits;
		return;
	}
	if (st->n == st->cap) {
		st->cap = st->cap ? 2 * st->cap : 256;
		st->uids = xreallocarray(st->uids, st->cap, sizeof *st->uids);
		st->bits = xreallocarray(st->bits, st->cap, sizeof *st->bits);
	}
	memmove(st->uids + i + 1, st->uids + i, (st->n - i) * sizeof *st->uids);
	memmove(st->bits + i + 1, st->bits + i,
	    (st->n - i) * sizeof *st->bits);
	st->uids[i] = uid;
	st->bits[i] = bits;
	st->n++;
}

static void
drop(struct syncstate *st, uint32_t uid)
{
	int found;
	size_t i = find(st, uid, &found);

	if (!found)
		return;
	memmove(st->uids + i, st->uids + i + 1,
	    (st->n - i - 1) * sizeof *st->uids);
	memmove(st->bits + i, st->bits + i + 1,
	    (st->n - i - 1) * sizeof *st->bits);
	st->n--;
}

/* Applies one complete line of the file; returns -1 for a stranger. */
static int
apply_line(struct syncstate *st, const char *line)
{
	unsigned long long v;
	char *end;

	if (line[0] == 'm' && line[1] == ' ') {
		st->modseq = strtoull(line + 2, NULL, 10);
		return 0;
	}
	v = strtoull(line, &end, 10);
	if (end == line || v == 0 || v > UINT32_MAX || *end != ' ')
		return -1;
	if (end[1] == '-')
		drop(st, (uint32_t)v);
	else if (end[1] == ':')
		put(st, (uint32_t)v, flagmap_parse(end + 2));
	else
		return -1;
	return 0;
}

/* Reads DATA; a wrong UIDVALIDITY leaves the base empty. */
static void
parse(struct syncstate *st, char *data, size_t len)
{
	char *line = data, *nl;
	unsigned long v;

	if (sscanf(data, "v %lu", &v) != 1 || v != st->validity) {
		st->rewrite = 1;
		return;
	}
	while ((nl = memchr(line, '\n', len - (size_t)(line - data))) != NULL) {
		*nl = '\0';
		if (line != data && apply_line(st, line) == -1)
			st->rewrite = 1;	/* garbled: write it clean */
		st->lines++;
		line = nl + 1;
	}
	if (line != data + len)
		st->rewrite = 1;	/* a line cut by a crash */
}

int
syncstate_open(const char *path, uint32_t validity, struct syncstate **out,
    char **cause)
{
	struct syncstate *st = xcalloc(1, sizeof *st);
	char *data = NULL, *why = NULL;
	size_t len;

	st->path = xstrdup(path);
	st->validity = validity;
	if (file_read(path, &data, &len, &why) == 0)
		parse(st, data, len);
	else if (errno != ENOENT) {
		set_cause(cause, "%s", why);
		free(why);
		syncstate_free(st);
		return -1;
	} else
		st->rewrite = 1;
	free(why);
	free(data);
	*out = st;
	return 0;
}

int
syncstate_get(const struct syncstate *st, uint32_t uid, unsigned *bits)
{
	int found;
	size_t i = find(st, uid, &found);

	if (!found)
		return -1;
	*bits = st->bits[i];
	return 0;
}

static void
note(struct syncstate *st, uint32_t uid, const char *what)
{
	buf_printf(&st->pending, "%" PRIu32 " %s\n", uid, what);
}

void
syncstate_set(struct syncstate *st, uint32_t uid, unsigned bits)
{
	unsigned had;

	if (syncstate_get(st, uid, &had) == 0 && had == bits)
		return;
	put(st, uid, bits);
	buf_printf(&st->pending, "%" PRIu32 " :", uid);
	flagmap_format(bits, &st->pending);
	buf_addc(&st->pending, '\n');
}

void
syncstate_drop(struct syncstate *st, uint32_t uid)
{
	unsigned had;

	if (syncstate_get(st, uid, &had) == -1)
		return;
	drop(st, uid);
	note(st, uid, "-");
}

uint64_t
syncstate_modseq(const struct syncstate *st)
{
	return st->modseq;
}

void
syncstate_set_modseq(struct syncstate *st, uint64_t modseq)
{
	if (modseq == st->modseq)
		return;
	st->modseq = modseq;
	buf_printf(&st->pending, "m %" PRIu64 "\n", modseq);
}

const uint32_t *
syncstate_uids(struct syncstate *st, size_t *n)
{
	*n = st->n;
	return st->uids;
}

/* The whole base, as a fresh file. */
static int
rewrite(struct syncstate *st, char **cause)
{
	struct buf b = { NULL, 0, 0 };
	size_t i;
	int rc;

	buf_printf(&b, "v %" PRIu32 "\nm %" PRIu64 "\n", st->validity,
	    st->modseq);
	for (i = 0; i < st->n; i++) {
		buf_printf(&b, "%" PRIu32 " :", st->uids[i]);
		flagmap_format(st->bits[i], &b);
		buf_addc(&b, '\n');
	}
	rc = file_write_atomic(st->path, b.s, b.len, cause);
	if (rc == 0) {
		st->lines = st->n + 2;
		st->rewrite = 0;
	}
	buf_free(&b);
	return rc;
}

int
syncstate_save(struct syncstate *st, char **cause)
{
	size_t added = 0, i;
	int rc;

	if (st->pending.len == 0 && !st->rewrite)
		return 0;
	for (i = 0; i < st->pending.len; i++)
		added += st->pending.s[i] == '\n';
	if (st->rewrite || st->lines + added > 2 * st->n + 1024)
		rc = rewrite(st, cause);
	else if ((rc = file_append(st->path, st->pending.s, st->pending.len,
	    cause)) == 0)
		st->lines += added;
	if (rc == 0)
		st->pending.len = 0;
	else
		st->rewrite = 1;	/* a part may have been appended */
	return rc;
}

void
syncstate_free(struct syncstate *st)
{
	if (st == NULL)
		return;
	buf_free(&st->pending);
	free(st->uids);
	free(st->bits);
	free(st->path);
	free(st);
}
