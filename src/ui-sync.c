/* ui-sync.c: mua's verbs as children of the UI; see ui-sync.h. */
#include "autodefs.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "buf.h"
#include "config.h"
#include "mime.h"
#include "mua.h"
#include "options.h"
#include "outbox.h"
#include "run.h"
#include "secret.h"
#include "ui-sync.h"
#include "ui-tag.h"
#include "ui.h"

/* How often a child that closed its output is looked for, until it ends. */
#define REAP_MS 100

/* A verb running in the background. */
struct job {
	const char *verb;	/* "sync" or "send" */
	const char *name;	/* in messages: the verb, or "bounce" */
	const char *option;	/* for the next run ("-D"), or NULL */
	char *const *extra;	/* more arguments for the next run, or NULL */
	int quiet;		/* a watcher's: lines to the log only */
	int changed, watching;	/* a watcher said so since last looked */
	unsigned news;		/* a sync's new messages, this run */
	struct buf news_from;	/* and the accounts they came to */
	pid_t pid;		/* 0: none running */
	int out;		/* its output, non-blocking */
	struct buf pending;	/* a line not finished yet */
	char *last;		/* the last whole line it printed */
	char *outcome;		/* the last message not sent, and why */
	time_t started;		/* when it last began (or mua did) */
};

/* A watcher: "mua idle ACCOUNT FOLDER" (mua-idle.h), started again after
 * it ends, waiting longer each time, unless the server has no IDLE. */
struct watch {
	struct job job;
	const char *account;	/* the configuration's */
	char *folder;
	char *args[3];		/* ACCOUNT FOLDER NULL */
	time_t restart_at;	/* mono; 0: at once */
	time_t backoff;		/* seconds before the next start */
	int gone;		/* the server has no IDLE: not again */
};

struct ui_sync {
	char *notmuch_config;
	struct store *store;	/* the UI's, read-only: the outbox's state */
	time_t outbox_check;	/* when to look for mail due again (mono) */
	struct job sync, send, bounce;
	time_t send_at;		/* when what send_delay held goes; 0: none */
	struct secret_list *typed;	/* passwords typed this session */
	struct watch *watches;	/* made on the first tick */
	size_t nwatches;
	int watches_made;
	const char *sync_next;	/* a watched account to sync when the
				   running sync ends, or NULL */
};

struct ui_sync *
ui_sync_new(const char *notmuch_config, struct store *store)
{
	struct ui_sync *s = xcalloc(1, sizeof *s);

	s->notmuch_config = notmuch_config ? xstrdup(notmuch_config) : NULL;
	s->sync.verb = s->sync.name = "sync";
	s->sync.option = "-n";	/* a sync running already is left to run */
	s->send.verb = s->send.name = "send";
	s->bounce.verb = "send";	/* "send -R" */
	s->bounce.name = "bounce";
	s->sync.out = s->send.out = s->bounce.out = -1;
	s->sync.started = s->send.started = (time_t)mono_seconds();
	s->typed = secret_list_new();
	s->store = store;
	return s;
}

/*
 * mua is leaving (curses has given the terminal back). A running job is
 * durable at every step, so it may finish alone, in its own session,
 * with no terminal: but the user is told, not left to find it.
 */
static void
job_free(struct job *j)
{
	if (j->pid > 0) {
		if (j->out != -1)
			close(j->out);
		fprintf(stderr, "mua: %s is still running (pid %ld); it "
		    "finishes in the background, safely, and says nothing "
		    "more\n", j->name, (long)j->pid);
	}
	buf_free(&j->pending);
	buf_free(&j->news_from);
	free(j->last);
	free(j->outcome);
}

static void watches_free(struct ui_sync *s);
static void watches_now(struct ui_sync *s);

void
ui_sync_free(struct ui_sync *s)
{
	if (s == NULL)
		return;
	job_free(&s->sync);
	job_free(&s->send);
	job_free(&s->bounce);
	watches_free(s);
	secret_list_free(s->typed);
	free(s->notmuch_config);
	free(s);
}

