/*
 * fuzz-syncstate.c: libFuzzer target for the two-way sync's merge base
 * (syncstate.c), a state file a crash can cut anywhere and a disk can
 * garble. Reading anything never crashes; what was read, saved and read
 * again is the same base (else a sync would see changes nobody made).
 * Built and run by tests/fuzz/run.
 */
#include "autodefs.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "flagmap.h"
#include "mua.h"
#include "syncstate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether A and B hold the same UIDs, flags and MODSEQ. */
static int
same(struct syncstate *a, struct syncstate *b)
{
	size_t na, nb, i;
	const uint32_t *ua = syncstate_uids(a, &na), *ub = syncstate_uids(b,
	    &nb);
	unsigned x, y;

	if (na != nb || syncstate_modseq(a) != syncstate_modseq(b))
		return 0;
	for (i = 0; i < na; i++)
		if (ua[i] != ub[i] || syncstate_get(a, ua[i], &x) == -1 ||
		    syncstate_get(b, ub[i], &y) == -1 || x != y)
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[] = "/tmp/fuzz-syncstate.XXXXXX";
	static int fd = -1;
	struct syncstate *st = NULL, *again = NULL;
	char *cause = NULL;

	static const char *const kept[] = { "work", "caf\xc3\xa9" };

	if (fd == -1 && (fd = mkstemp(path)) == -1)
		abort();
	flagmap_use_keywords(kept, 2);	/* names in the file mean bits */
	if (file_write_atomic(path, (const char *)data, size, &cause) == -1)
		abort();
	/* UIDVALIDITY 7, as a seed's first line "v 7" says. */
	if (syncstate_open(path, 7, &st, &cause) == -1)
		abort();
	syncstate_set(st, 3, 5 | FLAGMAP_JUNK | (FLAGMAP_JUNK << 2));
	syncstate_drop(st, 1);
	if (syncstate_save(st, &cause) == -1 ||
	    syncstate_open(path, 7, &again, &cause) == -1)
		abort();
	if (!same(st, again))
		abort();
	syncstate_free(again);
	syncstate_free(st);
	free(cause);
	return 0;
}
