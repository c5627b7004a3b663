/*
 * store-address.c: address completion from the From values notmuch keeps
 * in its database; see store.h.
 */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <notmuch.h>

#include "mua.h"
#include "store-int.h"
#include "store.h"

/*
 * Splits a From value into name and address: "Name <a@b>", "\"N\" <a@b>"
 * or a bare "a@b".
 */
static void
split_from(const char *from, char **name, char **address)
{
	const char *lt = strrchr(from, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	const char *end;

	if (lt == NULL || gt == NULL) {
		*name = xstrdup("");
		*address = xstrdup(from);
		return;
	}
	*address = xstrndup(lt + 1, (size_t)(gt - lt - 1));
	while (*from == ' ' || *from == '"')
		from++;
	for (end = lt; end > from && (end[-1] == ' ' || end[-1] == '"'); end--)
		;
	*name = xstrndup(from, (size_t)(end - from));
}

/* Builds "from:w1 and from:w2*" from PREFIX's words; NULL if none. */
static char *
prefix_query(const char *prefix)
{
	char *copy = xstrdup(prefix), *save = NULL, *w, *q = NULL, *next, *p;

	for (p = copy; *p != '\0'; p++)	/* no query syntax from the user */
		if (strchr("()\"*:'", *p) != NULL)
			*p = ' ';
	for (w = strtok_r(copy, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save)) {
		next = xasprintf("%s%sfrom:%s%s", q ? q : "", q ? " and " : "", w,
		    save == NULL || *save == '\0' ? "*" : "");
		free(q);
		q = next;
	}
	free(copy);
	return q;
}

/* Adds one From value to the tally A of *n correspondents. */
static void
tally(struct store_address **a, size_t *n, const char *from)
{
	char *name, *address;
	size_t i;

	split_from(from, &name, &address);
	for (i = 0; i < *n; i++)
		if (strcasecmp((*a)[i].address, address) == 0) {
			(*a)[i].count++;
			free(name);
			free(address);
			return;
		}
	*a = xreallocarray(*a, *n + 1, sizeof **a);
	(*a)[*n].name = name;	/* the newest message's name wins */
	(*a)[*n].address = address;
	(*a)[(*n)++].count = 1;
}

/*
 * Sorts by count, most first, keeping the tally's order (newest first)
 * among equals; the list is short, so insertion sort does.
 */
static void
sort_by_count(struct store_address *a, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		struct store_address x = a[i];
		for (j = i; j > 0 && a[j - 1].count < x.count; j--)
			a[j] = a[j - 1];
		a[j] = x;
	}
}

#define ADDRESS_SCAN 5000	/* newest matching messages looked at */

int
store_addresses(struct store *store, const char *prefix, size_t max,
    struct store_address **out, size_t *n, char **cause)
{
	char *query = prefix_query(prefix);
	notmuch_query_t *q = NULL;
	notmuch_messages_t *messages;
	notmuch_status_t st;
	size_t seen = 0;

	*out = NULL;
	*n = 0;
	if (query == NULL)
		return 0;
	if (store_make_query(store, query, &q, cause) == -1) {
		free(query);
		return -1;
	}
	notmuch_query_set_sort(q, NOTMUCH_SORT_NEWEST_FIRST);
	if ((st = notmuch_query_search_messages(q, &messages)) != SUCCESS_ST) {
		store_query_cause(store, query, st, cause);
		notmuch_query_destroy(q);
		free(query);
		return -1;
	}
	for (; seen < ADDRESS_SCAN && notmuch_messages_valid(messages);
	    notmuch_messages_move_to_next(messages), seen++) {
		notmuch_message_t *m = notmuch_messages_get(messages);
		const char *from = notmuch_message_get_header(m, "from");
		if (from != NULL && *from != '\0')
			tally(out, n, from);
		notmuch_message_destroy(m);
	}
	notmuch_query_destroy(q);
	free(query);
	sort_by_count(*out, *n);
	while (*n > max) {
		(*n)--;
		free((*out)[*n].name);
		free((*out)[*n].address);
	}
	return 0;
}

void
store_addresses_free(struct store_address *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(a[i].name);
		free(a[i].address);
	}
	free(a);
}
