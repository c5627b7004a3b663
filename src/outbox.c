/* outbox.c: the durable outbox; see outbox.h. */
#include "autodefs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account.h"
#include "buf.h"
#include "config.h"
#include "file.h"
#include "append-imap.h"
#include "killpoint.h"
#include "maildir.h"
#include "mime-build.h"
#include "mime-resend.h"
#include "mua.h"
#include "options.h"
#include "outbox.h"
#include "run.h"
#include "session.h"
#include "smtp.h"
#include "store.h"
#include "tls.h"

/* One message in the outbox. */
struct entry {
	char *key, *path;
	enum outbox_state state;
	unsigned attempts;
	time_t next;
	char *reason;
	struct mime_envelope env;	/* once read */
};

/* <mail root>/<account's maildir>/FOLDER */
static char *
folder_dir(struct store *store, const struct account *a, const char *folder)
{
	return account_maildir(a, store_path(store), folder);
}

static char *
state_path(const struct account *a, const char *key)
{
	char *name = xasprintf("outbox/%s/%s", account_name(a), key);
	char *path = file_state_path(name);

	free(name);
	return path;
}

static void
read_state(const struct account *a, struct entry *e)
{
	char *path = state_path(a, e->key), *data = NULL;
	struct outbox_record r = { OUTBOX_QUEUED, 0, 0, NULL };
	size_t len;

	/* No file yet: just queued. */
	if (file_read(path, &data, &len, NULL) == 0)
		outbox_record_parse(data, len, &r);
	e->state = r.state;
	e->attempts = r.attempts;
	e->next = (time_t)r.next;
	e->reason = r.reason;
	free(data);
	free(path);
}

/* Saves E's state, durably: it decides whether the message goes again. */
static int
write_state(const struct account *a, const struct entry *e, char **cause)
{
	char *path = state_path(a, e->key), *text;
	struct outbox_record r = { e->state, e->attempts, (long long)e->next,
		e->reason };
	int rc;

	text = outbox_record_format(&r);
	rc = file_make_parent(path, cause);
	if (rc == 0)
		rc = file_write_atomic(path, text, strlen(text), cause);
	free(text);
	free(path);
	return rc;
}

int
outbox_can_send(const struct config *config, const struct account *a,
    char **cause)
{
	const char *command = options_get(config->options, "sendmail_command");

	if (account_get_one(a, "smtp") != NULL ||
	    (command != NULL && *command != '\0'))
		return 0;
	return set_cause(cause, "account \"%s\" has no smtp server and "
	    "sendmail_command is not set: nothing could send it (add "
	    "smtp = \"smtps://host\" to the account)", account_name(a));
}

int
outbox_enqueue(struct store *store, const struct account *a,
    const char *data, size_t len, long delay, char **cause)
{
	const char *tags[] = { "outbox", NULL };
	char *dir = folder_dir(store, a, "Outbox"), *path = NULL, key[40];
	unsigned char r[16];
	size_t i;
	int rc;

	tls_random(r, sizeof r);
	for (i = 0; i < sizeof r; i++)
		snprintf(key + 2 * i, 3, "%02x", r[i]);
	rc = maildir_make(dir, cause);
	if (rc == 0)	/* seen: the outbox shouldn't count as unread mail */
		rc = maildir_deliver_keyed(dir, key, data, len, "S",
		    MAILDIR_SYNC_EACH, &path, cause);
	if (rc == 0)
		rc = store_index_file(store, path, tags, cause);
	if (rc == 0 && delay > 0) {	/* held: no try before its time */
		struct entry e = { key, NULL, OUTBOX_QUEUED, 0,
			time(NULL) + delay, NULL, { NULL, NULL, 0, NULL, NULL,
			NULL, 0 } };
		rc = write_state(a, &e, cause);
	}
	free(path);
	free(dir);
	return rc;
}

static void
entries_free(struct entry *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(e[i].key);
		free(e[i].path);
		free(e[i].reason);
		mime_envelope_clear(&e[i].env);
	}
	free(e);
}

/* The account's outbox, each entry with its state. */
static struct entry *
entries_read(struct store *store, const struct account *a, size_t *n)
{
	char *dir = folder_dir(store, a, "Outbox");
	struct maildir_keys keys = { NULL, NULL, 0 };
	struct entry *e;
	size_t i;

	maildir_keys(dir, &keys);
	e = xcalloc(keys.n + 1, sizeof *e);
	for (i = 0; i < keys.n; i++) {
		e[i].key = xstrdup(keys.keys[i]);
		e[i].path = xstrdup(keys.paths[i]);
		read_state(a, &e[i]);
	}
	*n = keys.n;
	maildir_keys_free(&keys);
	free(dir);
	return e;
}

