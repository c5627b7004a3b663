/*
 * hold-lock.c: a test helper, not a test. Opens the notmuch store of
 * CONFIG read-write (which takes Xapian's write lock), writes READY, and
 * holds the lock until the file RELEASE exists.
 *
 * usage: hold-lock CONFIG READY RELEASE
 */
#include "autodefs.h"

#include <stdio.h>
#include <unistd.h>

#include "file.h"
#include "mua.h"
#include "store.h"

int
main(int argc, char **argv)
{
	struct store *store = NULL;
	char *cause = NULL;

	if (argc != 4) {
		fprintf(stderr, "usage: hold-lock CONFIG READY RELEASE\n");
		return MUA_EXIT_USAGE;
	}
	if (store_open(NULL, argv[1], STORE_READ_WRITE, &store, &cause) == -1) {
		fprintf(stderr, "hold-lock: %s\n", cause);
		return MUA_EXIT_FAILURE;
	}
	if (file_write_atomic(argv[2], "", 0, &cause) == -1) {
		fprintf(stderr, "hold-lock: %s\n", cause);
		return MUA_EXIT_FAILURE;
	}
	while (access(argv[3], F_OK) == -1)
		usleep(50000);
	store_close(store, NULL);
	return MUA_EXIT_OK;
}
