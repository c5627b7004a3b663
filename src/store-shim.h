/*
 * store-shim.h: the notmuch calls that can throw. notmuch 0.37 lets
 * Xapian::DatabaseModifiedError escape from the iterators when another
 * process committed twice while a read-only handle iterates, which aborts
 * the process (seen in notmuch_messages_get(); fixed in notmuch 0.40).
 * Three full re-tags of a 100,000-message store did not make the thread
 * iterator throw here, but it runs the same message code, so it is
 * guarded too. Only store.c uses these wrappers.
 */
#ifndef STORE_SHIM_H
#define STORE_SHIM_H

#include <notmuch.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * notmuch_threads_get(), returning NULL and setting *modified when the
 * database changed under the iterator (reopen and run the query again).
 */
notmuch_thread_t *store_shim_threads_get(notmuch_threads_t *threads,
    int *modified);

/* notmuch_threads_valid(), likewise. */
int store_shim_threads_valid(notmuch_threads_t *threads, int *modified);

/* notmuch_messages_get() and _valid(), likewise. */
notmuch_message_t *store_shim_messages_get(notmuch_messages_t *messages,
    int *modified);
int store_shim_messages_valid(notmuch_messages_t *messages, int *modified);

#ifdef __cplusplus
}
#endif

#endif
