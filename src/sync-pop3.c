/*
 * sync-pop3.c: an account fetched by POP3; see sync.h.
 *
 * POP3 has one mailbox and no flags; what is new is told by UIDL: the
 * state file lists the UIDLs already kept. The order makes a crash at
 * any instant harmless, as for IMAP: each message is written (its file
 * name carries its UIDL) and synced, the batch indexed, the state
 * replaced atomically, and only then, with keep_on_server = no, deleted
 * on the server. A DELE counts only at a clean QUIT; one that never
 * happened leaves the message there, and the state says it was kept.
 */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libetpan/libetpan.h>

#include "account.h"
#include "buf.h"
#include "file.h"
#include "killpoint.h"
#include "maildir.h"
#include "mua.h"
#include "session.h"
#include "store.h"
#include "sync.h"

/* Messages kept (and then indexed, and the state saved) at a time. */
#define POP3_BATCH 50

/* The UIDLs kept before, as read from and written to the state file. */
struct seen {
	char **uidls;	/* sorted */
	size_t n;
};

static int
compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
seen_read(const char *path, struct seen *seen)
{
	char *data = NULL, *line, *save = NULL;
	size_t len;

	seen->uidls = NULL;
	seen->n = 0;
	if (file_read(path, &data, &len, NULL) == 0)
		for (line = strtok_r(data, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save)) {
			seen->uidls = xreallocarray(seen->uidls, seen->n + 1,
			    sizeof *seen->uidls);
			seen->uidls[seen->n++] = xstrdup(line);
		}
	free(data);
	if (seen->n > 0)
		qsort(seen->uidls, seen->n, sizeof *seen->uidls,
		    compare_strings);
}

static int
seen_has(const struct seen *seen, const char *uidl)
{
	return seen->n > 0 && bsearch(&uidl, seen->uidls, seen->n,
	    sizeof *seen->uidls, compare_strings) != NULL;
}

static void
seen_free(struct seen *seen)
{
	size_t i;

	for (i = 0; i < seen->n; i++)
		free(seen->uidls[i]);
	free(seen->uidls);
}

/* What one run works on. */
struct pop3_run {
	struct sync_job *job;
	mailpop3 *pop3;
	carray *list;		/* struct mailpop3_msg_info, the session's */
	struct seen seen;
	char *maildir, *state;
	const char **tags;
	int keep;		/* keep_on_server */
	unsigned *fresh;	/* list indexes of the messages to fetch */
	size_t nfresh;
};

static struct mailpop3_msg_info *
info(const struct pop3_run *r, size_t i)
{
	return carray_get(r->list, (unsigned)i);
}

/*
 * Writes the state: every UIDL on the server that is kept here, up to
 * and including list entry UPTO of the fresh ones. UIDLs no longer on
 * the server drop out, so the file doesn't grow forever.
 */
static int
save_state(const struct pop3_run *r, size_t upto, char **cause)
{
	struct buf b = { NULL, 0, 0 };
	size_t i, f = 0;
	int rc;

	for (i = 0; i < carray_count(r->list); i++) {
		struct mailpop3_msg_info *m = info(r, i);
		int is_fresh = f < r->nfresh && r->fresh[f] == i;
		if (is_fresh ? f++ < upto : seen_has(&r->seen, m->msg_uidl))
			buf_printf(&b, "%s\n", m->msg_uidl);
	}
	rc = file_write_atomic(r->state, b.s ? b.s : "", b.len, cause);
	buf_free(&b);
	return rc;
}

/* UIDL as a maildir key: its bytes (0x21-0x7e) with '/', ':', ',' and
 * '%' escaped as %XX. */
static char *
key_of(const char *uidl)
{
	struct buf b = { NULL, 0, 0 };
	const char *c;

	buf_adds(&b, "pop-");
	for (c = uidl; *c != '\0'; c++)
		if (strchr("/:,%", *c) != NULL || (unsigned char)*c <= 0x20 ||
		    (unsigned char)*c >= 0x7f)
			buf_printf(&b, "%%%02X", (unsigned char)*c);
		else
			buf_addc(&b, *c);
	return buf_take(&b);
}

/* Retrieves message M unless KEYS shows it was kept before a crash;
 * *path gets where it is. */
static int
keep_one(struct pop3_run *r, const struct maildir_keys *keys,
    const struct mailpop3_msg_info *m, char **path, char **cause)
{
	char *key = key_of(m->msg_uidl), *data = NULL;
	const char *had = maildir_keys_find(keys, key);
	size_t len = 0;
	int rc = 0, e;

	if (had != NULL)
		*path = xstrdup(had);
	else if ((e = mailpop3_retr(r->pop3, m->msg_index, &data, &len)) !=
	    MAILPOP3_NO_ERROR)
		rc = set_cause(cause, "retrieving message %u failed: %s",
		    m->msg_index, e == MAILPOP3_ERROR_STREAM ? "the connection "
		    "was lost or the server stopped answering" :
		    r->pop3->pop3_response ? r->pop3->pop3_response :
		    "the server refused");
	else {
		if ((rc = maildir_deliver_wire(r->maildir, key, data, len,
		    NULL, path, cause)) == 0)
			killpoint("pop3", "delivered");
		r->job->stats.bytes += len;
		mailpop3_retr_free(data);
	}
	free(key);
	return rc;
}

