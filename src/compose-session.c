/* compose-session.c: one message being written; see compose-session.h. */
#include "autodefs.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "addressbook.h"
#include "compose-session.h"
#include "config.h"
#include "draft-copy.h"
#include "file.h"
#include "mime-build.h"
#include "mua-ui.h"
#include "mua.h"
#include "options.h"
#include "outbox.h"
#include "seal-plan.h"
#include "store.h"

struct compose_session {
	const struct config *config;
	compose_say_fn *say;
	void *say_arg;
	const struct account *account;
	char *text;		/* the draft */
	char *before;		/* a new message's template, until the first
				   edit; else NULL */
	int again;		/* a message taken up to be sent anew */
	char *original;		/* and its file */
	struct draft_copy d;	/* its copy in the drafts maildir */
	char *dir, *file;	/* where the editor edits it */
	char *record;		/* and where its saves are noted */
	enum gpg_ask ask;	/* how a signing key's passphrase is asked */
};

static void
say(struct compose_session *s, const char *fmt, ...) MUA_PRINTF(2, 3);

static void
say(struct compose_session *s, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) == -1)
		text = NULL;
	va_end(ap);
	if (text != NULL && s->say != NULL)
		s->say(s->say_arg, text);
	free(text);
}

const char *
compose_editor(const struct config *config)
{
	const char *e = options_get(config->options, "editor");

	if (e != NULL && *e != '\0')
		return e;
	if ((e = getenv("VISUAL")) != NULL && *e != '\0')
		return e;
	if ((e = getenv("EDITOR")) != NULL && *e != '\0')
		return e;
	return "vi";
}

struct compose_session *
compose_session_new(const struct config *config, compose_say_fn *fn,
    void *arg)
{
	struct compose_session *s = xcalloc(1, sizeof *s);

	s->config = config;
	s->say = fn;
	s->say_arg = arg;
	return s;
}

/* The store, read-write, for one save; closed by release(). */
static struct store *
writable(struct compose_session *s, char **cause)
{
	char *used = NULL;

	if (s->d.store == NULL &&
	    mua_open_store_writable(s->config, &s->d.store, &used, cause) == -1)
		s->d.store = NULL;
	free(used);
	return s->d.store;
}

/* Lets the write lock go; RC passes through. A failure to commit is
 * one of the save. */
static int
release(struct compose_session *s, int rc, char **cause)
{
	char *why = NULL;

	if (s->d.store != NULL && store_close(s->d.store, &why) == -1 &&
	    rc == 0) {
		rc = -1;
		if (cause != NULL) {
			*cause = why;
			why = NULL;
		}
	}
	free(why);
	s->d.store = NULL;
	return rc;
}

/* The draft's copy in the drafts maildir, as draft-copy.h keeps it. */
static struct draft_copy *
copy_of(struct compose_session *s)
{
	s->d.account = s->account;
	s->d.record = s->record;
	return &s->d;
}

/* Keeps the draft in the drafts maildir (tag draft), then lets the older
 * copy go: there is always one on disk. */
static int
save_draft(struct compose_session *s, char **cause)
{
	if (writable(s, cause) == NULL)
		return -1;
	return release(s, draft_copy_save(copy_of(s), s->text, cause), cause);
}

int
compose_session_drop(struct compose_session *s, char **cause)
{
	if (writable(s, cause) == NULL)
		return -1;
	return release(s, draft_copy_drop(copy_of(s), cause), cause);
}

/* The draft becomes TEXT (taken), and is kept; its file too, which
 * the UI's view reads. */
static int
replace_draft(struct compose_session *s, char *text, char **cause)
{
	free(s->text);
	s->text = text;
	if (save_draft(s, cause) == -1)
		return -1;
	return compose_session_prepare_edit(s, cause);
}

const char *
compose_session_file(const struct compose_session *s)
{
	return s->file;
}

const char *
compose_session_text(const struct compose_session *s)
{
	return s->text;
}

const char *
compose_session_drafts(const struct compose_session *s)
{
	return account_folder(s->account, "drafts_folder", "Drafts");
}

int
compose_session_prepare_edit(struct compose_session *s, char **cause)
{
	return file_write_atomic(s->file, s->text, strlen(s->text), cause);
}

/*
 * Editing a message still held in an outbox takes it back (undo send):
 * its draft is safe by now, so the outbox copy can go. Too late (it is
 * being sent) only says so: the edit goes on as a new message.
 */
