/* mua-compose.c: the compose verb; see mua-compose.h. */
#include "autodefs.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "addressbook.h"
#include "buf.h"
#include "compose.h"
#include "config.h"
#include "draft-copy.h"
#include "file.h"
#include "maildir.h"
#include "mime-build.h"
#include "mua-compose.h"
#include "mua-ui.h"
#include "mua.h"
#include "options.h"
#include "outbox.h"
#include "run.h"
#include "store.h"
#include "ui-complete.h"
#include "ui-complete.h"
#include "sync-drafts.h"
#include "ttyline.h"

/* A message being written. */
struct writing {
	const struct config *config;
	struct store *store;
	const struct account *account;
	char *text;		/* the draft */
	struct draft_copy d;	/* its copy in the drafts maildir */
	char *dir, *file;	/* where the editor edits it */
	char *record;		/* and where its saves are noted */
	int queue_only;		/* leave the sending to someone else */
	FILE *tty;
};

/* What the command line asked for. */
struct request {
	struct compose_start start;
	struct buf to, cc, bcc, body;
	const char **files;
	size_t nfiles;
	const char *draft;	/* --draft */
	int queue_only;
};

/* %XX decoded, in place. */
static char *
unescape(char *s)
{
	char *o = s, *p;
	unsigned v;

	for (p = s; *p != '\0'; p++)
		if (*p == '%' && isxdigit((unsigned char)p[1]) &&
		    isxdigit((unsigned char)p[2]) && sscanf(p + 1, "%2x", &v)) {
			*o++ = (char)v;
			p += 2;
		} else
			*o++ = *p;
	*o = '\0';
	return s;
}

/* mailto:ADDR?subject=..&cc=..&body=.. (RFC 6068) into R. */
static void
mailto(struct request *r, const char *uri)
{
	char *copy = xstrdup(uri + 7), *q = strchr(copy, '?'), *f, *save;

	if (q != NULL)
		*q++ = '\0';
	if (*copy != '\0')
		buf_join(&r->to, ", ", unescape(copy));
	for (f = q ? strtok_r(q, "&", &save) : NULL; f != NULL;
	    f = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(f, '=');
		if (eq == NULL)
			continue;
		*eq = '\0';
		unescape(eq + 1);
		if (strcasecmp(f, "subject") == 0)
			r->start.subject = xstrdup(eq + 1);
		else if (strcasecmp(f, "cc") == 0)
			buf_join(&r->cc, ", ", eq + 1);
		else if (strcasecmp(f, "bcc") == 0)
			buf_join(&r->bcc, ", ", eq + 1);
		else if (strcasecmp(f, "to") == 0)
			buf_join(&r->to, ", ", eq + 1);
		else if (strcasecmp(f, "body") == 0)
			buf_adds(&r->body, eq + 1);
	}
	free(copy);
}

static int
parse_args(int argc, char **argv, struct request *r)
{
	enum { O_REPLY = 256, O_GROUP, O_LIST, O_FORWARD, O_DRAFT, O_QUEUE };
	static const struct option longs[] = {
		{ "reply", required_argument, NULL, O_REPLY },
		{ "group", required_argument, NULL, O_GROUP },
		{ "list", required_argument, NULL, O_LIST },
		{ "forward", required_argument, NULL, O_FORWARD },
		{ "draft", required_argument, NULL, O_DRAFT },
		{ "queue-only", no_argument, NULL, O_QUEUE },
		{ NULL, 0, NULL, 0 },
	};
	static const enum compose_kind kinds[] = { COMPOSE_REPLY,
		COMPOSE_GROUP, COMPOSE_LIST, COMPOSE_FORWARD };
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:s:c:b:a:", longs, NULL)) != -1) {
		if (c == 's')
			r->start.subject = xstrdup(optarg);
		else if (c == 'c')
			buf_join(&r->cc, ", ", optarg);
		else if (c == 'b')
			buf_join(&r->bcc, ", ", optarg);
		else if (c == 'a') {
			r->files = xreallocarray(r->files, r->nfiles + 2,
			    sizeof *r->files);
			r->files[r->nfiles++] = optarg;
			r->files[r->nfiles] = NULL;
		} else if (c >= O_REPLY && c <= O_FORWARD) {
			r->start.kind = kinds[c - O_REPLY];
			r->start.original = optarg;
		} else if (c == O_DRAFT)
			r->draft = optarg;
		else if (c == O_QUEUE)
			r->queue_only = 1;
		else {
			fprintf(stderr, "mua compose: %s: %s\n", c == ':' ?
			    "option needs an argument" : "unknown option",
			    argv[optind - 1]);
			return -1;
		}
	}
	for (; optind < argc; optind++)
		if (strncasecmp(argv[optind], "mailto:", 7) == 0)
			mailto(r, argv[optind]);
		else
			buf_join(&r->to, ", ", argv[optind]);
	return 0;
}

