/*
 * ui-bounce.h: the index's and the pager's b: messages bounced (mutt's
 * bounce-message) to addresses the user types, after a yes. Tab completes
 * addresses, alias names expand; the sending is "mua send -R" in the
 * background, through the outbox like any send.
 */
#ifndef UI_BOUNCE_H
#define UI_BOUNCE_H

#include <stddef.h>

struct store;
struct ui;

/* Asks where to bounce the N message files PATHS, then bounces them;
 * STORE (the UI's) offers its addresses. */
void ui_bounce(struct ui *ui, struct store *store, const char *const *paths,
    size_t n);

#endif