static void
take_back(struct compose_session *s, const char *original)
{
	char *why = NULL;
	size_t i;
	int rc = 0;

	if (writable(s, &why) == NULL) {
		say(s, "Not taken back: %s", why);
		free(why);
		return;
	}
	for (i = 0; i < s->config->naccounts && rc == 0; i++)
		rc = outbox_take_back(s->d.store, s->config->accounts[i],
		    original, &why);
	release(s, 0, NULL);
	if (rc == 1)
		say(s, "Taken back from the outbox: it is a draft now.");
	else if (rc == -1)
		say(s, "Not taken back: %s", why);
	free(why);
}

int
compose_session_edited(struct compose_session *s, int *unchanged,
    char **cause)
{
	char *text = NULL, *original;
	size_t len;
	int first = s->before != NULL;

	*unchanged = 0;
	if (file_read(s->file, &text, &len, cause) == -1)
		return -1;
	free(s->text);
	s->text = text;
	if (first && s->d.path == NULL && !s->again &&
	    strcmp(s->before, s->text) == 0) {
		*unchanged = 1;
		return 0;
	}
	original = s->before;
	s->before = NULL;
	if (save_draft(s, cause) == -1) {
		free(original);
		return -1;
	}
	if (first && s->again)
		take_back(s, s->original);
	free(original);
	return 0;
}

int
compose_session_set(struct compose_session *s, const char *name,
    const char *value, char **cause)
{
	return replace_draft(s, compose_set_header(s->text, name, value),
	    cause);
}

int
compose_session_attach(struct compose_session *s, const char *path,
    char **cause)
{
	return replace_draft(s, compose_attach(s->text, path), cause);
}

int
compose_session_detach(struct compose_session *s, size_t index,
    char **cause)
{
	return replace_draft(s, compose_detach(s->text, index), cause);
}

/* Whether P can't go at all: nobody to send it to, or nothing to send
 * it with; *why says so and what to do. */
static int
cannot_send(struct compose_session *s, const struct compose_parsed *p,
    char **why)
{
	if ((p->to == NULL || *p->to == '\0') &&
	    (p->cc == NULL || *p->cc == '\0') &&
	    (p->bcc == NULL || *p->bcc == '\0')) {
		*why = xstrdup("no recipients: t, c or b adds one");
		return 1;
	}
	return outbox_can_send(s->config, s->account, why) == -1;
}

void
compose_session_asks(struct compose_session *s, enum gpg_ask ask)
{
	s->ask = ask;
}

/* The plan for P's Security: line and recipients. 0 (p->refused may
 * say it can't go), or -1 with *cause. */
static int
plan_for(struct compose_session *s, const struct compose_parsed *p,
    struct seal_plan *plan, char **cause)
{
	struct seal_wish w;

	if (seal_wish_parse(p->security, &w, cause) == -1)
		return -1;
	return seal_plan_make(s->config, s->account, p->to, p->cc, p->bcc, &w,
	    plan, cause);
}

char *
compose_session_security(struct compose_session *s, int *sign, int *encrypt)
{
	struct compose_parsed p;
	struct seal_plan plan;
	char *cause = NULL, *text;

	*sign = *encrypt = 0;
	if (compose_parse(s->text, &p, &cause) == -1 ||
	    plan_for(s, &p, &plan, &cause) == -1) {
		compose_parsed_clear(&p);
		text = xasprintf("unknown: %s", cause);
		free(cause);
		return text;
	}
	compose_parsed_clear(&p);
	*sign = plan.sign;
	*encrypt = plan.encrypt;
	text = seal_plan_describe(&plan);
	seal_plan_clear(&plan);
	return text;
}

/*
 * The message P, built and sealed as its Security: line says, into
 * *data. 1 when built; 0 when it can't go (*why); 2 when the signing
 * key needs its passphrase (*why: the key).
 */
static int
build(struct compose_session *s, const struct compose_parsed *p,
    char **data, size_t *len, char **why)
{
	struct mime_draft d;
	struct seal_plan plan;
	enum gpg_failure failure;
	char *built;
	size_t built_len;
	int rc = 0;

	compose_to_draft(p, &d);
	if (mime_build(&d, &built, &built_len, NULL, why) == -1)
		return 0;
	if (plan_for(s, p, &plan, why) == 0) {
		if (plan.refused != NULL)
			*why = xstrdup(plan.refused);
		else if (seal_plan_apply(&plan, s->ask, built, built_len, data,
		    len, &failure, why) == 0)
			rc = 1;
		if (rc == 1 && *data == NULL) {	/* it goes as built */
			*data = built;
			*len = built_len;
			built = NULL;
		}
		else if (failure == GPG_LOCKED) {
			free(*why);
			*why = xstrdup(plan.signer);
			rc = 2;
		}
		seal_plan_clear(&plan);
	}
	free(built);
	return rc;
}

