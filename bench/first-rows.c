/*
 * bench/first-rows.c: prints the first N thread rows of a query through
 * mua's store window, one line each as "notmuch search" prints them, so
 * the two can be timed doing the same work.
 *
 * usage: first-rows CONFIG QUERY N
 */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>

#include "mua.h"
#include "store.h"

int
main(int argc, char **argv)
{
	struct store *store = NULL;
	struct store_window *w = NULL;
	const struct store_thread *rows;
	char *cause = NULL;
	size_t got, i;

	if (argc != 4) {
		fprintf(stderr, "usage: first-rows CONFIG QUERY N\n");
		return MUA_EXIT_USAGE;
	}
	if (store_open(NULL, argv[1], STORE_READ_ONLY, &store, &cause) == -1 ||
	    store_window_open(store, argv[2], STORE_NEWEST_FIRST, &w,
	    &cause) == -1 ||
	    store_window_get(w, 0, strtoul(argv[3], NULL, 10), &rows, &got,
	    &cause) == -1) {
		fprintf(stderr, "first-rows: %s\n", cause);
		return MUA_EXIT_FAILURE;
	}
	for (i = 0; i < got; i++)
		printf("thread:%s %lld [%d/%d] %s; %s\n", rows[i].id,
		    rows[i].newest, rows[i].matched, rows[i].total,
		    rows[i].authors, rows[i].subject);
	store_window_free(w);
	store_close(store, NULL);
	return MUA_EXIT_OK;
}
