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

/*
 * Applies the pending operations of the journal at JOURNAL to the store of
 * MAIL_ROOT and CONFIG (as for store_open()), committing them together.
 */
enum writer_result writer_apply(const char *journal, const char *mail_root,
    const char *config, char **cause);

/* Returns how many operations of the journal at JOURNAL are pending. */
int writer_pending(const char *journal, size_t *n, char **cause);

#endif