/*
 * The UI's effective configuration (what :set changed included) as .muarc
 * text in an anonymous file, for a child: it reads that, not ~/.muarc
 * again, so it does what the UI would. -1 with *cause on failure.
 */
static int
config_fd(const struct config *config, char **cause)
{
	char *text = config_dump(config, 1);
	size_t len = strlen(text);
	int fd = memfd_create("mua-config", MFD_CLOEXEC);

	if (fd == -1 || write(fd, text, len) != (ssize_t)len ||
	    lseek(fd, 0, SEEK_SET) == -1) {
		set_cause(cause, "can't hand the configuration over: %s",
		    strerror(errno));
		if (fd != -1)
			close(fd);
		fd = -1;
	}
	free(text);
	return fd;
}

/*
 * "mua -F /dev/fd/4" and the N arguments ARGS (NULL ones left out), for
 * exec_mua(): made before the fork, as the child of a process with
 * threads should call nothing that allocates (caller frees the array).
 */
static char **
mua_argv(const char *const *args, size_t n)
{
	char **argv = xcalloc(n + 4, sizeof *argv);
	size_t i, k = 0;

	argv[k++] = "mua";
	argv[k++] = "-F";
	argv[k++] = "/dev/fd/4";
	for (i = 0; i < n; i++)
		if (args[i] != NULL)
			argv[k++] = (char *)args[i];
	return argv;
}

/*
 * In a child: runs ARGV (mua_argv's), the configuration from CONFIG on
 * descriptor 4 and, when PASSWORDS is not -1, the typed passwords on 3
 * (MUA_PASSWORD_FD).
 */
static void
exec_mua(struct ui_sync *s, int config, int passwords, char *const *argv)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGTSTP, SIG_DFL);
	if (s->notmuch_config != NULL)
		setenv("NOTMUCH_CONFIG", s->notmuch_config, 1);
	/* Out of the way first: either may sit on 3 or 4 now. */
	config = fcntl(config, F_DUPFD_CLOEXEC, 10);
	if (passwords != -1) {
		passwords = fcntl(passwords, F_DUPFD_CLOEXEC, 10);
		dup2(passwords, 3);
		setenv("MUA_PASSWORD_FD", "3", 1);
	}
	dup2(config, 4);
	execv("/proc/self/exe", argv);
	_exit(127);
}

/* A job's arguments: its verb, its option, then its extra ones. */
static char **
job_argv(const struct job *j)
{
	const char **args;
	char **argv;
	size_t n = 0, i;

	while (j->extra != NULL && j->extra[n] != NULL)
		n++;
	args = xcalloc(n + 2, sizeof *args);
	args[0] = j->verb;
	args[1] = j->option;
	for (i = 0; i < n; i++)
		args[i + 2] = j->extra[i];
	argv = mua_argv(args, n + 2);
	free(args);
	return argv;
}

/*
 * In the child of a background job: a session of its own, so it has no
 * terminal to read (whatever it would ask, the UI asked); its output to
 * the pipe FD; the passwords typed in the UI on descriptor 3, from
 * PASSWORDS.
 */