static void
report(struct outbox_flush *f, const struct entry *e)
{
	struct outbox_event ev = { e->env.subject != NULL ? e->env.subject :
	    "(no subject)", e->state, e->reason, e->next, e->env.bounce };

	if (f->report != NULL)
		f->report(f->report_arg, &ev);
}

/* Tags CHANGES on the message ID (no-op without one). */
static int
retag(struct store *store, const char *id, const char *changes, char **cause)
{
	struct journal_change *done = NULL;
	size_t n = 0;
	char *query;
	int rc;

	if (id == NULL)
		return 0;
	query = store_id_query(id);
	rc = store_tag(store, query, changes, &done, &n, cause);
	store_changes_free(done, n);
	free(query);
	return rc;
}

/* "+sent ... -outbox": the account's sent_tags in, the outbox out. */
static char *
sent_changes(const struct account *a)
{
	struct buf b = { NULL, 0, 0 };
	size_t n, i;
	const char *const *tags = account_get(a, "sent_tags", &n);

	for (i = 0; i < n; i++)
		buf_printf(&b, "+%s ", tags[i]);
	buf_adds(&b, "-outbox -send-failed -send-unknown");
	return buf_take(&b);
}

/* Whether a sent copy also goes to the server's Sent folder: an IMAP
 * account whose sent_folder isn't "" (append-imap.h). */
static int
wants_append(const struct account *a)
{
	const char *folder = account_get_one(a, "sent_folder");

	return account_get_one(a, "imap") != NULL &&
	    (folder == NULL || *folder != '\0');
}

/* The copy in the Sent maildir: a hard link, named as in the outbox, so
 * doing it again after a crash finds it there. */
static char *
link_sent(struct outbox_flush *f, const struct entry *e, char **cause)
{
	char *dir = folder_dir(f->store, f->account, account_folder(
	    f->account, "sent_folder", "Sent")), *cur, *target;

	cur = xasprintf("%s/cur", dir);
	target = xasprintf("%s/%s", cur, strrchr(e->path, '/') + 1);
	if (maildir_make(dir, cause) == -1 || (link(e->path, target) == -1 &&
	    errno != EEXIST && set_cause(cause, "%s: %s", target,
	    strerror(errno))) || file_sync_dir(cur, cause) == -1) {
		free(target);
		target = NULL;
	}
	free(cur);
	free(dir);
	return target;
}

/* The copy of E in Sent, indexed with the sent tags, the message it
 * answers marked replied, and E out of the index. */
static int
file_sent(struct outbox_flush *f, struct entry *e, char **cause)
{
	const char *none[] = { NULL };
	char *sent, *changes;
	int rc = -1;

	if ((sent = link_sent(f, e, cause)) == NULL)
		return -1;
	killpoint("outbox", "linked");
	/* The index committed before the outbox file goes: a crash after
	 * the unlink would leave the Sent copy unindexed, and the state no
	 * longer knows to index it. */
	changes = sent_changes(f->account);
	if (store_index_file(f->store, sent, none, cause) == -1 ||
	    retag(f->store, e->env.message_id, changes, cause) == -1 ||
	    retag(f->store, e->env.in_reply_to, "+replied", cause) == -1 ||
	    store_remove_file(f->store, e->path, cause) == -1 ||
	    store_commit(f->store, cause) == -1)
		goto out;
	killpoint("outbox", "committed");
	if (wants_append(f->account) && append_imap_note(f->account, e->key,
	    sent, cause) == -1)
		goto out;
	if (wants_append(f->account))
		killpoint("outbox", "noted");
	rc = 0;
out:
	free(changes);
	free(sent);
	return rc;
}

/* A bounce leaves no copy (as in mutt): its wrapper just leaves the
 * index. */
static int
forget_bounce(struct outbox_flush *f, struct entry *e, char **cause)
{
	if (store_remove_file(f->store, e->path, cause) == -1 ||
	    store_commit(f->store, cause) == -1)
		return -1;
	killpoint("outbox", "committed");
	return 0;
}

/*
 * The server took E: filed away, then out of the outbox. Every step can
 * be done again after a crash: the state says "sent" until the last.
 */
