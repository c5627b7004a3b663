/*
 * ui-parts.h: the attach view: a message's parts, to save one to a file,
 * open it with the mailcap, or pipe it to a command.
 */
#ifndef UI_PARTS_H
#define UI_PARTS_H

struct ui;

/*
 * Lists the parts of the message file PATH in a view pushed on UI.
 * Returns 0, or -1 with *cause set (the message can't be read).
 */
int ui_parts_open(struct ui *ui, const char *path, char **cause);

#endif
