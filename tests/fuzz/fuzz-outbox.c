/*
 * fuzz-outbox.c: libFuzzer target for a queued message's state file
 * (outbox-state.c), which a crash can cut anywhere and a disk can garble.
 * Reading anything never crashes; what was read, written and read again
 * is the same state (else a message could go twice, or never). Built and
 * run by tests/fuzz/run.
 */
#include "autodefs.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mua.h"
#include "outbox-state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct outbox_record r, again;
	char *text, *text2;

	outbox_record_parse((const char *)data, size, &r);
	if ((unsigned)r.state > OUTBOX_UNKNOWN)
		abort();
	text = outbox_record_format(&r);
	outbox_record_parse(text, strlen(text), &again);
	if (again.state != r.state || again.attempts != r.attempts ||
	    again.next != r.next)
		abort();
	text2 = outbox_record_format(&again);
	if (strcmp(text, text2) != 0)
		abort();
	free(text2);
	free(text);
	free(again.reason);
	free(r.reason);
	return 0;
}
