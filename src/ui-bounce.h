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
struct ui_batch;

/* Asks where to bounce the messages of BATCH (taken), then bounces
 * them; STORE (the UI's) offers its addresses. The questions are the
 * view OWNER's. */
void ui_bounce(struct ui *ui, void *owner, struct store *store,
    struct ui_batch *batch);

#endif
