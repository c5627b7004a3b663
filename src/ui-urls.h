/*
 * ui-urls.h: the URL view: the links in a message, to copy to the
 * clipboard (OSC 52, through the terminal) or open with url_command.
 */
#ifndef UI_URLS_H
#define UI_URLS_H

#include <stddef.h>

struct ui;

/*
 * Lists the URLs found in the N LINES (safe text) in a view pushed on UI;
 * says so in the status line when there are none.
 */
void ui_urls_open(struct ui *ui, char *const *lines, size_t n);

#endif
