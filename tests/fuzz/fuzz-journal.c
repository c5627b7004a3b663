/*
 * fuzz-journal.c: libFuzzer target for the tag journal (journal.c), a
 * file a crash can cut anywhere and a disk can garble. Reading anything
 * never crashes; compacting it keeps every operation still to apply, in
 * order, with its changes and query (else a tag change made in the UI
 * would be lost or applied twice).
 * Built and run by tests/fuzz/run.
 */
#include "autodefs.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "journal.h"
#include "mua.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_PENDING 64

/* The ops still to apply, one line each: what must survive compaction. */
static char *
pending(const char *path)
{
	const struct journal_op *ops[MAX_PENDING];
	struct journal *j = NULL;
	char *cause = NULL, *out = xstrdup(""), *next;
	size_t n, i;

	if (journal_read(path, &j, &cause) == -1)
		abort();
	n = journal_pending(j, ops, MAX_PENDING);
	for (i = 0; i < n; i++) {
		next = xasprintf("%s%s %d %s|%s|%s\n", out, ops[i]->id,
		    (int)ops[i]->kind, ops[i]->changes ? ops[i]->changes : "",
		    ops[i]->query ? ops[i]->query : "",
		    ops[i]->target ? ops[i]->target : "");
		free(out);
		out = next;
	}
	journal_free(j);
	free(cause);
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[] = "/tmp/fuzz-journal.XXXXXX";
	static int fd = -1;
	char *cause = NULL, *before, *after;

	if (fd == -1 && (fd = mkstemp(path)) == -1)
		abort();
	if (file_write_atomic(path, (const char *)data, size, &cause) == -1)
		abort();
	before = pending(path);
	if (journal_compact(path, 2, &cause) == -1)
		abort();
	after = pending(path);
	if (strcmp(before, after) != 0)
		abort();
	free(before);
	free(after);
	free(cause);
	return 0;
}
