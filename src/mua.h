/*
 * mua.h: the basics every module shares: exit codes, allocation wrappers
 * that never return NULL, and fatal() for broken invariants.
 */
#ifndef MUA_H
#define MUA_H

#include <stdarg.h>
#include <stddef.h>

/* Exit codes, as documented in mua(1). */
enum {
	MUA_EXIT_OK = 0,	/* success */
	MUA_EXIT_FAILURE = 1,	/* a runtime failure: store, network, I/O */
	MUA_EXIT_USAGE = 2,	/* bad command line or configuration */
	MUA_EXIT_NO_IDLE = 3,	/* mua idle: the server has no IDLE */
};

#define MUA_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define MUA_NORETURN __attribute__((noreturn))
#define nitems(a) (sizeof(a) / sizeof((a)[0]))

/* Prints "mua: MESSAGE" to stderr and aborts: only for broken invariants. */
void fatal(const char *fmt, ...) MUA_PRINTF(1, 2) MUA_NORETURN;

/* Run by fatal() before it prints, when set: the UI gives the terminal back. */
extern void (*fatal_cleanup)(void);

/* Allocation that dies on out-of-memory instead of returning NULL. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) MUA_PRINTF(1, 2);
char *xvasprintf(const char *fmt, va_list ap) MUA_PRINTF(1, 0);

/*
 * Sets *cause (when cause is not NULL) to a newly allocated message and
 * returns -1, so error paths read "return set_cause(cause, ...);".
 */
int set_cause(char **cause, const char *fmt, ...) MUA_PRINTF(2, 3);

/* Seconds on the monotonic clock: for timeouts and rates, which a
 * change of the wall clock must not bend. */
double mono_seconds(void);

/* The earlier of two waits in milliseconds, -1 meaning none. */
long ms_sooner(long a, long b);

#endif
