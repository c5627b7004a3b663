/* run.c: the user's shell commands; see run.h. */
#include "autodefs.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "mua.h"
#include "run.h"

/* In the child: makes FD (or /dev/null for -1) descriptor TARGET. */
static void
child_fd(int fd, int target, int flags)
{
	if (fd == -2)
		return;
	if (fd == -1)
		fd = open("/dev/null", flags);
	if (fd != -1 && fd != target) {
		dup2(fd, target);
		close(fd);
	}
}

static pid_t
start(const char *command, int in, int out, int err)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	signal(SIGPIPE, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	child_fd(in, 0, O_RDONLY);
	child_fd(out, 1, O_WRONLY);
	child_fd(err, 2, O_WRONLY);
	execl("/bin/sh", "sh", "-c", command, (char *)NULL);
	_exit(127);
}

static int
wait_for(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return 127;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int
run_shell(const char *command, const struct run_io *io, int *status,
    char **cause)
{
	pid_t pid = start(command, io->in, io->out, io->out == -2 ? -2 : -1);

	if (pid == -1)
		return set_cause(cause, "can't start a command: %s",
		    strerror(errno));
	*status = wait_for(pid);
	return 0;
}

int
run_capture(const char *command, int in, size_t max, char **out,
    char **cause)
{
	struct buf b = { NULL, 0, 0 };
	char chunk[8192];
	int p[2], status;
	ssize_t r;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) == -1)
		return set_cause(cause, "pipe: %s", strerror(errno));
	if ((pid = start(command, in, p[1], -1)) == -1) {
		close(p[0]);
		close(p[1]);
		return set_cause(cause, "can't start a command: %s",
		    strerror(errno));
	}
	close(p[1]);
	while ((r = read(p[0], chunk, sizeof chunk)) != 0) {
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			break;
		if (b.len < max)	/* keep reading: never block the child */
			buf_add(&b, chunk, (size_t)r < max - b.len ? (size_t)r :
			    max - b.len);
	}
	close(p[0]);
	status = wait_for(pid);
	*out = buf_take(&b);
	if (status != 0) {
		free(*out);
		*out = NULL;
		return set_cause(cause, "\"%s\" failed (exit status %d)",
		    command, status);
	}
	return 0;
}

int
run_detached(const char *command, char **cause)
{
	pid_t pid = fork();

	if (pid == -1)
		return set_cause(cause, "can't start a command: %s",
		    strerror(errno));
	if (pid == 0) {	/* the grandchild runs on, reaped by init */
		setsid();
		_exit(start(command, -1, -1, -1) == -1 ? 127 : 0);
	}
	wait_for(pid);
	return 0;
}
