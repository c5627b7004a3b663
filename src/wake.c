/* wake.c: the loop's doorbell; see wake.h. */
#include "autodefs.h"

#include <fcntl.h>
#include <unistd.h>

#include "wake.h"

static int pipe_fds[2] = { -1, -1 };

int
wake_init(void)
{
	if (pipe_fds[0] != -1)
		return 0;
	return pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK);
}

int
wake_fd(void)
{
	return pipe_fds[0];
}

void
wake_up(void)
{
	char c = 1;
	ssize_t r;

	/* A full pipe has rung already. */
	if (pipe_fds[1] != -1)
		r = write(pipe_fds[1], &c, 1);
	(void)r;
}

void
wake_drain(void)
{
	char buf[64];

	while (pipe_fds[0] != -1 && read(pipe_fds[0], buf, sizeof buf) > 0)
		;
}
