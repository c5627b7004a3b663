/*
 * test.h: the unit tests' tiny TAP library. Each check prints "ok N - what"
 * or "not ok N - what" with the place and the values that differed;
 * test_done() prints the plan and returns the exit status.
 */
#ifndef TEST_H
#define TEST_H

#include <stddef.h>

#define TEST_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Records one result; returns COND so callers can stop early. */
int test_check(int cond, const char *file, int line, const char *fmt, ...)
    TEST_PRINTF(4, 5);
int test_check_str(const char *got, const char *want, const char *file,
    int line, const char *fmt, ...) TEST_PRINTF(5, 6);
int test_check_long(long got, long want, const char *file, int line,
    const char *fmt, ...) TEST_PRINTF(5, 6);

#define ok(cond, ...) test_check(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, ...) \
	test_check_str(got, want, __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) \
	test_check_long((long)(got), (long)(want), __FILE__, __LINE__, \
	    __VA_ARGS__)

/* Records a skipped check and says why. */
void test_skip(const char *why, const char *fmt, ...) TEST_PRINTF(2, 3);

/*
 * Returns a new private directory removed (with its contents) when the
 * test program exits.
 */
const char *test_tmpdir(void);

/* Returns $srcdir/REL, the path of a file in the source tree (static). */
const char *test_srcpath(const char *rel);

/* Runs the shell command CMD; returns its output (caller frees). */
char *test_run(const char *cmd);

/* Prints the plan; returns 0 if every check passed, 1 otherwise. */
int test_done(void);

#endif
