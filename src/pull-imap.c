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

/* The FETCH answers a VANISHED fetch brings too: not wanted. */
static void
ignore(struct mailimap_msg_att *ma, void *arg)
{
	(void)ma;
	(void)arg;
}

static void
add_ranges(const struct mailimap_set *set, struct pull_range **out,
    size_t *n)
{
	clistiter *it;

	for (it = clist_begin(set->set_list); it != NULL; it = clist_next(it)) {
		struct mailimap_set_item *i = clist_content(it);
		uint32_t a = i->set_first, b = i->set_last ? i->set_last :
		    UINT32_MAX;
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		(*out)[*n].first = a < b ? a : b;
		(*out)[(*n)++].last = a < b ? b : a;
	}
}

static int
range_order(const void *a, const void *b)
{
	const struct pull_range *x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

/* Sorts the N ranges at R and joins those that overlap or touch. */
static size_t
join_ranges(struct pull_range *r, size_t n)
{
	size_t i, k = 0;

	if (n == 0)
		return 0;
	qsort(r, n, sizeof *r, range_order);
	for (i = 1; i < n; i++) {
		if (r[i].first <= r[k].last || r[i].first - 1 == r[k].last) {
			if (r[i].last > r[k].last)
				r[k].last = r[i].last;
		} else
			r[++k] = r[i];
	}
	return k + 1;
}

int
pull_imap_vanished(mailimap *imap, uint64_t modseq, uint32_t last,
    struct pull_range **out, size_t *n, char **cause)
{
	struct mailimap_set *set = mailimap_set_new_interval(1, last);
	struct mailimap_fetch_type *ft =
	    mailimap_fetch_type_new_fetch_att_list_empty();
	struct mailimap_qresync_vanished *v = NULL;
	clist *result = NULL;
	clistiter *it;
	int r;

	*out = NULL;
	*n = 0;
	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_uid());
	/* With the answers taken by the handler, libetpan judges the
	 * command by its tagged reply, not by answers having come. */
	mailimap_set_msg_att_handler(imap, ignore, NULL);
	r = mailimap_uid_fetch_qresync(imap, set, ft, modseq, &result, &v);
	mailimap_set_msg_att_handler(imap, NULL, NULL);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	if (result != NULL)
		mailimap_fetch_list_free(result);
	if (r == MAILIMAP_ERROR_STREAM)
		return set_cause(cause, "asking what was expunged failed: %s",
		    imap_why(imap, r));
	if (r != MAILIMAP_NO_ERROR)
		return 0;
	if (v != NULL) {
		add_ranges(v->qr_known_uids, out, n);
		mailimap_qresync_vanished_free(v);
	}
	/* libetpan hands over the first VANISHED answer only. */
	for (it = clist_begin(imap->imap_response_info->rsp_extension_list);
	    it != NULL; it = clist_next(it)) {
		struct mailimap_extension_data *e = clist_content(it);
		if (e->ext_extension->ext_id == MAILIMAP_EXTENSION_QRESYNC &&
		    e->ext_type == MAILIMAP_QRESYNC_TYPE_VANISHED &&
		    e->ext_data != NULL)
			add_ranges(((struct mailimap_qresync_vanished *)
			    e->ext_data)->qr_known_uids, out, n);
	}
	*n = join_ranges(*out, *n);
	return 1;
}