static const char *
editor(const struct config *config)
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

/* Set when the terminal went away (SIGHUP) or mua was told to stop. */
static volatile sig_atomic_t hung_up;

static void
on_hangup(int sig)
{
	(void)sig;
	hung_up = 1;
}

/* Runs the editor on the draft and reads it back. */
static int
edit(struct writing *w, char **cause)
{
	struct run_io io = { -2, -2 };
	char *command, *text = NULL;
	size_t len;
	int status;

	if (file_write_atomic(w->file, w->text, strlen(w->text), cause) == -1)
		return -1;
	command = xasprintf("%s '%s'", editor(w->config), w->file);
	if (run_shell(command, &io, &status, cause) == -1) {
		free(command);
		return -1;
	}
	free(command);
	/* A hangup (the SSH link dropped) ends the editor too: what it
	 * wrote is kept as the draft all the same. */
	if (status != 0 && !hung_up)
		return set_cause(cause, "the editor failed (exit status %d): "
		    "the draft is as it was", status);
	if (file_read(w->file, &text, &len, cause) == -1)
		return -1;
	free(w->text);
	w->text = text;
	return 0;
}

/* The draft's copy in the drafts maildir, as draft-copy.h keeps it. */
static struct draft_copy *
copy_of(struct writing *w)
{
	w->d.store = w->store;
	w->d.account = w->account;
	w->d.record = w->record;
	return &w->d;
}

/* Forgets the draft's copy in the drafts maildir. */
static int
drop_draft(struct writing *w, char **cause)
{
	return draft_copy_drop(copy_of(w), cause);
}

/* Keeps the draft in the drafts maildir (tag draft), then lets the older
 * copy go: there is always one on disk. */
static int
save_draft(struct writing *w, char **cause)
{
	return draft_copy_save(copy_of(w), w->text, cause);
}

/* The draft becomes TEXT (taken), and is kept. */
static int
replace_draft(struct writing *w, char *text, char **cause)
{
	free(w->text);
	w->text = text;
	return save_draft(w, cause);
}


/*
 * The terminal is read with read(2), a byte at a time, and written
 * through stdio: one stdio stream for both directions loses input
 * typed ahead when it turns from reading to writing.
 */
static int
read_byte(struct writing *w)
{
	unsigned char c;
	ssize_t r;

	while ((r = read(fileno(w->tty), &c, 1)) == -1 && errno == EINTR &&
	    !hung_up)
		;
	return r == 1 ? c : EOF;
}

/* One key from the terminal, unbuffered and unechoed. */
static int
ask_key(struct writing *w, const char *prompt)
{
	struct termios old, raw;
	int c;

	fprintf(w->tty, "%s", prompt);
	fflush(w->tty);
	tcgetattr(fileno(w->tty), &old);
	raw = old;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(fileno(w->tty), TCSANOW, &raw);
	c = read_byte(w);
	tcsetattr(fileno(w->tty), TCSANOW, &old);
	fprintf(w->tty, "%c\n", c != EOF && isprint(c) ? c : ' ');
	return c;
}

static int
confirm(struct writing *w, const char *question)
{
	char *q = xasprintf("%s [y/N] ", question);
	int c = ask_key(w, q);

	free(q);
	return c == 'y' || c == 'Y';
}

/*
 * Tab on an address: the aliases and query_command's answers, then the
 * correspondents the store knows.
 */
