/*
 * render-job.h: a message's text read (mime_render) on a thread of its
 * own, so that the pager's keys never wait for a big message: the view
 * starts a job, takes its text when it is done, or abandons it when the
 * view goes first (the job then frees itself).
 *
 * For the tests only: with MUA_TEST_RENDER_HOLD naming a FIFO, a job
 * waits until something opens it for writing before it reads anything,
 * so a test can press keys while a rendering is certainly under way.
 */
#ifndef RENDER_JOB_H
#define RENDER_JOB_H

struct mime_doc;
struct mime_options;
struct render_job;

/* Reads the message file PATH into DOC here and now, as a job does:
 * NOTE (may be NULL) first, a failure as a note in the text's place. */
void render_now(const char *path, const struct mime_options *options,
    const char *note, struct mime_doc *doc);

/*
 * Starts reading the message file PATH as OPTIONS say (copied; the
 * options' html_filter must be safe on another thread); NOTE (may be
 * NULL) becomes its first line.
 */
struct render_job *render_job_start(const char *path,
    const struct mime_options *options, const char *note);

/* Whether J is done; then DOC gets its lines (a failure as a note in
 * their place) and J is freed. */
int render_job_take(struct render_job *j, struct mime_doc *doc);

/* J's text is no longer wanted: it is freed when done (or now). */
void render_job_abandon(struct render_job *j);

#endif
