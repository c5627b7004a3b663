/*
 * ui-job.h: one of mua's own verbs run by the UI as a child ("mua sync",
 * "mua send", "mua idle"): started with the UI's effective configuration
 * on descriptor 4 and the passwords typed in the UI on 3, in a session
 * of its own (it has no terminal to read); its output read line by line
 * without waiting, its end noticed. ui-sync.h decides when each runs;
 * ui-watchers.h keeps the IDLE watchers going.
 */
#ifndef UI_JOB_H
#define UI_JOB_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "buf.h"

struct ui;
struct ui_jobs;

/* A verb running in the background. */
struct ui_job {
	const char *verb;	/* "sync", "send", "idle" */
	const char *name;	/* in messages: the verb, or "bounce" */
	const char *option;	/* for the next run ("-D"), or NULL */
	char *const *extra;	/* more arguments for the next run, or NULL */
	int quiet;		/* a watcher's: lines to the log only */
	int asking;		/* a password for it is being asked */
	int changed, watching;	/* a watcher said so since last looked */
	unsigned news;		/* a sync's new messages, this run */
	struct buf news_from;	/* and the accounts they came to */
	pid_t pid;		/* 0: none running */
	int out;		/* its output, non-blocking; -1: none */
	struct buf pending;	/* a line not finished yet */
	char *last;		/* the last whole line it printed */
	char *outcome;		/* a send's last message not sent, and why */
	time_t started;		/* when it last began (or mua did) */
};

/*
 * What every job shares: NOTMUCH_CONFIG for the children (NULL: left as
 * it is), and the passwords typed this session.
 */
struct ui_jobs *ui_jobs_new(const char *notmuch_config);
void ui_jobs_free(struct ui_jobs *jobs);

/*
 * Starts J unless it runs, first asking for the passwords its verb needs
 * that were not typed yet (J starts once they are: the prompts are modes
 * of the loop, so this returns first). One that starts BY_ITSELF (a
 * timer, not a key) never opens a prompt: it doesn't start, and says why.
 */
void ui_job_start(struct ui_jobs *jobs, struct ui_job *j, struct ui *ui,
    int by_itself);

/* How many passwords were typed this session: when it grows, jobs that
 * waited for one may start. */
unsigned ui_jobs_typed(const struct ui_jobs *jobs);

/* Reads J's output; when it has ended, 1 with its *status (J is then
 * not running), else 0. */
int ui_job_reap(struct ui_job *j, struct ui *ui, int *status);

/* After J failed because the server refused a password typed here, the
 * password is forgotten, so the next run asks again; said. */
void ui_job_forget_refused(struct ui_jobs *jobs, struct ui_job *j,
    struct ui *ui);

/* J's memory; a J still running is left to finish, and the user told
 * (mua is leaving). */
void ui_job_clear(struct ui_job *j);

/*
 * Starts "mua ARGS" (N of them; NULL ones left out) with the UI's
 * configuration, in a session of its own (the terminal stays the UI's):
 * *IN gets its standard input, *OUT its standard output and error
 * (non-blocking), both close-on-exec. Returns its pid, or -1 with
 * *cause set.
 */
pid_t ui_jobs_spawn(struct ui_jobs *jobs, struct ui *ui,
    const char *const *args, size_t n, int *in, int *out, char **cause);

#endif
