/*
 * ui-thread.h: the thread view (the pager): the messages of one thread as
 * a tree, read messages collapsed to one line, unread ones open with their
 * headers and text.
 */
#ifndef UI_THREAD_H
#define UI_THREAD_H

struct store;
struct ui;

/*
 * Opens the thread THREAD_ID of STORE (read-only; it outlives the view)
 * and pushes the view; messages matching QUERY (the index's) are the ones
 * that opened. With mark_read set, the unread messages shown are tagged
 * -unread through the UI's tagger. Returns 0, or -1 with *cause set.
 */
int ui_thread_open(struct ui *ui, struct store *store, const char *thread_id,
    const char *query, char **cause);

#endif
