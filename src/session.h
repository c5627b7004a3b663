/*
 * session.h: what every protocol module needs to reach an account's
 * server: its URL, the TLS settings and pin, the login and its password,
 * the timeout, and the trace. The protocol modules (fetch by IMAP or
 * POP3, send by SMTP) speak on the stream this opens.
 */
#ifndef SESSION_H
#define SESSION_H

#include "account.h"
#include "answer-guard.h"
#include "tls.h"

struct _mailstream;
struct account;
struct config;
struct trace;

struct session {
	const struct account *account;
	const char *protocol;	/* the setting: "imap", "pop3", "smtp" */
	struct account_url url;
	struct tls_options tls;
	char *ca_file;		/* expanded */
	char *pin;		/* cert_pin, else the one "mua trust" kept */
	const char *user;
	char *password;		/* or the OAuth2 token; session_password() */
	int oauth;		/* password is a token from oauth_command */
	int plaintext;		/* tls = none */
	struct trace *trace;	/* NULL unless tracing */
	char fingerprint[TLS_FINGERPRINT_SIZE];	/* the server's, once seen */
	double last_io;		/* when bytes last moved (monotonic s) */
	int timed_out;		/* a read failed after net_timeout of silence */
	int typed;		/* the password was typed at the terminal */
	struct answer_guard guard;	/* bounds on the server's answers */
	char why[160];		/* session_lost()'s answer */
};

/*
 * Reads what reaching PROTOCOL's server of ACCOUNT takes into *s.
 * Returns 0, or -1 with *cause set (no such server, a bad setting).
 */
int session_read(const struct config *config, const struct account *account,
    const char *protocol, struct session *s, char **cause);

/*
 * Gets the secret: with oauth_command, the access token it prints (and
 * s->oauth is set); else the first line pass_command prints, else the
 * password asked for on the terminal without echo. Returns 0, or -1
 * with *cause set.
 */
int session_password(struct session *s, char **cause);

/*
 * Connects, with TLS at once for imaps://, pop3s:// and smtps://.
 * Returns the stream, or NULL with *cause set (the server can't be
 * reached, or its certificate was refused).
 */
struct _mailstream *session_connect(struct session *s, char **cause);

/*
 * Why S's link failed while waiting for WHAT ("the IMAP greeting"): an
 * answer past the guard's bounds (answer-guard.h) says which; a server
 * silent for net_timeout is "timed out after N s waiting for WHAT";
 * otherwise FALLBACK. The string lives in S.
 */
const char *session_lost(struct session *s, const char *what,
    const char *fallback);

/*
 * The same for a stream session_connect() opened, when it failed for
 * one of those reasons; NULL otherwise (the caller says what it knows).
 */
const char *session_stream_why(struct _mailstream *stream);

/*
 * After the server said yes to STARTTLS: moves STREAM onto TLS, judging
 * the certificate as session_connect() does. Returns 0, or -1 with
 * *cause set.
 */
int session_starttls(struct session *s, struct _mailstream *stream,
    char **cause);

/* Forgets the session, wiping the password. */
void session_clear(struct session *s);

#endif
