/* ui-job.c: mua's verbs as children of the UI; see ui-job.h. */
#include "autodefs.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "account.h"
#include "config.h"
#include "mime.h"
#include "mua.h"
#include "secret.h"
#include "ui-job.h"
#include "ui.h"

struct ui_jobs {
	char *notmuch_config;
	struct secret_list *typed;	/* passwords typed this session */
	unsigned ntyped;		/* how many were typed */
};

struct ui_jobs *
ui_jobs_new(const char *notmuch_config)
{
	struct ui_jobs *s = xcalloc(1, sizeof *s);

	s->notmuch_config = notmuch_config ? xstrdup(notmuch_config) : NULL;
	s->typed = secret_list_new();
	return s;
}

void
ui_jobs_free(struct ui_jobs *s)
{
	if (s == NULL)
		return;
	secret_list_free(s->typed);
	free(s->notmuch_config);
	free(s);
}

/*
 * mua is leaving (curses has given the terminal back). A running job is
 * durable at every step, so it may finish alone, in its own session,
 * with no terminal: but the user is told, not left to find it.
 */
void
ui_job_clear(struct ui_job *j)
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
exec_mua(struct ui_jobs *s, int config, int passwords, char *const *argv)
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
job_argv(const struct ui_job *j)
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
background_child(struct ui_jobs *s, char *const *argv, int fd, int config,
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

/* A password asked for a job: for whom. */
struct asking {
	struct ui_jobs *s;
	struct ui_job *j;
	char *account;
	const char *proto;
};

/* The password typed; the job starts (or asks for the next one). */
static void
password_typed(struct ui *ui, void *arg, char *typed)
{
	struct asking *a = arg;

	a->j->asking = 0;
	if (typed == NULL)
		ui_message(ui, "%s: not started: no password for %s",
		    a->j->name, a->account);
	else {
		secret_set(a->s->typed, a->account, a->proto, typed);
		a->s->ntyped++;
		ui_job_start(a->s, a->j, ui, 0);
	}
	free(a->account);
	free(a);
}

/*
 * Asks, in a prompt that doesn't echo, for the first password J's verb
 * needs that was not typed this session (J starts once it is). Returns 1
 * when it asked, 0 when none is missing, -1 when one is but J starts
 * BY_ITSELF (a timer, not a key): that never opens a prompt the user
 * didn't ask for, which would take the keys they are typing. It doesn't
 * start, and says why.
 */
static int
ask_password(struct ui_jobs *s, struct ui_job *j, struct ui *ui,
    int by_itself)
{
	static const struct ui_prompt_opts secret = { NULL, NULL, NULL, 1 };
	const struct config *config = ui_config(ui);
	const char *proto, *name, *user;
	struct asking *a;
	char *prompt;
	size_t i;

	for (i = 0; i < config->naccounts; i++) {
		const struct account *acc = config->accounts[i];
		proto = protocol_of(acc, j->verb);
		name = account_name(acc);
		if (!secret_wanted(acc, proto) ||
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
		user = account_get_one(acc, "user");
		prompt = xasprintf("%s password for %s (%s): ", proto, name,
		    user != NULL ? user : "");
		a = xmalloc(sizeof *a);
		a->s = s;
		a->j = j;
		a->account = xstrdup(name);
		a->proto = proto;
		j->asking = 1;
		ui_ask(ui, NULL, prompt, "", &secret, password_typed, a);
		free(prompt);
		return 1;
	}
	return 0;
}

unsigned
ui_jobs_typed(const struct ui_jobs *s)
{
	return s->ntyped;
}

void
ui_job_start(struct ui_jobs *s, struct ui_job *j, struct ui *ui,
    int by_itself)
{
	int p[2], passwords = -1, config;
	char *cause = NULL, **argv;

	if (j->pid > 0 || j->asking) {
		if (!by_itself)
			ui_message(ui, "%s: %s", j->name, j->pid > 0 ?
			    "running already" : "waiting for its password");
		return;
	}
	if (ask_password(s, j, ui, by_itself) != 0)
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

pid_t
ui_jobs_spawn(struct ui_jobs *s, struct ui *ui, const char *const *args,
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

/* Counts a sync's "work: 3 new messages (12 KB)" line (an account's;
 * "work/INBOX: 3 new" is a folder's, counted there already). */
static void
count_news(struct ui_job *j, const char *line)
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
 * A send's line for a message not sent ("work: queued: SUBJECT: why,
 * next try at ..."), kept: the run ends with a count ("1 message not
 * sent"), and the user is told the why.
 */
static void
keep_outcome(struct ui_job *j)
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
read_output(struct ui_job *j, struct ui *ui)
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

/*
 * When the server refused a password typed here ("mua: NAME: host: the
 * login as USER was refused"), it is forgotten, so that the next run
 * asks again instead of repeating it.
 */
void
ui_job_forget_refused(struct ui_jobs *s, struct ui_job *j, struct ui *ui)
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

int
ui_job_reap(struct ui_job *j, struct ui *ui, int *status)
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
