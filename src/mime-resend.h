/*
 * mime-resend.h: bouncing (RFC 5322's resending): a message goes on as it
 * is to new recipients, with a block of Resent-* fields on top. In the
 * outbox it waits wrapped in a message of its own (From the user, To the
 * new recipients, a Message-ID of its own), because the store would take
 * the bare copy for the original, whose Message-ID it keeps. The
 * wrapper's body is, byte for byte, what goes to the server.
 */
#ifndef MIME_RESEND_H
#define MIME_RESEND_H

#include <stddef.h>

/* The header field that makes a message in the outbox a wrapper. */
#define MIME_RESEND_FIELD "X-Mua-Bounce"

/*
 * The wrapper for bouncing the LEN bytes of message ORIG (an mbox "From "
 * line first is dropped) from the address FROM to the address list TO:
 * *out gets *out_len bytes (caller frees). Returns 0, or -1 with *cause
 * set (an address that doesn't parse, an empty message).
 */
int mime_resend_wrap(const char *orig, size_t len, const char *from,
    const char *to, char **out, size_t *out_len, char **cause);

/* What goes to the server for the wrapper DATA (LEN bytes): a pointer into
 * it, *inner_len bytes; NULL when DATA has no body. */
const char *mime_resend_inner(const char *data, size_t len, size_t *inner_len);

#endif
