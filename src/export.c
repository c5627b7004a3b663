/* export.c: messages written out as mbox, maildir or a stream; see export.h. */
#include "autodefs.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "export.h"
#include "file.h"
#include "maildir.h"
#include "mua.h"

/* The envelope sender for the "From " line: Return-Path's, if any. */
static char *
envelope_sender(const char *data)
{
	const char *p = data, *end, *lt, *gt;

	while (*p != '\0' && *p != '\n' && !(*p == '\r' && p[1] == '\n')) {
		end = strchr(p, '\n');
		end = end != NULL ? end : p + strlen(p);
		if (strncasecmp(p, "Return-Path:", 12) == 0 &&
		    (lt = memchr(p, '<', (size_t)(end - p))) != NULL &&
		    (gt = memchr(lt, '>', (size_t)(end - lt))) != NULL &&
		    gt - lt > 1 && memchr(lt, ' ', (size_t)(gt - lt)) == NULL)
			return xasprintf("%.*s", (int)(gt - lt - 1), lt + 1);
		p = *end != '\0' ? end + 1 : end;
	}
	return xstrdup("MAILER-DAEMON");
}

/* Appends DATA to B as one mboxrd message: From line, quoting, blank line. */
static void
mbox_message(struct buf *b, const char *data, size_t len, time_t when)
{
	char *sender = envelope_sender(data), date[32];
	const char *p = data, *end = data + len, *nl, *q;
	struct tm tm;

	gmtime_r(&when, &tm);
	strftime(date, sizeof date, "%a %b %e %H:%M:%S %Y", &tm);
	buf_printf(b, "From %s %s\n", sender, date);
	free(sender);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		nl = nl != NULL ? nl + 1 : end;
		for (q = p; q < nl && *q == '>'; q++)
			;
		if ((size_t)(nl - q) >= 5 && memcmp(q, "From ", 5) == 0)
			buf_add(b, ">", 1);
		buf_add(b, p, (size_t)(nl - p));
		p = nl;
	}
	if (len == 0 || data[len - 1] != '\n')
		buf_add(b, "\n", 1);
	buf_add(b, "\n", 1);
}

/* The N files as one mboxrd text in *out. */
static int
mbox_text(const char *const *paths, size_t n, struct buf *out, char **cause)
{
	struct stat st;
	char *data;
	size_t len, i;

	for (i = 0; i < n; i++) {
		if (file_read(paths[i], &data, &len, cause) == -1)
			return -1;
		mbox_message(out, data, len,
		    stat(paths[i], &st) == 0 ? st.st_mtime : time(NULL));
		free(data);
	}
	return 0;
}

int
export_stream(const char *const *paths, size_t n, int fd, char **cause)
{
	struct buf b = { NULL, 0, 0 };
	char *data;
	size_t len;
	int rc;

	if (n == 1) {
		if (file_read(paths[0], &data, &len, cause) == -1)
			return -1;
		rc = file_write_all(fd, data, len) == -1 ? errno : 0;
		free(data);
	} else if (mbox_text(paths, n, &b, cause) == -1) {
		free(b.s);
		return -1;
	} else {
		rc = file_write_all(fd, b.s, b.len) == -1 ? errno : 0;
		free(b.s);
	}
	return rc == 0 ? 0 : set_cause(cause, "can't write the messages: %s",
	    strerror(rc));
}

/* The maildir flags in PATH's name (after ":2,"); NULL: it is new. */
static const char *
file_flags(const char *path)
{
	const char *slash = strrchr(path, '/'), *info;

	info = strstr(slash != NULL ? slash : path, ":2,");
	return info != NULL ? info + 3 : NULL;
}

static int
save_maildir(const char *const *paths, size_t n, const char *dir,
    char **cause)
{
	char *data;
	size_t len, i;
	int rc = 0;

	if (maildir_make(dir, cause) == -1)
		return -1;
	for (i = 0; i < n && rc == 0; i++) {
		if (file_read(paths[i], &data, &len, cause) == -1)
			return -1;
		rc = maildir_deliver(dir, data, len, file_flags(paths[i]),
		    MAILDIR_SYNC_EACH, NULL, cause);
		free(data);
	}
	return rc;
}

/*
 * How the mbox open on FD ends, so the next message is separated: 0 when
 * empty or ending in a blank line, else the newlines it needs. -1 when it
 * is not an mbox.
 */
static int
mbox_gap(int fd, off_t size)
{
	char head[5], tail[2];

	if (size == 0)
		return 0;
	if (pread(fd, head, 5, 0) != 5 || memcmp(head, "From ", 5) != 0)
		return -1;
	if (size < 2 || pread(fd, tail, 2, size - 2) != 2)
		return 2;
	return tail[1] != '\n' ? 2 : tail[0] != '\n';
}

static int
append_locked(int fd, const char *path, const struct buf *b, char **cause)
{
	struct stat st;
	int gap, err;

	if (fstat(fd, &st) == -1)
		return set_cause(cause, "%s: %s", path, strerror(errno));
	if ((gap = mbox_gap(fd, st.st_size)) == -1)
		return set_cause(cause, "%s is not an mbox: give a new file, "
		    "or a maildir ending in /", path);
	if (file_write_all(fd, "\n\n", (size_t)gap) == 0 &&
	    file_write_all(fd, b->s, b->len) == 0 && fsync(fd) == 0)
		return 0;
	err = errno;
	/* What was there stays; half a message never does. */
	if (ftruncate(fd, st.st_size) == 0)
		fsync(fd);
	return set_cause(cause, "can't append to %s: %s", path,
	    strerror(err));
}

static int
save_mbox(const char *const *paths, size_t n, const char *path, char **cause)
{
	struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	struct buf b = { NULL, 0, 0 };
	int fd, rc = -1;

	if (mbox_text(paths, n, &b, cause) == -1)
		return -1;
	if ((fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) ==
	    -1) {
		set_cause(cause, "can't open %s: %s", path, strerror(errno));
		goto out;
	}
	/* fcntl's lock, as mutt and procmail take it by default. */
	while (fcntl(fd, F_SETLKW, &lock) == -1)
		if (errno != EINTR) {
			set_cause(cause, "can't lock %s: %s", path,
			    strerror(errno));
			goto out;
		}
	rc = append_locked(fd, path, &b, cause);
out:
	if (fd != -1)
		close(fd);
	free(b.s);
	return rc;
}

int
export_save(const char *const *paths, size_t n, const char *dest,
    enum export_kind *kind, char **cause)
{
	struct stat st;
	char *cur = xasprintf("%s/cur", dest);
	int maildir = (dest[0] != '\0' && dest[strlen(dest) - 1] == '/') ||
	    (stat(cur, &st) == 0 && S_ISDIR(st.st_mode));

	free(cur);
	if (!maildir && stat(dest, &st) == 0 && S_ISDIR(st.st_mode))
		return set_cause(cause, "%s is a folder, not a maildir (no "
		    "cur/ in it): end the name with / to make one", dest);
	*kind = maildir ? EXPORT_MAILDIR : EXPORT_MBOX;
	return maildir ? save_maildir(paths, n, dest, cause) :
	    save_mbox(paths, n, dest, cause);
}
