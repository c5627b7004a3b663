/*
 * ui-sync.h: mua's own verbs run from the UI as child processes: "mua
 * sync" ($) and "mua send" in the background, so that a hostile server
 * crashing libetpan ends that child, never the UI, and the UI never waits
 * on the network or the notmuch write lock; their progress is shown in
 * the status line, and when they end the views read the store again.
 * "mua compose --serve" runs behind the compose view (ui-compose.h),
 * and whatever it queued is then sent in the background.
 */
#ifndef UI_SYNC_H
#define UI_SYNC_H

#include <stddef.h>
#include <sys/types.h>

struct ui;
struct store;
struct ui_sync;

/*
 * A runner of mua's verbs (sync, send, compose) as children, with
 * NOTMUCH_CONFIG set to NOTMUCH_CONFIG (NULL: left as it is). Each child
 * gets the UI's effective configuration, :set changes included, never
 * a fresh read of the file. STORE (the UI's) tells when queued mail is
 * due again: it is sent without a key.
 */
struct ui_sync *ui_sync_new(const char *notmuch_config, struct store *store);
void ui_sync_free(struct ui_sync *sync);

/* Starts a sync unless one runs; says so in the status line. */
void ui_sync_start(struct ui_sync *sync, struct ui *ui);

/* Starts sending the outbox unless a send runs. */
void ui_sync_send(struct ui_sync *sync, struct ui *ui);

/*
 * Starts "mua ARGS" (N of them; NULL ones left out) with the UI's
 * configuration, in a session of its own (the terminal stays the UI's):
 * *IN gets its standard input, *OUT its standard output and error
 * (non-blocking), both close-on-exec. Returns its pid, or -1 with
 * *cause set.
 */
pid_t ui_sync_spawn(struct ui_sync *sync, struct ui *ui,
    const char *const *args, size_t n, int *in, int *out, char **cause);

/* A message was queued: the outbox is sent now (what send_delay holds,
 * once its time has come). */
void ui_sync_queued(struct ui_sync *sync, struct ui *ui);

/* The UI's store (read-only). */
struct store *ui_sync_store(const struct ui_sync *sync);

/*
 * Bounces the N message files PATHS to the addresses TO in the
 * background ("mua send -R"), as any send: through the outbox, held by
 * send_delay.
 */
void ui_sync_bounce(struct ui_sync *sync, struct ui *ui,
    const char *const *paths, size_t n, const char *to);

/* The compose option for the command COMMAND ("reply" gives "--reply";
 * also reply-all, reply-list, forward, edit-draft), or NULL. */
const char *ui_sync_answer_option(const char *command);

/*
 * Reads the children's output and notices their end; with sync_interval
 * set, starts the next sync when it is due; sends what is due. The UI
 * calls it when idle. Returns in how many milliseconds its next timer is
 * due, -1 for none.
 */
long ui_sync_tick(struct ui_sync *sync, struct ui *ui);

/*
 * The running children's output descriptors (at most MAX, into FDS),
 * for the loop to wait on: output, or the end (the pipe closes), means
 * a tick.
 */
size_t ui_sync_fds(const struct ui_sync *sync, int *fds, size_t max);

#endif