static void
complete_address(void *arg, const char *word, char ***out, size_t *n)
{
	struct writing *w = arg;

	addressbook_offer(w->config, w->store, word, out, n);
}

/* Tab on a file name: ui_complete_path()'s, "~/" kept as typed (an
 * Attach line expands it). */
static void
complete_file(void *arg, const char *word, char ***out, size_t *n)
{
	*out = ui_complete_path(arg, "", word, n);
}

/* t, c, b, s: a header field edited on the screen, addresses completed
 * by Tab. */
static int
edit_field(struct writing *w, const char *name, char **cause)
{
	struct compose_parsed p;
	const char *now = "";
	char *prompt = xasprintf("%s: ", name), *value, *text;
	int address = strcmp(name, "Subject") != 0;

	if (compose_parse(w->text, &p, NULL) == 0)
		now = strcmp(name, "To") == 0 ? p.to : strcmp(name, "Cc") == 0 ?
		    p.cc : strcmp(name, "Bcc") == 0 ? p.bcc : p.subject;
	else
		memset(&p, 0, sizeof p);
	value = ttyline_read(w->tty, prompt, now ? now : "", ",",
	    address ? complete_address : NULL, w);
	compose_parsed_clear(&p);
	free(prompt);
	if (value == NULL)
		return 0;
	if (address) {	/* an alias's name becomes its addresses */
		text = addressbook_expand(w->config, value);
		free(value);
		value = text;
	}
	text = compose_set_header(w->text, name, value);
	free(value);
	return replace_draft(w, text, cause);
}

/* The compose screen: who it goes to, what is attached, the keys. */
static void
show(struct writing *w)
{
	struct compose_parsed p;
	char *cause = NULL;
	struct stat sb;
	size_t i;

	fprintf(w->tty, "\n");
	if (compose_parse(w->text, &p, &cause) == -1) {
		fprintf(w->tty, "The draft has a problem: %s\n", cause);
		free(cause);
	} else {
		fprintf(w->tty, "From:    %s\nTo:      %s\nCc:      %s\n"
		    "Bcc:     %s\nSubject: %s\n", p.from ? p.from : "",
		    p.to ? p.to : "", p.cc ? p.cc : "", p.bcc ? p.bcc : "",
		    p.subject ? p.subject : "");
		for (i = 0; i < p.nattachments; i++)
			fprintf(w->tty, "%s%zu %s (%s)\n", i == 0 ?
			    "Attachments:\n  " : "  ", i + 1, p.attachments[i],
			    stat(p.attachments[i], &sb) == 0 ? "here" :
			    "missing");
		compose_parsed_clear(&p);
	}
	fprintf(w->tty, "y send  p postpone  e edit  a attach  d detach  "
	    "q abort  t/c/b/s To/Cc/Bcc/Subject\n");
}

/* Whether P can't go at all: nobody to send it to, or nothing to send
 * it with; *why says so and what to do. */
static int
cannot_send(struct writing *w, const struct compose_parsed *p, char **why)
{
	if ((p->to == NULL || *p->to == '\0') &&
	    (p->cc == NULL || *p->cc == '\0') &&
	    (p->bcc == NULL || *p->bcc == '\0')) {
		*why = xstrdup("no recipients: t, c or b adds one");
		return 1;
	}
	return outbox_can_send(w->config, w->account, why) == -1;
}

/* Whether the user still wants to send P (no subject, no attachment
 * where the text speaks of one). */
static int
looks_right(struct writing *w, const struct compose_parsed *p)
{
	if ((p->subject == NULL || *p->subject == '\0') &&
	    !confirm(w, "The message has no subject: send it anyway?"))
		return 0;
	if (compose_forgot_attachment(p) &&
	    !confirm(w, "The text speaks of an attachment, and none is "
	    "attached: send it anyway?"))
		return 0;
	return 1;
}