static void
background_child(struct ui_sync *s, char *const *argv, int fd, int config,
    int passwords)
{
	int null = open("/dev/null", O_RDONLY);

	setsid();
	dup2(null, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	exec_mua(s, config, passwords, argv);
}

/* The server of ACCOUNT that VERB talks to ("imap", "pop3", "smtp"). */
static const char *
protocol_of(const struct account *a, const char *verb)
{
	if (strcmp(verb, "send") == 0)
		return "smtp";
	return account_get_one(a, "pop3") != NULL ? "pop3" : "imap";
}

/*
 * Asks for the password of each account VERB needs one typed for and
 * none was this session, in a prompt that doesn't echo. Returns 0, or -1
 * when the user gave up (Esc). A job that starts BY_ITSELF (a timer, not
 * a key) never opens a prompt the user didn't ask for, which would take
 * the keys they are typing: it doesn't start, and says why.
 */
static int
ask_passwords(struct ui_sync *s, struct job *j, struct ui *ui, int by_itself)
{
	static const struct ui_prompt_opts secret = { NULL, NULL, NULL, 1 };
	const struct config *config = ui_config(ui);
	const char *proto, *name;
	char *prompt, *typed;
	size_t i;

	for (i = 0; i < config->naccounts; i++) {
		const struct account *a = config->accounts[i];
		proto = protocol_of(a, j->verb);
		name = account_name(a);
		if (!secret_wanted(a, proto) ||
		    secret_get(s->typed, name, proto) != NULL)
			continue;
		if (by_itself) {
			(j->quiet ? ui_log : ui_message)(ui, "%s: not started by "
			    "itself: %s needs its password (%s asks for it)",
			    j->name, name, strcmp(j->verb, "send") == 0 ? "Y" :
			    "$");
			return -1;
		}
		secret_protect();
		prompt = xasprintf("%s password for %s (%s): ", proto, name,
		    account_get_one(a, "user") ? account_get_one(a, "user") :
		    "");
		typed = ui_prompt_with(ui, prompt, "", &secret);
		free(prompt);
		if (typed == NULL) {
			ui_message(ui, "%s: not started: no password for %s",
			    j->name, name);
			return -1;
		}
		secret_set(s->typed, name, proto, typed);
		watches_now(s);	/* the ones that waited for it */
	}
	return 0;
}

static void
job_start(struct ui_sync *s, struct job *j, struct ui *ui, int by_itself)
{
	int p[2], passwords = -1, config;
	char *cause = NULL, **argv;

	if (j->pid > 0) {
		ui_message(ui, "%s: running already", j->name);
		return;
	}
	if (ask_passwords(s, j, ui, by_itself) == -1)
		return;
	if ((config = config_fd(ui_config(ui), &cause)) == -1 ||
	    (passwords = secret_pipe(s->typed, &cause)) == -1) {
		ui_error(ui, "can't start %s: %s", j->name, cause);
		free(cause);
		if (config != -1)
			close(config);
		return;
	}
	argv = job_argv(j);
	if (pipe2(p, O_CLOEXEC) == -1 || (j->pid = fork()) == -1) {
		ui_error(ui, "can't start %s: %s", j->name, strerror(errno));
		close(passwords);
		close(config);
		free(argv);
		j->pid = 0;
		return;
	}
	if (j->pid == 0)
		background_child(s, argv, p[1], config, passwords);
	free(argv);
	close(passwords);
	close(config);
	close(p[1]);
	j->out = p[0];
	fcntl(j->out, F_SETFL, O_NONBLOCK);
	j->pending.len = 0;
	free(j->last);
	j->last = NULL;
	free(j->outcome);
	j->outcome = NULL;
	j->started = (time_t)mono_seconds();
	if (!j->quiet)
		ui_message(ui, "%s: started", j->name);
}

void
ui_sync_start(struct ui_sync *s, struct ui *ui)
{
	job_start(s, &s->sync, ui, 0);
}

void
ui_sync_send(struct ui_sync *s, struct ui *ui)
{
	job_start(s, &s->send, ui, 0);
}

/* What send_delay holds back goes when its time has come. */
static void
send_held_later(struct ui_sync *s, struct ui *ui)
{
	long long delay = options_get_number(ui_config(ui)->options,
	    "send_delay");

	if (delay > 0)
		s->send_at = (time_t)mono_seconds() + (time_t)delay + 1;
}

pid_t
ui_sync_spawn(struct ui_sync *s, struct ui *ui, const char *const *args,
    size_t n, int *in, int *out, char **cause)
{
	int to[2] = { -1, -1 }, from[2] = { -1, -1 }, config;
	char **argv;
	pid_t pid = -1;

	if ((config = config_fd(ui_config(ui), cause)) == -1)
		return -1;
	argv = mua_argv(args, n);
	if (pipe2(to, O_CLOEXEC) == -1 || pipe2(from, O_CLOEXEC) == -1 ||
	    (pid = fork()) == -1)
		set_cause(cause, "can't start mua: %s", strerror(errno));
	else if (pid == 0) {
		setsid();	/* the terminal is the UI's */
		dup2(to[0], 0);
		dup2(from[1], 1);
		dup2(from[1], 2);
		exec_mua(s, config, -1, argv);
	}
	free(argv);
	close(config);
	if (to[0] != -1)
		close(to[0]);
	if (from[1] != -1)
		close(from[1]);
	if (pid == -1) {
		if (to[1] != -1)
			close(to[1]);
		if (from[0] != -1)
			close(from[0]);
		return -1;
	}
	fcntl(from[0], F_SETFL, O_NONBLOCK);
	*in = to[1];
	*out = from[0];
	return pid;
}

void
ui_sync_queued(struct ui_sync *s, struct ui *ui)
{
	job_start(s, &s->send, ui, 0);
	send_held_later(s, ui);
}

struct store *
ui_sync_store(const struct ui_sync *s)
{
	return s->store;
}

void
ui_sync_bounce(struct ui_sync *s, struct ui *ui, const char *const *paths,
    size_t n, const char *to)
{
	char **extra = xcalloc(2 * n + 3, sizeof *extra);
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		extra[k++] = "-R";
		extra[k++] = (char *)paths[i];
	}
	extra[k++] = "--";	/* an address is never an option */
	extra[k++] = (char *)to;
	s->bounce.extra = extra;
	job_start(s, &s->bounce, ui, 0);
	s->bounce.extra = NULL;
	free(extra);
	if (s->bounce.pid > 0)
		send_held_later(s, ui);
}

