/* render-job.c: a message read on a thread; see render-job.h. */
#include "autodefs.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mime.h"
#include "mua.h"
#include "render-job.h"
#include "wake.h"

struct render_job {
	pthread_mutex_t lock;
	int done, abandoned;		/* under LOCK */
	char *path, *note, *headers, *order, *session_key;
	struct mime_options options;	/* pointing at the copies above */
	struct mime_doc doc;		/* the worker's until DONE */
};

static void
job_free(struct render_job *j)
{
	pthread_mutex_destroy(&j->lock);
	mime_doc_clear(&j->doc);
	free(j->path);
	free(j->note);
	free(j->headers);
	free(j->order);
	free(j->session_key);
	free(j);
}

/* MUA_TEST_RENDER_HOLD: wait for a writer to open the FIFO it names. */
static void
hold_for_tests(void)
{
	const char *fifo = getenv("MUA_TEST_RENDER_HOLD");
	int fd;

	if (fifo != NULL && (fd = open(fifo, O_RDONLY | O_CLOEXEC)) != -1)
		close(fd);
}

void
render_now(const char *path, const struct mime_options *options,
    const char *note, struct mime_doc *doc)
{
	char *cause = NULL, *line;

	if (note != NULL)
		mime_doc_add(doc, MIME_NOTE, note);
	if (mime_render(path, options, doc, &cause) == -1) {
		line = xasprintf("[-- can't show this message: %s --]", cause);
		mime_doc_add(doc, MIME_NOTE, line);
		free(line);
		free(cause);
	}
}

/* Renders into J's doc, then hands it over, or frees J if abandoned. */
static void
render(struct render_job *j)
{
	int abandoned;

	render_now(j->path, &j->options, j->note, &j->doc);
	pthread_mutex_lock(&j->lock);
	j->done = 1;
	abandoned = j->abandoned;
	pthread_mutex_unlock(&j->lock);
	if (abandoned)
		job_free(j);
	else
		wake_up();	/* the pager shows it now */
}

static void *
run(void *arg)
{
	hold_for_tests();
	render(arg);
	return NULL;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

struct render_job *
render_job_start(const char *path, const struct mime_options *options,
    const char *note)
{
	struct render_job *j = xcalloc(1, sizeof *j);
	pthread_attr_t attr;
	pthread_t thread;
	int r;

	pthread_mutex_init(&j->lock, NULL);
	j->path = xstrdup(path);
	j->note = dup_or_null(note);
	j->headers = dup_or_null(options->headers);
	j->order = dup_or_null(options->alternative_order);
	j->session_key = dup_or_null(options->session_key);
	j->options = *options;
	j->options.headers = j->headers;
	j->options.alternative_order = j->order;
	j->options.session_key = j->session_key;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	r = pthread_create(&thread, &attr, run, j);
	pthread_attr_destroy(&attr);
	if (r != 0)
		render(j);	/* no thread to be had: here, at once */
	return j;
}

int
render_job_take(struct render_job *j, struct mime_doc *doc)
{
	int done;

	pthread_mutex_lock(&j->lock);
	done = j->done;
	pthread_mutex_unlock(&j->lock);
	if (!done)
		return 0;
	mime_doc_clear(doc);
	*doc = j->doc;
	memset(&j->doc, 0, sizeof j->doc);
	job_free(j);
	return 1;
}

void
render_job_abandon(struct render_job *j)
{
	int done;

	pthread_mutex_lock(&j->lock);
	done = j->done;
	j->abandoned = 1;
	pthread_mutex_unlock(&j->lock);
	if (done)
		job_free(j);
}