static int
finish_sent(struct outbox_flush *f, struct entry *e, char **cause)
{
	char *state;

	if (access(e->path, F_OK) == 0) {
		if ((e->env.bounce ? forget_bounce(f, e, cause) :
		    file_sent(f, e, cause)) == -1)
			return -1;
		if (unlink(e->path) == -1)
			return set_cause(cause, "%s: %s", e->path,
			    strerror(errno));
		killpoint("outbox", "unlinked");
	}
	state = state_path(f->account, e->key);
	unlink(state);
	free(state);
	killpoint("outbox", "done");
	return 0;
}

/* Reads E's message and its envelope; NULL with *cause. */
static char *
read_message(struct entry *e, size_t *len, char **cause)
{
	char *data = NULL;

	if (file_read(e->path, &data, len, cause) == -1)
		return NULL;
	if (e->env.from == NULL &&
	    mime_envelope_read(data, *len, &e->env, cause) == -1) {
		free(data);
		return NULL;
	}
	return data;
}

/* Seconds before the next automatic try: 1 minute, doubling, 1 hour at
 * most. */
static time_t
backoff(unsigned attempts)
{
	time_t t = 60;

	while (attempts-- > 1 && t < 3600)
		t *= 2;
	return t < 3600 ? t : 3600;
}

/* Records OUTCOME for E, with REASON (taken). */
static int
settle(struct outbox_flush *f, struct entry *e, enum smtp_outcome outcome,
    char *reason, char **cause)
{
	static const enum outbox_state states[] = { OUTBOX_SENT,
		OUTBOX_QUEUED, OUTBOX_FAILED, OUTBOX_UNKNOWN };

	free(e->reason);
	e->reason = reason;
	e->state = states[outcome];
	if (outcome == SMTP_TRY_LATER) {
		e->attempts++;
		e->next = time(NULL) + backoff(e->attempts);
	}
	if (write_state(f->account, e, cause) == -1)
		return -1;
	if (outcome == SMTP_SENT)
		killpoint("outbox", "sent");
	if (outcome == SMTP_SENT && finish_sent(f, e, cause) == -1)
		return -1;
	/* The outbox view shows what needs the user by tag. */
	if ((outcome == SMTP_REFUSED || outcome == SMTP_UNKNOWN) &&
	    retag(f->store, e->env.message_id, outcome == SMTP_REFUSED ?
	    "+send-failed" : "+send-unknown", cause) == -1)
		return -1;
	if (outcome == SMTP_SENT)
		f->sent++;
	else
		f->left++;
	report(f, e);
	return 0;
}

struct sending {
	struct outbox_flush *f;
	struct entry *e;
};

/* Just before the data goes: from here a broken link may mean sent. */
static void
mark_sending(void *arg)
{
	struct sending *s = arg;

	s->e->state = OUTBOX_SENDING;
	write_state(s->f->account, s->e, NULL);
	killpoint("outbox", "sending");
}

/* *WIRE for a server without 8BITMIME: its 8-bit parts re-encoded. */
static void
seven_bit(char **wire, size_t *len)
{
	size_t n;
	char *text = mime_to_7bit(*wire, *len, &n);

	if (text == NULL)
		return;		/* the server's answer will say */
	free(*wire);
	*wire = text;
	*len = n;
}

/* What goes to the server for E's message DATA: a bounce's inner
 * message, else DATA without its Bcc (caller frees). */
static char *
wire_of(const struct entry *e, const char *data, size_t len, size_t *wire_len)
{
	const char *inner;
	char *wire;

	if (!e->env.bounce)
		return mime_without_bcc(data, len, wire_len);
	if ((inner = mime_resend_inner(data, len, wire_len)) == NULL)
		*wire_len = 0;
	wire = xmalloc(*wire_len + 1);
	memcpy(wire, inner != NULL ? inner : "", *wire_len);
	wire[*wire_len] = '\0';
	return wire;
}

/* Sends E on SMTP (or through sendmail_command when SMTP is NULL). */
static int
send_one(struct outbox_flush *f, struct smtp *smtp, struct entry *e,
    char **cause)
{
	const char *command = options_get(f->config->options,
	    "sendmail_command");
	struct sending s = { f, e };
	char *data, *wire, *reason = NULL, *out = NULL;
	size_t len, wire_len;
	enum smtp_outcome o;
	int fd;

	if ((data = read_message(e, &len, &reason)) == NULL)
		return settle(f, e, SMTP_REFUSED, reason, cause);
	if (smtp == NULL && e->env.bounce) {
		free(data);
		return settle(f, e, SMTP_REFUSED, xstrdup(OUTBOX_BOUNCE_SMTP),
		    cause);
	}
	if (smtp != NULL) {
		wire = wire_of(e, data, len, &wire_len);
		if (!smtp_takes_8bit(smtp) && mime_has_8bit(wire, wire_len))
			seven_bit(&wire, &wire_len);
		o = smtp_send(smtp, e->env.from, e->env.rcpts, e->env.n, wire,
		    wire_len, mark_sending, &s, &reason);
		free(wire);
	} else {	/* the command reads the recipients, Bcc too */
		mark_sending(&s);
		fd = open(e->path, O_RDONLY | O_CLOEXEC);
		o = run_capture(command, fd, 4096, &out, &reason) == 0 ?
		    SMTP_SENT : SMTP_TRY_LATER;
		if (fd != -1)
			close(fd);
		free(out);
	}
	free(data);
	if (o == SMTP_SENT)
		killpoint("outbox", "answered");	/* it arrived; not yet noted */
	return settle(f, e, o, reason, cause);
}

