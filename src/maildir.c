/*
 * maildir.c: the maildir rules of delivery (cr.yp.to/proto/maildir.html):
 * write to tmp/, fsync, rename into new/ or cur/, fsync the directory.
 */
#include "autodefs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

/* Delivers under the base NAME (taken). */
static int
deliver_named(const char *dir, char *name, const char *data, size_t len,
    const char *flags, enum maildir_sync sync, char **path_out, char **cause)
{
	enum file_sync file_sync = sync == MAILDIR_SYNC_EACH ? FILE_SYNC :
	    FILE_NO_SYNC;
	char *tmp = xasprintf("%s/tmp/%s", dir, name);
	char *sub = xasprintf("%s/%s", dir, flags != NULL ? "cur" : "new");
	char *dest = flags != NULL ? xasprintf("%s/%s:2,%s", sub, name, flags) :
	    xasprintf("%s/%s", sub, name);
	int rc = -1;

	if (file_write_new(tmp, data, len, file_sync, cause) == -1)
		goto out;
	/* link() refuses to replace an existing file, unlike rename(). */
	if (link(tmp, dest) == -1) {
		set_cause(cause, "can't deliver to %s: %s", dest,
		    strerror(errno));
		unlink(tmp);
		goto out;
	}
	unlink(tmp);
	if (sync == MAILDIR_SYNC_EACH && file_sync_dir(sub, cause) == -1) {
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

int
maildir_deliver(const char *dir, const char *data, size_t len,
    const char *flags, enum maildir_sync sync, char **path_out, char **cause)
{
	return deliver_named(dir, maildir_unique_name(), data, len, flags, sync,
	    path_out, cause);
}

int
maildir_deliver_keyed(const char *dir, const char *key, const char *data,
    size_t len, const char *flags, enum maildir_sync sync, char **path_out,
    char **cause)
{
	char *unique = maildir_unique_name();
	char *name = xasprintf("%s,mua=%s", unique, key);

	free(unique);
	return deliver_named(dir, name, data, len, flags, sync, path_out,
	    cause);
}

int
maildir_link_keyed(const char *dir, const char *key, const char *src,
    const char *flags, char **path_out, char **cause)
{
	char *unique = maildir_unique_name();
	char *dest = xasprintf("%s/cur/%s,mua=%s:2,%s", dir, unique, key,
	    flags);
	char *data = NULL;
	size_t len;
	int rc = 0;

	free(unique);
	/* A hard link costs no bytes; across file systems, a copy. */
	if (link(src, dest) == -1) {
		free(dest);
		if (file_read(src, &data, &len, cause) == -1)
			return -1;
		rc = maildir_deliver_keyed(dir, key, data, len, flags,
		    MAILDIR_SYNC_LATER, path_out, cause);
		free(data);
		return rc;
	}
	*path_out = dest;
	return 0;
}

char *
maildir_key(const char *path)
{
	const char *slash = strrchr(path, '/'), *k;
	size_t n;

	if ((k = strstr(slash != NULL ? slash : path, ",mua=")) == NULL)
		return NULL;
	k += 5;
	n = strcspn(k, ":,");
	return n > 0 ? xstrndup(k, n) : NULL;
}

/* Adds the keys of the names in DIR/SUB to KEYS. */
static void
keys_in(const char *dir, const char *sub, struct maildir_keys *keys)
{
	char *path = xasprintf("%s/%s", dir, sub);
	DIR *d = opendir(path);
	struct dirent *e;
	char *k;

	free(path);
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if ((k = maildir_key(e->d_name)) == NULL)
			continue;
		keys->keys = xreallocarray(keys->keys, keys->n + 1,
		    sizeof *keys->keys);
		keys->paths = xreallocarray(keys->paths, keys->n + 1,
		    sizeof *keys->paths);
		keys->paths[keys->n] = xasprintf("%s/%s/%s", dir, sub,
		    e->d_name);
		keys->keys[keys->n++] = k;
	}
	closedir(d);
}

void
maildir_keys(const char *dir, struct maildir_keys *keys)
{
	keys->keys = keys->paths = NULL;
	keys->n = 0;
	keys_in(dir, "new", keys);
	keys_in(dir, "cur", keys);
}

const char *
maildir_keys_find(const struct maildir_keys *keys, const char *key)
{
	size_t i;

	for (i = 0; i < keys->n; i++)
		if (strcmp(keys->keys[i], key) == 0)
			return keys->paths[i];
	return NULL;
}

void
maildir_keys_free(struct maildir_keys *keys)
{
	while (keys->n > 0) {
		keys->n--;
		free(keys->keys[keys->n]);
		free(keys->paths[keys->n]);
	}
	free(keys->keys);
	free(keys->paths);
	keys->keys = keys->paths = NULL;
}


int
maildir_incoming_open(const char *dir, struct maildir_incoming *in,
    char **cause)
{
	in->name = maildir_unique_name();
	in->tmp = xasprintf("%s/tmp/%s", dir, in->name);
	in->pending_cr = 0;
	in->fd = open(in->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (in->fd == -1) {
		set_cause(cause, "%s: %s", in->tmp, strerror(errno));
		free(in->name);
		free(in->tmp);
		in->name = in->tmp = NULL;
		return -1;
	}
	return 0;
}

static int
write_all(struct maildir_incoming *in, const char *data, size_t len,
    char **cause)
{
	ssize_t r;

	while (len > 0) {
		if ((r = write(in->fd, data, len)) == -1) {
			if (errno == EINTR)
				continue;
			return set_cause(cause, "%s: %s", in->tmp,
			    strerror(errno));
		}
		data += r;
		len -= (size_t)r;
	}
	return 0;
}

int
maildir_incoming_write_wire(struct maildir_incoming *in, const char *data,
    size_t len, char **cause)
{
	const char *p = data, *end = data + len, *cr;

	/* A CR that ended the last piece: dropped if this one starts LF. */
	if (in->pending_cr && (len == 0 || *p != '\n') &&
	    write_all(in, "\r", 1, cause) == -1)
		return -1;
	in->pending_cr = 0;
	while (p < end) {
		cr = memchr(p, '\r', (size_t)(end - p));
		if (cr == NULL)
			return write_all(in, p, (size_t)(end - p), cause);
		if (write_all(in, p, (size_t)(cr - p), cause) == -1)
			return -1;
		if (cr + 1 == end) {
			in->pending_cr = 1;	/* decided by the next piece */
			return 0;
		}
		if (cr[1] != '\n' && write_all(in, "\r", 1, cause) == -1)
			return -1;
		p = cr + 1;
	}
	return 0;
}

void
maildir_incoming_abort(struct maildir_incoming *in)
{
	if (in->fd != -1)
		close(in->fd);
	if (in->tmp != NULL)
		unlink(in->tmp);
	free(in->tmp);
	free(in->name);
	memset(in, 0, sizeof *in);
	in->fd = -1;
}

int
maildir_incoming_finish(struct maildir_incoming *in, const char *dir,
    const char *key, const char *flags, char **path_out, char **cause)
{
	char *dest;
	int rc = 0;

	if (in->pending_cr && write_all(in, "\r", 1, cause) == -1)
		rc = -1;
	if (rc == 0 && close(in->fd) == -1)
		rc = set_cause(cause, "%s: %s", in->tmp, strerror(errno));
	in->fd = -1;
	if (rc == -1) {
		maildir_incoming_abort(in);
		return -1;
	}
	dest = flags != NULL ? xasprintf("%s/cur/%s,mua=%s:2,%s", dir,
	    in->name, key, flags) : xasprintf("%s/new/%s,mua=%s", dir,
	    in->name, key);
	/* link() refuses to replace an existing file, unlike rename(). */
	if (link(in->tmp, dest) == -1) {
		rc = set_cause(cause, "can't deliver to %s: %s", dest,
		    strerror(errno));
		free(dest);
	} else if (path_out != NULL)
		*path_out = dest;
	else
		free(dest);
	maildir_incoming_abort(in);	/* the tmp/ name goes either way */
	return rc;
}

int
maildir_deliver_wire(const char *dir, const char *key, const char *data,
    size_t len, const char *flags, char **path_out, char **cause)
{
	struct maildir_incoming in;

	if (maildir_incoming_open(dir, &in, cause) == -1)
		return -1;
	if (maildir_incoming_write_wire(&in, data, len, cause) == -1) {
		maildir_incoming_abort(&in);
		return -1;
	}
	return maildir_incoming_finish(&in, dir, key, flags, path_out, cause);
}
