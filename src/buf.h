/* buf.h: a growing string, for code that builds text piece by piece. */
#ifndef BUF_H
#define BUF_H

#include <stddef.h>

#include "mua.h"

struct buf {
	char *s;	/* NUL-terminated once anything was added; may be NULL */
	size_t len, cap;
};

void buf_add(struct buf *b, const char *s, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
/* Appends code point C as UTF-8; NUL, surrogates and values past
 * U+10FFFF become U+FFFD. */
void buf_add_utf8(struct buf *b, unsigned long c);
/* Appends S to the list in B, after SEP unless B is empty ("a, b"). */
void buf_join(struct buf *b, const char *sep, const char *s);

/* Appends N bytes of DATA in base64 (RFC 4648, padded, one line). */
void buf_add_base64(struct buf *b, const void *data, size_t n);
void buf_printf(struct buf *b, const char *fmt, ...) MUA_PRINTF(2, 3);

/* Returns the string (never NULL; caller frees) and empties B. */
char *buf_take(struct buf *b);

void buf_free(struct buf *b);

#endif
