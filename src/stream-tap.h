/*
 * stream-tap.h: a look at what passes through a libetpan stream. The tap
 * is a low driver wrapped around the stream's connection (plain or TLS):
 * every read and write goes through, and a callback sees the bytes in
 * clear text. The trace uses one; SMTP uses one to know whether the end
 * of a message left before a connection broke.
 */
#ifndef STREAM_TAP_H
#define STREAM_TAP_H

#include <sys/types.h>

struct _mailstream;

struct stream_tap_ops {
	/* N bytes at DATA came in; N is 0 at the end, -1 on an error.
	 * Returns 0, or -1 to fail the read (the stream reports an error). */
	int (*read)(void *arg, const char *data, ssize_t n);
	/* N bytes of DATA went out; -1 when the write failed. */
	void (*wrote)(void *arg, const char *data, ssize_t n);
};

/*
 * Puts a tap between STREAM and its current connection; OPS and ARG
 * must outlive it. Tap again after STARTTLS replaced the connection.
 */
void stream_tap(struct _mailstream *stream, const struct stream_tap_ops *ops,
    void *arg);

/* The ARG of STREAM's tap with OPS, NULL when it has none. */
void *stream_tap_find(struct _mailstream *stream,
    const struct stream_tap_ops *ops);

#endif
