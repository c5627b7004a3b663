/* store-shim.cc: catches what notmuch 0.37 lets escape; see store-shim.h. */
#include "autodefs.h"

#include "store-shim.h"

notmuch_thread_t *
store_shim_threads_get(notmuch_threads_t *threads, int *modified)
{
	*modified = 0;
	try {
		return notmuch_threads_get(threads);
	} catch (...) {
		*modified = 1;
		return nullptr;
	}
}

int
store_shim_threads_valid(notmuch_threads_t *threads, int *modified)
{
	*modified = 0;
	try {
		return notmuch_threads_valid(threads);
	} catch (...) {
		*modified = 1;
		return 0;
	}
}

notmuch_message_t *
store_shim_messages_get(notmuch_messages_t *messages, int *modified)
{
	*modified = 0;
	try {
		return notmuch_messages_get(messages);
	} catch (...) {
		*modified = 1;
		return nullptr;
	}
}

int
store_shim_messages_valid(notmuch_messages_t *messages, int *modified)
{
	*modified = 0;
	try {
		return notmuch_messages_valid(messages);
	} catch (...) {
		*modified = 1;
		return 0;
	}
}
