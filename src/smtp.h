/*
 * smtp.h: SMTP submission by libetpan over the session's TLS: implicit
 * (smtps://) or STARTTLS (smtp://, required unless tls = none), EHLO,
 * AUTH, then any number of messages on one connection. Each send has one
 * of four outcomes, because what the outbox does next depends on which.
 */
#ifndef SMTP_H
#define SMTP_H

#include <stddef.h>

struct session;
struct smtp;

enum smtp_outcome {
	SMTP_SENT,		/* 250 after the data */
	SMTP_TRY_LATER,		/* 4xx, or the link broke before the end */
	SMTP_REFUSED,		/* 5xx: it won't go as it is */
	SMTP_UNKNOWN,		/* the end left, no answer came back */
};

/*
 * Connects to S's server and logs in (the password or OAuth2 token read
 * from S). Returns the connection, or NULL with *cause set.
 */
struct smtp *smtp_open(struct session *s, char **cause);

/*
 * Sends LEN bytes of DATA (a message with LF or CRLF line ends, Bcc
 * already removed, 8-bit only if smtp_takes_8bit(); then it is announced
 * as BODY=8BITMIME) from the address FROM to the N RCPTS. A message over
 * the server's SIZE is refused before any of it is sent. BEFORE_DATA (may
 * be NULL) is called with ARG once every recipient was accepted, just
 * before the data goes: from then on a broken link can mean delivered.
 * *reason gets the server's words (or ours) for all but SMTP_SENT
 * (caller frees). After anything but a broken link, the connection can
 * send the next message.
 */
enum smtp_outcome smtp_send(struct smtp *smtp, const char *from,
    char *const *rcpts, size_t n, const char *data, size_t len,
    void (*before_data)(void *), void *arg, char **reason);

/* Whether the server takes 8-bit text (it announced 8BITMIME). */
int smtp_takes_8bit(const struct smtp *smtp);

/* Whether the connection is still usable. */
int smtp_alive(const struct smtp *smtp);

/* Says QUIT (on a live link) and closes. */
void smtp_close(struct smtp *smtp);

/* Connects to S's server and gets onto TLS, then leaves: for "mua
 * trust". Returns 0, or -1 with *cause set. */
int smtp_probe(struct session *s, char **cause);

#endif