static void
report(void *arg, const struct outbox_event *ev)
{
	struct writing *w = arg;

	if (ev->state == OUTBOX_SENT)
		fprintf(w->tty, "%s: %s\n", ev->bounce ? "Bounced" : "Sent",
		    ev->subject);
	else if (ev->state == OUTBOX_QUEUED && ev->next > time(NULL) &&
	    ev->reason != NULL && strstr(ev->reason, "send_delay") != NULL)
		fprintf(w->tty, "Held back for %lld s (send_delay): e on it in "
		    "the outbox takes it back.\n",
		    (long long)(ev->next - time(NULL)));
	else
		fprintf(w->tty, "Not sent (%s): %s\n", ev->state ==
		    OUTBOX_QUEUED ? "queued, mua send tries again" :
		    ev->state == OUTBOX_FAILED ? "failed" : "delivery unknown",
		    ev->reason ? ev->reason : "");
}

/* Queues the message, drops the draft, and sends unless asked not to.
 * 1: done; 0: not sent, back to the screen; -1: failed. */
static int
send_it(struct writing *w, char **cause)
{
	struct outbox_flush f = { w->config, w->store, w->account, 1, report,
		w, 0, 0, 0 };
	struct compose_parsed p;
	struct mime_draft d;
	char *data = NULL, *why = NULL;
	size_t len;
	int rc;

	if (compose_parse(w->text, &p, &why) == -1) {
		fprintf(w->tty, "Not sent: %s\n", why);
		free(why);
		return 0;
	}
	compose_to_draft(&p, &d);
	if (cannot_send(w, &p, &why) || !looks_right(w, &p) ||
	    mime_build(&d, &data, &len, NULL, &why) == -1) {
		if (why != NULL)
			fprintf(w->tty, "Not sent: %s\n", why);
		free(why);
		compose_parsed_clear(&p);
		return 0;
	}
	compose_parsed_clear(&p);
	rc = outbox_enqueue(w->store, w->account, data, len,
	    options_get_number(w->config->options, "send_delay"), cause);
	free(data);
	if (rc == -1 || drop_draft(w, cause) == -1)
		return -1;
	fprintf(w->tty, "Queued in the outbox.\n");
	if (!w->queue_only && outbox_flush(&f, &why) == -1) {
		fprintf(w->tty, "%s\n", why);
		free(why);
	}
	return 1;
}

/* a: a file to attach, its name completed by Tab. */
static int
attach(struct writing *w, char **cause)
{
	char *line = ttyline_read(w->tty, "Attach file: ", "", "",
	    complete_file, NULL);
	int rc = 0;

	if (line != NULL && *line != '\0')
		rc = replace_draft(w, compose_attach(w->text, line), cause);
	free(line);
	return rc;
}

/* d: an attachment to drop, by its number on the screen. */
static int
detach(struct writing *w, char **cause)
{
	char *line = ttyline_read(w->tty, "Detach which (number): ", "", "",
	    NULL, NULL);
	int rc = 0;

	if (line != NULL && atoi(line) > 0)
		rc = replace_draft(w, compose_detach(w->text,
		    (size_t)atoi(line) - 1), cause);
	free(line);
	return rc;
}

