/* mua-compose.c: the compose verb; see mua-compose.h. */
#include "autodefs.h"

#include <ctype.h>
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

#include "addressbook.h"
#include "buf.h"
#include "compose-serve.h"
#include "compose-session.h"
#include "compose.h"
#include "config.h"
#include "mua-compose.h"
#include "mua-ui.h"
#include "mua.h"
#include "outbox.h"
#include "run.h"
#include "seal-plan.h"
#include "ui-complete.h"
#include "ttyline.h"

/* A message being written on the line screen. */
struct writing {
	const struct config *config;
	struct compose_session *session;
	int queue_only;		/* leave the sending to someone else */
	FILE *tty;
	int sign, encrypt;	/* what sending would do, as last shown */
};

/* What the command line asked for. */
struct request {
	struct compose_request r;
	int queue_only;
	int serve;		/* --serve: for the UI's compose view */
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
mailto(struct compose_request *r, const char *uri)
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
parse_args(int argc, char **argv, struct request *q)
{
	enum { O_REPLY = 256, O_GROUP, O_LIST, O_FORWARD, O_DRAFT, O_QUEUE,
		O_SERVE };
	static const struct option longs[] = {
		{ "reply", required_argument, NULL, O_REPLY },
		{ "group", required_argument, NULL, O_GROUP },
		{ "list", required_argument, NULL, O_LIST },
		{ "forward", required_argument, NULL, O_FORWARD },
		{ "draft", required_argument, NULL, O_DRAFT },
		{ "queue-only", no_argument, NULL, O_QUEUE },
		{ "serve", no_argument, NULL, O_SERVE },
		{ NULL, 0, NULL, 0 },
	};
	static const enum compose_kind kinds[] = { COMPOSE_REPLY,
		COMPOSE_GROUP, COMPOSE_LIST, COMPOSE_FORWARD };
	struct compose_request *r = &q->r;
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
			q->queue_only = 1;
		else if (c == O_SERVE)
			q->serve = 1;
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

/* Set when the terminal went away (SIGHUP) or mua was told to stop. */
static volatile sig_atomic_t hung_up;

static void
on_hangup(int sig)
{
	(void)sig;
	hung_up = 1;
}

/*
 * Runs the editor on the draft and keeps what it wrote; *unchanged when
 * a new message was left as it was (compose-session.h).
 */
static int
edit(struct writing *w, int *unchanged, char **cause)
{
	struct run_io io = { -2, -2 };
	char *command;
	int status;

	*unchanged = 0;
	if (compose_session_prepare_edit(w->session, cause) == -1)
		return -1;
	command = xasprintf("%s '%s'", compose_editor(w->config),
	    compose_session_file(w->session));
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
	return compose_session_edited(w->session, unchanged, cause);
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
	char *prompt = xasprintf("%s: ", name), *value, *now, *expanded;
	int address = strcmp(name, "Subject") != 0, rc;

	now = compose_header(compose_session_text(w->session), name);
	value = ttyline_read(w->tty, prompt, now ? now : "", ",",
	    address ? compose_session_complete : NULL, w->session);
	free(now);
	free(prompt);
	if (value == NULL)
		return 0;
	if (address) {	/* an alias's name becomes its addresses */
		expanded = addressbook_expand(w->config, value);
		free(value);
		value = expanded;
	}
	rc = compose_session_set(w->session, name, value, cause);
	free(value);
	return rc;
}

/* The compose screen: who it goes to, what is attached, the keys. */
static void
show(struct writing *w)
{
	struct compose_parsed p;
	char *cause = NULL, *security;
	struct stat sb;
	size_t i;

	fprintf(w->tty, "\n");
	if (compose_parse(compose_session_text(w->session), &p, &cause) == -1) {
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
	security = compose_session_security(w->session, &w->sign, &w->encrypt);
	fprintf(w->tty, "Security: %s\n", security);
	free(security);
	fprintf(w->tty, "y send  p postpone  e edit  a attach  d detach  "
	    "q abort  t/c/b/s To/Cc/Bcc/Subject  S sign  E encrypt\n");
}

/* Whether the user still wants to send the draft (no subject, no
 * attachment where the text speaks of one). */
static int
looks_right(struct writing *w)
{
	struct compose_parsed p;
	int ok = 1;

	if (compose_parse(compose_session_text(w->session), &p, NULL) == -1)
		return 1;	/* the queue says what is wrong */
	if ((p.subject == NULL || *p.subject == '\0') &&
	    !confirm(w, "The message has no subject: send it anyway?"))
		ok = 0;
	else if (compose_forgot_attachment(&p) &&
	    !confirm(w, "The text speaks of an attachment, and none is "
	    "attached: send it anyway?"))
		ok = 0;
	compose_parsed_clear(&p);
	return ok;
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

/* Queues the message (the draft goes), and sends unless asked not to.
 * 1: done; 0: not sent, back to the screen; -1: failed. */
static int
send_it(struct writing *w, char **cause)
{
	char *why = NULL;
	int rc;

	if (!looks_right(w))
		return 0;
	if ((rc = compose_session_queue(w->session, &why, cause)) == 0)
		fprintf(w->tty, "Not sent: %s\n", why);
	else if (rc == 2)
		fprintf(w->tty, "Not sent: the passphrase of %s was not given."
		    "\n", why);
	free(why);
	if (rc != 1)
		return rc == 2 ? 0 : rc;
	fprintf(w->tty, "Queued in the outbox.\n");
	if (!w->queue_only &&
	    compose_session_flush(w->session, report, w, &why) == -1) {
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
		rc = compose_session_attach(w->session, line, cause);
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
		rc = compose_session_detach(w->session, (size_t)atoi(line) - 1,
		    cause);
	free(line);
	return rc;
}

/* The loop of the compose screen; returns when the user is done. */
static int
screen(struct writing *w, char **cause)
{
	int c, r, unchanged;

	for (;;) {
		show(w);
		switch ((c = ask_key(w, "> "))) {
		case 'y':
			if ((r = send_it(w, cause)) != 0)
				return r == 1 ? 0 : -1;
			break;
		case 'p':
			fprintf(w->tty, "Postponed: the draft is in %s.\n",
			    compose_session_drafts(w->session));
			return 0;
		case 'e':
			if (edit(w, &unchanged, cause) == -1)
				return -1;
			break;
		case 't': case 'c': case 'b': case 's':
			if (edit_field(w, c == 't' ? "To" : c == 'c' ? "Cc" :
			    c == 'b' ? "Bcc" : "Subject", cause) == -1)
				return -1;
			break;
		case 'S': case 'E':
			if (compose_session_set(w->session, "Security",
			    seal_wish_line(c == 'S' ? !w->sign : w->sign,
			    c == 'E' ? !w->encrypt : w->encrypt), cause) == -1)
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
				return c == EOF ? 0 :
				    compose_session_drop(w->session, cause);
			break;
		}
	}
}

/* What the session has to say, on the terminal. */
static void
say_on_tty(void *arg, const char *text)
{
	struct writing *w = arg;

	fprintf(w->tty, "%s\n", text);
}

static int
write_message(struct writing *w, struct request *q, char **cause)
{
	int unchanged;

	if (compose_session_start(w->session, &q->r, cause) == -1 ||
	    edit(w, &unchanged, cause) == -1)
		return -1;
	if (unchanged) {
		fprintf(w->tty, "Not sent: the message was not changed.\n");
		return 0;
	}
	return hung_up ? 0 : screen(w, cause);
}

/* The line screen, on the terminal mua runs on. */
static int
line_screen(struct config *config, struct request *q)
{
	struct writing w;
	char *cause = NULL, *tty;
	int rc = MUA_EXIT_FAILURE;

	memset(&w, 0, sizeof w);
	w.config = config;
	w.queue_only = q->queue_only;
	if ((w.tty = fopen("/dev/tty", "r+")) == NULL) {
		fprintf(stderr, "mua compose: needs a terminal\n");
		return MUA_EXIT_FAILURE;
	}
	setvbuf(w.tty, NULL, _IONBF, 0);	/* written only; see read_byte */
	w.session = compose_session_new(config, say_on_tty, &w);
	/* Here the user is at a terminal: a signing key's passphrase is
	 * asked by gpg-agent's pinentry, on this terminal, by its own name
	 * (the agent can't open "/dev/tty": that is its own). */
	if (getenv("GPG_TTY") == NULL && (tty = ttyname(STDIN_FILENO)) !=
	    NULL)
		setenv("GPG_TTY", tty, 1);
	compose_session_asks(w.session, GPG_ASK_TERMINAL);
	if (write_message(&w, q, &cause) == -1)
		fprintf(stderr, "mua: %s\n", cause);
	else
		rc = MUA_EXIT_OK;
	compose_session_free(w.session);
	fclose(w.tty);
	free(cause);
	return rc;
}

int
mua_compose(const char *file, int argc, char **argv)
{
	struct request q;
	struct config *config = NULL;
	struct sigaction sa;
	int rc = MUA_EXIT_USAGE;

	signal(SIGPIPE, SIG_IGN);	/* OpenSSL writes with write() */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_hangup;	/* no SA_RESTART: reads end */
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	memset(&q, 0, sizeof q);
	if (parse_args(argc, argv, &q) == 0 &&
	    mua_load_config(file, &config) == 0)
		rc = q.serve ? compose_serve(config, &q.r, &hung_up) :
		    line_screen(config, &q);
	compose_request_clear(&q.r);
	config_free(config);
	return rc;
}
