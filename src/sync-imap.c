/*
 * sync-imap.c: an account fetched by IMAP, folder by folder; see sync.h.
 * fetch-imap.c fetches each folder.
 */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>

#include <libetpan/libetpan.h>

#include "account.h"
#include "buf.h"
#include "fetch-imap.h"
#include "imap.h"
#include "mua.h"
#include "session.h"
#include "sync-twoway.h"
#include "sync.h"
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

void
sync_imap_drop(mailimap *imap)
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
	sync_imap_drop(imap);
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
	int r, e = MAILIMAP_ERROR_LOGIN;

	if (!s->oauth)
		r = (e = mailimap_login(imap, s->user, s->password)) ==
		    MAILIMAP_NO_ERROR ? 0 : -1;
	else if (mailimap_has_authentication(imap, "OAUTHBEARER"))
		r = oauthbearer(imap, s->user, s->password);
	else if (mailimap_has_xoauth2(imap))
		r = mailimap_oauth2_authenticate(imap, s->user, s->password) ==
		    MAILIMAP_NO_ERROR ? 0 : -1;
	else
		return set_cause(cause, "%s offers neither OAUTHBEARER nor "
		    "XOAUTH2 for oauth_command's token", s->url.host);
	/* A broken link or answer is no refusal (the UI would forget the
	 * password); else the server's own words say why: a wrong
	 * password, a locked or unknown account, a login method off. */
	if (e == MAILIMAP_ERROR_STREAM || e == MAILIMAP_ERROR_PARSE)
		set_cause(cause, "%s: logging in failed: %s", s->url.host,
		    imap_why(imap, e));
	else if (r == -1)
		set_cause(cause, "%s: the %s as %s was refused%s%s", s->url.host,
		    s->oauth ? "OAuth2 token" : "login", s->user,
		    imap->imap_response != NULL ? ": " : "",
		    imap->imap_response != NULL ? imap->imap_response : "");
	return r;
}

mailimap *
sync_imap_open(struct session *s, char **cause)
{
	mailimap *imap = imap_reach(s, cause);

	if (imap == NULL)
		return NULL;
	if (imap_login(imap, s, cause) == -1) {
		sync_imap_drop(imap);
		return NULL;
	}
	imap_enable_qresync(imap);
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

/* The account's folders, both ways (sync-twoway.h). */
static int
sync_folders(struct sync_job *job, mailimap *imap, char **cause)
{
	char **folders = NULL;
	size_t n = 0, i;
	int rc;

	rc = expand_folders(job->account, imap, &folders, &n, cause);
	if (rc == 0)
		rc = sync_twoway(job, imap, (const char *const *)folders, n,
		    cause);
	if (rc == -1 && *cause != NULL &&
	    strstr(*cause, "can't open the folder") != NULL)
		name_folders(imap, cause);
	for (i = 0; i < n; i++)
		free(folders[i]);
	free(folders);
	return rc;
}

int
sync_imap(struct sync_job *job, struct session *s, char **cause)
{
	mailimap *imap;
	int rc;

	if ((imap = sync_imap_open(s, cause)) == NULL)
		return -1;
	rc = sync_folders(job, imap, cause);
	mailimap_logout(imap);
	mailimap_free(imap);
	return rc;
}
