/* smtp.c: SMTP submission; see smtp.h. */
#include "autodefs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/sockios.h>

#include <libetpan/libetpan.h>

#include "buf.h"
#include "mime-build.h"
#include "mua.h"
#include "session.h"
#include "smtp.h"
#include "stream-tap.h"

/* Exported by libetpan 1.9 but missing from its headers: a command sent
 * without being logged, and the answer's code. */
int mailsmtp_send_command(mailsmtp *session, char *command);
int mailsmtp_send_command_private(mailsmtp *session, char *command);
int mailsmtp_read_response(mailsmtp *session);

struct smtp {
	mailsmtp *smtp;
	struct session *session;
	int dead;		/* the link broke */
	char tail[5];		/* the last bytes written, to see the end go */
	int wrote_ok;		/* and whether the last write succeeded */
	int reset;		/* the peer reset the link (see tap_read) */
	int oauthbearer;	/* EHLO offered AUTH OAUTHBEARER */
};

/* Notes a reset: the peer closed with our data unread, so it can't have
 * taken the message that data ended. */
static int
tap_read(void *arg, const char *data, ssize_t n)
{
	struct smtp *c = arg;

	(void)data;
	if (n < 0 && errno == ECONNRESET)
		c->reset = 1;
	return 0;
}

/* Keeps the last five bytes that went out: "\r\n.\r\n" means the end of
 * a message left. */
static void
tap_wrote(void *arg, const char *data, ssize_t n)
{
	struct smtp *c = arg;
	size_t keep;

	c->wrote_ok = n >= 0;
	if (n <= 0)
		return;
	keep = (size_t)n < sizeof c->tail ? (size_t)n : sizeof c->tail;
	memmove(c->tail, c->tail + keep, sizeof c->tail - keep);
	memcpy(c->tail + sizeof c->tail - keep, data + n - (ssize_t)keep, keep);
}

static const struct stream_tap_ops tap_ops = { tap_read, tap_wrote };

/* The server's last answer as a reason, or WHAT when there was none. */
static char *
server_said(const struct smtp *c, const char *what)
{
	const char *r = c->smtp->response;
	char *text, *p;
	size_t n;

	if (c->smtp->response_code == 0 || r == NULL || *r == '\0')
		return xstrdup(what);
	/* One line for a report: a multi-line answer's lines joined. */
	text = xasprintf("%d %s", c->smtp->response_code, r);
	n = strlen(text);
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r' ||
	    text[n - 1] == ' '))
		text[--n] = '\0';
	for (p = text; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return text;
}

/* Drops the connection without QUIT. */
static void
drop(struct smtp *c)
{
	if (c->smtp->stream != NULL) {
		mailstream_close(c->smtp->stream);
		c->smtp->stream = NULL;
	}
	mailsmtp_free(c->smtp);
	free(c);
}

/* Notes the AUTH mechanisms libetpan has no flag for, from the EHLO
 * answer it keeps (one capability a line). */