const char *
ui_sync_answer_option(const char *command)
{
	static const char *const map[][2] = {
		{ "reply", "--reply" }, { "reply-all", "--group" },
		{ "reply-list", "--list" }, { "forward", "--forward" },
		{ "edit-draft", "--draft" },
	};
	size_t i;

	for (i = 0; i < nitems(map); i++)
		if (strcmp(map[i][0], command) == 0)
			return map[i][1];
	return NULL;
}

/* Counts a sync's "work: 3 new messages (12 KB)" line (an account's;
 * "work/INBOX: 3 new" is a folder's, counted there already). */
static void
count_news(struct job *j, const char *line)
{
	const char *colon = strstr(line, ": ");
	unsigned n;

	if (colon == NULL || memchr(line, '/', (size_t)(colon - line)) != NULL ||
	    sscanf(colon + 2, "%u new message", &n) != 1 || n == 0)
		return;
	j->news += n;
	buf_printf(&j->news_from, "%s%.*s", j->news_from.len > 0 ? " " : "",
	    (int)(colon - line), line);
}

/*
 * new_mail_command, when a sync brought mail: %n how many, %a the
 * accounts (names from .muarc; nothing from a message), %% a %. Not
 * waited for.
 */
static void
tell_news(struct job *j, struct ui *ui)
{
	const char *format = options_get(ui_config(ui)->options,
	    "new_mail_command"), *p;
	struct buf b = { NULL, 0, 0 };
	char *cause = NULL;

	for (p = format; j->news > 0 && *p != '\0'; p++) {
		if (*p != '%' || p[1] == '\0') {
			buf_addc(&b, *p);
			continue;
		}
		switch (*++p) {
		case 'n':
			buf_printf(&b, "%u", j->news);
			break;
		case 'a':
			buf_adds(&b, j->news_from.s);
			break;
		default:	/* %% is %; others stay as written */
			if (*p != '%')
				buf_addc(&b, '%');
			buf_addc(&b, *p);
		}
	}
	if (b.len > 0 && run_detached(b.s, &cause) == -1) {
		ui_error(ui, "new_mail_command: %s", cause);
		free(cause);
	}
	buf_free(&b);
	j->news = 0;
	j->news_from.len = 0;
}

/*
 * A send's line for a message not sent ("work: queued: SUBJECT: why,
 * next try at ..."), kept: the run ends with a count ("1 message not
 * sent"), and the user is told the why.
 */
static void
keep_outcome(struct job *j)
{
	static const char *const words[] = { ": queued: ", ": failed: ",
		": unknown: " };
	size_t i;

	for (i = 0; i < nitems(words); i++)
		if (strstr(j->last, words[i]) != NULL &&
		    strncmp(j->last, "mua: ", 5) != 0) {
			free(j->outcome);
			j->outcome = xstrdup(j->last);
		}
}

