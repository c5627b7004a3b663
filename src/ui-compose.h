/*
 * ui-compose.h: the compose view. A message is written in the user's
 * editor (the terminal handed over and taken back, as for a pager), then
 * shown in curses: its header fields, its attachments, its security
 * state and its text, with the line screen's keys (y send, p postpone,
 * e edit, t c b s the fields, a attach, d detach, q abort). The draft
 * itself lives in a child, "mua compose --serve" (compose-serve.h),
 * which keeps it in the drafts maildir after every change; the view
 * never waits for it: the loop goes on while it saves. How it ended is
 * said in the status line: queued (then sent, or queued and why, by the
 * send that follows), postponed, aborted, or not sent (unchanged).
 */
#ifndef UI_COMPOSE_H
#define UI_COMPOSE_H

struct ui;

/*
 * Opens the compose view for "mua compose OPTION PATH" (OPTION "--reply"
 * and the like, PATH the message; NULL, NULL for a new message; NULL and
 * an address or mailto: URI to write to).
 */
void ui_compose_open(struct ui *ui, const char *option, const char *path);

#endif
