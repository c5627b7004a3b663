/*
 * writer.c: the journal's pending operations, applied in order. The change
 * records go to the journal before the commit (a crash in between re-runs
 * the operation, which then changes nothing, so undo still has the
 * records), the done records after it.
 */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "journal.h"
#include "killpoint.h"
#include "mua.h"
#include "store.h"
#include "writer.h"

#define WRITER_BATCH 1024	/* operations committed together at most */

/* Applies one pending OP and journals what it changed. */
static int
apply_op(struct store *store, const struct journal *j,
    const struct journal_op *op, char **cause)
{
	const struct journal_op *target;
	struct journal_change *changes = NULL;
	size_t n = 0;
	int rc;

	if (op->kind == JOURNAL_TAG)
		rc = store_tag(store, op->query, op->changes, &changes, &n, cause);
	else if ((target = journal_find(j, op->target)) == NULL)
		rc = 0;		/* an undo of nothing we know: nothing to do */
	else
		rc = store_tag_exact(store, target->done, target->ndone, 1,
		    &changes, &n, cause);
	if (rc == 0)
		rc = journal_add_changes(j->path, op->id, changes, n, cause);
	store_changes_free(changes, n);
	return rc;
}

/* Returns whether another process holds the write lock, asking PROBE
 * when there is one, else a store opened for the question. */
static int
lock_busy(const char *mail_root, const char *config, struct store *probe,
    int *busy, char **cause)
{
	struct store *ro = NULL;
	int rc;

	if (probe != NULL)
		return store_write_busy(probe, busy, cause);
	if (store_open(mail_root, config, STORE_READ_ONLY, &ro, cause) == -1)
		return -1;
	rc = store_write_busy(ro, busy, cause);
	store_close(ro, NULL);
	return rc;
}

enum writer_result
writer_apply(const char *path, const char *mail_root, const char *config,
    struct store *probe, char **cause)
{
	const struct journal_op *ops[WRITER_BATCH];
	struct journal *j = NULL;
	struct store *store = NULL;
	enum writer_result result = WRITER_ERROR;
	size_t n, i;
	int busy;

	if (journal_read(path, &j, cause) == -1)
		return WRITER_ERROR;
	if ((n = journal_pending(j, ops, nitems(ops))) == 0) {
		result = WRITER_DONE;
		goto out;
	}
	if (lock_busy(mail_root, config, probe, &busy, cause) == -1)
		goto out;
	if (busy) {
		result = WRITER_BUSY;
		goto out;
	}
	if (store_open(mail_root, config, STORE_READ_WRITE, &store,
	    cause) == -1)
		goto out;
	for (i = 0; i < n; i++) {
		if (apply_op(store, j, ops[i], cause) == -1)
			break;
		killpoint("tag", "journaled");
	}
	if (store_close(store, i == n ? cause : NULL) == -1 || i < n)
		goto out;
	killpoint("tag", "committed");
	for (i = 0; i < n; i++) {
		if (journal_add_done(path, ops[i]->id, cause) == -1)
			goto out;
		killpoint("tag", "done");
	}
	/* More than one batch was pending: go on. */
	result = n == nitems(ops) ? writer_apply(path, mail_root, config,
	    probe, cause) : WRITER_DONE;
out:
	journal_free(j);
	return result;
}

int
writer_pending(const char *path, size_t *n, char **cause)
{
	const struct journal_op *ops[WRITER_BATCH];
	struct journal *j = NULL;

	if (journal_read(path, &j, cause) == -1)
		return -1;
	*n = journal_pending(j, ops, nitems(ops));
	journal_free(j);
	return 0;
}

long
writer_backoff(unsigned attempt)
{
	long ms = 50;

	while (attempt-- > 0 && ms < 2000)
		ms *= 2;
	return ms < 2000 ? ms : 2000;
}

enum writer_result
writer_flush(const char *path, const char *mail_root, const char *config,
    double wait, char **cause)
{
	double deadline = mono_seconds() + wait;
	enum writer_result r;
	unsigned attempt = 0;

	while ((r = writer_apply(path, mail_root, config, NULL, cause)) ==
	    WRITER_BUSY && mono_seconds() < deadline) {
		long ms = writer_backoff(attempt++);
		struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
		nanosleep(&ts, NULL);
	}
	return r;
}
