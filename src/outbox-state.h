/*
 * outbox-state.h: the text of a queued message's state file, which
 * decides whether it goes again. Two lines:
 *
 *   STATE ATTEMPTS NEXT    queued, sending, sent, failed or unknown; the
 *                          tries so far; the next automatic try (epoch)
 *   REASON                 why it isn't sent yet ("" for none)
 *
 * A file a crash or a bad disk garbled reads as "queued, never tried":
 * the message then waits for the next send, as after a fresh queueing.
 */
#ifndef OUTBOX_STATE_H
#define OUTBOX_STATE_H

#include <stddef.h>

enum outbox_state {
	OUTBOX_QUEUED, OUTBOX_SENDING, OUTBOX_SENT, OUTBOX_FAILED,
	OUTBOX_UNKNOWN,
};

struct outbox_record {
	enum outbox_state state;
	unsigned attempts;
	long long next;
	char *reason;		/* one line; NULL for none */
};

/* "queued", "sending", ...: as the file and the pager say it. */
const char *outbox_state_name(enum outbox_state state);

/* Reads the LEN bytes of DATA into *r (r->reason allocated). */
void outbox_record_parse(const char *data, size_t len,
    struct outbox_record *r);

/* The file's text for R (caller frees); a reason keeps its first line. */
char *outbox_record_format(const struct outbox_record *r);

#endif