/* Takes whole lines from the child's output; the last one is news. */
static void
read_output(struct job *j, struct ui *ui)
{
	char chunk[4096], *nl;
	ssize_t r = -1;

	while (j->out != -1 && (r = read(j->out, chunk, sizeof chunk)) > 0)
		buf_add(&j->pending, chunk, (size_t)r);
	if (r == 0) {	/* its end: the loop would wake for it forever */
		close(j->out);
		j->out = -1;
	}
	while (j->pending.len > 0 &&
	    (nl = memchr(j->pending.s, '\n', j->pending.len)) != NULL) {
		*nl = '\0';
		if (strncmp(j->pending.s, "mua: " MIME_LOG_PREFIX, 5 +
		    strlen(MIME_LOG_PREFIX)) == 0)
			ui_log(ui, "%s: %s", j->name, j->pending.s + 5);
		else if (j->quiet) {
			j->changed |= strncmp(j->pending.s, "changed ", 8) == 0;
			j->watching |= strncmp(j->pending.s, "watching ", 9) == 0;
			free(j->last);
			j->last = xstrdup(j->pending.s);
			ui_log(ui, "%s: %s", j->name, j->last);
		} else {
			free(j->last);
			j->last = xstrdup(j->pending.s);
			count_news(j, j->last);
			keep_outcome(j);
			ui_message(ui, "%s: %s", j->name, j->last);
		}
		j->pending.len -= (size_t)(nl + 1 - j->pending.s);
		memmove(j->pending.s, nl + 1, j->pending.len);
		j->pending.s[j->pending.len] = '\0';
	}
}

/* With sync_interval set, a sync starts that long after the last one
 * began (and after mua started). */
static void
maybe_start(struct ui_sync *s, struct ui *ui)
{
	time_t every = (time_t)options_get_number(ui_config(ui)->options,
	    "sync_interval");

	if (every > 0 && (time_t)mono_seconds() - s->sync.started >= every) {
		s->sync.started = (time_t)mono_seconds();	/* once a round */
		job_start(s, &s->sync, ui, 1);
	}
}

/*
 * When the server refused a password typed here ("mua: NAME: host: the
 * login as USER was refused"), it is forgotten, so that the next run
 * asks again instead of repeating it.
 */
static void
forget_refused(struct ui_sync *s, struct job *j, struct ui *ui)
{
	const struct config *config = ui_config(ui);
	const char *name, *proto;
	size_t i, n;

	if (j->last == NULL || !secret_refused(j->last) ||
	    strncmp(j->last, "mua: ", 5) != 0)
		return;
	for (i = 0; i < config->naccounts; i++) {
		name = account_name(config->accounts[i]);
		proto = protocol_of(config->accounts[i], j->verb);
		n = strlen(name);
		if (strncmp(j->last + 5, name, n) == 0 &&
		    j->last[5 + n] == ':' &&
		    secret_get(s->typed, name, proto) != NULL) {
			secret_set(s->typed, name, proto, NULL);
			ui_error(ui, "%s: the password for %s was refused; %s "
			    "asks again", j->name, name, strcmp(j->verb,
			    "sync") == 0 ? "$" : "sending");
		}
	}
}

/* Reads J's output; when it has ended, 1 with its *status. */
static int
job_reap(struct job *j, struct ui *ui, int *status)
{
	read_output(j, ui);
	if (waitpid(j->pid, status, WNOHANG) != j->pid)
		return 0;
	read_output(j, ui);
	if (j->out != -1)
		close(j->out);
	j->out = -1;
	j->pid = 0;
	return 1;
}

static void
job_tick(struct ui_sync *s, struct job *j, struct ui *ui)
{
	int status;

	if (!job_reap(j, ui, &status))
		return;
	tell_news(j, ui);
	if (!WIFEXITED(status))
		ui_error(ui, "%s: ended by signal %d (a server may have crashed "
		    "it; the UI is fine)", j->name, WTERMSIG(status));
	else if (WEXITSTATUS(status) != 0) {
		ui_error(ui, "%s: %s", j->name, j->outcome ? j->outcome :
		    j->last ? j->last : "failed");
		forget_refused(s, j, ui);
	} else
		ui_message(ui, "%s: %s", j->name, j->last ? j->last : "done");
	ui_tagger_store_changed(ui_tagger(ui), ui);
}

