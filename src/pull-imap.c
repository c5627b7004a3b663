/* pull-imap.c: the server's side of a folder; see pull-imap.h. */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>

#include "imap.h"
#include "mua.h"
#include "pull-imap.h"

struct collected {
	struct pull_flags *list;
	size_t n;
};

/* libetpan's message handler: one FETCH answer's UID and FLAGS. */
static void
on_message(struct mailimap_msg_att *ma, void *arg)
{
	struct collected *c = arg;
	struct pull_flags p = { 0, 0 };
	int flags = 0;
	clistiter *i;

	for (i = clist_begin(ma->att_list); i != NULL; i = clist_next(i)) {
		struct mailimap_msg_att_item *item = clist_content(i);
		if (item->att_type == MAILIMAP_MSG_ATT_ITEM_DYNAMIC) {
			flags = 1;	/* "FLAGS ()" comes without a list */
			if (item->att_data.att_dyn->att_list != NULL)
				p.bits = imap_bits(
				    item->att_data.att_dyn->att_list);
		} else if (item->att_type == MAILIMAP_MSG_ATT_ITEM_STATIC &&
		    item->att_data.att_static->att_type == MAILIMAP_MSG_ATT_UID)
			p.uid = item->att_data.att_static->att_data.att_uid;
	}
	if (p.uid == 0 || !flags)
		return;
	c->list = xreallocarray(c->list, c->n + 1, sizeof *c->list);
	c->list[c->n++] = p;
}

static int
by_uid(const void *a, const void *b)
{
	const struct pull_flags *x = a, *y = b;

	return x->uid < y->uid ? -1 : x->uid > y->uid;
}

int
pull_imap_flags(mailimap *imap, struct mailimap_set *set, uint64_t modseq,
    struct pull_flags **out, size_t *n, char **cause)
{
	struct mailimap_fetch_type *ft =
	    mailimap_fetch_type_new_fetch_att_list_empty();
	struct collected c = { NULL, 0 };
	clist *result = NULL;
	int r;

	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_uid());
	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_flags());
	/* Answers stream through the handler: 100,000 of them never sit
	 * in libetpan's lists. */
	mailimap_set_msg_att_handler(imap, on_message, &c);
	mailimap_set_progress_callback(imap, imap_no_progress, NULL, &c);
	r = modseq != 0 ? mailimap_uid_fetch_changedsince(imap, set, ft, modseq,
	    &result) : mailimap_uid_fetch(imap, set, ft, &result);
	mailimap_set_msg_att_handler(imap, NULL, NULL);
	mailimap_set_progress_callback(imap, NULL, NULL, NULL);
	mailimap_fetch_type_free(ft);
	if (result != NULL)
		mailimap_fetch_list_free(result);
	if (r != MAILIMAP_NO_ERROR) {
		free(c.list);
		return set_cause(cause, "reading the flags failed: %s",
		    imap_why(imap, r));
	}
	if (c.n > 0)
		qsort(c.list, c.n, sizeof *c.list, by_uid);
	*out = c.list;
	*n = c.n;
	return 0;
}

static int
uid_order(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

int
pull_imap_uids(mailimap *imap, uint32_t from, uint32_t **out, size_t *n,
    char **cause)
{
	struct mailimap_search_key *key = mailimap_search_key_new_uid(
	    mailimap_set_new_interval(from, 0));
	clist *result = NULL;
	clistiter *it;
	uint32_t uid;
	int r;

	r = mailimap_uid_search(imap, NULL, key, &result);
	mailimap_search_key_free(key);
	if (r != MAILIMAP_NO_ERROR)
		return set_cause(cause, "listing the folder's messages failed: "
		    "%s", imap_why(imap, r));
	*out = xcalloc(clist_count(result) + 1, sizeof **out);
	*n = 0;
	/* "n:*" always matches the last message, even below n. */
	for (it = clist_begin(result); it != NULL; it = clist_next(it))
		if ((uid = *(uint32_t *)clist_content(it)) >= from)
			(*out)[(*n)++] = uid;
	mailimap_search_result_free(result);
	qsort(*out, *n, sizeof **out, uid_order);
	return 0;
}
