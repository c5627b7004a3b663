/*
 * ui-style.c: kinds of text to curses attributes; see ui-style.h. Each
 * kind contributes its attributes; the colour comes from the first kind,
 * in the order of the table, that has one: a flagged row under the cursor
 * stays yellow, reversed.
 */
#include "autodefs.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "color.h"
#include "config.h"
#include "mua.h"
#include "ui-style.h"

struct style {
	int kind;
	const char *object;	/* the color line's object */
	unsigned attrs;		/* COLOR_ATTR_* */
	int fg, bg;
	short pair;		/* 0: no colour */
};

/* The defaults, in colour priority order. */
static struct style styles[] = {
	{ UI_ERROR, "error", COLOR_ATTR_BOLD, 1, COLOR_DEFAULT, 0 },
	{ UI_FLAGGED, "index.flagged", 0, 3, COLOR_DEFAULT, 0 },
	{ UI_MARKED, "index.marked", COLOR_ATTR_BOLD, 6, COLOR_DEFAULT, 0 },
	{ UI_UNREAD, "index.unread", COLOR_ATTR_BOLD, COLOR_DEFAULT,
	    COLOR_DEFAULT, 0 },
	{ UI_CURSOR, "index.cursor", COLOR_ATTR_REVERSE, COLOR_DEFAULT,
	    COLOR_DEFAULT, 0 },
	{ UI_HEADER, "header", COLOR_ATTR_BOLD, COLOR_DEFAULT, COLOR_DEFAULT,
	    0 },
	{ UI_QUOTE1, "quote1", 0, 6, COLOR_DEFAULT, 0 },
	{ UI_QUOTE2, "quote2", 0, 2, COLOR_DEFAULT, 0 },
	{ UI_QUOTE3, "quote3", 0, 5, COLOR_DEFAULT, 0 },
	{ UI_SIGNATURE, "signature", COLOR_ATTR_DIM, COLOR_DEFAULT,
	    COLOR_DEFAULT, 0 },
	{ UI_URL, "url", COLOR_ATTR_UNDERLINE, COLOR_DEFAULT, COLOR_DEFAULT, 0 },
	{ UI_SIDEBAR_CURRENT, "sidebar.current", COLOR_ATTR_REVERSE,
	    COLOR_DEFAULT, COLOR_DEFAULT, 0 },
	{ UI_SIDEBAR, "sidebar", 0, COLOR_DEFAULT, COLOR_DEFAULT, 0 },
	{ UI_STATUS, "status", COLOR_ATTR_REVERSE, COLOR_DEFAULT,
	    COLOR_DEFAULT, 0 },
};

/* Colours of tags, from "color tag.NAME ..." lines. */
struct tag_style {
	char *name;
	unsigned attrs;
	short pair;
};

static struct tag_style *tag_styles;
static size_t ntag_styles;

static attr_t
curses_attrs(unsigned a)
{
	attr_t out = A_NORMAL;

	if (a & COLOR_ATTR_BOLD)
		out |= A_BOLD;
	if (a & COLOR_ATTR_DIM)
		out |= A_DIM;
	if (a & COLOR_ATTR_UNDERLINE)
		out |= A_UNDERLINE;
	if (a & COLOR_ATTR_REVERSE)
		out |= A_REVERSE;
	if (a & COLOR_ATTR_ITALIC)
		out |= A_ITALIC;
	if (a & COLOR_ATTR_BLINK)
		out |= A_BLINK;
	if (a & COLOR_ATTR_STANDOUT)
		out |= A_STANDOUT;
	return out;
}

/* A colour the terminal has, or its default. */
static int
usable(int c)
{
	return c >= 0 && c < COLORS ? c : -1;
}

/* Makes a colour pair for FG, BG, or returns 0 (none, or none left). */
static short
make_pair(int colours, int fg, int bg, short *next)
{
	if (!colours || (usable(fg) == -1 && usable(bg) == -1) ||
	    *next >= COLOR_PAIRS)
		return 0;
	init_pair(*next, (short)usable(fg), (short)usable(bg));
	return (*next)++;
}

/* Reads the "tag.NAME" colour lines of CONFIG. */
static void
init_tags(const struct config *config, int colours, short *next)
{
	size_t i;

	while (ntag_styles > 0)
		free(tag_styles[--ntag_styles].name);
	for (i = 0; i < config->ncolors; i++) {
		const struct color_spec *c = &config->colors[i];
		if (strncmp(c->object, "tag.", 4) != 0)
			continue;
		tag_styles = xreallocarray(tag_styles, ntag_styles + 1,
		    sizeof *tag_styles);
		tag_styles[ntag_styles].name = xstrdup(c->object + 4);
		tag_styles[ntag_styles].attrs = c->attrs;
		tag_styles[ntag_styles++].pair = make_pair(colours, c->fg,
		    c->bg, next);
	}
}

void
ui_style_init(const struct config *config, int colours)
{
	size_t i, j;
	short next = 1;

	for (i = 0; i < nitems(styles); i++) {
		for (j = 0; j < config->ncolors; j++)
			if (strcmp(config->colors[j].object, styles[i].object) ==
			    0) {
				styles[i].attrs = config->colors[j].attrs;
				styles[i].fg = config->colors[j].fg;
				styles[i].bg = config->colors[j].bg;
			}
		styles[i].pair = make_pair(colours, styles[i].fg, styles[i].bg,
		    &next);
	}
	init_tags(config, colours, &next);
}

unsigned long
ui_style_tag_attr(int kinds, const char *tag)
{
	attr_t a = (attr_t)ui_style_attr(kinds);
	size_t i;

	for (i = 0; i < ntag_styles; i++)
		if (strcmp(tag_styles[i].name, tag) == 0) {
			a |= curses_attrs(tag_styles[i].attrs);
			if (tag_styles[i].pair != 0)
				a = (a & ~A_COLOR) | COLOR_PAIR(tag_styles[i].pair);
		}
	return (unsigned long)a;
}

unsigned long
ui_style_attr(int kinds)
{
	attr_t a = A_NORMAL;
	short pair = 0;
	size_t i;

	for (i = 0; i < nitems(styles); i++) {
		if (!(kinds & styles[i].kind))
			continue;
		a |= curses_attrs(styles[i].attrs);
		if (pair == 0)
			pair = styles[i].pair;
	}
	return (unsigned long)(a | COLOR_PAIR(pair));
}
