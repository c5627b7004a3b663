/* push-imap.c: flags sent to the server; see push-imap.h. */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>

#include "flagmap.h"
#include "imap.h"
#include "mua.h"
#include "push-imap.h"

/* At most this many UIDs in one STORE, to keep command lines short. */
#define PUSH_GROUP 1000

static int
by_change(const void *a, const void *b)
{
	const struct push_change *x = a, *y = b;

	if (x->add != y->add)
		return x->add < y->add ? -1 : 1;
	if (x->remove != y->remove)
		return x->remove < y->remove ? -1 : 1;
	return x->uid < y->uid ? -1 : x->uid > y->uid;
}

/* One STORE of BITS (added when ADD) on SET. */
static int
store(mailimap *imap, struct mailimap_set *set, unsigned bits, int add,
    char **cause)
{
	struct mailimap_store_att_flags *att;
	int r;

	if (bits == 0)
		return 0;
	att = add ?
	    mailimap_store_att_flags_new_add_flags_silent(imap_flag_list(bits)) :
	    mailimap_store_att_flags_new_remove_flags_silent(
	    imap_flag_list(bits));
	r = mailimap_uid_store(imap, set, att);
	mailimap_store_att_flags_free(att);
	if (r != MAILIMAP_NO_ERROR)
		return set_cause(cause, "changing flags on the server failed: "
		    "%s", imap_why(imap, r));
	return 0;
}

int
push_imap_flags(mailimap *imap, struct push_change *changes, size_t n,
    void (*done)(void *arg), void *arg, char **cause)
{
	size_t i = 0, j;
	int rc = 0;

	if (n == 0)
		return 0;
	qsort(changes, n, sizeof *changes, by_change);
	while (i < n && rc == 0) {
		struct mailimap_set *set = mailimap_set_new_empty();
		for (j = i; j < n && j - i < PUSH_GROUP &&
		    changes[j].add == changes[i].add &&
		    changes[j].remove == changes[i].remove; j++)
			mailimap_set_add_single(set, changes[j].uid);
		rc = store(imap, set, changes[i].add, 1, cause);
		if (rc == 0)
			rc = store(imap, set, changes[i].remove, 0, cause);
		mailimap_set_free(set);
		if (rc == 0 && done != NULL)
			done(arg);
		i = j;
	}
	return rc;
}

enum push_imap_way
push_imap_way(mailimap *imap)
{
	if (mailimap_has_extension(imap, "MOVE"))
		return PUSH_IMAP_MOVE;
	return mailimap_has_extension(imap, "UIDPLUS") ?
	    PUSH_IMAP_COPY_EXPUNGE : PUSH_IMAP_COPY_ONLY;
}

static struct mailimap_set *
uid_set(const uint32_t *uids, size_t n)
{
	struct mailimap_set *set = mailimap_set_new_empty();
	size_t i;

	for (i = 0; i < n; i++)
		mailimap_set_add_single(set, uids[i]);
	return set;
}

/* \Deleted on SET, then UID EXPUNGE of SET when EXPUNGE. */
static int
delete_set(mailimap *imap, struct mailimap_set *set, int expunge,
    char **cause)
{
	struct mailimap_flag_list *fl = mailimap_flag_list_new_empty();
	struct mailimap_store_att_flags *att;
	int r;

	mailimap_flag_list_add(fl, mailimap_flag_new_deleted());
	att = mailimap_store_att_flags_new_add_flags_silent(fl);
	r = mailimap_uid_store(imap, set, att);
	mailimap_store_att_flags_free(att);
	if (r == MAILIMAP_NO_ERROR && expunge)
		r = mailimap_uid_expunge(imap, set);
	if (r != MAILIMAP_NO_ERROR)
		return set_cause(cause, "deleting on the server failed: %s",
		    imap_why(imap, r));
	return 0;
}

int
push_imap_move(mailimap *imap, const uint32_t *uids, size_t n,
    const char *folder, char **cause)
{
	struct mailimap_set *set = uid_set(uids, n);
	enum push_imap_way way = push_imap_way(imap);
	int r, rc = 0;

	r = way == PUSH_IMAP_MOVE ? mailimap_uid_move(imap, set, folder) :
	    mailimap_uid_copy(imap, set, folder);
	if (r != MAILIMAP_NO_ERROR)
		rc = set_cause(cause, "moving mail to %s failed: %s", folder,
		    imap_why(imap, r));
	else if (way != PUSH_IMAP_MOVE)
		rc = delete_set(imap, set, way == PUSH_IMAP_COPY_EXPUNGE, cause);
	mailimap_set_free(set);
	return rc;
}

int
push_imap_delete(mailimap *imap, const uint32_t *uids, size_t n,
    int expunge, char **cause)
{
	struct mailimap_set *set = uid_set(uids, n);
	int rc;

	rc = delete_set(imap, set, expunge &&
	    mailimap_has_extension(imap, "UIDPLUS"), cause);
	mailimap_set_free(set);
	return rc;
}
