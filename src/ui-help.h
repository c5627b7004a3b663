/* ui-help.h: the help view: the live key bindings of a view. */
#ifndef UI_HELP_H
#define UI_HELP_H

#include "keymap.h"

struct config;
struct ui;

/*
 * Pushes a view listing the bindings of VIEW in CONFIG's keymap (defaults
 * and the user's own), one line each: keys, command, what it does.
 */
void ui_help_open(struct ui *ui, const struct config *config,
    enum keymap_view view);

#endif
