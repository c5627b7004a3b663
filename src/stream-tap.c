/* stream-tap.c: taps on libetpan streams; see stream-tap.h. */
#include "autodefs.h"

#include <stdlib.h>

#include <libetpan/libetpan.h>

#include "mua.h"
#include "stream-tap.h"

struct tap_low {
	mailstream_low *inner;
	const struct stream_tap_ops *ops;
	void *arg;
};

static ssize_t
w_read(mailstream_low *s, void *buf, size_t n)
{
	struct tap_low *d = s->data;
	ssize_t r = mailstream_low_read(d->inner, buf, n);

	if (d->ops->read(d->arg, buf, r) == -1)
		return -1;
	/* libetpan 1.9.4 reads a literal (and a POP3 answer) in loops that
	 * take 0, the end of the stream, for "nothing yet", and spin on it
	 * for ever when a server closes mid-answer. In these protocols the
	 * end is never expected where libetpan reads: it is an error. */
	return r == 0 ? -1 : r;
}

static ssize_t
w_write(mailstream_low *s, const void *buf, size_t n)
{
	struct tap_low *d = s->data;
	ssize_t r = mailstream_low_write(d->inner, buf, n);

	d->ops->wrote(d->arg, buf, r);
	return r;
}

static int
w_close(mailstream_low *s)
{
	return mailstream_low_close(((struct tap_low *)s->data)->inner);
}

static int
w_get_fd(mailstream_low *s)
{
	return mailstream_low_get_fd(((struct tap_low *)s->data)->inner);
}

static void
w_free(mailstream_low *s)
{
	struct tap_low *d = s->data;

	mailstream_low_free(d->inner);
	free(d);
	free(s);
}

static void
w_cancel(mailstream_low *s)
{
	mailstream_low_cancel(((struct tap_low *)s->data)->inner);
}

static struct mailstream_cancel *
w_get_cancel(mailstream_low *s)
{
	return mailstream_low_get_cancel(((struct tap_low *)s->data)->inner);
}

static carray *
w_get_chain(mailstream_low *s)
{
	return mailstream_low_get_certificate_chain(
	    ((struct tap_low *)s->data)->inner);
}

static int
w_setup_idle(mailstream_low *s)
{
	return mailstream_low_setup_idle(((struct tap_low *)s->data)->inner);
}

static int
w_unsetup_idle(mailstream_low *s)
{
	return mailstream_low_unsetup_idle(
	    ((struct tap_low *)s->data)->inner);
}

static int
w_interrupt_idle(mailstream_low *s)
{
	return mailstream_low_interrupt_idle(
	    ((struct tap_low *)s->data)->inner);
}

static mailstream_low_driver tap_driver = {
	w_read, w_write, w_close, w_get_fd, w_free, w_cancel, w_get_cancel,
	w_get_chain, w_setup_idle, w_unsetup_idle, w_interrupt_idle,
};

void
stream_tap(mailstream *stream, const struct stream_tap_ops *ops, void *arg)
{
	struct tap_low *d = xcalloc(1, sizeof *d);
	mailstream_low *low;

	d->inner = mailstream_get_low(stream);
	d->ops = ops;
	d->arg = arg;
	low = mailstream_low_new(d, &tap_driver);
	mailstream_low_set_timeout(low, mailstream_low_get_timeout(d->inner));
	mailstream_set_low(stream, low);
}

void *
stream_tap_find(mailstream *stream, const struct stream_tap_ops *ops)
{
	mailstream_low *low = mailstream_get_low(stream);
	struct tap_low *d;

	for (; low != NULL && low->driver == &tap_driver; low = d->inner)
		if ((d = low->data)->ops == ops)
			return d->arg;
	return NULL;
}
