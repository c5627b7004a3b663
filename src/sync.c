/*
 * sync.c: an account fetched; see sync.h. This picks the protocol and
 * holds what the protocol modules share: where mail and state go.
 */
#include "autodefs.h"

#include <sys/file.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account.h"
#include "file.h"
#include "killpoint.h"
#include "maildir.h"
#include "mua.h"
#include "secret.h"
#include "session.h"
#include "store.h"
#include "sync.h"
#include "trace.h"

char *
sync_maildir(const struct sync_job *job, const char *folder)
{
	return account_maildir(job->account, store_path(job->store), folder);
}

char *
sync_state_path(const struct sync_job *job, const char *folder,
    char **cause)
{
	char *name = xasprintf("sync/%s/%s", account_name(job->account),
	    folder), *path = file_state_path(name);

	if (file_make_parent(path, cause) == -1) {
		free(path);
		path = NULL;
	}
	free(name);
	return path;
}

int
sync_lock(const struct account *a, int nowait, char **cause)
{
	char *name = xasprintf("sync/%s.lock", account_name(a));
	char *path = file_state_path(name);
	int fd = -1;

	free(name);
	if (file_make_parent(path, cause) == -1 ||
	    (fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		if (fd == -1 && *cause == NULL)
			set_cause(cause, "%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return fd;
	if (nowait) {
		close(fd);
		return -1;
	}
	fprintf(stderr, "mua: %s: another mua sync is fetching this account; "
	    "waiting for it to finish\n", account_name(a));
	while (flock(fd, LOCK_EX) == -1 && errno == EINTR)
		;
	return fd;
}

char *
sync_folder_path(const char *folder)
{
	char *p = xstrdup(folder), *c;

	for (c = p; *c != '\0'; c++)
		if (*c == '/' || (unsigned char)*c < 0x20)
			*c = '_';
	if (*p == '.')
		*p = '_';
	return p;
}

int
sync_keyed(struct store *store, const char *area, const char *dir,
    const char *path, uint32_t validity, uint32_t uid, const char *letters,
    char **named, char **cause)
{
	const char *none[] = { NULL }, *had;
	struct maildir_keys keys;
	char key[32], *to = NULL;
	int rc;

	snprintf(key, sizeof key, "%lu-%lu", (unsigned long)validity,
	    (unsigned long)uid);
	/* Linked before a crash: that name, not a second one. */
	maildir_keys(dir, &keys);
	if ((had = maildir_keys_find(&keys, key)) != NULL)
		to = xstrdup(had);
	maildir_keys_free(&keys);
	if (to == NULL) {
		if (maildir_make(dir, cause) == -1 || maildir_link_keyed(dir,
		    key, path, letters, &to, cause) == -1 ||
		    file_sync_fs(dir, cause) == -1) {
			free(to);
			return -1;
		}
		killpoint(area, "linked");
	}
	rc = store_index_file(store, to, none, cause) == -1 ||
	    store_remove_file(store, path, cause) == -1 ||
	    store_release(store, cause) == -1 ? -1 : 0;
	if (rc == 0)
		unlink(path);
	if (rc == 0 && named != NULL)
		*named = to;
	else
		free(to);
	return rc;
}

const char **
sync_new_tags(const struct sync_job *job)
{
	size_t n;
	const char *const *tags = account_get(job->account, "new_tags", &n);
	const char **t = xcalloc(n + 1, sizeof *t);

	memcpy(t, tags, n * sizeof *t);
	return t;
}

/* Whether the server refused the login of a password typed on the
 * terminal: a typing mistake, worth asking again. */
static int
mistyped(const struct session *s, const char *cause)
{
	return s->typed && secret_refused(cause);
}

int
sync_account(struct sync_job *job, char **cause)
{
	struct session s;
	int pop3 = account_get_one(job->account, "pop3") != NULL, rc = -1;
	int tries;

	if (session_read(job->config, job->account, pop3 ? "pop3" : "imap", &s,
	    cause) == -1)
		goto out;
	/* A password typed wrong is asked for again, three times in all. */
	for (tries = 1; tries <= 3; tries++) {
		if (session_password(&s, cause) == -1)
			break;
		rc = pop3 ? sync_pop3(job, &s, cause) :
		    sync_imap(job, &s, cause);
		if (rc == 0 || tries == 3 || !mistyped(&s, *cause))
			break;
		fprintf(stderr, "mua: %s\n", *cause);
		free(*cause);
		*cause = NULL;
		secret_wipe(s.password);
		s.password = NULL;
		trace_free(s.trace);	/* it redacts the new one too */
		s.trace = NULL;
	}
out:
	session_clear(&s);
	return rc;
}
