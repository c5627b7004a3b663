/* fetch-pipe.c: fetching beside indexing; see fetch-pipe.h. */
#include "autodefs.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "fetch-pipe.h"
#include "mua.h"

/* Batches the worker may be ahead of the indexer. */
#define PIPE_DEPTH 2

struct pipe {
	const struct fetch_pipe_ops *ops;
	void *arg;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct fetch_batch *head, *tail;
	size_t queued;
	int finished;		/* the worker produces no more */
	int stop;		/* the consumer failed: produce no more */
	char *error;		/* the worker's failure */
};

static void
batch_free(struct fetch_batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		free(b->paths[i]);
	free(b->paths);
	free(b->uids);
	free(b->bits);
	free(b);
}

void
fetch_batch_add(struct fetch_batch *b, char *path, uint32_t uid,
    unsigned bits)
{
	b->paths = xreallocarray(b->paths, b->n + 1, sizeof *b->paths);
	b->uids = xreallocarray(b->uids, b->n + 1, sizeof *b->uids);
	b->bits = xreallocarray(b->bits, b->n + 1, sizeof *b->bits);
	b->paths[b->n] = path;
	b->uids[b->n] = uid;
	b->bits[b->n++] = bits;
}

/* Queues B, waiting while the consumer is PIPE_DEPTH behind; 0 when the
 * consumer asked to stop (B is freed). */
static int
push(struct pipe *p, struct fetch_batch *b)
{
	pthread_mutex_lock(&p->lock);
	while (p->queued >= PIPE_DEPTH && !p->stop)
		pthread_cond_wait(&p->changed, &p->lock);
	if (p->stop) {
		pthread_mutex_unlock(&p->lock);
		batch_free(b);
		return 0;
	}
	if (p->tail != NULL)
		p->tail->next = b;
	else
		p->head = b;
	p->tail = b;
	p->queued++;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->lock);
	return 1;
}

static void *
worker(void *arg)
{
	struct pipe *p = arg;
	struct fetch_batch *b;
	char *error = NULL;
	int r;

	do {
		b = xcalloc(1, sizeof *b);
		if ((r = p->ops->produce(p->arg, b, &error)) != 1) {
			/* What a failed batch kept is still indexed. */
			if (r == -1 && b->n > 0)
				push(p, b);
			else
				batch_free(b);
			break;
		}
	} while (push(p, b));
	pthread_mutex_lock(&p->lock);
	p->error = r == -1 ? error : NULL;
	if (r != -1)
		free(error);
	p->finished = 1;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* The next batch, or NULL once the worker finished and all were taken. */
static struct fetch_batch *
pop(struct pipe *p)
{
	struct fetch_batch *b;

	pthread_mutex_lock(&p->lock);
	while (p->head == NULL && !p->finished)
		pthread_cond_wait(&p->changed, &p->lock);
	if ((b = p->head) != NULL) {
		p->head = b->next;
		if (p->head == NULL)
			p->tail = NULL;
		p->queued--;
		pthread_cond_broadcast(&p->changed);
	}
	pthread_mutex_unlock(&p->lock);
	return b;
}

static void
stop(struct pipe *p)
{
	struct fetch_batch *b;

	pthread_mutex_lock(&p->lock);
	p->stop = 1;
	while ((b = p->head) != NULL) {
		p->head = b->next;
		batch_free(b);
	}
	p->tail = NULL;
	p->queued = 0;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->lock);
}

int
fetch_pipe_run(const struct fetch_pipe_ops *ops, void *arg, char **cause)
{
	struct pipe p;
	struct fetch_batch *b;
	pthread_t thread;
	int rc = 0;

	memset(&p, 0, sizeof p);
	p.ops = ops;
	p.arg = arg;
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.changed, NULL);
	if (pthread_create(&thread, NULL, worker, &p) != 0)
		fatal("fetch_pipe_run: can't start a thread");
	while (rc == 0 && (b = pop(&p)) != NULL) {
		rc = ops->consume(arg, b, cause);
		batch_free(b);
	}
	if (rc == -1)
		stop(&p);
	pthread_join(thread, NULL);
	if (rc == 0 && p.error != NULL) {
		*cause = p.error;
		rc = -1;
	} else
		free(p.error);
	pthread_cond_destroy(&p.changed);
	pthread_mutex_destroy(&p.lock);
	return rc;
}
