/*
 * ui-style.h: what each piece of text on screen is (an unread thread, a
 * quote, the status line...) turned into curses attributes and colours,
 * from the built-in defaults and the user's "color" lines.
 */
#ifndef UI_STYLE_H
#define UI_STYLE_H

struct config;

/* Kinds of text; a piece of text may be several (an unread, flagged row). */
enum {
	UI_CURSOR = 1 << 0,
	UI_UNREAD = 1 << 1,
	UI_FLAGGED = 1 << 2,
	UI_MARKED = 1 << 3,
	UI_HEADER = 1 << 4,
	UI_QUOTE1 = 1 << 5,
	UI_QUOTE2 = 1 << 6,
	UI_QUOTE3 = 1 << 7,
	UI_SIGNATURE = 1 << 8,
	UI_STATUS = 1 << 9,
	UI_ERROR = 1 << 10,
	UI_SIDEBAR = 1 << 11,
	UI_SIDEBAR_CURRENT = 1 << 12,
	UI_URL = 1 << 13,
};

/*
 * Decides the attributes of each kind from CONFIG's colour lines over the
 * defaults; COLOURS says whether the terminal may be given colours (it
 * has them and NO_COLOR is unset). Curses must be on.
 */
void ui_style_init(const struct config *config, int colours);

/* The curses attributes (attr_t) for text of the kinds KINDS. */
unsigned long ui_style_attr(int kinds);

/*
 * The attributes for the tag TAG shown as text of the KINDS: the tag's
 * own colour line ("color tag.NAME ...") over the kinds' colour.
 */
unsigned long ui_style_tag_attr(int kinds, const char *tag);

#endif
