/* fetch-imap.c: an IMAP folder into a maildir; see fetch-imap.h. */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libetpan/libetpan.h>

#include "fetch-imap.h"
#include "fetch-renumber.h"
#include "file.h"
#include "maildir.h"
#include "mua.h"
#include "store.h"

/* Messages fetched (and then indexed, and the state saved) at a time. */
#define FETCH_BATCH 50

struct state {
	uint32_t uidvalidity;
	uint32_t last;		/* the highest UID fetched */
	int renumbered;		/* copies under an older UIDVALIDITY to drop */
};

static void
read_state(const char *path, struct state *st)
{
	char *data = NULL;
	size_t len;
	unsigned long v = 0, l = 0;
	char mark[16] = "";

	st->uidvalidity = st->last = 0;
	if (file_read(path, &data, &len, NULL) == 0 &&
	    sscanf(data, "%lu %lu %15s", &v, &l, mark) >= 2) {
		st->uidvalidity = (uint32_t)v;
		st->last = (uint32_t)l;
	}
	st->renumbered = strcmp(mark, "renumbered") == 0;
	free(data);
}

/* What went wrong, for a person: libetpan's error R, or the server's
 * own words when it said NO or BAD. */
static const char *
why(mailimap *imap, int r)
{
	switch (r) {
	case MAILIMAP_ERROR_STREAM:
		return "the connection was lost or the server stopped answering";
	case MAILIMAP_ERROR_PARSE:
		return "the server's answer made no sense";
	default:
		return imap->imap_response != NULL ? imap->imap_response :
		    "the server refused";
	}
}

static int
write_state(const char *path, const struct state *st, char **cause)
{
	char buf[64];
	int n = snprintf(buf, sizeof buf, "%lu %lu%s\n",
	    (unsigned long)st->uidvalidity, (unsigned long)st->last,
	    st->renumbered ? " renumbered" : "");

	return file_write_atomic(path, buf, (size_t)n, cause);
}

/* The UIDs above LAST, ascending. "UID FETCH n:*" always returns the
 * folder's last message, even below n: those are filtered out. */
static int
new_uids(mailimap *imap, uint32_t last, uint32_t **out, size_t *n,
    char **cause)
{
	struct mailimap_set *set = mailimap_set_new_interval(last + 1, 0);
	struct mailimap_fetch_type *ft =
	    mailimap_fetch_type_new_fetch_att_list_empty();
	clist *result = NULL;
	clistiter *it;
	int r;

	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_uid());
	r = mailimap_uid_fetch(imap, set, ft, &result);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	if (r != MAILIMAP_NO_ERROR)
		return set_cause(cause, "listing the new mail failed: %s",
		    why(imap, r));
	*out = NULL;
	*n = 0;
	for (it = clist_begin(result); it != NULL; it = clist_next(it)) {
		struct mailimap_msg_att *ma = clist_content(it);
		uint32_t uid = 0;
		clistiter *i;
		for (i = clist_begin(ma->att_list); i != NULL; i = clist_next(i)) {
			struct mailimap_msg_att_item *item = clist_content(i);
			if (item->att_type == MAILIMAP_MSG_ATT_ITEM_STATIC &&
			    item->att_data.att_static->att_type ==
			    MAILIMAP_MSG_ATT_UID)
				uid = item->att_data.att_static->att_data.att_uid;
		}
		if (uid <= last)
			continue;
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		(*out)[(*n)++] = uid;
	}
	mailimap_fetch_list_free(result);
	return 0;
}

/* One message of a FETCH answer. */
struct message {
	uint32_t uid;
	const char *data;
	size_t len;
	char flags[8];		/* maildir flags, sorted: "DFRS" */
};

static void
message_flags(clist *flags, char *out)
{
	int d = 0, f = 0, r = 0, s = 0;
	clistiter *it;

	for (it = clist_begin(flags); it != NULL; it = clist_next(it)) {
		struct mailimap_flag_fetch *ff = clist_content(it);
		if (ff->fl_type != MAILIMAP_FLAG_FETCH_OTHER)
			continue;
		d |= ff->fl_flag->fl_type == MAILIMAP_FLAG_DRAFT;
		f |= ff->fl_flag->fl_type == MAILIMAP_FLAG_FLAGGED;
		r |= ff->fl_flag->fl_type == MAILIMAP_FLAG_ANSWERED;
		s |= ff->fl_flag->fl_type == MAILIMAP_FLAG_SEEN;
	}
	snprintf(out, 8, "%s%s%s%s", d ? "D" : "", f ? "F" : "", r ? "R" : "",
	    s ? "S" : "");
}

static void
read_message(struct mailimap_msg_att *ma, struct message *m)
{
	clistiter *i;

	memset(m, 0, sizeof *m);
	for (i = clist_begin(ma->att_list); i != NULL; i = clist_next(i)) {
		struct mailimap_msg_att_item *item = clist_content(i);
		if (item->att_type == MAILIMAP_MSG_ATT_ITEM_DYNAMIC) {
			/* "FLAGS ()" comes without a list */
			if (item->att_data.att_dyn != NULL &&
			    item->att_data.att_dyn->att_list != NULL)
				message_flags(item->att_data.att_dyn->att_list,
				    m->flags);
			continue;
		}
		struct mailimap_msg_att_static *st = item->att_data.att_static;
		if (st->att_type == MAILIMAP_MSG_ATT_UID)
			m->uid = st->att_data.att_uid;
		else if (st->att_type == MAILIMAP_MSG_ATT_BODY_SECTION) {
			m->data = st->att_data.att_body_section->sec_body_part;
			m->len = st->att_data.att_body_section->sec_length;
		}
	}
}

