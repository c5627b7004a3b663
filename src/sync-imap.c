/*
 * sync-imap.c: an account fetched by IMAP, folder by folder; see sync.h.
 * fetch-imap.c fetches each folder.
 */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libetpan/libetpan.h>

#include "account.h"
#include "buf.h"
#include "fetch-imap.h"
#include "file.h"
#include "flagmap.h"
#include "mua.h"
#include "session.h"
#include "store.h"
#include "sync-flags.h"
#include "sync.h"
#include "syncstate.h"
#include "utf7.h"

/* Whether the server offers STARTTLS (asking, if the greeting didn't). */
static int
offers_starttls(mailimap *imap)
{
	struct mailimap_capability_data *cap = NULL;

	if (imap->imap_connection_info == NULL ||
	    imap->imap_connection_info->imap_capability == NULL) {
		if (mailimap_capability(imap, &cap) != MAILIMAP_NO_ERROR)
			return 0;
		mailimap_capability_data_free(cap);
	}
	return mailimap_has_extension(imap, "STARTTLS");
}

/* Drops IMAP without LOGOUT, which on a failed link would only wait. */
static void
imap_drop(mailimap *imap)
{
	if (imap->imap_stream != NULL) {
		mailstream_close(imap->imap_stream);
		imap->imap_stream = NULL;
	}
	mailimap_free(imap);
}

/* Connects and gets onto TLS (unless tls = none); NULL with *cause. */
static mailimap *
imap_reach(struct session *s, char **cause)
{
	mailimap *imap = mailimap_new(0, NULL);
	mailstream *stream;
	int r;

	if ((stream = session_connect(s, cause)) == NULL)
		goto fail;
	mailimap_set_timeout(imap, s->tls.timeout);
	r = mailimap_connect(imap, stream);	/* it keeps STREAM */
	if (r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED) {
		set_cause(cause, "%s: %s", s->url.host, r ==
		    MAILIMAP_NO_ERROR_AUTHENTICATED ? "the server logged us in "
		    "before TLS (PREAUTH): refused" : session_lost(s,
		    "the IMAP greeting", "no IMAP greeting"));
		goto fail;
	}
	if (s->url.implicit_tls || s->plaintext)
		return imap;
	if (!offers_starttls(imap)) {
		set_cause(cause, "%s offers no STARTTLS: refusing to log in "
		    "without TLS (tls = none allows it)", s->url.host);
		goto fail;
	}
	if (mailimap_starttls(imap) != MAILIMAP_NO_ERROR) {
		set_cause(cause, "%s refused STARTTLS", s->url.host);
		goto fail;
	}
	if (session_starttls(s, imap->imap_stream, cause) == 0) {
		/* What was offered before TLS no longer holds. */
		struct mailimap_capability_data *cap = NULL;
		if (mailimap_capability(imap, &cap) == MAILIMAP_NO_ERROR)
			mailimap_capability_data_free(cap);
		return imap;
	}
fail:
	imap_drop(imap);
	return NULL;
}

/*
 * AUTHENTICATE OAUTHBEARER (RFC 7628) with the token as the initial
 * response; libetpan knows only XOAUTH2. A refusal comes as a
 * challenge carrying the error, answered with ^A, then a tagged NO.
 */
static int
oauthbearer(mailimap *imap, const char *user, const char *token)
{
	struct buf blob = { NULL, 0, 0 }, line = { NULL, 0, 0 };
	struct mailimap_response *response = NULL;
	char *text;
	int r, ok;

	buf_printf(&blob, "n,a=%s,\001auth=Bearer %s\001\001", user, token);
	buf_adds(&line, "AUTHENTICATE OAUTHBEARER ");
	buf_add_base64(&line, blob.s, blob.len);
	buf_adds(&line, "\r\n");
	memset(blob.s, 0, blob.len);
	buf_free(&blob);
	r = mailimap_send_current_tag(imap) == MAILIMAP_NO_ERROR &&
	    mailstream_write(imap->imap_stream, line.s, line.len) ==
	    (ssize_t)line.len && mailstream_flush(imap->imap_stream) == 0;
	memset(line.s, 0, line.len);
	buf_free(&line);
	if (!r || (text = mailimap_read_line(imap)) == NULL)
		return -1;
	if (text[0] == '+' && (mailstream_write(imap->imap_stream, "AQ==\r\n",
	    6) != 6 || mailstream_flush(imap->imap_stream) != 0 ||
	    mailimap_read_line(imap) == NULL))
		return -1;
	if (mailimap_parse_response(imap, &response) != MAILIMAP_NO_ERROR)
		return -1;
	ok = response->rsp_resp_done->rsp_type ==
	    MAILIMAP_RESP_DONE_TYPE_TAGGED &&
	    response->rsp_resp_done->rsp_data.rsp_tagged->rsp_cond_state->
	    rsp_type == MAILIMAP_RESP_COND_STATE_OK;
	mailimap_response_free(response);
	if (ok)
		imap->imap_state = MAILIMAP_STATE_AUTHENTICATED;
	return ok ? 0 : -1;
}

