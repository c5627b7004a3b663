/* ui-sync.c: sync as a child of the UI; see ui-sync.h. */
#include "autodefs.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "mua.h"
#include "options.h"
#include "ui-sync.h"
#include "ui-tag.h"
#include "ui.h"

struct ui_sync {
	char *config_file, *notmuch_config;
	pid_t pid;		/* 0: none running */
	int out;		/* its output, non-blocking */
	struct buf pending;	/* a line not finished yet */
	char *last;		/* the last whole line it printed */
	time_t started;		/* when the last sync began (or mua did) */
};

static time_t
monotonic_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

struct ui_sync *
ui_sync_new(const char *config_file, const char *notmuch_config)
{
	struct ui_sync *s = xcalloc(1, sizeof *s);

	s->config_file = config_file ? xstrdup(config_file) : NULL;
	s->notmuch_config = notmuch_config ? xstrdup(notmuch_config) : NULL;
	s->out = -1;
	s->started = monotonic_seconds();
	return s;
}

void
ui_sync_free(struct ui_sync *s)
{
	if (s == NULL)
		return;
	if (s->pid > 0) {	/* mua is leaving: the sync finishes alone */
		close(s->out);
	}
	buf_free(&s->pending);
	free(s->last);
	free(s->config_file);
	free(s->notmuch_config);
	free(s);
}

/* In the child: runs "mua [-F file] sync" with output into FD. */
static void
child(struct ui_sync *s, int fd)
{
	char *argv[6];
	int n = 0, null = open("/dev/null", O_RDONLY);

	dup2(null, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	if (s->notmuch_config != NULL)
		setenv("NOTMUCH_CONFIG", s->notmuch_config, 1);
	argv[n++] = "mua";
	if (s->config_file != NULL) {
		argv[n++] = "-F";
		argv[n++] = s->config_file;
	}
	argv[n++] = "sync";
	argv[n] = NULL;
	execv("/proc/self/exe", argv);
	_exit(127);
}

void
ui_sync_start(struct ui_sync *s, struct ui *ui)
{
	int p[2];

	if (s->pid > 0) {
		ui_message(ui, "a sync is running already");
		return;
	}
	if (pipe2(p, O_CLOEXEC) == -1 || (s->pid = fork()) == -1) {
		ui_error(ui, "can't start a sync: %s", strerror(errno));
		s->pid = 0;
		return;
	}
	if (s->pid == 0)
		child(s, p[1]);
	close(p[1]);
	s->out = p[0];
	fcntl(s->out, F_SETFL, O_NONBLOCK);
	s->pending.len = 0;
	free(s->last);
	s->last = NULL;
	s->started = monotonic_seconds();
	ui_message(ui, "sync: started");
}

/* Takes whole lines from the child's output; the last one is news. */
static void
read_output(struct ui_sync *s, struct ui *ui)
{
	char chunk[4096], *nl;
	ssize_t r;

	while ((r = read(s->out, chunk, sizeof chunk)) > 0)
		buf_add(&s->pending, chunk, (size_t)r);
	while (s->pending.len > 0 &&
	    (nl = memchr(s->pending.s, '\n', s->pending.len)) != NULL) {
		*nl = '\0';
		free(s->last);
		s->last = xstrdup(s->pending.s);
		s->pending.len -= (size_t)(nl + 1 - s->pending.s);
		memmove(s->pending.s, nl + 1, s->pending.len);
		s->pending.s[s->pending.len] = '\0';
		ui_message(ui, "sync: %s", s->last);
	}
}

/* With sync_interval set, a sync starts that long after the last one
 * began (and after mua started). */
static void
maybe_start(struct ui_sync *s, struct ui *ui)
{
	time_t every = (time_t)options_get_number(ui_config(ui)->options,
	    "sync_interval");

	if (every > 0 && monotonic_seconds() - s->started >= every)
		ui_sync_start(s, ui);
}

void
ui_sync_tick(struct ui_sync *s, struct ui *ui)
{
	int status;

	if (s->pid <= 0) {
		maybe_start(s, ui);
		return;
	}
	read_output(s, ui);
	if (waitpid(s->pid, &status, WNOHANG) != s->pid)
		return;
	read_output(s, ui);
	close(s->out);
	s->out = -1;
	s->pid = 0;
	if (!WIFEXITED(status))
		ui_error(ui, "sync: ended by signal %d (a server may have crashed "
		    "it; the UI is fine)", WTERMSIG(status));
	else if (WEXITSTATUS(status) != 0)
		ui_error(ui, "sync: %s", s->last ? s->last : "failed");
	else
		ui_message(ui, "sync: %s", s->last ? s->last : "done");
	ui_tagger_store_changed(ui_tagger(ui), ui);
}