/*
 * Keeps the fresh messages FROM..TO (exclusive): written, synced,
 * indexed, committed; then the state. When a retrieval fails, those
 * before it are still made durable, indexed and remembered: a dropped
 * link loses no work.
 */
static int
keep_batch(struct pop3_run *r, const struct maildir_keys *keys, size_t from,
    size_t to, char **cause)
{
	char **paths = xcalloc(to - from, sizeof *paths), *why = NULL;
	size_t i, got;
	int rc = 0;

	for (got = from; got < to; got++)
		if (keep_one(r, keys, info(r, r->fresh[got]),
		    &paths[got - from], &why) == -1)
			break;
	if (got > from && (rc = file_sync_fs(r->maildir, cause)) == 0)
		killpoint("pop3", "synced");
	for (i = from; i < got; i++) {
		if (rc == 0 && (rc = store_index_file(r->job->store,
		    paths[i - from], r->tags, cause)) == 0) {
			killpoint("pop3", "indexed");
			r->job->stats.fetched++;
		}
		free(paths[i - from]);
	}
	free(paths);
	if (rc == 0 && got > from && (rc = store_release(r->job->store,
	    cause)) == 0) {
		killpoint("pop3", "committed");
		if ((rc = save_state(r, got, cause)) == 0)
			killpoint("pop3", "state");
	}
	if (rc == 0 && why != NULL) {
		*cause = why;
		return -1;
	}
	free(why);
	return rc;
}

static void
report(const struct pop3_run *r, size_t done)
{
	if (r->job->progress != NULL)
		r->job->progress(r->job->progress_arg, "INBOX", (unsigned)done,
		    (unsigned)r->nfresh, r->job->stats.bytes);
}

/* Finds the messages not kept yet; every message needs a UIDL. */
static int
find_fresh(struct pop3_run *r, char **cause)
{
	size_t i;

	if (mailpop3_list(r->pop3, &r->list) != MAILPOP3_NO_ERROR)
		return set_cause(cause, "the server can't list its messages");
	r->fresh = xcalloc(carray_count(r->list) + 1, sizeof *r->fresh);
	for (i = 0; i < carray_count(r->list); i++) {
		struct mailpop3_msg_info *m = info(r, i);
		if (m->msg_uidl == NULL)
			return set_cause(cause, "the server gives no UIDL for "
			    "message %u: without it, what is new can't be "
			    "told", m->msg_index);
		if (!seen_has(&r->seen, m->msg_uidl))
			r->fresh[r->nfresh++] = (unsigned)i;
	}
	return 0;
}

/* With keep_on_server = no: deletes every message the state holds. */
static int
delete_kept(struct pop3_run *r, char **cause)
{
	struct seen now;
	size_t i;

	seen_read(r->state, &now);
	for (i = 0; i < carray_count(r->list); i++) {
		struct mailpop3_msg_info *m = info(r, i);
		if (seen_has(&now, m->msg_uidl) &&
		    mailpop3_dele(r->pop3, m->msg_index) != MAILPOP3_NO_ERROR) {
			seen_free(&now);
			return set_cause(cause, "deleting message %u failed",
			    m->msg_index);
		}
		if (seen_has(&now, m->msg_uidl))
			killpoint("pop3", "deleted");
	}
	seen_free(&now);
	return 0;
}

static int
fetch_all(struct pop3_run *r, char **cause)
{
	struct maildir_keys keys = { NULL, NULL, 0 };
	size_t i, to, batch = killpoint_batch(POP3_BATCH);
	int rc = 0;

	if (maildir_make(r->maildir, cause) == -1 || find_fresh(r, cause) == -1)
		return -1;
	maildir_keys(r->maildir, &keys);
	report(r, 0);
	for (i = 0; i < r->nfresh && rc == 0; i = to) {
		to = r->nfresh - i < batch ? r->nfresh : i + batch;
		if ((rc = keep_batch(r, &keys, i, to, cause)) == 0)
			report(r, to);
	}
	maildir_keys_free(&keys);
	if (rc == 0 && r->nfresh == 0)
		rc = save_state(r, 0, cause);
	if (rc == 0 && !r->keep)
		rc = delete_kept(r, cause);
	return rc;
}

/* Ends the session without QUIT: after a failure, no DELE may count, and
 * a dead link would only make QUIT wait for the timeout. */
