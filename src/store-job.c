/* store-job.c: a store read on a thread of its own; see store-job.h. */
#include "autodefs.h"

#include <pthread.h>
#include <stdlib.h>

#include "mua.h"
#include "store-job.h"
#include "wake.h"
#include "store.h"

struct store_job {
	pthread_t thread;
	int stop;		/* set atomically to end the job early */
	int done;		/* set atomically when FN has returned */
	store_job_fn *fn;
	void *arg;
	char *mail_root, *notmuch_config;
};

static void *
work(void *data)
{
	struct store_job *j = data;
	struct store *store = NULL;

	if (store_open(j->mail_root, j->notmuch_config, STORE_READ_ONLY,
	    &store, NULL) == -1)
		store = NULL;
	j->fn(store, j->arg, &j->stop);
	if (store != NULL)
		store_close(store, NULL);
	__atomic_store_n(&j->done, 1, __ATOMIC_RELEASE);
	wake_up();	/* the loop collects it now, not on a timer */
	return NULL;
}

static void
job_clear(struct store_job *j)
{
	free(j->mail_root);
	free(j->notmuch_config);
	free(j);
}

struct store_job *
store_job_start(const char *mail_root, const char *notmuch_config,
    store_job_fn *fn, void *arg)
{
	struct store_job *j = xcalloc(1, sizeof *j);

	j->fn = fn;
	j->arg = arg;
	j->mail_root = xstrdup(mail_root);
	j->notmuch_config = notmuch_config ? xstrdup(notmuch_config) : NULL;
	if (pthread_create(&j->thread, NULL, work, j) != 0) {
		job_clear(j);
		return NULL;
	}
	return j;
}

int
store_job_done(struct store_job *j)
{
	return __atomic_load_n(&j->done, __ATOMIC_ACQUIRE);
}

void
store_job_free(struct store_job *j)
{
	if (j == NULL)
		return;
	__atomic_store_n(&j->stop, 1, __ATOMIC_RELAXED);
	pthread_join(j->thread, NULL);
	job_clear(j);
}
