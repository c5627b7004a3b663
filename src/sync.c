/*
 * sync.c: an account fetched; see sync.h. This picks the protocol and
 * holds what the protocol modules share: where mail and state go.
 */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "file.h"
#include "mua.h"
#include "session.h"
#include "store.h"
#include "sync.h"

char *
sync_maildir(const struct sync_job *job, const char *folder)
{
	const char *base = account_get_one(job->account, "maildir");

	return xasprintf("%s/%s/%s", store_path(job->store),
	    base != NULL ? base : account_name(job->account), folder);
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

const char **
sync_new_tags(const struct sync_job *job)
{
	size_t n;
	const char *const *tags = account_get(job->account, "new_tags", &n);
	const char **t = xcalloc(n + 1, sizeof *t);

	memcpy(t, tags, n * sizeof *t);
	return t;
}

int
sync_account(struct sync_job *job, char **cause)
{
	struct session s;
	int pop3 = account_get_one(job->account, "pop3") != NULL, rc = -1;

	if (session_read(job->config, job->account, pop3 ? "pop3" : "imap", &s,
	    cause) == 0 && session_password(&s, cause) == 0)
		rc = pop3 ? sync_pop3(job, &s, cause) :
		    sync_imap(job, &s, cause);
	session_clear(&s);
	return rc;
}