/* Logs in with the password, or the OAuth2 token by the mechanism the
 * server offers (OAUTHBEARER, the standard one, first). */
static int
imap_login(mailimap *imap, struct session *s, char **cause)
{
	int r;

	if (!s->oauth)
		r = mailimap_login(imap, s->user, s->password) ==
		    MAILIMAP_NO_ERROR ? 0 : -1;
	else if (mailimap_has_authentication(imap, "OAUTHBEARER"))
		r = oauthbearer(imap, s->user, s->password);
	else if (mailimap_has_xoauth2(imap))
		r = mailimap_oauth2_authenticate(imap, s->user, s->password) ==
		    MAILIMAP_NO_ERROR ? 0 : -1;
	else
		return set_cause(cause, "%s offers neither OAUTHBEARER nor "
		    "XOAUTH2 for oauth_command's token", s->url.host);
	/* The server's own words say why: a wrong password, a locked or
	 * unknown account, a login method turned off. */
	if (r == -1)
		set_cause(cause, "%s: the %s as %s was refused%s%s", s->url.host,
		    s->oauth ? "OAuth2 token" : "login", s->user,
		    imap->imap_response != NULL ? ": " : "",
		    imap->imap_response != NULL ? imap->imap_response : "");
	return r;
}

/* Connects and logs in; returns the session, or NULL with *cause. */
static mailimap *
imap_open(struct session *s, char **cause)
{
	mailimap *imap = imap_reach(s, cause);

	if (imap == NULL)
		return NULL;
	if (imap_login(imap, s, cause) == -1) {
		imap_drop(imap);
		return NULL;
	}
	return imap;
}

int
sync_imap_probe(struct session *s, char **cause)
{
	mailimap *imap = imap_reach(s, cause);

	if (imap == NULL)
		return -1;
	mailimap_logout(imap);
	mailimap_free(imap);
	return 0;
}

/* FOLDER as a path element: '/' and leading dots can't escape. */
static char *
folder_path(const char *folder)
{
	char *p = xstrdup(folder), *c;

	for (c = p; *c != '\0'; c++)
		if (*c == '/' || (unsigned char)*c < 0x20)
			*c = '_';
	if (*p == '.')
		*p = '_';
	return p;
}

/* Adds NAME to the N FOLDERS unless it is there. */
static void
add_folder(char ***folders, size_t *n, const char *name)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*folders)[i], name) == 0)
			return;
	*folders = xreallocarray(*folders, *n + 1, sizeof **folders);
	(*folders)[(*n)++] = xstrdup(name);
}

static int
selectable(const struct mailimap_mailbox_list *mb)
{
	return mb->mb_flag == NULL ||
	    mb->mb_flag->mbf_type != MAILIMAP_MBX_LIST_FLAGS_SFLAG ||
	    mb->mb_flag->mbf_sflag != MAILIMAP_MBX_LIST_SFLAG_NOSELECT;
}

/*
 * The folders to fetch: the account's names, with patterns expanded by
 * LIST ("*" matches within a level, as IMAP's "%" does).
 */