/*
 * Queued mail whose next try has come goes without a key: the outbox's
 * state is read at most once a minute (and once at start), as
 * sync_interval runs syncs.
 */
static void
maybe_retry(struct ui_sync *s, struct ui *ui)
{
	time_t mono = (time_t)mono_seconds(), now = time(NULL), next;

	if (s->outbox_check != 0 && mono < s->outbox_check)
		return;
	next = outbox_next_try(ui_config(ui), s->store);
	s->outbox_check = mono + (next > now && next - now < 60 ?
	    next - now : 60);
	if (next != 0 && next <= now && s->send.pid == 0) {
		ui_message(ui, "send: trying again what is due in the outbox");
		s->send.option = "-D";	/* what is due, not all */
		job_start(s, &s->send, ui, 1);
		s->send.option = NULL;
	}
}

/* Seconds before a watcher starts again after it ended: doubling from
 * the first to the most, back to the first once it watches. */
#define WATCH_FIRST_BACKOFF 5
#define WATCH_MAX_BACKOFF 300

/* The watchers the configuration asks for: one per idle_folders entry
 * of each IMAP account with idle = yes. */
static void
watches_make(struct ui_sync *s, const struct config *config)
{
	const char *const *folders;
	struct watch *w;
	size_t i, j, n;

	s->watches_made = 1;
	for (i = 0; i < config->naccounts; i++) {
		const struct account *a = config->accounts[i];
		if (account_get_one(a, "imap") == NULL ||
		    strcmp(account_get_one(a, "idle"), "yes") != 0)
			continue;
		folders = account_get(a, "idle_folders", &n);
		for (j = 0; j < n; j++) {
			s->watches = xreallocarray(s->watches, s->nwatches + 1,
			    sizeof *s->watches);
			w = &s->watches[s->nwatches++];
			memset(w, 0, sizeof *w);
			w->account = xstrdup(account_name(a));
			w->folder = xstrdup(folders[j]);
			w->job.verb = w->job.name = "idle";
			w->job.out = -1;
			w->job.quiet = 1;
			w->backoff = WATCH_FIRST_BACKOFF;
		}
	}
	for (i = 0; i < s->nwatches; i++) {	/* the array stays now */
		w = &s->watches[i];
		w->args[0] = (char *)w->account;
		w->args[1] = w->folder;
		w->job.extra = w->args;
	}
}

/* Syncs ACCOUNT (a watcher's: it stays), after the sync that runs. */
static void
sync_account(struct ui_sync *s, struct ui *ui, const char *account)
{
	char *extra[] = { (char *)account, NULL };

	if (s->sync.pid > 0) {
		s->sync_next = account;
		return;
	}
	s->sync.extra = extra;
	job_start(s, &s->sync, ui, 1);
	s->sync.extra = NULL;
}

/* A watcher's news, its end, its next start. */
static void
watch_tick(struct ui_sync *s, struct watch *w, struct ui *ui)
{
	time_t now = (time_t)mono_seconds();
	int status;

	if (w->job.pid == 0) {
		if (w->gone || now < w->restart_at)
			return;
		job_start(s, &w->job, ui, 1);
		if (w->job.pid == 0)	/* a password to wait for, say */
			w->restart_at = now + WATCH_MAX_BACKOFF;
		return;
	}
	if (!job_reap(&w->job, ui, &status)) {
		if (w->job.watching)	/* what came while it wasn't */
			w->backoff = WATCH_FIRST_BACKOFF;
		if (w->job.changed || w->job.watching)
			sync_account(s, ui, w->account);
		w->job.watching = w->job.changed = 0;
		return;
	}
	w->gone = WIFEXITED(status) && WEXITSTATUS(status) == MUA_EXIT_NO_IDLE;
	w->restart_at = now + w->backoff;
	if (!w->gone)
		ui_log(ui, "idle: %s %s: watching again in %ld s", w->account,
		    w->folder, (long)w->backoff);
	w->backoff = w->backoff * 2 < WATCH_MAX_BACKOFF ? w->backoff * 2 :
	    WATCH_MAX_BACKOFF;
}

