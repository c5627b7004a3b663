/*
 * file.c: the few file operations mua needs to be crash-safe, written once.
 */
#include "autodefs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <signal.h>
#include <ftw.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "mua.h"

int
file_read(const char *path, char **data, size_t *len, char **cause)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t size = 0, cap = 8192;
	char *buf;
	ssize_t n;

	if (fd == -1)
		return set_cause(cause, "can't open %s: %s", path,
		    strerror(errno));
	buf = xmalloc(cap);
	for (;;) {
		if (size + 1 >= cap)
			buf = xreallocarray(buf, cap *= 2, 1);
		n = read(fd, buf + size, cap - size - 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		size += (size_t)n;
	}
	if (n == -1) {
		int saved = errno;
		free(buf);
		close(fd);
		return set_cause(cause, "can't read %s: %s", path,
		    strerror(saved));
	}
	close(fd);
	buf[size] = '\0';
	*data = buf;
	*len = size;
	return 0;
}

int
file_write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int
file_write_new(const char *path, const char *data, size_t len,
    enum file_sync sync, char **cause)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	int saved;

	if (fd == -1)
		return set_cause(cause, "can't create %s: %s", path,
		    strerror(errno));
	if (file_write_all(fd, data, len) == -1 ||
	    (sync == FILE_SYNC && fsync(fd) == -1)) {
		saved = errno;
		close(fd);
		goto fail;
	}
	if (close(fd) == -1) {
		saved = errno;
		goto fail;
	}
	return 0;
fail:
	unlink(path);
	return set_cause(cause, "can't write %s: %s", path, strerror(saved));
}

int
file_sync_dir(const char *dir, char **cause)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = 0;

	if (fd == -1 || fsync(fd) == -1)
		rc = set_cause(cause, "can't sync %s: %s", dir,
		    strerror(errno));
	if (fd != -1)
		close(fd);
	return rc;
}

/* Removes PATH's temporary copies left by crashed processes (their
 * names end in the dead writer's pid); a live writer's stays. */
static void
drop_stale_temps(const char *path)
{
	char *pattern = xcalloc(2 * strlen(path) + 8, 1), *p = pattern, *end;
	glob_t g;
	size_t i;
	long pid;

	for (; *path != '\0'; path++) {	/* "[Gmail]" is no pattern */
		if (strchr("*?[\\", *path) != NULL)
			*p++ = '\\';
		*p++ = *path;
	}
	strcpy(p, ".tmp.*");
	if (glob(pattern, GLOB_NOSORT, NULL, &g) == 0) {
		for (i = 0; i < g.gl_pathc; i++) {
			pid = strtol(strrchr(g.gl_pathv[i], '.') + 1, &end, 10);
			if (*end == '\0' && pid > 0 && kill((pid_t)pid, 0) == -1 &&
			    errno == ESRCH)
				unlink(g.gl_pathv[i]);
		}
		globfree(&g);
	}
	free(pattern);
}

int
file_write_atomic(const char *path, const char *data, size_t len,
    char **cause)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	char *copy = xstrdup(path);
	int rc = -1;

	unlink(tmp);	/* left over by a crashed run of the same pid */
	if (file_write_new(tmp, data, len, FILE_SYNC, cause) == -1)
		goto out;
	if (rename(tmp, path) == -1) {
		set_cause(cause, "can't replace %s: %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	drop_stale_temps(path);
	rc = file_sync_dir(dirname(copy), cause);
out:
	free(copy);
	free(tmp);
	return rc;
}

int
file_append(const char *path, const char *data, size_t len, char **cause)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	size_t done = 0;
	ssize_t n;
	int rc = 0;

	if (fd == -1)
		return set_cause(cause, "can't open %s: %s", path,
		    strerror(errno));
	while (done < len && rc == 0) {
		if ((n = write(fd, data + done, len - done)) > 0)
			done += (size_t)n;
		else if (n == -1 && errno != EINTR)
			rc = -1;
	}
	if (rc == 0 && fdatasync(fd) == -1)
		rc = -1;
	if (rc == -1)
		set_cause(cause, "can't write %s: %s", path, strerror(errno));
	close(fd);
	return rc;
}

int
file_sync_fs(const char *path, char **cause)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc = 0;

	if (fd == -1 || syncfs(fd) == -1)
		rc = set_cause(cause, "can't sync the file system of %s: %s", path,
		    strerror(errno));
	if (fd != -1)
		close(fd);
	return rc;
}

int
file_make_dirs(const char *dir, char **cause)
{
	char *copy = xstrdup(dir), *p;
	int rc = 0;

	for (p = copy + 1; rc == 0; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		*p = '\0';
		if (mkdir(copy, 0700) == -1 && errno != EEXIST)
			rc = set_cause(cause, "can't create %s: %s", copy,
			    strerror(errno));
		*p = saved;
		if (saved == '\0')
			break;
	}
	free(copy);
	return rc;
}

int
file_make_parent(const char *path, char **cause)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int rc = 0;

	if (slash != NULL && slash != dir) {
		*slash = '\0';
		rc = file_make_dirs(dir, cause);
	}
	free(dir);
	return rc;
}

static int
remove_entry(const char *path, const struct stat *st, int type,
    struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path) == -1 ? -1 : 0;
}

int
file_remove_tree(const char *path, char **cause)
{
	if (access(path, F_OK) == -1 && errno == ENOENT)
		return 0;
	/* FTW_PHYS: a symlink is removed, never followed out of the tree. */
	if (nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
		return set_cause(cause, "can't remove %s: %s", path,
		    strerror(errno));
	return 0;
}

int
file_temp_dir(char **dir, char **cause)
{
	const char *tmp = getenv("TMPDIR");

	*dir = xasprintf("%s/mua-XXXXXX", tmp && *tmp == '/' ? tmp : "/tmp");
	if (mkdtemp(*dir) == NULL) {
		set_cause(cause, "can't make a temporary directory: %s",
		    strerror(errno));
		free(*dir);
		*dir = NULL;
		return -1;
	}
	return 0;
}

char *
file_state_path(const char *name)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	if (state != NULL && *state == '/')
		return xasprintf("%s/mua/%s", state, name);
	return xasprintf("%s/.local/state/mua/%s", home ? home : "", name);
}

char **
file_list(const char *dir, int (*keep)(const char *name), size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **out = NULL;

	*n = 0;
	while (d != NULL && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strstr(e->d_name, ".tmp.") != NULL ||
		    (keep != NULL && !keep(e->d_name)))
			continue;
		out = xreallocarray(out, *n + 1, sizeof *out);
		out[(*n)++] = xasprintf("%s/%s", dir, e->d_name);
	}
	if (d != NULL)
		closedir(d);
	return out;
}

void
file_list_free(char **list, size_t n)
{
	while (n > 0)
		free(list[--n]);
	free(list);
}
