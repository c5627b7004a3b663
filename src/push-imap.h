/*
 * push-imap.h: local changes sent to the server: flags added to and
 * taken from copies in the selected folder.
 */
#ifndef PUSH_IMAP_H
#define PUSH_IMAP_H

#include <stddef.h>
#include <stdint.h>

#include <libetpan/libetpan.h>

/* A change to one copy's flags (flagmap.h bits). */
struct push_change {
	uint32_t uid;
	unsigned add, remove;
};

/*
 * Sends the N CHANGES, grouping copies that change alike into one UID
 * STORE (+FLAGS.SILENT, -FLAGS.SILENT): only the flags that changed are
 * named, so another client's change to another flag meanwhile stays.
 * Calls DONE after each STORE the server accepted. Returns 0, or -1
 * with *cause set.
 */
int push_imap_flags(mailimap *imap, struct push_change *changes, size_t n,
    void (*done)(void *arg), void *arg, char **cause);

#endif