int
compose_session_queue(struct compose_session *s, char **why, char **cause)
{
	struct compose_parsed p;
	char *data = NULL;
	size_t len;
	int rc;

	*why = NULL;
	if (compose_parse(s->text, &p, why) == -1)
		return 0;
	rc = cannot_send(s, &p, why) ? 0 : build(s, &p, &data, &len, why);
	if (rc != 1) {
		compose_parsed_clear(&p);
		return rc;
	}
	compose_parsed_clear(&p);
	if (writable(s, cause) == NULL) {
		free(data);
		return -1;
	}
	rc = outbox_enqueue(s->d.store, s->account, data, len,
	    options_get_number(s->config->options, "send_delay"), cause);
	free(data);
	if (rc == 0)
		rc = draft_copy_drop(copy_of(s), cause);
	return release(s, rc, cause) == -1 ? -1 : 1;
}

int
compose_session_flush(struct compose_session *s,
    void (*report)(void *, const struct outbox_event *), void *arg,
    char **cause)
{
	struct outbox_flush f = { s->config, NULL, s->account, 1, report,
		arg, 0, 0, 0 };

	if ((f.store = writable(s, cause)) == NULL)
		return -1;
	return release(s, outbox_flush(&f, cause), cause);
}

/* The account whose address the draft TEXT is From, else the default. */
static const struct account *
draft_account(const struct config *config, const char *text)
{
	struct compose_parsed p;
	char **mine = NULL;
	size_t i, n;
	const struct account *found = NULL;

	if (compose_parse(text, &p, NULL) == -1)
		return config_default_account(config);
	for (i = 0; i < config->naccounts && found == NULL; i++) {
		n = 0;
		mine = NULL;
		mime_addresses(account_get_one(config->accounts[i], "from"),
		    &mine, &n, NULL);
		if (n > 0 && p.from != NULL && strstr(p.from, mine[0]) != NULL)
			found = config->accounts[i];
		while (n > 0)
			free(mine[--n]);
		free(mine);
	}
	compose_parsed_clear(&p);
	return found != NULL ? found : config_default_account(config);
}

/* Whether the file PATH is tagged draft. */
static int
tagged_draft(struct compose_session *s, const char *path)
{
	struct store *store = NULL;
	char **tags = NULL, *used = NULL;
	size_t i;
	int draft = 0;

	if (mua_open_store(s->config, NULL, NULL, STORE_READ_ONLY, &store,
	    &used, NULL) == 0 &&
	    store_file_tags(store, path, &tags, NULL) == 0) {
		for (i = 0; tags != NULL && tags[i] != NULL; i++)
			draft |= strcmp(tags[i], "draft") == 0;
		store_free_tags(tags);
	}
	if (store != NULL)
		store_close(store, NULL);
	free(used);
	return draft;
}

/* A recalled draft R->draft, read: 1 when it is one of ours to go on
 * with; 0 when it is a message to send anew (R changed so). */
static int
recall(struct compose_session *s, struct compose_request *r, int *tagged,
    char **cause)
{
	struct compose_parsed p;
	char *text;
	size_t len;

	if (file_read(r->draft, &text, &len, cause) == -1)
		return -1;
	/* The date it was kept at and its Message-ID are no business of
	 * the editor's. */
	s->d.id = compose_header(text, "Message-ID");
	s->text = compose_set_header(text, "Date", NULL);
	free(text);
	text = s->text;
	s->text = compose_set_header(text, "Message-ID", NULL);
	free(text);
	/* A draft to go on with: one without a Message-ID (an older mua's),
	 * or one tagged draft. */
	*tagged = tagged_draft(s, r->draft);
	if ((s->d.id == NULL || *tagged) &&
	    compose_parse(s->text, &p, NULL) == 0) {
		compose_parsed_clear(&p);
		s->d.path = xstrdup(r->draft);
		s->account = draft_account(s->config, s->text);
		return 1;
	}
	/* Not in our form: a message to edit and send anew. Mail stays
	 * where it is; a draft another client wrote is replaced by this
	 * one, under its Message-ID. */
	free(s->text);
	s->text = NULL;
	if (!*tagged) {
		free(s->d.id);
		s->d.id = NULL;
	}
	r->start.kind = COMPOSE_AGAIN;
	r->start.original = r->draft;
	return 0;
}