static int
expand_folders(const struct account *a, mailimap *imap, char ***out,
    size_t *nout, char **cause)
{
	size_t n, i;
	const char *const *patterns = account_get(a, "folders", &n);
	clist *list = NULL;
	clistiter *it;
	char *p, *c;

	*out = NULL;
	*nout = 0;
	for (i = 0; i < n; i++) {
		/* Names are UTF-8 in .muarc, modified UTF-7 on the wire. */
		p = utf7_encode(patterns[i]);
		if (strpbrk(p, "*%") == NULL) {
			add_folder(out, nout, p);
			free(p);
			continue;
		}
		for (c = p; *c != '\0'; c++)
			if (*c == '*')
				*c = '%';
		if (mailimap_list(imap, "", p, &list) != MAILIMAP_NO_ERROR) {
			free(p);
			return set_cause(cause, "can't list the folders %s",
			    patterns[i]);
		}
		for (it = clist_begin(list); it != NULL; it = clist_next(it)) {
			struct mailimap_mailbox_list *mb = clist_content(it);
			if (selectable(mb))
				add_folder(out, nout, mb->mb_name);
		}
		mailimap_list_result_free(list);
		free(p);
	}
	return 0;
}

/*
 * After a folder couldn't be opened (a name misspelt in "folders"): the
 * folders the server does have, appended to *cause, at most 30.
 */
static void
name_folders(mailimap *imap, char **cause)
{
	struct buf b = { NULL, 0, 0 };
	clist *list = NULL;
	clistiter *it;
	size_t n = 0;
	char *name;

	if (mailimap_list(imap, "", "*", &list) != MAILIMAP_NO_ERROR)
		return;
	for (it = clist_begin(list); it != NULL; it = clist_next(it)) {
		struct mailimap_mailbox_list *mb = clist_content(it);
		if (!selectable(mb) || n++ >= 30)
			continue;
		name = utf7_decode(mb->mb_name);
		buf_join(&b, ", ", name);
		free(name);
	}
	mailimap_list_result_free(list);
	if (b.len > 0) {
		name = *cause;
		*cause = xasprintf("%s; the server's folders: %s%s", name, b.s,
		    n > 30 ? ", ..." : "");
		free(name);
	}
	buf_free(&b);
}

/* One account's two-way sync in this run. */
struct twoway {
	struct sync_job *job;
	mailimap *imap;
	const char **tags;		/* new mail's */
	struct sync_local *local;	/* the store's changes since the last */
	size_t nlocal;
	unsigned long long rev;		/* the store's revision at the start */
	char *uuid;
	struct syncstate **bases;	/* each folder's, kept to the end */
	size_t nbases;
	struct sync_gone *gone;		/* copies the server expunged */
	size_t ngone;
};

/* The saved "UUID REVISION" of the store the account last synced with. */
static char *
revision_path(struct twoway *t, char **cause)
{
	return sync_state_path(t->job, ".revision", cause);
}

static void
add_local(void *arg, const char *path, const char *const *tags)
{
	struct twoway *t = arg;

	t->local = xreallocarray(t->local, t->nlocal + 1, sizeof *t->local);
	t->local[t->nlocal].path = xstrdup(path);
	t->local[t->nlocal++].bits = flagmap_from_tags(tags);
}

/*
 * The account's files whose messages changed in the store since the last
 * sync, by any program (notmuch's revisions). The first sync has no
 * revision to start from: it changes nothing on the server but what the
 * merge of every copy's flags finds.
 */
static int
local_changes(struct twoway *t, char **cause)
{
	char *path = revision_path(t, cause), *data = NULL, *dir;
	size_t len;
	char uuid[128] = "";
	unsigned long long since = 0;
	int rc = -1;

	if (path == NULL)
		return -1;
	if (store_revision(t->job->store, &t->rev, &t->uuid, cause) == -1)
		goto out;
	if (file_read(path, &data, &len, NULL) == 0 &&
	    sscanf(data, "%127s %llu", uuid, &since) == 2 &&
	    strcmp(uuid, t->uuid) == 0) {
		dir = sync_maildir(t->job, "");
		rc = store_changed_files(t->job->store, since, dir, add_local,
		    t, cause);
		free(dir);
	} else
		rc = 0;
	/* Not a moment of waiting on the server with the write lock held. */
	if (rc == 0)
		rc = store_release(t->job->store, cause);
out:
	free(data);
	free(path);
	return rc;
}

static int
save_revision(struct twoway *t, char **cause)
{
	char *path = revision_path(t, cause), *line;
	int rc;

	if (path == NULL)
		return -1;
	line = xasprintf("%s %llu\n", t->uuid, t->rev);
	rc = file_write_atomic(path, line, strlen(line), cause);
	free(line);
	free(path);
	return rc;
}

