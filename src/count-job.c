/* count-job.c: thread counts away from the UI thread; see count-job.h. */
#include "autodefs.h"

#include <pthread.h>
#include <stdlib.h>

#include "count-job.h"
#include "mua.h"
#include "store.h"

struct count_job {
	pthread_t thread;
	pthread_mutex_t lock;
	int stop;		/* set atomically to end the count early */
	int done;		/* under the lock */
	long count;		/* under the lock, once done */
	char *mail_root, *notmuch_config, *query;
};

static void *
work(void *arg)
{
	struct count_job *j = arg;
	struct store *store = NULL;
	unsigned n = 0;
	long count = -1;

	if (store_open(j->mail_root, j->notmuch_config, STORE_READ_ONLY,
	    &store, NULL) == 0) {
		if (store_count_threads_until(store, j->query, &j->stop, &n,
		    NULL) == 0)
			count = (long)n;
		store_close(store, NULL);
	}
	pthread_mutex_lock(&j->lock);
	j->count = count;
	j->done = 1;
	pthread_mutex_unlock(&j->lock);
	return NULL;
}

static void
job_clear(struct count_job *j)
{
	pthread_mutex_destroy(&j->lock);
	free(j->mail_root);
	free(j->notmuch_config);
	free(j->query);
	free(j);
}

struct count_job *
count_job_start(const char *mail_root, const char *notmuch_config,
    const char *query)
{
	struct count_job *j = xcalloc(1, sizeof *j);

	pthread_mutex_init(&j->lock, NULL);
	j->mail_root = xstrdup(mail_root);
	j->notmuch_config = notmuch_config ? xstrdup(notmuch_config) : NULL;
	j->query = xstrdup(query);
	if (pthread_create(&j->thread, NULL, work, j) != 0) {
		job_clear(j);
		return NULL;
	}
	return j;
}

int
count_job_done(struct count_job *j, long *count)
{
	int done;

	pthread_mutex_lock(&j->lock);
	if ((done = j->done))
		*count = j->count;
	pthread_mutex_unlock(&j->lock);
	return done;
}

void
count_job_free(struct count_job *j)
{
	if (j == NULL)
		return;
	__atomic_store_n(&j->stop, 1, __ATOMIC_RELAXED);
	pthread_join(j->thread, NULL);
	job_clear(j);
}
