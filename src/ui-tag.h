/*
 * ui-tag.h: tag changes from any view: journaled first (so nothing is lost
 * whatever happens next), then applied by the writer when the notmuch lock
 * is free, retried on the loop's ticks while it isn't. Views see what
 * landed through a generation number that grows each time changes land.
 */
#ifndef UI_TAG_H
#define UI_TAG_H

#include <stddef.h>

struct store;
struct ui;
struct ui_tagger;

/*
 * A tagger for the store STORE (read-only; it is reopened when changes
 * land), writing with the notmuch configuration NOTMUCH_CONFIG (NULL:
 * notmuch's lookup) and journaling to JOURNAL.
 */
struct ui_tagger *ui_tagger_new(struct store *store,
    const char *notmuch_config, const char *journal);
void ui_tagger_free(struct ui_tagger *tagger);

/*
 * Journals CHANGES ("+a -b") for the messages matching QUERY and applies
 * them if it can; the status line says when they wait or failed.
 */
void ui_tagger_tag(struct ui_tagger *tagger, struct ui *ui,
    const char *query, const char *changes);


/* Undoes the last tag operation (repeatedly: each call one more). */
void ui_tagger_undo(struct ui_tagger *tagger, struct ui *ui);

/* Whether NAME is a command ui_tagger_command() runs. */
int ui_tagger_has_command(const char *name);

/*
 * Runs the tag command NAME ARGS (tag, archive, delete, undelete, flag,
 * toggle-unread, tag-prompt, undo) on the messages of QUERY, and says
 * what it did to WHAT ("archived 3 threads"). The toggles (archive, flag,
 * toggle-unread) remove the tag when some message there has it, else add
 * it. tag-prompt asks for tags to add ("tag-prompt +") or remove (-),
 * completed from the store's, for the view OWNER, and changes them when
 * they are typed. After tags changed, with RESOLVE (mutt's resolve, the
 * caller's to decide), the view OWNER moves on ("next").
 */
void ui_tagger_command(struct ui_tagger *tagger, struct ui *ui, void *owner,
    const char *name, const char *args, const char *query,
    const char *what, int resolve);

/* Retries what waits for the lock; the UI loop calls it when idle.
 * Returns in how many milliseconds to retry, -1 for never. */
long ui_tagger_tick(struct ui_tagger *tagger, struct ui *ui);

/* How many journaled operations wait to be applied. */
size_t ui_tagger_pending(const struct ui_tagger *tagger);

/*
 * Another process changed the store (a sync brought mail): reopens it
 * and grows the generation, so views read their rows again.
 */
void ui_tagger_store_changed(struct ui_tagger *tagger, struct ui *ui);

/*
 * Grows each time changes land (the store has been reopened on them):
 * a view that saw another number reads its rows again.
 */
unsigned ui_tagger_generation(const struct ui_tagger *tagger);

#endif
