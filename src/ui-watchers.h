/*
 * ui-watchers.h: the UI's IDLE watchers: one "mua idle ACCOUNT FOLDER"
 * (mua-idle.h) per idle_folders entry of each IMAP account with idle =
 * yes, started again after it ends (5 s, doubling to 5 min; at once
 * after a password was typed), never again when the server has no IDLE.
 * When one says the server changed, or that it watches again (what came
 * while it didn't), its account is to be synced.
 */
#ifndef UI_WATCHERS_H
#define UI_WATCHERS_H

#include <stddef.h>

struct config;
struct ui;
struct ui_jobs;
struct ui_watchers;

struct ui_watchers *ui_watchers_new(void);

/* Stops the watchers (they never end by themselves) and frees W. */
void ui_watchers_free(struct ui_watchers *w);

/*
 * Starts, reads and restarts the watchers (made from CONFIG on the first
 * call); calls SYNC(ARG, UI, ACCOUNT) for each account whose server spoke.
 * Returns in how many milliseconds one wants starting, -1 for never.
 */
long ui_watchers_tick(struct ui_watchers *w, struct ui_jobs *jobs,
    struct ui *ui, void (*sync)(void *arg, struct ui *ui,
    const char *account), void *arg);

/* Their output descriptors (at most MAX, into FDS), for the loop. */
size_t ui_watchers_fds(const struct ui_watchers *w, int *fds, size_t max);

#endif
