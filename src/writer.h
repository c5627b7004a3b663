/*
 * writer.h: applies the tag journal's pending operations to the store.
 * It never waits on the notmuch write lock: when another process holds
 * it, it says so and the caller retries later (with back-off); nothing is
 * dropped, since the intents stay in the journal until applied.
 */
#ifndef WRITER_H
#define WRITER_H

enum writer_result {
	WRITER_DONE,	/* nothing is pending any more */
	WRITER_BUSY,	/* another process holds the lock: try again later */
	WRITER_ERROR,	/* *cause says what; the intents stay pending */
};

struct store;

/*
 * Applies the pending operations of the journal at JOURNAL to the store of
 * MAIL_ROOT and CONFIG (as for store_open()), committing them together.
 * PROBE, an open store of the same database (may be NULL), serves to ask
 * whether the lock is free without opening another.
 */
enum writer_result writer_apply(const char *journal, const char *mail_root,
    const char *config, struct store *probe, char **cause);

/*
 * As writer_apply(), retrying with back-off (50 ms doubling to 2 s) while
 * another process holds the lock, for up to WAIT seconds; then returns
 * WRITER_BUSY with the intents still pending. For callers that may wait:
 * the UI calls writer_apply() from its timers instead.
 */
enum writer_result writer_flush(const char *journal, const char *mail_root,
    const char *config, double wait, char **cause);

/* Returns the back-off before retry number ATTEMPT (0, 1, ...), in ms. */
long writer_backoff(unsigned attempt);

/* Returns how many operations of the journal at JOURNAL are pending. */
int writer_pending(const char *journal, size_t *n, char **cause);

#endif
