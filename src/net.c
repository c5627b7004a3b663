/* net.c: TCP connections with timeouts; see net.h. */
#include "autodefs.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mua.h"
#include "net.h"

/* Connects FD to ADDR within TIMEOUT seconds; 0, or an errno value. */
static int
connect_one(int fd, const struct addrinfo *ai, int timeout)
{
	struct pollfd p = { fd, POLLOUT, 0 };
	socklen_t len = sizeof(int);
	int flags = fcntl(fd, F_GETFL), err = 0, r;

	fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == -1) {
		if (errno != EINPROGRESS)
			return errno;
		do
			r = poll(&p, 1, timeout * 1000);
		while (r == -1 && errno == EINTR);
		if (r == 0)
			return ETIMEDOUT;
		if (r == -1 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err,
		    &len) == -1)
			return errno;
		if (err != 0)
			return err;
	}
	fcntl(fd, F_SETFL, flags);	/* libetpan's socket driver wants blocking */
	return 0;
}

int
net_connect(const char *host, const char *port, int timeout, char **cause)
{
	struct addrinfo hints, *res, *ai;
	int fd = -1, err = 0, r;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((r = getaddrinfo(host, port, &hints, &res)) != 0)
		return set_cause(cause, "%s: %s", host, gai_strerror(r));
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
		    ai->ai_protocol);
		if (fd == -1) {
			err = errno;
			continue;
		}
		if ((err = connect_one(fd, ai, timeout)) == 0)
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd == -1)
		return set_cause(cause, "can't connect to %s port %s: %s", host,
		    port, err == ETIMEDOUT ? "no answer (timed out)" :
		    strerror(err));
	return fd;
}
