/* session.c: reaching an account's server; see session.h. */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <libetpan/libetpan.h>

#include "account.h"
#include "config.h"
#include "mua.h"
#include "net.h"
#include "options.h"
#include "rc.h"
#include "run.h"
#include "secret.h"
#include "session.h"
#include "stream-tap.h"
#include "trace.h"
#include "trust.h"

int
session_read(const struct config *config, const struct account *a,
    const char *protocol, struct session *s, char **cause)
{
	const char *ca = account_get_one(a, "ca_file"), *pin = account_get_one(a, "cert_pin");

	memset(s, 0, sizeof *s);
	s->account = a;
	s->protocol = protocol;
	if (account_server(a, protocol, &s->url, cause) == -1)
		return -1;
	s->user = account_get_one(a, "user") ? account_get_one(a, "user") : s->url.user;
	if (s->user == NULL)
		return set_cause(cause, "account \"%s\": set user",
		    account_name(a));
	if (ca != NULL && rc_expand_path(ca, &s->ca_file, cause) == -1)
		return -1;
	s->pin = pin != NULL ? xstrdup(pin) :
	    trust_get(account_name(a), s->url.host, s->url.port);
	s->plaintext = strcmp(account_get_one(a, "tls"), "none") == 0;
	s->tls.host = s->url.host;
	s->tls.ca_file = s->ca_file;
	s->tls.pin = s->pin;
	s->tls.timeout = (int)options_get_number(config->options,
	    "net_timeout");
	return 0;
}

/* Asks for the password on the terminal, without echo. */
static int
ask_password(struct session *s, char **cause)
{
	const char *name = account_name(s->account);
	struct termios old, quiet;
	char line[1024];
	FILE *tty = fopen("/dev/tty", "r+");
	int ok;

	if (tty == NULL)
		return set_cause(cause, "account \"%s\": no pass_command and no "
		    "terminal to ask for the password on", name);
	fprintf(tty, "Password for %s: ", name);
	fflush(tty);
	tcgetattr(fileno(tty), &old);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
	ok = fgets(line, sizeof line, tty) != NULL;
	tcsetattr(fileno(tty), TCSAFLUSH, &old);
	fputc('\n', tty);
	fclose(tty);
	if (!ok)
		return set_cause(cause, "account \"%s\": no password given",
		    name);
	line[strcspn(line, "\r\n")] = '\0';
	s->password = xstrdup(line);
	s->typed = 1;
	memset(line, 0, sizeof line);
	return 0;
}

/* The first line KEY's command prints. It runs as the user wrote it:
 * nothing from a server or a message is in it. */
static int
command_secret(struct session *s, const char *key, char **cause)
{
	const char *command = account_get_one(s->account, key);
	char *text = NULL, *why = NULL;

	if (run_capture(command, -1, 65536, &text, &why) == -1) {
		set_cause(cause, "account \"%s\": %s: %s",
		    account_name(s->account), key, why);
		free(why);
		return -1;
	}
	text[strcspn(text, "\r\n")] = '\0';
	if (*text == '\0') {
		free(text);
		return set_cause(cause, "account \"%s\": %s printed nothing",
		    account_name(s->account), key);
	}
	s->password = text;
	return 0;
}

int
session_password(struct session *s, char **cause)
{
	int handed;

	secret_protect();
	if (account_get_one(s->account, "oauth_command") != NULL) {
		s->oauth = 1;
		return command_secret(s, "oauth_command", cause);
	}
	if (account_get_one(s->account, "pass_command") != NULL)
		return command_secret(s, "pass_command", cause);
	/* Started by the UI: what was typed there, never the terminal. */
	if ((handed = secret_from_parent(account_name(s->account),
	    s->protocol, &s->password, cause)) != 0)
		return handed == 1 ? 0 : -1;
	return ask_password(s, cause);
}

/* The session's own look at its link: when bytes last moved, and
 * whether a read failed only after a whole timeout of silence. */
