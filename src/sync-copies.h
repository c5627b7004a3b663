/*
 * sync-copies.h: a folder's local files by UID. A fetched file's name
 * carries ",mua=UIDVALIDITY-UID" (maildir.h), which ties it to its copy
 * on the server.
 */
#ifndef SYNC_COPIES_H
#define SYNC_COPIES_H

#include <stdint.h>

struct sync_copies;

/* The files of MAILDIR fetched under VALIDITY. */
struct sync_copies *sync_copies_load(const char *maildir, uint32_t validity);

/* The path of UID's file, or NULL. It belongs to C. */
const char *sync_copies_path(const struct sync_copies *c, uint32_t uid);

void sync_copies_free(struct sync_copies *c);

/* The UID in the name of PATH fetched under VALIDITY; 0 for another. */
uint32_t sync_copies_uid(const char *path, uint32_t validity);

#endif
