/*
 * store-job.h: reading the store away from the UI thread. A job runs a
 * function on a thread of its own with a read-only store handle of its
 * own (notmuch handles are not shared between threads); the UI looks at
 * whether it is done when idle, never waiting for it except to stop it.
 */
#ifndef STORE_JOB_H
#define STORE_JOB_H

struct store;
struct store_job;

/*
 * What a job does: reads STORE (NULL when it could not be opened) and
 * leaves its results in ARG, which it owns until the job is done. It
 * should give up soon after *STOP becomes non-zero (read it with
 * __atomic_load_n).
 */
typedef void store_job_fn(struct store *store, void *arg, const int *stop);

/*
 * Starts FN(store, ARG) on the store at MAIL_ROOT, opened with
 * NOTMUCH_CONFIG (NULL: notmuch's lookup). Returns NULL when no thread
 * could be started (FN never runs).
 */
struct store_job *store_job_start(const char *mail_root,
    const char *notmuch_config, store_job_fn *fn, void *arg);

/* Whether JOB's function has returned: then its ARG is the caller's
 * again. Never waits. */
int store_job_done(struct store_job *job);

/* Asks JOB (NULL is fine) to stop, waits for it to, and frees it. */
void store_job_free(struct store_job *job);

#endif