/*
 * Writes M unless KEYS shows it was written before a crash; either way
 * adds its path to PATHS for indexing.
 */
static int
keep(const struct fetch_folder *f, const struct state *st,
    const struct maildir_keys *keys, const struct message *m,
    char ***paths, size_t *npaths, char **cause)
{
	char key[32], *path = NULL;
	const char *had;

	snprintf(key, sizeof key, "%lu-%lu", (unsigned long)st->uidvalidity,
	    (unsigned long)m->uid);
	if ((had = maildir_keys_find(keys, key)) != NULL)
		path = xstrdup(had);
	else {
		size_t len = m->len;
		char *unix_text = maildir_from_wire(m->data, &len);
		int r = maildir_deliver_keyed(f->maildir, key, unix_text, len,
		    m->flags, MAILDIR_SYNC_LATER, &path, cause);
		free(unix_text);
		if (r == -1)
			return -1;
	}
	*paths = xreallocarray(*paths, *npaths + 1, sizeof **paths);
	(*paths)[(*npaths)++] = path;
	return 0;
}

/* Asks for the bodies of the N UIDS; *result as mailimap_uid_fetch(). */
static int
fetch_bodies(mailimap *imap, const uint32_t *uids, size_t n, clist **result)
{
	struct mailimap_set *set = mailimap_set_new_empty();
	struct mailimap_fetch_type *ft =
	    mailimap_fetch_type_new_fetch_att_list_empty();
	size_t i;
	int r;

	for (i = 0; i < n; i++)
		mailimap_set_add_single(set, uids[i]);
	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_uid());
	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_flags());
	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_body_peek_section(mailimap_section_new(NULL)));
	r = mailimap_uid_fetch(imap, set, ft, result);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	return r;
}

/*
 * Fetches the N UIDS: writes them, makes them durable, then indexes
 * them; the caller then saves the state.
 */
static int
fetch_batch(const struct fetch_folder *f, const struct state *st,
    const struct maildir_keys *keys, const uint32_t *uids, size_t n,
    struct fetch_stats *stats, char **cause)
{
	clist *result = NULL;
	clistiter *it;
	struct message m;
	char **paths = NULL;
	size_t npaths = 0, i;
	int r, rc = 0;

	if ((r = fetch_bodies(f->imap, uids, n, &result)) != MAILIMAP_NO_ERROR)
		return set_cause(cause, "fetching %s failed: %s", f->name,
		    why(f->imap, r));
	for (it = clist_begin(result); it != NULL && rc == 0;
	    it = clist_next(it)) {
		read_message(clist_content(it), &m);
		if (m.uid == 0 || m.data == NULL)
			continue;	/* expunged meanwhile */
		if ((rc = keep(f, st, keys, &m, &paths, &npaths, cause)) == 0)
			stats->bytes += m.len;
	}
	mailimap_fetch_list_free(result);
	if (rc == 0 && npaths > 0)
		rc = file_sync_fs(f->maildir, cause);
	for (i = 0; i < npaths; i++) {
		if (rc == 0 && (rc = store_index_file(f->store, paths[i],
		    f->tags, cause)) == 0)
			stats->fetched++;
		free(paths[i]);
	}
	free(paths);
	return rc;
}

static void
report(const struct fetch_folder *f, size_t done, size_t total,
    unsigned long long bytes)
{
	if (f->progress != NULL)
		f->progress(f->progress_arg, f->name, (unsigned)done,
		    (unsigned)total, bytes);
}

int
fetch_imap_folder(const struct fetch_folder *f, struct fetch_stats *stats,
    char **cause)
{
	struct maildir_keys keys = { NULL, NULL, 0 };
	struct state st;
	uint32_t *uids = NULL, v;
	size_t n = 0, i, batch;
	int rc = -1;

	if (mailimap_select(f->imap, f->name) != MAILIMAP_NO_ERROR)
		return set_cause(cause, "can't open the folder %s", f->name);
	v = f->imap->imap_selection_info->sel_uidvalidity;
	read_state(f->state, &st);
	if (st.uidvalidity != v) {	/* a new folder to us, or renumbered */
		st.renumbered = st.uidvalidity != 0;
		st.uidvalidity = v;
		st.last = 0;
	}
	if (maildir_make(f->maildir, cause) == -1 ||
	    new_uids(f->imap, st.last, &uids, &n, cause) == -1)
		goto out;
	maildir_keys(f->maildir, &keys);
	report(f, 0, n, stats->bytes);
	for (i = 0; i < n; i += batch) {
		batch = n - i < FETCH_BATCH ? n - i : FETCH_BATCH;
		if (fetch_batch(f, &st, &keys, uids + i, batch, stats,
		    cause) == -1)
			goto out;
		st.last = uids[i + batch - 1];
		/* The index on disk first, then the state that relies on it. */
		if (store_commit(f->store, cause) == -1 ||
		    write_state(f->state, &st, cause) == -1)
			goto out;
		report(f, i + batch, n, stats->bytes);
	}
	if (n == 0 && write_state(f->state, &st, cause) == -1)
		goto out;
	/* Everything is here again under the new number: the old copies
	 * can go, then the state says so. */
	if (st.renumbered) {
		if (fetch_drop_renumbered(f->maildir, v, f->store, cause) == -1)
			goto out;
		st.renumbered = 0;
		if (write_state(f->state, &st, cause) == -1)
			goto out;
	}
	rc = 0;
out:
	maildir_keys_free(&keys);
	free(uids);
	return rc;
}
