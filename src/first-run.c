/* first-run.c: making the notmuch set-up a first run finds missing. */
#include "autodefs.h"

#include <sys/file.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account.h"
#include "buf.h"
#include "config.h"
#include "file.h"
#include "first-run.h"
#include "mime-build.h"
#include "mua.h"
#include "options.h"
#include "rc.h"
#include "store.h"

/* Where notmuch 0.37 looks (lib/open.cc, _load_key_file), in its order. */
char *
first_run_config_path(void)
{
	const char *env = getenv("NOTMUCH_CONFIG"), *home = getenv("HOME");
	const char *profile = getenv("NOTMUCH_PROFILE"), *xdg;
	char *path;

	if (env != NULL)
		return xstrdup(env);
	if (home == NULL)
		home = "";
	xdg = getenv("XDG_CONFIG_HOME");
	path = xdg != NULL && *xdg != '\0' ?
	    xasprintf("%s/notmuch/%s/config", xdg, profile ? profile : "default") :
	    xasprintf("%s/.config/notmuch/%s/config", home,
	    profile ? profile : "default");
	if (access(path, R_OK) == 0)
		return path;
	free(path);
	return profile != NULL ?
	    xasprintf("%s/.notmuch-config.%s", home, profile) :
	    xasprintf("%s/.notmuch-config", home);
}

/* The maildir root a new set-up gets: notmuch's NOTMUCH_DATABASE wins. */
static int
root_path(const struct config *config, char **root, char **cause)
{
	const char *env = getenv("NOTMUCH_DATABASE");

	if (env != NULL && *env != '\0') {
		*root = xstrdup(env);
		return 0;
	}
	if (rc_expand_path(options_get(config->options, "mail_root"), root,
	    cause) == -1)
		return -1;
	if (**root != '/') {
		free(*root);
		return set_cause(cause, "mail_root must be an absolute path");
	}
	return 0;
}

/* The sender of the default account, for notmuch's primary_email. */
static char *
primary_email(const struct config *config)
{
	const struct account *a = config_default_account(config);
	const char *from = a != NULL ? account_get_one(a, "from") : NULL;
	char **addrs = NULL, *email = NULL;
	size_t n = 0, i;

	if (from != NULL && mime_addresses(from, &addrs, &n, NULL) == 0 &&
	    n > 0)
		email = xstrdup(addrs[0]);
	for (i = 0; i < n; i++)
		free(addrs[i]);
	free(addrs);
	return email;
}

/* The file `notmuch setup` would write, with mua's defaults. */
static char *
config_text(const struct config *config, const char *root)
{
	struct buf b = { NULL, 0, 0 };
	char *email = primary_email(config);

	buf_printf(&b, "# Made by mua on its first run; notmuch-config(1) "
	    "explains it.\n[database]\npath=%s\n\n[user]\n", root);
	if (email != NULL)
		buf_printf(&b, "primary_email=%s\n", email);
	buf_printf(&b, "\n[new]\ntags=unread;inbox;\nignore=\n\n"
	    "[search]\nexclude_tags=deleted;spam;\n\n"
	    "[maildir]\nsynchronize_flags=true\n");
	free(email);
	return buf_take(&b);
}

/*
 * Puts TEXT at PATH unless something is there already: written aside and
 * linked, so that a second mua starting at the same moment reads either
 * no file or all of it, and a file another program made is never replaced.
 */
static int
write_config(const char *path, const char *text, char **cause)
{
	char *aside = xasprintf("%s.mua-new.%ld", path, (long)getpid());
	int rc = -1;

	if (file_make_parent(path, cause) == -1 ||
	    file_write_new(aside, text, strlen(text), FILE_SYNC, cause) == -1)
		goto out;
	if (link(aside, path) == -1 && errno != EEXIST)
		set_cause(cause, "can't create %s: %s", path, strerror(errno));
	else
		rc = 0;
	unlink(aside);
out:
	free(aside);
	return rc;
}

/*
 * Holds the mail root's lock while the set-up is made: a second first run
 * (cron beside the UI) waits, then finds the set-up whole. Without it, it
 * would find a database half made and fail to open it.
 */
static int
lock_root(const char *root, char **cause)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd == -1)
		return set_cause(cause, "can't open %s: %s", root,
		    strerror(errno));
	while (flock(fd, LOCK_EX) == -1)
		if (errno != EINTR) {
			set_cause(cause, "can't lock %s: %s", root,
			    strerror(errno));
			close(fd);
			return -1;
		}
	return fd;
}

/* Makes the database, then the file that points at it. */
static int
make_setup(const struct config *config, const char *path, const char *root,
    char **note, char **cause)
{
	char *text;
	int rc;

	if (store_ensure(root, cause) == -1)
		return -1;
	text = config_text(config, root);
	rc = write_config(path, text, cause);
	free(text);
	if (rc == 0)
		*note = xasprintf("first run: made the mail folder %s, its "
		    "notmuch database and the notmuch configuration %s", root,
		    path);
	return rc;
}

int
first_run_ensure(const struct config *config, const char *notmuch_config,
    char **note, char **cause)
{
	char *path = notmuch_config != NULL ? xstrdup(notmuch_config) :
	    first_run_config_path(), *root = NULL;
	int rc = -1, fd = -1;

	*note = NULL;
	if (access(path, F_OK) == 0) {
		rc = 0;
		goto out;
	}
	if (root_path(config, &root, cause) == -1 ||
	    file_make_dirs(root, cause) == -1 ||
	    (fd = lock_root(root, cause)) == -1)
		goto out;
	/* Another first run may have made it all while this one waited. */
	rc = access(path, F_OK) == 0 ? 0 :
	    make_setup(config, path, root, note, cause);
	close(fd);
out:
	free(root);
	free(path);
	return rc;
}