/* The loop of the compose screen; returns when the user is done. */
static int
screen(struct writing *w, char **cause)
{
	int c, r;

	for (;;) {
		show(w);
		switch ((c = ask_key(w, "> "))) {
		case 'y':
			if ((r = send_it(w, cause)) != 0)
				return r == 1 ? 0 : -1;
			break;
		case 'p':
			fprintf(w->tty, "Postponed: the draft is in %s.\n",
			    account_folder(w->account, "drafts_folder",
			    "Drafts"));
			return 0;
		case 'e':
			if (edit(w, cause) == -1 || save_draft(w, cause) == -1)
				return -1;
			break;
		case 't': case 'c': case 'b': case 's':
			if (edit_field(w, c == 't' ? "To" : c == 'c' ? "Cc" :
			    c == 'b' ? "Bcc" : "Subject", cause) == -1)
				return -1;
			break;
		case 'a':
			if (attach(w, cause) == -1)
				return -1;
			break;
		case 'd':
			if (detach(w, cause) == -1)
				return -1;
			break;
		case 'q':
		case EOF:
			if (c == EOF || confirm(w, "Abort, and throw the draft "
			    "away?"))
				return c == EOF ? 0 : drop_draft(w, cause);
			break;
		}
	}
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
tagged_draft(struct writing *w, const char *path)
{
	char **tags = NULL;
	size_t i;
	int draft = 0;

	if (store_file_tags(w->store, path, &tags, NULL) == -1)
		return 0;
	for (i = 0; tags != NULL && tags[i] != NULL; i++)
		draft |= strcmp(tags[i], "draft") == 0;
	store_free_tags(tags);
	return draft;
}

/* The first draft: a recalled one as it was, else a template. */
static int
first_text(struct writing *w, struct request *r, char **cause)
{
	struct compose_parsed p;
	size_t len;
	char *text;
	int tagged = 0;

	if (r->draft != NULL) {
		if (file_read(r->draft, &text, &len, cause) == -1)
			return -1;
		/* The date it was kept at and its Message-ID are no
		 * business of the editor's. */
		w->d.id = compose_header(text, "Message-ID");
		w->text = compose_set_header(text, "Date", NULL);
		free(text);
		text = w->text;
		w->text = compose_set_header(text, "Message-ID", NULL);
		free(text);
		/* A draft to go on with: one without a Message-ID (an
		 * older mua's), or one tagged draft. */
		tagged = tagged_draft(w, r->draft);
		if ((w->d.id == NULL || tagged) &&
		    compose_parse(w->text, &p, NULL) == 0) {
			compose_parsed_clear(&p);
			w->d.path = xstrdup(r->draft);
			w->account = draft_account(w->config, w->text);
			return 0;
		}
		/* Not in our form: a message to edit and send anew. Mail
		 * stays where it is; a draft another client wrote is
		 * replaced by this one, under its Message-ID. */
		free(w->text);
		w->text = NULL;
		if (!tagged) {
			free(w->d.id);
			w->d.id = NULL;
		}
		r->start.kind = COMPOSE_AGAIN;
		r->start.original = r->draft;
	}
	r->start.to = r->to.s;
	r->start.cc = r->cc.s;
	r->start.bcc = r->bcc.s;
	r->start.body = r->body.s;
	r->start.attachments = r->files;
	if (compose_template(w->config, &r->start, &w->account, &w->text,
	    cause) == -1)
		return -1;
	if (tagged)
		w->d.path = xstrdup(r->draft);
	return 0;
}

/*
 * Editing a message still held in an outbox takes it back (undo send):
 * its draft is safe by now, so the outbox copy can go. Too late (it is
 * being sent) only says so: the edit goes on as a new message.
 */
static int
take_back(struct writing *w, struct request *r, char **cause)
{
	char *why = NULL;
	size_t i;
	int rc = 0;

	if (r->start.kind != COMPOSE_AGAIN)
		return 0;
	for (i = 0; i < w->config->naccounts && rc == 0; i++)
		rc = outbox_take_back(w->store, w->config->accounts[i],
		    r->start.original, &why);
	if (rc == 1)
		fprintf(w->tty, "Taken back from the outbox: it is a draft "
		    "now.\n");
	else if (rc == -1)
		fprintf(w->tty, "Not taken back: %s\n", why);
	free(why);
	(void)cause;
	return 0;
}

/*
 * Where the editor edits: compose/PID in the state directory (0700), so
 * that text written before mua was killed outright is found next time.
 */
static int
work_dir(struct writing *w, char **cause)
{
	char *name = xasprintf("compose/%ld", (long)getpid());

	w->dir = file_state_path(name);
	w->record = xasprintf("%s/saved", w->dir);
	free(name);
	if (file_make_dirs(w->dir, cause) == -1)
		return -1;
	return chmod(w->dir, 0700) == 0 ? 0 :
	    set_cause(cause, "%s: %s", w->dir, strerror(errno));
}

/*
 * Keeps the text of a compose whose process is gone (killed, crashed) as
 * a draft, so nothing written is lost; says so. Killed in the middle of
 * a save, it may have left copies of its own: they go (draft-copy.h).
 */
static void
recover_one(struct writing *w, const char *dir, const char *name)
{
	char *file = xasprintf("%s/%s/draft.eml", dir, name), *text = NULL,
	    *record = xasprintf("%s/%s/saved", dir, name), *cause = NULL;
	struct draft_copy d = { w->store, NULL, NULL, NULL, record };
	size_t len;
	long pid = strtol(name, NULL, 10);

	if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
		goto out;	/* still writing */
	if (file_read(file, &text, &len, NULL) == 0 && len > 0) {
		d.account = draft_account(w->config, text);
		draft_copy_read_record(&d, record);
		if (draft_copy_save(&d, text, &cause) == 0 &&
		    draft_copy_drop_strays(&d, &cause) == 0)
			fprintf(w->tty, "Recovered a message an interrupted "
			    "mua compose left: it is a draft now.\n");
		else
			fprintf(w->tty, "Can't recover %s: %s\n", file, cause);
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
recover_interrupted(struct writing *w)
{
	char *dir = file_state_path("compose");
	struct dirent *d;
	DIR *dp;

	if ((dp = opendir(dir)) != NULL) {
		while ((d = readdir(dp)) != NULL)
			if (d->d_name[0] != '.')
				recover_one(w, dir, d->d_name);
		closedir(dp);
	}
	free(dir);
}

static int
write_message(struct writing *w, struct request *r, char **cause)
{
	char *before;
	int rc;

	if (first_text(w, r, cause) == -1)
		return -1;
	if (w->account == NULL)
		return set_cause(cause, "no account to write from: add one to "
		    "the configuration");
	if (work_dir(w, cause) == -1)
		return -1;
	w->file = xasprintf("%s/draft.eml", w->dir);
	before = xstrdup(w->text);
	rc = edit(w, cause);
	if (rc == 0 && w->d.path == NULL && r->start.kind != COMPOSE_AGAIN &&
	    strcmp(before, w->text) == 0)
		fprintf(w->tty, "Not sent: the message was not changed.\n");
	else if (rc == 0 && (rc = save_draft(w, cause)) == 0 && !hung_up &&
	    (rc = take_back(w, r, cause)) == 0)
		rc = screen(w, cause);
	free(before);
	return rc;
}

static void
request_free(struct request *r)
{
	buf_free(&r->to);
	buf_free(&r->cc);
	buf_free(&r->bcc);
	buf_free(&r->body);
	free(r->files);
	free((char *)r->start.subject);
}

int
mua_compose(const char *file, int argc, char **argv)
{
	struct request r;
	struct writing w;
	struct config *config = NULL;
	char *cause = NULL, *used = NULL;
	int rc = MUA_EXIT_FAILURE;

	struct sigaction sa;

	signal(SIGPIPE, SIG_IGN);	/* OpenSSL writes with write() */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_hangup;	/* no SA_RESTART: reads end */
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	memset(&r, 0, sizeof r);
	memset(&w, 0, sizeof w);
	if (parse_args(argc, argv, &r) == -1 ||
	    mua_load_config(file, &config) == -1) {
		rc = MUA_EXIT_USAGE;
		goto out;
	}
	w.config = config;
	w.queue_only = r.queue_only;
	if ((w.tty = fopen("/dev/tty", "r+")) == NULL) {
		fprintf(stderr, "mua compose: needs a terminal\n");
		goto out;
	}
	setvbuf(w.tty, NULL, _IONBF, 0);	/* written only; see read_byte */
	if (mua_open_store_writable(config, &w.store, &used, &cause) == 0)
		recover_interrupted(&w);
	if (w.store == NULL || write_message(&w, &r, &cause) == -1)
		fprintf(stderr, "mua: %s\n", cause);
	else
		rc = MUA_EXIT_OK;
out:
	if (w.store != NULL && store_close(w.store, &cause) == -1) {
		fprintf(stderr, "mua: %s\n", cause);
		rc = MUA_EXIT_FAILURE;
	}
	if (w.dir != NULL)
		file_remove_tree(w.dir, NULL);
	if (w.tty != NULL)
		fclose(w.tty);
	free(w.dir);
	free(w.file);
	free(w.text);
	draft_copy_clear(&w.d);
	free(w.record);
	free(cause);
	free(used);
	request_free(&r);
	config_free(config);
	return rc;
}