/* Whether E waits out send_delay: never tried, and not yet time. */
static int
held(const struct entry *e, time_t now)
{
	return e->state == OUTBOX_QUEUED && e->attempts == 0 && e->next > now;
}

/* Whether E goes in this flush. */
static int
due(const struct outbox_flush *f, const struct entry *e, time_t now)
{
	return e->state == OUTBOX_QUEUED && !held(e, now) &&
	    (f->all || e->next <= now);
}

/* Says which messages wait out send_delay. */
static void
report_held(struct outbox_flush *f, struct entry *e, size_t n, time_t now)
{
	char *data;
	size_t i, len;

	for (i = 0; i < n; i++) {
		if (!held(&e[i], now))
			continue;
		if ((data = read_message(&e[i], &len, NULL)) != NULL)
			free(data);
		free(e[i].reason);
		e[i].reason = xstrdup("held back by send_delay");
		f->held++;
		report(f, &e[i]);
	}
}

/*
 * Entries a crash left behind: "sent" ones finish their move; "sending"
 * ones may have arrived, so they become "unknown" rather than go twice.
 */
static int
recover(struct outbox_flush *f, struct entry *e, char **cause)
{
	char *reason, *data;
	size_t len;

	if (e->state == OUTBOX_SENT) {
		if ((data = read_message(e, &len, NULL)) != NULL)
			free(data);
		return finish_sent(f, e, cause);
	}
	if (e->state == OUTBOX_FAILED || e->state == OUTBOX_UNKNOWN) {
		if ((data = read_message(e, &len, NULL)) != NULL)
			free(data);
		f->left++;	/* still here, waiting for the user */
		report(f, e);
		return 0;
	}
	if (e->state != OUTBOX_SENDING)
		return 0;
	if ((data = read_message(e, &len, NULL)) != NULL)
		free(data);
	reason = xstrdup("delivery unknown: mua stopped while sending it");
	return settle(f, e, SMTP_UNKNOWN, reason, cause);
}

/* Marks every due entry from I on as not tried, for REASON. */
static int
not_tried(struct outbox_flush *f, struct entry *e, size_t n, time_t now,
    const char *why, char **cause)
{
	size_t i;
	char *data;
	size_t len;

	for (i = 0; i < n; i++) {
		if (!due(f, &e[i], now))
			continue;
		if ((data = read_message(&e[i], &len, NULL)) != NULL)
			free(data);
		if (settle(f, &e[i], SMTP_TRY_LATER, xstrdup(why), cause) == -1)
			return -1;
	}
	return 0;
}

/* Sends the due entries over one SMTP connection. */
static int
send_due(struct outbox_flush *f, struct entry *e, size_t n, time_t now,
    char **cause)
{
	struct session s;
	struct smtp *smtp = NULL;
	char *why = NULL;
	size_t i;
	int rc = 0;

	if (session_read(f->config, f->account, "smtp", &s, &why) == -1 ||
	    session_password(&s, &why) == -1 ||
	    (smtp = smtp_open(&s, &why)) == NULL) {
		rc = not_tried(f, e, n, now, why, cause);
		session_clear(&s);
		free(why);
		return rc;
	}
	for (i = 0; i < n && rc == 0; i++) {
		if (!due(f, &e[i], now))
			continue;
		if (!smtp_alive(smtp))
			rc = not_tried(f, e + i, n - i, now, "not tried: the "
			    "connection broke", cause);
		else
			rc = send_one(f, smtp, &e[i], cause);
	}
	smtp_close(smtp);
	session_clear(&s);
	return rc;
}

