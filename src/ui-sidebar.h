/*
 * ui-sidebar.h: the sidebar of saved searches (the .muarc "query" lines and
 * notmuch's named queries) with their unread and total message counts.
 * The counts are computed by a worker thread on its own read-only handle,
 * so the index never waits for them: they show as they arrive, and are
 * counted again after tag changes land.
 */
#ifndef UI_SIDEBAR_H
#define UI_SIDEBAR_H

#include <stddef.h>

struct config;
struct store;
struct ui_sidebar;

/*
 * A sidebar of CONFIG's queries, then STORE's named queries; with neither,
 * a few useful ones (inbox, unread, flagged, all). The worker opens the
 * store of STORE's mail root with NOTMUCH_CONFIG (as for store_open()).
 */
struct ui_sidebar *ui_sidebar_new(const struct config *config,
    struct store *store, const char *notmuch_config);

/* Waits for the worker and frees SIDEBAR. */
void ui_sidebar_free(struct ui_sidebar *sidebar);

/*
 * Takes the counts the worker finished; starts counting again when
 * GENERATION (the tagger's) changed since the last count. Returns whether
 * anything on show changed.
 */
int ui_sidebar_tick(struct ui_sidebar *sidebar, unsigned generation);

/* Whether it is shown, and showing or hiding it. */
int ui_sidebar_visible(const struct ui_sidebar *sidebar);
void ui_sidebar_toggle(struct ui_sidebar *sidebar);

/*
 * Draws it in columns 0 .. WIDTH-1 of rows 0 .. ROWS-1, the entry whose
 * query is CURRENT marked, the cursor's highlighted.
 */
void ui_sidebar_draw(struct ui_sidebar *sidebar, int rows, int width,
    const char *current);

/* Moves the sidebar's cursor BY entries. */
void ui_sidebar_move(struct ui_sidebar *sidebar, int by);

/* The query of the entry under the cursor (owned by the sidebar). */
const char *ui_sidebar_query(const struct ui_sidebar *sidebar);

#endif