static void
pop3_drop(mailpop3 *pop3)
{
	unsigned i;

	if (pop3->pop3_stream != NULL) {
		mailstream_close(pop3->pop3_stream);
		pop3->pop3_stream = NULL;
	}
	/* What mailpop3_quit() frees, and mailpop3_free() doesn't. */
	if (pop3->pop3_msg_tab != NULL) {
		for (i = 0; i < carray_count(pop3->pop3_msg_tab); i++) {
			struct mailpop3_msg_info *m =
			    carray_get(pop3->pop3_msg_tab, i);
			free(m->msg_uidl);
			free(m);
		}
		carray_free(pop3->pop3_msg_tab);
		pop3->pop3_msg_tab = NULL;
	}
	free(pop3->pop3_timestamp);
	pop3->pop3_timestamp = NULL;
	mailpop3_free(pop3);
}

/* Whether the server's CAPA lists STLS. */
static int
offers_stls(mailpop3 *pop3)
{
	clist *caps = NULL;
	clistiter *it;
	int found = 0;

	if (mailpop3_capa(pop3, &caps) != MAILPOP3_NO_ERROR)
		return 0;
	for (it = clist_begin(caps); it != NULL; it = clist_next(it))
		found |= strcasecmp(((struct mailpop3_capa *)
		    clist_content(it))->cap_name, "STLS") == 0;
	mailpop3_capa_resp_free(caps);
	return found;
}

/* Connects and gets onto TLS (unless tls = none); NULL with *cause. */
static mailpop3 *
pop3_reach(struct session *s, char **cause)
{
	mailpop3 *pop3 = mailpop3_new(0, NULL);
	mailstream *stream;

	mailpop3_set_timeout(pop3, s->tls.timeout);
	if ((stream = session_connect(s, cause)) == NULL)
		goto fail;
	if (mailpop3_connect(pop3, stream) != MAILPOP3_NO_ERROR) {
		set_cause(cause, "%s: %s", s->url.host, session_lost(s,
		    "the POP3 greeting", "no POP3 greeting"));
		goto fail;
	}
	if (s->url.implicit_tls || s->plaintext)
		return pop3;
	if (!offers_stls(pop3)) {
		set_cause(cause, "%s offers no STLS: refusing to log in without "
		    "TLS (tls = none allows it)", s->url.host);
		goto fail;
	}
	if (mailpop3_stls(pop3) != MAILPOP3_NO_ERROR) {
		set_cause(cause, "%s refused STLS", s->url.host);
		goto fail;
	}
	if (session_starttls(s, pop3->pop3_stream, cause) == 0)
		return pop3;
fail:
	pop3_drop(pop3);
	return NULL;
}

/* Connects and logs in; NULL with *cause. */
static mailpop3 *
pop3_open(struct session *s, char **cause)
{
	mailpop3 *pop3 = pop3_reach(s, cause);

	if (pop3 == NULL)
		return NULL;
	if (s->oauth) {		/* libetpan's POP3 has no OAuth2 */
		set_cause(cause, "oauth_command works with IMAP and SMTP, not "
		    "POP3: use pass_command");
		pop3_drop(pop3);
		return NULL;
	}
	if (mailpop3_user(pop3, s->user) != MAILPOP3_NO_ERROR ||
	    mailpop3_pass(pop3, s->password) != MAILPOP3_NO_ERROR) {
		set_cause(cause, "%s: the login as %s was refused%s%s",
		    s->url.host, s->user, pop3->pop3_response != NULL ? ": " :
		    "", pop3->pop3_response != NULL ? pop3->pop3_response : "");
		pop3_drop(pop3);
		return NULL;
	}
	return pop3;
}

int
sync_pop3_probe(struct session *s, char **cause)
{
	mailpop3 *pop3 = pop3_reach(s, cause);

	if (pop3 == NULL)
		return -1;
	mailpop3_quit(pop3);
	mailpop3_free(pop3);
	return 0;
}

int
sync_pop3(struct sync_job *job, struct session *s, char **cause)
{
	struct pop3_run r;
	int rc = -1;

	memset(&r, 0, sizeof r);
	r.job = job;
	r.keep = strcmp(account_get_one(job->account, "keep_on_server"),
	    "yes") == 0;
	r.tags = sync_new_tags(job);
	r.maildir = sync_maildir(job, "INBOX");
	if ((r.state = sync_state_path(job, "pop3", cause)) == NULL)
		goto out;
	seen_read(r.state, &r.seen);
	if ((r.pop3 = pop3_open(s, cause)) == NULL)
		goto out;
	if ((rc = fetch_all(&r, cause)) == -1)
		pop3_drop(r.pop3);
	else {
		/* Deletions count at QUIT; a lost answer leaves them to
		 * the next run, which skips and deletes them again. After a
		 * good one, every message kept is gone from the server. */
		if (mailpop3_quit(r.pop3) == MAILPOP3_NO_ERROR && !r.keep) {
			killpoint("pop3", "quit");
			if ((rc = file_write_atomic(r.state, "", 0, cause)) == 0)
				killpoint("pop3", "cleared");
		}
		mailpop3_free(r.pop3);
	}
out:
	seen_free(&r.seen);
	free(r.fresh);
	free(r.maildir);
	free(r.state);
	free(r.tags);
	return rc;
}
