/*
 * killpoint.c: counted crash points for the tests; see killpoint.h.
 * Steps may come from two threads at once (the fetch worker and the
 * indexer): they are counted under a lock, so step N is the Nth to
 * finish, whichever thread it was on.
 */
#include "autodefs.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "killpoint.h"

static struct {
	char path[64];		/* MUA_KILL_AT's path, "" for none */
	unsigned long at;	/* and its step number */
	int log;		/* MUA_KILL_LOG's descriptor, or -1 */
	unsigned long count;	/* steps of PATH so far */
} kp = { "", 0, -1, 0 };

static pthread_once_t kp_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t kp_lock = PTHREAD_MUTEX_INITIALIZER;
static int kp_active;

static void
kp_init(void)
{
	const char *at = getenv("MUA_KILL_AT"), *log = getenv("MUA_KILL_LOG");

	if (at != NULL && sscanf(at, "%63s %lu", kp.path, &kp.at) != 2)
		kp.path[0] = '\0';
	if (log != NULL && *log != '\0')
		kp.log = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
		    0600);
	kp_active = kp.path[0] != '\0' || kp.log != -1;
}

void
killpoint(const char *path, const char *step)
{
	char line[128];
	int n, kill;

	pthread_once(&kp_once, kp_init);
	if (!kp_active)
		return;
	/* Counting, logging and dying in one section: the log then holds
	 * exactly the steps counted before the kill. */
	pthread_mutex_lock(&kp_lock);
	if (kp.log != -1) {
		n = snprintf(line, sizeof line, "%s %s\n", path, step);
		if (n > 0 && write(kp.log, line, (size_t)n) == -1)
			abort();
	}
	kill = strcmp(path, kp.path) == 0 && ++kp.count == kp.at;
	if (kill)
		raise(SIGKILL);
	pthread_mutex_unlock(&kp_lock);
}

size_t
killpoint_batch(size_t normal)
{
	const char *v = getenv("MUA_TEST_BATCH");
	unsigned long n = v != NULL ? strtoul(v, NULL, 10) : 0;

	return n > 0 && n < normal ? (size_t)n : normal;
}
