/*
 * sync.h: an account's mail fetched into the store: connect (TLS always,
 * unless the account says tls = none), log in, fetch each folder.
 */
#ifndef SYNC_H
#define SYNC_H

#include "fetch-imap.h"

struct account;
struct config;
struct store;

/*
 * Fetches the new mail of ACCOUNT into its maildirs under the store's
 * mail root and indexes it in STORE (read-write). Returns 0, or -1 with
 * *cause set; *stats counts what arrived either way.
 */
int sync_account(const struct config *config, const struct account *account,
    struct store *store, struct fetch_stats *stats, char **cause);

/* Called as fetching goes on; see struct fetch_folder. */
void sync_set_progress(void (*progress)(void *arg, const char *folder,
    unsigned done, unsigned total, unsigned long long bytes), void *arg);

#endif
