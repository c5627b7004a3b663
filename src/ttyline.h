/*
 * ttyline.h: a line typed on the terminal, outside curses (the compose
 * screen of "mua compose"), with Tab completion of the word being typed:
 * addresses from the store, file names for attachments.
 */
#ifndef TTYLINE_H
#define TTYLINE_H

#include <stddef.h>
#include <stdio.h>

/* Appends the completions of WORD to *out (*n of them; caller frees). */
typedef void ttyline_complete_fn(void *arg, const char *word, char ***out,
    size_t *n);

/*
 * Reads a line on the terminal TTY (written through the stream, read
 * from its descriptor in raw mode), showing PROMPT and starting from
 * INITIAL. The word being completed starts after the last character of
 * SEPARATORS (",": each address of a list). Tab completes it with FN
 * (may be NULL): one match replaces it, several extend it to what they
 * share and are listed. Backspace, C-u (clear), C-w (word), Enter; Esc,
 * C-g or C-c cancel. Returns the line (caller frees) or NULL when
 * cancelled.
 */
char *ttyline_read(FILE *tty, const char *prompt, const char *initial,
    const char *separators, ttyline_complete_fn *fn, void *arg);

#endif
