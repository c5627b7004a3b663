/*
 * ui-sync.h: "mua sync" run from the UI ($) as a child process, so that a
 * hostile server crashing libetpan ends that sync, never the UI. Its
 * progress is shown in the status line; when it ends, the views read the
 * store again.
 */
#ifndef UI_SYNC_H
#define UI_SYNC_H

struct ui;
struct ui_sync;

/*
 * A runner of "mua [-F CONFIG_FILE] sync" with NOTMUCH_CONFIG set to
 * NOTMUCH_CONFIG (NULL: left as it is).
 */
struct ui_sync *ui_sync_new(const char *config_file,
    const char *notmuch_config);
void ui_sync_free(struct ui_sync *sync);

/* Starts a sync unless one runs; says so in the status line. */
void ui_sync_start(struct ui_sync *sync, struct ui *ui);

/*
 * Reads the child's output and notices its end; with sync_interval set,
 * starts the next sync when it is due. The UI calls it when idle.
 */
void ui_sync_tick(struct ui_sync *sync, struct ui *ui);

#endif
