/* count-job.c: thread counts away from the UI thread; see count-job.h. */
#include "autodefs.h"

#include <stdlib.h>

#include "count-job.h"
#include "mua.h"
#include "store-job.h"
#include "store.h"

struct count_job {
	struct store_job *job;
	char *query;
	long count;		/* once done: the threads, or -1 */
};

static void
count(struct store *store, void *arg, const int *stop)
{
	struct count_job *c = arg;
	unsigned n = 0;

	c->count = store != NULL && store_count_threads_until(store, c->query,
	    stop, &n, NULL) == 0 ? (long)n : -1;
}

struct count_job *
count_job_start(const char *mail_root, const char *notmuch_config,
    const char *query)
{
	struct count_job *c = xcalloc(1, sizeof *c);

	c->query = xstrdup(query);
	if ((c->job = store_job_start(mail_root, notmuch_config, count, c)) ==
	    NULL) {
		free(c->query);
		free(c);
		return NULL;
	}
	return c;
}

int
count_job_done(struct count_job *c, long *n)
{
	if (!store_job_done(c->job))
		return 0;
	*n = c->count;
	return 1;
}

void
count_job_free(struct count_job *c)
{
	if (c == NULL)
		return;
	store_job_free(c->job);
	free(c->query);
	free(c);
}
