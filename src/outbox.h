/*
 * outbox.h: the durable outbox. A message to send is first written to
 * the account's Outbox maildir (synced, indexed with tag "outbox"), and
 * only then does anything touch the network; it leaves the outbox when a
 * server took it (250 after the data), as a copy in the Sent maildir.
 *
 * Each entry has a state, kept in mua's state directory (outbox/ACCOUNT/
 * KEY): queued (with the attempts so far, when to try next and why the
 * last try failed), sending (the data is going out), sent (the server
 * took it; the move to Sent is under way), failed (the server refused it:
 * 5xx, with its words; the user edits or deletes it), or unknown (the
 * link broke after the end of the data left: it may have arrived, so it
 * is not sent again without the user saying so).
 */
#ifndef OUTBOX_H
#define OUTBOX_H

#include <stddef.h>
#include <time.h>

#include "outbox-state.h"

struct account;
struct config;
struct store;

/*
 * When the earliest queued message of any account in CONFIG is to be
 * tried (its next try, or when send_delay lets it go; in the past when
 * it is due), or 0 when nothing waits. Reads only the outbox state.
 */
time_t outbox_next_try(const struct config *config, struct store *store);

/*
 * Whether anything can send ACCOUNT's mail: its smtp server, or the
 * configuration's sendmail_command. Returns 0, or -1 with *cause saying
 * what is missing (a message that could never go is refused at once,
 * not queued to be retried forever).
 */
int outbox_can_send(const struct config *config, const struct account *account,
    char **cause);

/*
 * Queues the LEN bytes of message DATA for ACCOUNT: on disk and indexed
 * before this returns. It is held back for DELAY seconds (send_delay),
 * during which outbox_take_back() can still take it back. Returns 0, or
 * -1 with *cause set.
 */
int outbox_enqueue(struct store *store, const struct account *account,
    const char *data, size_t len, long delay, char **cause);

/*
 * Takes the message file PATH out of ACCOUNT's outbox, if it is one of
 * its messages and not being sent. Returns 1 when it was taken out, 0
 * when PATH is no outbox message, -1 with *cause set when it is too late
 * (being sent, or sent) or the store failed.
 */
int outbox_take_back(struct store *store, const struct account *account,
    const char *path, char **cause);

/*
 * Why a bounce can't go through sendmail_command: it would read the
 * recipients from the message's own To and Cc.
 */
#define OUTBOX_BOUNCE_SMTP "a bounce needs the account's smtp server: " \
	"sendmail_command would take the recipients from the message's " \
	"To and Cc and send it to them again"

/* What happened to one message in a flush, for a report line. */
struct outbox_event {
	const char *subject;
	enum outbox_state state;	/* SENT, QUEUED, FAILED or UNKNOWN */
	const char *reason;		/* why not sent; NULL when sent */
	time_t next;			/* QUEUED: the next automatic try */
	int bounce;			/* a bounce (mime-resend.h) */
};

struct outbox_flush {
	const struct config *config;
	struct store *store;		/* read-write */
	const struct account *account;
	int all;			/* every queued one, retry time or not */
	void (*report)(void *arg, const struct outbox_event *event);
	void *report_arg;
	unsigned sent, left;		/* out: sent, and not sent */
	unsigned held;			/* out: waiting out send_delay */
};

/*
 * Sends the account's queued messages on one connection (or through
 * sendmail_command): each sent one moves to the Sent maildir with the
 * account's sent_tags and without "outbox", and the message it answers
 * gets "replied". Returns 0 when every message due went, else -1 with
 * *cause set (the reasons per message went to the report).
 */
int outbox_flush(struct outbox_flush *f, char **cause);

/*
 * For the message file PATH, when it waits in an outbox: a line saying
 * its state ("queued: 2 tries, the next at 09:14: 450 try again
 * later"); caller frees. NULL for any other file.
 */
char *outbox_describe(const char *path);

#endif
