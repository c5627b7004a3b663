/*
 * ui-style.c: kinds of text to curses attributes; see ui-style.h. Each
 * kind contributes its attributes; the colour comes from the first kind,
 * in the order of the table, that has one: a flagged row under the cursor
 * stays yellow, reversed.
 */
#include "autodefs.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>
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
		styles[i].pair = 0;
		if (!colours || (usable(styles[i].fg) == -1 &&
		    usable(styles[i].bg) == -1) || next >= COLOR_PAIRS)
			continue;
		init_pair(next, (short)usable(styles[i].fg),
		    (short)usable(styles[i].bg));
		styles[i].pair = next++;
	}
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