int
outbox_flush(struct outbox_flush *f, char **cause)
{
	const char *command = options_get(f->config->options,
	    "sendmail_command");
	struct entry *e;
	time_t now = time(NULL);
	size_t n, i, ndue = 0;
	int rc = 0;

	f->sent = f->left = f->held = 0;
	e = entries_read(f->store, f->account, &n);
	for (i = 0; i < n && rc == 0; i++)
		rc = recover(f, &e[i], cause);
	report_held(f, e, n, now);
	for (i = 0; i < n; i++)
		ndue += due(f, &e[i], now);
	if (rc == 0 && ndue > 0 && command != NULL && *command != '\0')
		for (i = 0; i < n && rc == 0; i++)
			rc = due(f, &e[i], now) ? send_one(f, NULL, &e[i],
			    cause) : 0;
	else if (rc == 0 && ndue > 0)
		rc = send_due(f, e, n, now, cause);
	entries_free(e, n);
	if (rc == 0 && f->left > 0)
		rc = set_cause(cause, "%u message%s not sent", f->left,
		    f->left == 1 ? "" : "s");
	return rc;
}

time_t
outbox_next_try(const struct config *config, struct store *store)
{
	time_t next = 0;
	struct entry *e;
	size_t i, j, n;

	for (i = 0; i < config->naccounts; i++) {
		e = entries_read(store, config->accounts[i], &n);
		for (j = 0; j < n; j++)
			if (e[j].state == OUTBOX_QUEUED &&
			    (next == 0 || e[j].next < next))
				next = e[j].next > 0 ? e[j].next : 1;
		entries_free(e, n);
	}
	return next;
}

int
outbox_take_back(struct store *store, const struct account *a,
    const char *path, char **cause)
{
	struct entry *e;
	size_t n, i;
	int rc = 0;
	char *state;

	e = entries_read(store, a, &n);
	for (i = 0; i < n && rc == 0; i++) {
		if (strcmp(e[i].path, path) != 0)
			continue;
		if (e[i].state == OUTBOX_SENDING || e[i].state == OUTBOX_SENT) {
			rc = set_cause(cause, "too late to take it back: it is "
			    "%s", outbox_state_name(e[i].state));
			break;
		}
		if (store_remove_file(store, path, cause) == -1 ||
		    (unlink(path) == -1 && set_cause(cause, "%s: %s", path,
		    strerror(errno))) || store_commit(store, cause) == -1) {
			rc = -1;
			break;
		}
		state = state_path(a, e[i].key);
		unlink(state);
		free(state);
		rc = 1;
	}
	entries_free(e, n);
	return rc;
}

/* The maildir key of PATH when it is an outbox file, or NULL. */
static char *
key_of_path(const char *path)
{
	return strstr(path, "/Outbox/") != NULL ? maildir_key(path) : NULL;
}

/* The name of the account whose outbox state holds KEY (caller frees),
 * or NULL: the state directory has a directory per account. */
static char *
state_owner(const char *key)
{
	char *dir = file_state_path("outbox"), *path, *owner = NULL;
	struct dirent *d;
	DIR *dp;

	if ((dp = opendir(dir)) != NULL) {
		while (owner == NULL && (d = readdir(dp)) != NULL) {
			if (d->d_name[0] == '.')
				continue;
			path = xasprintf("%s/%s/%s", dir, d->d_name, key);
			if (access(path, F_OK) == 0)
				owner = xstrdup(d->d_name);
			free(path);
		}
		closedir(dp);
	}
	free(dir);
	return owner;
}

char *
outbox_describe(const char *path)
{
	char *key = key_of_path(path), *owner, when[32];
	struct buf b = { NULL, 0, 0 };
	struct entry e;
	struct account *a;
	struct tm tm;

	if (key == NULL)
		return NULL;
	memset(&e, 0, sizeof e);
	e.key = key;
	if ((owner = state_owner(key)) != NULL) {
		a = account_new(owner);	/* read_state() needs only its name */
		read_state(a, &e);
		account_free(a);
	}
	buf_printf(&b, "in the outbox: %s", outbox_state_name(e.state));
	if (e.attempts > 0)
		buf_printf(&b, ", %u tr%s", e.attempts, e.attempts == 1 ?
		    "y" : "ies");
	if (e.state == OUTBOX_QUEUED && e.next > 0 &&
	    localtime_r(&e.next, &tm) != NULL &&
	    strftime(when, sizeof when, "%H:%M", &tm) > 0)
		buf_printf(&b, ", next at %s", when);
	if (e.reason != NULL && *e.reason != '\0')
		buf_printf(&b, ": %s", e.reason);
	free(e.reason);
	free(owner);
	free(key);
	return buf_take(&b);
}
