/*
 * fetch-pipe.h: fetching and indexing side by side. A worker thread
 * fetches batches of messages and makes them durable in the maildir,
 * while the calling thread indexes the batch before and saves the state:
 * the network and the index wait for each other only when one is two
 * batches ahead. The order that makes a crash harmless holds for each
 * batch: written and synced, then indexed, then remembered.
 */
#ifndef FETCH_PIPE_H
#define FETCH_PIPE_H

#include <stddef.h>
#include <stdint.h>

/* Messages on disk, not yet indexed. */
struct fetch_batch {
	char **paths;
	uint32_t *uids;		/* IMAP: each path's UID and flags */
	unsigned *bits;
	size_t n;
	unsigned long position;	/* where the fetch stands after it */
	unsigned long long bytes;
	struct fetch_batch *next;
};

/* Adds PATH (taken), the message with UID and flagmap BITS, to B. */
void fetch_batch_add(struct fetch_batch *b, char *path, uint32_t uid,
    unsigned bits);

struct fetch_pipe_ops {
	/* On the worker: fills *batch with the next messages (synced);
	 * returns 1, or 0 when there are no more, or -1 with *cause. A
	 * failed batch may hold the messages it kept (synced) before the
	 * failure: they are consumed too. It must touch nothing the
	 * consumer uses. */
	int (*produce)(void *arg, struct fetch_batch *batch, char **cause);
	/* On the caller: indexes BATCH and saves the state; 0 or -1 with
	 * *cause. */
	int (*consume)(void *arg, struct fetch_batch *batch, char **cause);
};

/*
 * Runs OPS with ARG until the producer has no more or either side fails.
 * Every batch produced before a failure is still consumed, so the work
 * done is kept. Returns 0, or -1 with *cause from the first failure.
 */
int fetch_pipe_run(const struct fetch_pipe_ops *ops, void *arg,
    char **cause);

#endif