static void
note_auth(struct smtp *c)
{
	const char *r = c->smtp->response, *line;

	c->oauthbearer = 0;
	for (line = r; line != NULL && *line != '\0';
	    line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		if (strncasecmp(line, "AUTH", 4) == 0 &&
		    (line[4] == ' ' || line[4] == '='))
			c->oauthbearer = strstr(line, "OAUTHBEARER") != NULL &&
			    (strchr(line, '\n') == NULL || strstr(line,
			    "OAUTHBEARER") < strchr(line, '\n'));
}

/* EHLO, and STARTTLS with a second EHLO where the link isn't TLS yet. */
static int
hello(struct smtp *c, char **cause)
{
	struct session *s = c->session;

	if (mailesmtp_ehlo(c->smtp) != MAILSMTP_NO_ERROR)
		return set_cause(cause, "%s: %s", s->url.host, session_lost(s,
		    "the answer to EHLO", "EHLO refused"));
	note_auth(c);
	if (s->url.implicit_tls || s->plaintext)
		return 0;
	if (!(c->smtp->esmtp & MAILSMTP_ESMTP_STARTTLS))
		return set_cause(cause, "%s offers no STARTTLS: refusing to log "
		    "in without TLS (tls = none allows it)", s->url.host);
	if (mailesmtp_starttls(c->smtp) != MAILSMTP_NO_ERROR)
		return set_cause(cause, "%s refused STARTTLS", s->url.host);
	if (session_starttls(s, c->smtp->stream, cause) == -1)
		return -1;
	stream_tap(c->smtp->stream, &tap_ops, c);
	if (mailesmtp_ehlo(c->smtp) != MAILSMTP_NO_ERROR)
		return set_cause(cause, "%s: %s after STARTTLS", s->url.host,
		    session_lost(s, "the answer to EHLO", "EHLO refused"));
	note_auth(c);
	return 0;
}

/* Connects and gets onto TLS; NULL with *cause. */
static struct smtp *
reach(struct session *s, char **cause)
{
	struct smtp *c = xcalloc(1, sizeof *c);
	mailstream *stream;

	c->session = s;
	c->smtp = mailsmtp_new(0, NULL);
	mailsmtp_set_timeout(c->smtp, s->tls.timeout);
	if ((stream = session_connect(s, cause)) == NULL)
		goto fail;
	stream_tap(stream, &tap_ops, c);
	/* On failure mailsmtp_connect() closes the stream itself. */
	if (mailsmtp_connect(c->smtp, stream) != MAILSMTP_NO_ERROR) {
		set_cause(cause, "%s: %s", s->url.host, session_lost(s,
		    "the SMTP greeting", "no SMTP greeting"));
		goto fail;
	}
	if (hello(c, cause) == 0)
		return c;
fail:
	drop(c);
	return NULL;
}

/*
 * AUTH OAUTHBEARER (RFC 7628) with the token as the initial response;
 * a refusal comes as a 334 challenge with the error, answered with ^A.
 */
static int
oauthbearer(struct smtp *c)
{
	struct buf blob = { NULL, 0, 0 }, line = { NULL, 0, 0 };
	int code;

	buf_printf(&blob, "n,a=%s,\001auth=Bearer %s\001\001",
	    c->session->user, c->session->password);
	buf_adds(&line, "AUTH OAUTHBEARER ");
	buf_add_base64(&line, blob.s, blob.len);
	buf_adds(&line, "\r\n");
	memset(blob.s, 0, blob.len);
	buf_free(&blob);
	code = mailsmtp_send_command_private(c->smtp, line.s) == -1 ? 0 :
	    mailsmtp_read_response(c->smtp);
	memset(line.s, 0, line.len);
	buf_free(&line);
	if (code == 334)
		code = mailsmtp_send_command_private(c->smtp, "AQ==\r\n") ==
		    -1 ? 0 : mailsmtp_read_response(c->smtp);
	return code == 235 ? MAILSMTP_NO_ERROR : MAILSMTP_ERROR_AUTH_LOGIN;
}

/* AUTH: OAuth2 by OAUTHBEARER or XOAUTH2, else PLAIN or LOGIN (whichever
 * is offered). */
static int
login(struct smtp *c, char **cause)
{
	struct session *s = c->session;
	const char *mech = c->smtp->auth & MAILSMTP_AUTH_PLAIN ? "PLAIN" :
	    c->smtp->auth & MAILSMTP_AUTH_LOGIN ? "LOGIN" : NULL;
	int r;

	if (s->oauth && c->oauthbearer)
		r = oauthbearer(c);
	else if (s->oauth)
		r = mailsmtp_oauth2_authenticate(c->smtp, s->user, s->password);
	else if (mech == NULL)
		return set_cause(cause, "%s offers neither AUTH PLAIN nor LOGIN",
		    s->url.host);
	else
		r = mailesmtp_auth_sasl(c->smtp, mech, s->url.host, NULL, NULL,
		    s->user, s->user, s->password, NULL);
	if (r != MAILSMTP_NO_ERROR) {
		char *said = server_said(c, "no answer");
		set_cause(cause, "%s: the %s as %s was refused: %s",
		    s->url.host, s->oauth ? "OAuth2 token" : "login", s->user,
		    said);
		free(said);
		return -1;
	}
	return 0;
}

struct smtp *
smtp_open(struct session *s, char **cause)
{
	struct smtp *c = reach(s, cause);

	if (c != NULL && login(c, cause) == -1) {
		drop(c);
		return NULL;
	}
	return c;
}

int
smtp_probe(struct session *s, char **cause)
{
	struct smtp *c = reach(s, cause);

	if (c == NULL)
		return -1;
	smtp_close(c);
	return 0;
}

int
smtp_takes_8bit(const struct smtp *c)
{
	return (c->smtp->esmtp & MAILSMTP_ESMTP_8BITMIME) != 0;
}

int
smtp_alive(const struct smtp *c)
{
	return !c->dead;
}

/* The outcome of a refused command: 4xx later, 5xx never, no answer
 * (a broken link) later too. */
static enum smtp_outcome
refused(struct smtp *c, int r, const char *what, char **reason)
{
	/* After a broken link the last code is stale: no answer came. */
	int code = r == MAILSMTP_ERROR_STREAM ? 0 : c->smtp->response_code;
	char *said = code == 0 ? xstrdup("the connection broke") :
	    server_said(c, "the connection broke");

	*reason = xasprintf("%s: %s", what, said);
	free(said);
	if (code == 0)
		c->dead = 1;
	else
		mailsmtp_reset(c->smtp);	/* ready for the next one */
	return code >= 500 ? SMTP_REFUSED : SMTP_TRY_LATER;
}

/* MAIL FROM announcing an 8-bit body, which libetpan can't say. */
static int
mail_8bit(struct smtp *c, const char *from)
{
	char *command = xasprintf("MAIL FROM:<%s> BODY=8BITMIME\r\n", from);
	int code = mailsmtp_send_command(c->smtp, command) == -1 ? 0 :
	    mailsmtp_read_response(c->smtp);

	free(command);
	if (code == 250)
		return MAILSMTP_NO_ERROR;
	return code == 0 ? MAILSMTP_ERROR_STREAM :
	    MAILSMTP_ERROR_ACTION_NOT_TAKEN;
}

/* The envelope: MAIL FROM and each RCPT TO. */
static enum smtp_outcome
envelope(struct smtp *c, const char *from, char *const *rcpts, size_t n,
    int eight_bit, char **reason)
{
	size_t i;
	char *what;
	enum smtp_outcome o;
	int r;

	r = eight_bit ? mail_8bit(c, from) : mailsmtp_mail(c->smtp, from);
	if (r != MAILSMTP_NO_ERROR)
		return refused(c, r, "the sender was refused", reason);
	for (i = 0; i < n; i++)
		if ((r = mailsmtp_rcpt(c->smtp, rcpts[i])) !=
		    MAILSMTP_NO_ERROR) {
			what = xasprintf("the recipient %s was refused",
			    rcpts[i]);
			o = refused(c, r, what, reason);
			free(what);
			return o;
		}
	return SMTP_SENT;
}

/*
 * Whether the server's side took every byte we sent: its TCP acknowledged
 * them all, and no reset came. A server (or a link) that went away with
 * part of the message unread resets the connection or leaves bytes
 * unacknowledged; one that read it all may have taken it. Waits for the
 * answer at most the timeout: on loopback or a LAN it takes microseconds.
 */
static int
peer_took_all(struct smtp *c)
{
	int fd = mailstream_low_get_fd(mailstream_get_low(c->smtp->stream));
	int err, queued, waited;
	socklen_t len;

	for (waited = 0; fd != -1 && !c->reset &&
	    waited < c->session->tls.timeout * 1000; waited += 10) {
		len = sizeof err;
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 &&
		    err != 0)
			return 0;	/* a reset came in */
		if (ioctl(fd, SIOCOUTQ, &queued) == 0 && queued == 0)
			return 1;
		usleep(10000);
	}
	return 0;
}

