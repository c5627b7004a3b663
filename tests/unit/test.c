/* test.c: see test.h. */
#include "autodefs.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"

static int count, failed;
static char tmpdir[4096];
static char srcpath[4096];

static void
vreport(int cond, const char *file, int line, const char *fmt, va_list ap)
{
	printf("%sok %d - ", cond ? "" : "not ", ++count);
	vprintf(fmt, ap);
	putchar('\n');
	if (!cond) {
		failed++;
		printf("# at %s:%d\n", file, line);
	}
	fflush(stdout);
}

int
test_check(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(cond, file, line, fmt, ap);
	va_end(ap);
	return cond;
}

int
test_check_str(const char *got, const char *want, const char *file, int line,
    const char *fmt, ...)
{
	int cond = got != NULL && want != NULL ? strcmp(got, want) == 0 :
	    got == want;
	va_list ap;

	va_start(ap, fmt);
	vreport(cond, file, line, fmt, ap);
	va_end(ap);
	if (!cond)
		printf("#   got:  \"%s\"\n#   want: \"%s\"\n",
		    got ? got : "(null)", want ? want : "(null)");
	return cond;
}

int
test_check_long(long got, long want, const char *file, int line,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(got == want, file, line, fmt, ap);
	va_end(ap);
	if (got != want)
		printf("#   got:  %ld\n#   want: %ld\n", got, want);
	return got == want;
}

void
test_skip(const char *why, const char *fmt, ...)
{
	va_list ap;

	printf("ok %d - ", ++count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # SKIP %s\n", why);
}

static void
remove_tmpdir(void)
{
	char *cmd;

	if (tmpdir[0] == '\0' || getenv("MUA_TEST_KEEP") != NULL)
		return;
	if (asprintf(&cmd, "rm -rf '%s'", tmpdir) > 0) {
		if (system(cmd) != 0)
			fprintf(stderr, "# could not remove %s\n", tmpdir);
		free(cmd);
	}
}

const char *
test_tmpdir(void)
{
	const char *base = getenv("TMPDIR");

	if (tmpdir[0] != '\0')
		return tmpdir;
	snprintf(tmpdir, sizeof tmpdir, "%s/mua-test.XXXXXX",
	    base && *base ? base : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	atexit(remove_tmpdir);
	return tmpdir;
}

const char *
test_srcpath(const char *rel)
{
	const char *srcdir = getenv("srcdir");

	snprintf(srcpath, sizeof srcpath, "%s/%s", srcdir && *srcdir ?
	    srcdir : ".", rel);
	return srcpath;
}

char *
test_run(const char *cmd)
{
	FILE *f = popen(cmd, "r");
	char *out = calloc(1, 1), line[8192];
	size_t len = 0;

	while (out != NULL && f != NULL && fgets(line, sizeof line, f) != NULL) {
		size_t n = strlen(line);
		char *grown = realloc(out, len + n + 1);
		if (grown == NULL)
			break;
		out = grown;
		memcpy(out + len, line, n + 1);
		len += n;
	}
	if (f != NULL)
		pclose(f);
	return out;
}

int
test_done(void)
{
	printf("1..%d\n", count);
	return failed ? 1 : 0;
}