/* The merge base of folder FP (a path element) numbered VALIDITY. */
static struct syncstate *
open_base(struct twoway *t, const char *fp, uint32_t validity, char **cause)
{
	char *name = xasprintf(".flags/%s", fp);
	char *path = sync_state_path(t->job, name, cause);
	struct syncstate *base = NULL;

	if (path != NULL && syncstate_open(path, validity, &base, cause) == 0) {
		t->bases = xreallocarray(t->bases, t->nbases + 1,
		    sizeof *t->bases);
		t->bases[t->nbases++] = base;
	}
	free(path);
	free(name);
	return base;
}

/* A selected folder's flags merged both ways, and what it lost. */
static int
twoway_folder(struct twoway *t, struct fetch_folder *f,
    const struct fetch_selection *sel, char **cause)
{
	struct sync_flags_folder ff = { t->imap, t->job->store, f->maildir,
		f->base, sel->validity, sel->last, sel->modseq, t->local,
		t->nlocal };
	struct sync_flags_stats st = { 0, 0 };
	int rc;

	rc = sync_flags_folder(&ff, &st, cause);
	t->job->stats.pulled += st.pulled;
	t->job->stats.pushed += st.pushed;
	if (rc == 0)
		rc = sync_flags_vanished(&ff, &t->gone, &t->ngone, cause);
	return rc;
}

/* One folder: selected, its new mail fetched, its flags merged. */
static int
sync_folder(struct twoway *t, const char *name, char **cause)
{
	char *utf8 = utf7_decode(name), *fp = folder_path(utf8);
	struct fetch_folder f;
	struct fetch_selection sel;
	int rc = -1;

	memset(&f, 0, sizeof f);
	f.imap = t->imap;
	f.name = name;
	f.maildir = sync_maildir(t->job, fp);
	f.state = sync_state_path(t->job, fp, cause);
	f.store = t->job->store;
	f.tags = t->tags;
	f.progress = t->job->progress;
	f.progress_arg = t->job->progress_arg;
	if (f.state == NULL || fetch_imap_select(&f, &sel, cause) == -1)
		goto out;
	if ((f.base = open_base(t, fp, sel.validity, cause)) == NULL)
		goto out;
	if (fetch_imap_folder(&f, &sel, &t->job->stats, cause) == 0)
		rc = twoway_folder(t, &f, &sel, cause);
out:
	if (rc == -1 && *cause != NULL &&
	    strstr(*cause, "can't open the folder") != NULL)
		name_folders(t->imap, cause);
	free((char *)f.maildir);
	free((char *)f.state);
	free(fp);
	free(utf8);
	return rc;
}

static void
twoway_free(struct twoway *t)
{
	size_t i;

	for (i = 0; i < t->nlocal; i++)
		free(t->local[i].path);
	free(t->local);
	for (i = 0; i < t->nbases; i++)
		syncstate_free(t->bases[i]);
	free(t->bases);
	sync_flags_gone_free(t->gone, t->ngone);
	free(t->uuid);
	free(t->tags);
}

/*
 * The account both ways: the store's changes found, each folder fetched
 * and merged, mail the server expunged removed once every folder's new
 * mail is in (a message moved between folders keeps its tags), and only
 * then the store's revision saved as the next start.
 */
static int
sync_folders(struct sync_job *job, mailimap *imap, char **cause)
{
	struct twoway t;
	char **folders = NULL;
	size_t n = 0, i;
	int rc;

	memset(&t, 0, sizeof t);
	t.job = job;
	t.imap = imap;
	t.tags = sync_new_tags(job);
	rc = local_changes(&t, cause);
	if (rc == 0)
		rc = expand_folders(job->account, imap, &folders, &n, cause);
	for (i = 0; i < n && rc == 0; i++)
		rc = sync_folder(&t, folders[i], cause);
	if (rc == 0)
		rc = sync_flags_remove(job->store, t.gone, t.ngone,
		    &job->stats.removed, cause);
	if (rc == 0)
		rc = save_revision(&t, cause);
	for (i = 0; i < n; i++)
		free(folders[i]);
	free(folders);
	twoway_free(&t);
	return rc;
}

int
sync_imap(struct sync_job *job, struct session *s, char **cause)
{
	mailimap *imap;
	int rc;

	if ((imap = imap_open(s, cause)) == NULL)
		return -1;
	rc = sync_folders(job, imap, cause);
	mailimap_logout(imap);
	mailimap_free(imap);
	return rc;
}