/* After the data: sent, refused, or, when the link broke, whether the
 * end of the message had left. */
static enum smtp_outcome
after_data(struct smtp *c, int r, char **reason)
{
	int code = c->smtp->response_code;
	char *said;

	if (r == MAILSMTP_NO_ERROR)
		return SMTP_SENT;
	if (r != MAILSMTP_ERROR_STREAM && code >= 400 && code <= 599)
		return refused(c, r, "the message was refused", reason);
	c->dead = 1;
	if (r != MAILSMTP_ERROR_STREAM && code != 0) {
		/* Only 4xx and 5xx say it was not taken. */
		said = server_said(c, "no answer");
		*reason = xasprintf("delivery unknown: the server's answer to "
		    "the message is no SMTP answer: %s", said);
		free(said);
		return SMTP_UNKNOWN;
	}
	/* The end left, and the server's side took all of it: it may have
	 * taken the message too. */
	if (c->wrote_ok && memcmp(c->tail, "\r\n.\r\n", 5) == 0 &&
	    peer_took_all(c)) {
		*reason = xstrdup("delivery unknown: the message was sent, "
		    "but the connection broke before the server answered");
		return SMTP_UNKNOWN;
	}
	*reason = xstrdup("the connection broke while sending");
	return SMTP_TRY_LATER;
}

enum smtp_outcome
smtp_send(struct smtp *c, const char *from, char *const *rcpts, size_t n,
    const char *data, size_t len, void (*before_data)(void *), void *arg,
    char **reason)
{
	size_t max = c->smtp->esmtp & MAILSMTP_ESMTP_SIZE ?
	    c->smtp->smtp_max_msg_size : 0;
	enum smtp_outcome o;
	int r;

	*reason = NULL;
	if (c->dead) {
		*reason = xstrdup("the connection broke");
		return SMTP_TRY_LATER;
	}
	if (max > 0 && len > max) {
		*reason = xasprintf("the message is %zu KB, and %s takes at most "
		    "%zu KB", (len + 1023) / 1024, c->session->url.host,
		    max / 1024);
		return SMTP_REFUSED;
	}
	if ((o = envelope(c, from, rcpts, n, smtp_takes_8bit(c) &&
	    mime_has_8bit(data, len), reason)) != SMTP_SENT)
		return o;
	if ((r = mailsmtp_data(c->smtp)) != MAILSMTP_NO_ERROR)
		return refused(c, r, "DATA was refused", reason);
	if (before_data != NULL)
		before_data(arg);
	/* libetpan ends the data with CRLF . CRLF itself: a message ending
	 * in a line break would gain an empty line. */
	if (len >= 2 && data[len - 2] == '\r' && data[len - 1] == '\n')
		len -= 2;
	else if (len >= 1 && data[len - 1] == '\n')
		len--;
	return after_data(c, mailsmtp_data_message(c->smtp, data, len), reason);
}

void
smtp_close(struct smtp *c)
{
	if (c == NULL)
		return;
	if (!c->dead)
		mailsmtp_quit(c->smtp);
	drop(c);
}
