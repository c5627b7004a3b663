/*
 * count-job.h: counting a query's threads in a thread of its own. notmuch
 * visits every match to count threads (seconds for a million), so a view
 * asks for the count and looks for it when idle, never waiting for it.
 */
#ifndef COUNT_JOB_H
#define COUNT_JOB_H

struct count_job;

/*
 * Starts counting the threads of QUERY in the notmuch database at
 * MAIL_ROOT, opened with NOTMUCH_CONFIG (NULL: notmuch's lookup) on a
 * handle of its own. Returns NULL when no thread could be started.
 */
struct count_job *count_job_start(const char *mail_root,
    const char *notmuch_config, const char *query);

/*
 * Whether JOB has finished; then *count is the number of threads, or -1
 * when counting failed. Never waits.
 */
int count_job_done(struct count_job *job, long *count);

/*
 * Stops JOB (NULL is fine) and frees it. A count still running gives up
 * at its next message, so this waits only that long.
 */
void count_job_free(struct count_job *job);

#endif
