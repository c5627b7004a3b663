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