static int
watch_read(void *arg, const char *data, ssize_t n)
{
	struct session *s = arg;

	if (n < 0 && mono_seconds() - s->last_io >= s->tls.timeout - 0.5)
		s->timed_out = 1;
	s->last_io = mono_seconds();
	return n > 0 ? answer_guard_read(&s->guard, data, (size_t)n) : 0;
}

static void
watch_wrote(void *arg, const char *data, ssize_t n)
{
	struct session *s = arg;

	(void)data;
	if (n > 0)
		answer_guard_wrote(&s->guard);
	s->last_io = mono_seconds();
}

static const struct stream_tap_ops watch_ops = { watch_read, watch_wrote };

static void
watch(struct session *s, mailstream *stream)
{
	s->last_io = mono_seconds();
	s->timed_out = 0;
	answer_guard_init(&s->guard, s->protocol);
	stream_tap(stream, &watch_ops, s);
}

const char *
session_stream_why(mailstream *stream)
{
	struct session *s = stream != NULL ? stream_tap_find(stream,
	    &watch_ops) : NULL;

	if (s == NULL || (!s->timed_out && s->guard.refused == NULL))
		return NULL;
	return session_lost(s, "the server", NULL);
}

const char *
session_lost(struct session *s, const char *what, const char *fallback)
{
	if (s->guard.refused != NULL)
		return s->guard.refused;
	if (!s->timed_out)
		return fallback;
	snprintf(s->why, sizeof s->why, "timed out after %d s waiting for %s "
	    "(net_timeout)", s->tls.timeout, what);
	return s->why;
}

/*
 * After a certificate was refused: what the user can do about it. Not
 * for "mua trust" itself (it asks for the description), which is the
 * answer.
 */
static void
advise_trust(const struct session *s, char **cause)
{
	char *old = *cause;

	if (s->tls.description != NULL ||
	    strstr(old, "certificate refused") == NULL)
		return;
	*cause = xasprintf("%s; if you trust this server, \"mua trust %s\" "
	    "shows its certificate and pins it, or ca_file can name the CA "
	    "that signed it", old, account_name(s->account));
	free(old);
}

mailstream *
session_connect(struct session *s, char **cause)
{
	char port[16];
	mailstream_low *low;
	mailstream *stream;
	int fd;

	snprintf(port, sizeof port, "%d", s->url.port);
	if (s->trace == NULL)
		s->trace = trace_new(s->protocol, s->url.host, s->password);
	trace_note(s->trace, "connecting to %s port %s", s->url.host, port);
	if ((fd = net_connect(s->url.host, port, s->tls.timeout, cause)) == -1)
		goto fail;
	if (!s->url.implicit_tls) {
		stream = mailstream_socket_open_timeout(fd, s->tls.timeout);
		watch(s, stream);
		trace_wrap(s->trace, stream);
		return stream;
	}
	if ((low = tls_open(fd, &s->tls, s->fingerprint, cause)) == NULL) {
		close(fd);
		advise_trust(s, cause);
		goto fail;
	}
	trace_note(s->trace, "TLS: certificate %s accepted", s->fingerprint);
	stream = mailstream_new(low, 8192);
	watch(s, stream);
	trace_wrap(s->trace, stream);
	return stream;
fail:
	trace_note(s->trace, "%s", *cause);
	return NULL;
}

int
session_starttls(struct session *s, mailstream *stream, char **cause)
{
	if (tls_starttls(stream, &s->tls, s->fingerprint, cause) == -1) {
		advise_trust(s, cause);
		trace_note(s->trace, "%s", *cause);
		return -1;
	}
	trace_note(s->trace, "STARTTLS: certificate %s accepted",
	    s->fingerprint);
	watch(s, stream);
	trace_wrap(s->trace, stream);
	return 0;
}

void
session_clear(struct session *s)
{
	account_url_clear(&s->url);
	free(s->ca_file);
	free(s->pin);
	secret_wipe(s->password);
	trace_free(s->trace);
	memset(s, 0, sizeof *s);
}
