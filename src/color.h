/*
 * color.h: "color OBJECT [ATTRIBUTE...] FOREGROUND BACKGROUND" lines: what
 * is coloured (index.unread, tag.NAME, ...), with which attributes and
 * colours. The UI turns them into curses pairs.
 */
#ifndef COLOR_H
#define COLOR_H

#include <stddef.h>

enum {
	COLOR_ATTR_BOLD = 1 << 0,
	COLOR_ATTR_DIM = 1 << 1,
	COLOR_ATTR_UNDERLINE = 1 << 2,
	COLOR_ATTR_REVERSE = 1 << 3,
	COLOR_ATTR_ITALIC = 1 << 4,
	COLOR_ATTR_BLINK = 1 << 5,
	COLOR_ATTR_STANDOUT = 1 << 6,
};

#define COLOR_DEFAULT (-1)	/* the terminal's own colour */

struct color_spec {
	char *object;
	unsigned attrs;
	int fg, bg;	/* 0-255, or COLOR_DEFAULT */
};

/* The objects that can be coloured, NULL-terminated ("tag.NAME" too). */
extern const char *const color_objects[];

/*
 * Parses the N words after "color" into SPEC (caller frees with
 * color_spec_clear()). Returns 0, or -1 with *cause set and *bad the
 * index of the word at fault.
 */
int color_parse(const char *const *words, size_t n, struct color_spec *spec,
    size_t *bad, char **cause);

/*
 * Writes the attributes and colours of SPEC as the words that follow the
 * object in a color line (caller frees).
 */
char *color_format(const struct color_spec *spec);

void color_spec_clear(struct color_spec *spec);

#endif
