/* ui-index.h: the index view, one line per thread of a query. */
#ifndef UI_INDEX_H
#define UI_INDEX_H

struct config;
struct store;
struct ui;

/*
 * Opens an index view of QUERY on STORE (read-only; it outlives the view)
 * and pushes it. Tag commands go through the UI's tagger. Returns 0, or
 * -1 with *cause set (a bad query).
 */
int ui_index_open(struct ui *ui, struct store *store, const char *query,
    char **cause);

#endif
