/*
 * text.h: making untrusted text safe and fitting it into columns. Mail
 * text reaches the terminal only through text_sanitize(): control
 * characters and escape sequences become visible (^[, ^G), bidirectional
 * overrides become <U+202E>, invalid UTF-8 becomes U+FFFD; nothing from a
 * message can move the cursor, retitle the window or reorder a line.
 */
#ifndef TEXT_H
#define TEXT_H

#include <stddef.h>
#include <time.h>

/*
 * Decodes the UTF-8 character at *P (a NUL-terminated string) and moves
 * *P past it. Returns the code point, or -1 for a malformed, overlong or
 * surrogate sequence (then *P moves one byte).
 */
int text_utf8_next(const char **p);

/* Returns a safe, valid UTF-8 copy of S for display (caller frees). */
char *text_sanitize(const char *s);

/* Returns the number of terminal columns the safe UTF-8 text S takes. */
int text_width(const char *s);

/*
 * Returns S (safe UTF-8) cut to at most WIDTH columns, ending in "…" when
 * it was cut, and padded with spaces to WIDTH when PAD is set (caller
 * frees). Wide characters are never split.
 */
char *text_fit(const char *s, int width, int pad);

/* Returns S with tabs turned into spaces to the next multiple of 8. */
char *text_expand_tabs(const char *s);

/*
 * Cuts the safe UTF-8 line S into lines of at most WIDTH columns, at
 * spaces where it can (a word longer than WIDTH is cut where it must).
 * Returns a NULL-terminated array of *N lines, at least one (caller frees
 * each and the array).
 */
char **text_wrap(const char *s, int width, size_t *n);

/*
 * Finds the first URL (http, https, ftp, mailto) in S at or after byte
 * FROM: returns 1 with its bytes in [*start, *end), or 0. Punctuation
 * that ends a sentence after it is left out.
 */
int text_url_next(const char *s, size_t from, size_t *start, size_t *end);

/*
 * Formats the date T as an index line shows it, relative to NOW: "14:05"
 * today, "Mar 04" this year, "Mar '24" before (month names in the
 * locale's language); written into BUF.
 */
void text_date(time_t t, time_t now, char *buf, size_t size);

/*
 * The columns the widest text_date() takes in this locale: the index
 * gives every date that width, so the columns after it never move.
 */
int text_date_width(void);

#endif
