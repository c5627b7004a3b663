/* crash-trace.c: a backtrace where a core dump can't be; see crash-trace.h. */
#include "autodefs.h"

#include <execinfo.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crash-trace.h"

#if defined(__SANITIZE_ADDRESS__)
void
crash_trace_init(void)
{
	/* The sanitizer's own report says more. */
}
#else
static int trace_fd = -1;

/* Writes S, then the decimal N and a newline, to the trace. */
static void
say(const char *s, long n)
{
	char digits[24];
	size_t i = sizeof digits;
	ssize_t r;

	digits[--i] = '\n';
	do
		digits[--i] = (char)('0' + n % 10);
	while ((n /= 10) > 0 && i > 0);
	r = write(trace_fd, s, strlen(s));
	r = write(trace_fd, digits + i, sizeof digits - i);
	(void)r;
}

/* Async-signal-safe: write(), backtrace(), backtrace_symbols_fd() and
 * raise() only (backtrace() ran once before, so it loads nothing now). */
static void
on_crash(int sig)
{
	void *frames[64];
	int n;

	say("mua: pid ", (long)getpid());
	say("mua: signal ", (long)sig);
	n = backtrace(frames, 64);
	backtrace_symbols_fd(frames, n, trace_fd);
	raise(sig);	/* SA_RESETHAND: it dies as it would have */
}

void
crash_trace_init(void)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
	const char *path = getenv("MUA_CRASH_TRACE");
	struct sigaction sa;
	void *warm[1];
	size_t i;

	if (path == NULL || *path == '\0' || (trace_fd = open(path,
	    O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) == -1)
		return;
	backtrace(warm, 1);	/* loads libgcc now, not in the handler */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}
#endif