/* The watchers not running start on the next tick. */
static void
watches_now(struct ui_sync *s)
{
	size_t i;

	for (i = 0; i < s->nwatches; i++)
		s->watches[i].restart_at = 0;
}

/* Stops the watchers: they never end by themselves. */
static void
watches_free(struct ui_sync *s)
{
	size_t i;

	for (i = 0; i < s->nwatches; i++) {
		if (s->watches[i].job.pid > 0) {
			kill(s->watches[i].job.pid, SIGTERM);
			waitpid(s->watches[i].job.pid, NULL, 0);
			s->watches[i].job.pid = 0;
		}
		job_free(&s->watches[i].job);
		free((char *)s->watches[i].account);
		free(s->watches[i].folder);
	}
	free(s->watches);
}

/* Milliseconds from the monotonic NOW until the second AT (0 if past). */
static long
ms_until(double now, time_t at)
{
	double d = ((double)at - now) * 1000.0;

	return d > 0 ? (long)d + 1 : 0;
}

/* When a timer of S wants a tick: the next sync_interval round, what
 * send_delay held, the next look at the outbox. */
static long
next_timer(struct ui_sync *s, struct ui *ui)
{
	time_t every = (time_t)options_get_number(ui_config(ui)->options,
	    "sync_interval");
	double now = mono_seconds();
	long next = -1;
	size_t i;

	if (s->sync.pid == 0 && every > 0)
		next = ms_until(now, s->sync.started + every);
	if (s->send.pid == 0 && s->send_at != 0)
		next = ms_sooner(next, ms_until(now, s->send_at));
	if (s->send.pid == 0)
		next = ms_sooner(next, ms_until(now, s->outbox_check));
	for (i = 0; i < s->nwatches; i++)
		if (s->watches[i].job.pid == 0 && !s->watches[i].gone)
			next = ms_sooner(next, ms_until(now,
			    s->watches[i].restart_at));
	if ((s->sync.pid > 0 && s->sync.out == -1) ||
	    (s->send.pid > 0 && s->send.out == -1) ||
	    (s->bounce.pid > 0 && s->bounce.out == -1))
		next = ms_sooner(next, REAP_MS);	/* it closed its output */
	return next;
}

long
ui_sync_tick(struct ui_sync *s, struct ui *ui)
{
	const char *next = s->sync_next;
	size_t i;

	if (!s->watches_made)
		watches_make(s, ui_config(ui));
	for (i = 0; i < s->nwatches; i++)
		watch_tick(s, &s->watches[i], ui);
	if (s->sync.pid > 0)
		job_tick(s, &s->sync, ui);
	if (s->sync.pid == 0 && next != NULL) {
		s->sync_next = NULL;
		sync_account(s, ui, next);
	} else if (s->sync.pid == 0)
		maybe_start(s, ui);
	if (s->bounce.pid > 0)
		job_tick(s, &s->bounce, ui);
	if (s->send.pid > 0)
		job_tick(s, &s->send, ui);
	else if (s->send_at != 0 && (time_t)mono_seconds() >= s->send_at) {
		s->send_at = 0;
		job_start(s, &s->send, ui, 1);
	} else
		maybe_retry(s, ui);
	return next_timer(s, ui);
}

size_t
ui_sync_fds(const struct ui_sync *s, int *fds, size_t max)
{
	const struct job *jobs[] = { &s->sync, &s->send, &s->bounce };
	size_t i, n = 0;

	for (i = 0; i < nitems(jobs) && n < max; i++)
		if (jobs[i]->pid > 0 && jobs[i]->out != -1)
			fds[n++] = jobs[i]->out;
	for (i = 0; i < s->nwatches && n < max; i++)
		if (s->watches[i].job.pid > 0 && s->watches[i].job.out != -1)
			fds[n++] = s->watches[i].job.out;
	return n;
}
