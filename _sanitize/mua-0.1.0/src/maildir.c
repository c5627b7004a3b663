/*
 * maildir.c: the maildir rules of delivery (cr.yp.to/proto/maildir.html):
 * write to tmp/, fsync, rename into new/ or cur/, fsync the directory.
 */
#include "autodefs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "file.h"
#include "maildir.h"
#include "mua.h"

int
maildir_make(const char *path, char **cause)
{
	static const char *const subdirs[] = { "cur", "new", "tmp" };
	size_t i;
	int rc = 0;

	for (i = 0; i < nitems(subdirs) && rc == 0; i++) {
		char *sub = xasprintf("%s/%s", path, subdirs[i]);
		rc = file_make_dirs(sub, cause);
		free(sub);
	}
	return rc;
}

/*
 * The host part of a unique name, with '/' and ':' escaped as the maildir
 * specification asks, so a strange host name can't break the file name.
 */
static void
safe_hostname(char *out, size_t size)
{
	char host[256], *p;
	size_t n = 0;

	if (gethostname(host, sizeof host) == -1)
		strcpy(host, "localhost");
	host[sizeof host - 1] = '\0';
	for (p = host; *p != '\0' && n + 5 < size; p++) {
		if (*p == '/')
			n += (size_t)snprintf(out + n, size - n, "\\057");
		else if (*p == ':')
			n += (size_t)snprintf(out + n, size - n, "\\072");
		else
			out[n++] = *p;
	}
	out[n] = '\0';
}

char *
maildir_unique_name(void)
{
	static unsigned long counter;
	struct timeval tv;
	char host[512];

	gettimeofday(&tv, NULL);
	safe_hostname(host, sizeof host);
	return xasprintf("%lld.M%06ldP%ldQ%lu.%s", (long long)tv.tv_sec,
	    (long)tv.tv_usec, (long)getpid(), ++counter, host);
}

int
maildir_deliver(const char *dir, const char *data, size_t len,
    const char *flags, char **path_out, char **cause)
{
	char *name = maildir_unique_name();
	char *tmp = xasprintf("%s/tmp/%s", dir, name);
	char *sub = xasprintf("%s/%s", dir, flags != NULL ? "cur" : "new");
	char *dest = flags != NULL ? xasprintf("%s/%s:2,%s", sub, name, flags) :
	    xasprintf("%s/%s", sub, name);
	int rc = -1;

	if (file_write_new(tmp, data, len, cause) == -1)
		goto out;
	/* link() refuses to replace an existing file, unlike rename(). */
	if (link(tmp, dest) == -1) {
		set_cause(cause, "can't deliver to %s: %s", dest,
		    strerror(errno));
		unlink(tmp);
		goto out;
	}
	unlink(tmp);
	if (file_sync_dir(sub, cause) == -1) {
		unlink(dest);
		goto out;
	}
	if (path_out != NULL) {
		*path_out = dest;
		dest = NULL;
	}
	rc = 0;
out:
	free(dest);
	free(sub);
	free(tmp);
	free(name);
	return rc;
}