/* The first draft: a recalled one as it was, else a template. */
static int
first_text(struct compose_session *s, struct compose_request *r,
    char **cause)
{
	int tagged = 0, rc;

	if (r->draft != NULL && (rc = recall(s, r, &tagged, cause)) != 0)
		return rc == 1 ? 0 : -1;
	r->start.to = r->to.s;
	r->start.cc = r->cc.s;
	r->start.bcc = r->bcc.s;
	r->start.body = r->body.s;
	r->start.attachments = r->files;
	if (compose_template(s->config, &r->start, &s->account, &s->text,
	    cause) == -1)
		return -1;
	if (tagged)
		s->d.path = xstrdup(r->draft);
	s->again = r->start.kind == COMPOSE_AGAIN;
	if (s->again)
		s->original = xstrdup(r->start.original);
	return 0;
}

/*
 * Where the editor edits: compose/PID in the state directory (0700), so
 * that text written before mua was killed outright is found next time.
 */
static int
work_dir(struct compose_session *s, char **cause)
{
	char *name = xasprintf("compose/%ld", (long)getpid());

	s->dir = file_state_path(name);
	s->record = xasprintf("%s/saved", s->dir);
	s->file = xasprintf("%s/draft.eml", s->dir);
	free(name);
	if (file_make_dirs(s->dir, cause) == -1)
		return -1;
	return chmod(s->dir, 0700) == 0 ? 0 :
	    set_cause(cause, "%s: %s", s->dir, strerror(errno));
}

/*
 * Keeps the text of a compose whose process is gone (killed, crashed) as
 * a draft, so nothing written is lost; says so. Killed in the middle of
 * a save, it may have left copies of its own: they go (draft-copy.h).
 */
static void
recover_one(struct compose_session *s, const char *dir, const char *name)
{
	char *file = xasprintf("%s/%s/draft.eml", dir, name), *text = NULL,
	    *record = xasprintf("%s/%s/saved", dir, name), *cause = NULL;
	struct draft_copy d = { NULL, NULL, NULL, NULL, record };
	size_t len;
	long pid = strtol(name, NULL, 10);

	if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
		goto out;	/* still writing */
	if (file_read(file, &text, &len, NULL) == 0 && len > 0) {
		d.account = draft_account(s->config, text);
		draft_copy_read_record(&d, record);
		if ((d.store = writable(s, &cause)) != NULL &&
		    release(s, draft_copy_save(&d, text, &cause) == 0 ?
		    draft_copy_drop_strays(&d, &cause) : -1, &cause) == 0)
			say(s, "Recovered a message an interrupted mua compose "
			    "left: it is a draft now.");
		else
			say(s, "Can't recover %s: %s", file, cause);
		d.store = NULL;
		draft_copy_clear(&d);
		free(text);
	}
	free(file);
	file = xasprintf("%s/%s", dir, name);
	file_remove_tree(file, NULL);
out:
	free(cause);
	free(record);
	free(file);
}

static void
recover_interrupted(struct compose_session *s)
{
	char *dir = file_state_path("compose");
	struct dirent *d;
	DIR *dp;

	if ((dp = opendir(dir)) != NULL) {
		while ((d = readdir(dp)) != NULL)
			if (d->d_name[0] != '.')
				recover_one(s, dir, d->d_name);
		closedir(dp);
	}
	free(dir);
}

int
compose_session_start(struct compose_session *s, struct compose_request *r,
    char **cause)
{
	recover_interrupted(s);
	if (first_text(s, r, cause) == -1)
		return -1;
	if (s->account == NULL)
		return set_cause(cause, "no account to write from: add one to "
		    "the configuration");
	s->before = xstrdup(s->text);
	if (work_dir(s, cause) == -1)
		return -1;
	return compose_session_prepare_edit(s, cause);
}

void
compose_session_complete(void *arg, const char *word, char ***out, size_t *n)
{
	struct compose_session *s = arg;
	struct store *store = NULL;
	char *used = NULL;

	if (mua_open_store(s->config, NULL, NULL, STORE_READ_ONLY, &store,
	    &used, NULL) == -1)
		store = NULL;
	addressbook_offer(s->config, store, word, out, n);
	if (store != NULL)
		store_close(store, NULL);
	free(used);
}

void
compose_session_free(struct compose_session *s)
{
	if (s == NULL)
		return;
	if (s->dir != NULL)
		file_remove_tree(s->dir, NULL);
	release(s, 0, NULL);
	free(s->dir);
	free(s->file);
	free(s->text);
	free(s->before);
	free(s->original);
	draft_copy_clear(&s->d);
	free(s->record);
	free(s);
}

void
compose_request_clear(struct compose_request *r)
{
	buf_free(&r->to);
	buf_free(&r->cc);
	buf_free(&r->bcc);
	buf_free(&r->body);
	free(r->files);
	free((char *)r->start.subject);
}
