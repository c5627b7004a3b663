/*
 * ui-list.h: a read-only, scrollable list of lines under a title: the
 * help, the message log.
 */
#ifndef UI_LIST_H
#define UI_LIST_H

#include <stddef.h>

struct ui;

/*
 * Pushes a list view of the N LINES (the view takes them and the array),
 * KINDS[i] styling line i (NULL: all plain; the view takes it too), with
 * TITLE in the status line; AT_END starts on the last screen.
 */
void ui_list_open(struct ui *ui, const char *title, char **lines,
    int *kinds, size_t n, int at_end);

#endif
