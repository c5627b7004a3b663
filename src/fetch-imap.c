/* fetch-imap.c: an IMAP folder into a maildir; see fetch-imap.h. */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libetpan/libetpan.h>

#include "fetch-imap.h"
#include "fetch-pipe.h"
#include "flagmap.h"
#include "imap.h"
#include "fetch-renumber.h"
#include "file.h"
#include "killpoint.h"
#include "maildir.h"
#include "mua.h"
#include "store.h"
#include "syncstate.h"

/*
 * Messages fetched (and then indexed, and the state saved) at a time: up
 * to this many, or this many bytes as the server counts them (one message
 * at least). A batch sits in memory whole; each costs a commit.
 */
#define FETCH_BATCH 200
#define FETCH_BATCH_BYTES (8u << 20)

/* A message to fetch. */
struct wanted {
	uint32_t uid;
	uint32_t size;		/* RFC822.SIZE */
	const char *local;	/* a file of it here already, or NULL */
	unsigned bits;		/* its flags, when LOCAL */
	int kept;		/* LOCAL is its own file, under its key */
};

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

static int
write_state(const char *path, const struct state *st, char **cause)
{
	char buf[64];
	int n = snprintf(buf, sizeof buf, "%lu %lu%s\n",
	    (unsigned long)st->uidvalidity, (unsigned long)st->last,
	    st->renumbered ? " renumbered" : "");

	return file_write_atomic(path, buf, (size_t)n, cause);
}

/* The Message-ID (without <>) in a header section, or NULL. */
static char *
header_id(const char *text, size_t len)
{
	const char *lt = memchr(text, '<', len), *gt;

	if (lt == NULL ||
	    (gt = memchr(lt, '>', len - (size_t)(lt - text))) == NULL)
		return NULL;
	return xstrndup(lt + 1, (size_t)(gt - lt - 1));
}

static int
known_order(const void *a, const void *b)
{
	return strcmp(((const struct fetch_known *)a)->id,
	    ((const struct fetch_known *)b)->id);
}

void
fetch_known_sort(struct fetch_known *known, size_t n)
{
	if (n > 0)
		qsort(known, n, sizeof *known, known_order);
}

/*
 * Whether the message is one the caller knows here already (a copy moved
 * on the server: the same Message-ID and, counted with CRLF line ends as
 * the server does, the same size): then W points at its file.
 */
static void
recognise(const struct fetch_folder *f, struct wanted *w, char *id)
{
	struct fetch_known key, *hit;

	if (id == NULL)
		return;
	if (f->nknown == 0) {	/* no bsearch on a null array */
		free(id);
		return;
	}
	key.id = id;
	hit = bsearch(&key, f->known, f->nknown, sizeof *f->known,
	    known_order);
	if (hit != NULL && hit->size == w->size) {
		w->local = hit->path;
		hit->found = 1;
	}
	free(id);
}

/* Reads MA's UID, RFC822.SIZE, FLAGS and Message-ID into W. */
static void
read_wanted(const struct fetch_folder *f, struct mailimap_msg_att *ma,
    struct wanted *w)
{
	clistiter *i;
	char *id = NULL;

	memset(w, 0, sizeof *w);
	for (i = clist_begin(ma->att_list); i != NULL; i = clist_next(i)) {
		struct mailimap_msg_att_item *item = clist_content(i);
		struct mailimap_msg_att_static *st;
		if (item->att_type == MAILIMAP_MSG_ATT_ITEM_DYNAMIC) {
			if (item->att_data.att_dyn->att_list != NULL)
				w->bits = imap_bits(
				    item->att_data.att_dyn->att_list);
			continue;
		}
		st = item->att_data.att_static;
		if (st->att_type == MAILIMAP_MSG_ATT_UID)
			w->uid = st->att_data.att_uid;
		else if (st->att_type == MAILIMAP_MSG_ATT_RFC822_SIZE)
			w->size = st->att_data.att_rfc822_size;
		else if (st->att_type == MAILIMAP_MSG_ATT_BODY_SECTION &&
		    id == NULL &&
		    st->att_data.att_body_section->sec_body_part != NULL)
			id = header_id(st->att_data.att_body_section->
			    sec_body_part,
			    st->att_data.att_body_section->sec_length);
	}
	recognise(f, w, id);
}

/* What new_uids() asks of each message: with copies known here, also
 * the flags and the Message-ID, to recognise them. */
static struct mailimap_fetch_type *
listing(const struct fetch_folder *f)
{
	struct mailimap_fetch_type *ft =
	    mailimap_fetch_type_new_fetch_att_list_empty();
	clist *names;

	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_uid());
	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_rfc822_size());
	if (f->nknown == 0)
		return ft;
	names = clist_new();
	clist_append(names, xstrdup("MESSAGE-ID"));
	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_flags());
	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_body_peek_section(
	    mailimap_section_new_header_fields(
	    mailimap_header_list_new(names))));
	return ft;
}

static int
by_uid(const void *a, const void *b)
{
	const struct wanted *x = a, *y = b;

	return x->uid < y->uid ? -1 : x->uid > y->uid;
}

/* Sorts the N messages at W by UID, each once: the state keeps the last
 * UID fetched, so out of order (a server's bug, or a hostile one) a kill
 * could skip a message for good. */
static void
sort_wanted(struct wanted *w, size_t *n)
{
	size_t i, k = 0;

	if (*n == 0)
		return;
	qsort(w, *n, sizeof *w, by_uid);
	for (i = 1; i < *n; i++)
		if (w[i].uid != w[k].uid)
			w[++k] = w[i];
	*n = k + 1;
}

/* The messages above UID LAST, ascending. "UID FETCH n:*" always returns
 * the folder's last message, even below n: those are filtered out. */
static int
new_uids(const struct fetch_folder *f, uint32_t last, struct wanted **out,
    size_t *n, char **cause)
{
	struct mailimap_set *set = mailimap_set_new_interval(last + 1, 0);
	struct mailimap_fetch_type *ft = listing(f);
	clist *result = NULL;
	clistiter *it;
	struct wanted w;
	int r;

	r = mailimap_uid_fetch(f->imap, set, ft, &result);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	if (r != MAILIMAP_NO_ERROR)
		return set_cause(cause, "listing the new mail failed: %s",
		    imap_why(f->imap, r));
	*out = NULL;
	*n = 0;
	for (it = clist_begin(result); it != NULL; it = clist_next(it)) {
		read_wanted(f, clist_content(it), &w);
		if (w.uid <= last)
			continue;
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		(*out)[(*n)++] = w;
	}
	mailimap_fetch_list_free(result);
	sort_wanted(*out, n);
	return 0;
}

/* How many of the N messages at W go in the next batch. */
static size_t
batch_size(const struct wanted *w, size_t n)
{
	size_t k = 0, bytes = 0, most = killpoint_batch(FETCH_BATCH);

	while (k < n && k < most && (k == 0 ||
	    bytes + w[k].size <= FETCH_BATCH_BYTES))
		bytes += w[k++].size;
	return k;
}

/* One message of a FETCH answer, as far as delivering it goes (the body
 * went to disk as it came). */
struct message {
	uint32_t uid;
	unsigned bits;		/* flagmap.h */
};

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
				m->bits = imap_bits(
				    item->att_data.att_dyn->att_list);
			continue;
		}
		struct mailimap_msg_att_static *st = item->att_data.att_static;
		if (st->att_type == MAILIMAP_MSG_ATT_UID)
			m->uid = st->att_data.att_uid;
	}
}

/* The message arriving now, streamed to disk as its bytes come: a big
 * one is never held whole in memory. */
struct arriving {
	const struct fetch_folder *f;
	const struct wanted *w;	/* the batch asked for, by UID */
	size_t nw;
	uint32_t validity;
	const struct maildir_keys *keys;
	struct fetch_batch *batch;
	struct maildir_incoming in;
	int open;		/* IN holds a message's first bytes */
	char *error;		/* why writing failed */
};

/* libetpan's body handler: a piece of a message's literal. */
static bool
on_body(int type, struct mailimap_msg_att_body_section *section,
    const char *bytes, size_t len, void *arg)
{
	struct arriving *a = arg;

	(void)type;
	(void)section;
	if (a->error != NULL)
		return false;
	if (!a->open && maildir_incoming_open(a->f->maildir, &a->in,
	    &a->error) == -1)
		return false;	/* libetpan stops the FETCH */
	a->open = 1;
	a->batch->bytes += len;
	return maildir_incoming_write_wire(&a->in, bytes, len, &a->error) == 0;
}

/*
 * libetpan's message handler: a message's FETCH answer is complete, its
 * body on disk. It is delivered under its key, unless KEYS shows it was
 * before a crash; either way its path joins the batch for indexing.
 */
static void
on_message(struct mailimap_msg_att *ma, void *arg)
{
	struct arriving *a = arg;
	struct message m;
	struct wanted key_w;
	char key[32], letters[12], *path = NULL;
	const char *had;

	read_message(ma, &m);
	if (!a->open)
		return;		/* flags news, or a message expunged meanwhile */
	a->open = 0;
	key_w.uid = m.uid;
	if (m.uid == 0 || a->error != NULL || bsearch(&key_w, a->w, a->nw,
	    sizeof *a->w, by_uid) == NULL) {	/* not asked for: not kept */
		maildir_incoming_abort(&a->in);
		return;
	}
	snprintf(key, sizeof key, "%lu-%lu", (unsigned long)a->validity,
	    (unsigned long)m.uid);
	if ((had = maildir_keys_find(a->keys, key)) != NULL) {
		maildir_incoming_abort(&a->in);	/* kept before a crash */
		path = xstrdup(had);
	} else if (flagmap_letters(m.bits, letters), maildir_incoming_finish(
	    &a->in, a->f->maildir, key, letters, &path, &a->error) == -1)
		return;
	else
		killpoint("fetch", "delivered");
	fetch_batch_add(a->batch, path, m.uid, m.bits);
}

/* Asks for the bodies of the N messages W; *result as mailimap_uid_fetch(). */
static int
fetch_bodies(mailimap *imap, const struct wanted *w, size_t n,
    clist **result)
{
	struct mailimap_set *set = mailimap_set_new_empty();
	struct mailimap_fetch_type *ft =
	    mailimap_fetch_type_new_fetch_att_list_empty();
	size_t i;
	int r;

	for (i = 0; i < n; i++)
		if (w[i].local == NULL)
			mailimap_set_add_single(set, w[i].uid);
	if (clist_count(set->set_list) == 0) {
		mailimap_set_free(set);
		mailimap_fetch_type_free(ft);
		return MAILIMAP_NO_ERROR;	/* all of them are here */
	}
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

/* One folder's fetch, shared by the fetching worker and the indexer. */
struct run {
	const struct fetch_folder *f;
	struct fetch_stats *stats;	/* the indexer's */
	struct state st;		/* the indexer's */
	struct maildir_keys keys;	/* the worker's, read-only */
	uint32_t validity;
	struct wanted *w;
	size_t n;
	size_t next;			/* the worker's: the next to fetch */
};

/* The file's flags, from the maildir info in its name. */
static unsigned
name_bits(const char *path)
{
	const char *info = strstr(strrchr(path, '/'), ":2,");

	return info != NULL ? flagmap_from_letters(info + 3) &
	    FLAGMAP_ALL : 0;
}

/*
 * Messages whose file is here under their key already (delivered before
 * a crash, or a sent copy named for its UID when it was appended) are
 * not downloaded again: they are indexed from that file.
 */
static void
kept_before(struct run *run)
{
	char key[32];
	const char *had;
	size_t i;

	for (i = 0; i < run->n; i++) {
		snprintf(key, sizeof key, "%lu-%lu",
		    (unsigned long)run->validity, (unsigned long)run->w[i].uid);
		if ((had = maildir_keys_find(&run->keys, key)) == NULL)
			continue;
		run->w[i].local = had;
		run->w[i].kept = 1;
		run->w[i].bits = name_bits(had);
	}
}

/* On the worker: the copies of the N messages at W that are here
 * already, delivered from their files instead of the server. */
static int
link_known(struct run *run, const struct wanted *w, size_t n,
    struct fetch_batch *b, char **cause)
{
	char key[32], letters[12], *path;
	const char *had;
	size_t i;

	for (i = 0; i < n; i++) {
		if (w[i].local == NULL)
			continue;
		snprintf(key, sizeof key, "%lu-%lu",
		    (unsigned long)run->validity, (unsigned long)w[i].uid);
		flagmap_letters(w[i].bits, letters);
		if ((had = maildir_keys_find(&run->keys, key)) != NULL)
			path = xstrdup(had);	/* linked before a crash */
		else if (maildir_link_keyed(run->f->maildir, key, w[i].local,
		    letters, &path, cause) == -1)
			return -1;
		else
			killpoint("fetch", "delivered");
		fetch_batch_add(b, path, w[i].uid, w[i].bits);
		run->stats->found += !w[i].kept;
	}
	return 0;
}

/* On the worker: the next batch fetched, written and synced. */
static int
produce(void *arg, struct fetch_batch *b, char **cause)
{
	struct run *run = arg;
	const struct fetch_folder *f = run->f;
	size_t k = batch_size(run->w + run->next, run->n - run->next);
	struct arriving a = { f, run->w + run->next, k, run->validity,
		&run->keys, b, { NULL, NULL, -1, 0 }, 0, NULL };
	clist *result = NULL;
	int r, rc = 0;

	if (run->next >= run->n)
		return 0;
	if (link_known(run, run->w + run->next, k, b, cause) == -1)
		return -1;
	mailimap_set_msg_body_handler(f->imap, on_body, &a);
	mailimap_set_msg_att_handler(f->imap, on_message, &a);
	mailimap_set_progress_callback(f->imap, imap_no_progress, NULL, &a);
	r = fetch_bodies(f->imap, run->w + run->next, k, &result);
	mailimap_set_msg_body_handler(f->imap, NULL, NULL);
	mailimap_set_msg_att_handler(f->imap, NULL, NULL);
	mailimap_set_progress_callback(f->imap, NULL, NULL, NULL);
	if (result != NULL)
		mailimap_fetch_list_free(result);
	if (a.open)		/* cut off in the middle of a message */
		maildir_incoming_abort(&a.in);
	if (a.error != NULL)
		rc = set_cause(cause, "fetching %s failed: %s", f->name,
		    a.error);
	else if (r != MAILIMAP_NO_ERROR)
		rc = set_cause(cause, "fetching %s failed: %s", f->name,
		    imap_why(f->imap, r));
	free(a.error);
	if (b->n > 0 && file_sync_fs(f->maildir, rc == 0 ? cause : NULL) == -1) {
		while (b->n > 0)	/* none is sure to be on disk */
			free(b->paths[--b->n]);
		return -1;
	}
	if (b->n > 0)
		killpoint("fetch", "synced");
	/* A failed batch leaves the position where it was: what it kept is
	 * indexed now, and found by its name next time. */
	if (rc == 0)
		run->next += k;
	b->position = run->next;
	return rc == 0 ? 1 : -1;
}

static void
report(const struct fetch_folder *f, size_t done, size_t total,
    unsigned long long bytes)
{
	if (f->progress != NULL)
		f->progress(f->progress_arg, f->name, (unsigned)done,
		    (unsigned)total, bytes);
}

/*
 * A copy just indexed with TAGS, and *BITS from the server: its keywords
 * become tags too, and *BITS what both sides agree on (sync-flags.h):
 * the flags and keywords it came with, and the marks its tags now give
 * (spam with $Junk).
 */
static int
take_keywords(struct store *store, const char *path, char **tags,
    unsigned *bits, char **cause)
{
	unsigned local = flagmap_from_tags((const char *const *)tags);
	unsigned gain = *bits & FLAGMAP_KEYWORDS & ~local;
	char *changes;
	int rc = 0;

	if (gain != 0) {
		changes = flagmap_tag_changes(local, local | gain);
		rc = store_tag_file(store, path, changes, cause);
		free(changes);
		local |= gain | (gain & FLAGMAP_JUNK ? FLAGMAP_SPAM : 0);
	}
	*bits |= local & FLAGMAP_MARKS;
	return rc;
}

/* On the caller: indexes a batch, commits, then saves the state. */
static int
consume(void *arg, struct fetch_batch *b, char **cause)
{
	struct run *run = arg;
	char **tags;
	size_t i;
	int fresh, rc;

	for (i = 0; i < b->n; i++) {
		if ((fresh = store_index_copy(run->f->store, b->paths[i],
		    run->f->tags, &tags, cause)) == -1)
			return -1;
		killpoint("fetch", "indexed");
		rc = take_keywords(run->f->store, b->paths[i], tags,
		    &b->bits[i], cause);
		store_free_tags(tags);
		if (rc == -1)
			return -1;
		run->stats->fetched += fresh;
	}
	run->stats->bytes += b->bytes;
	if (b->position > 0)
		run->st.last = run->w[b->position - 1].uid;
	/* The index on disk first, then the state that relies on it. The
	 * write lock goes with the commit: the next batch may be slow to
	 * come, and other programs may write meanwhile. */
	if (store_release(run->f->store, cause) == -1)
		return -1;
	killpoint("fetch", "committed");
	for (i = 0; i < b->n; i++)
		syncstate_set(run->f->base, b->uids[i], b->bits[i]);
	if (syncstate_save(run->f->base, cause) == -1)
		return -1;
	if (write_state(run->f->state, &run->st, cause) == -1)
		return -1;
	killpoint("fetch", "state");
	report(run->f, b->position, run->n, run->stats->bytes);
	return 0;
}

uint32_t
fetch_imap_last(const char *state, uint32_t validity)
{
	struct state st;

	read_state(state, &st);
	return st.uidvalidity == validity ? st.last : 0;
}

int
fetch_imap_select(const struct fetch_folder *f, struct fetch_selection *sel,
    char **cause)
{
	int r;

	sel->modseq = 0;
	/* CONDSTORE: the folder's HIGHESTMODSEQ tells whether any flag
	 * changed since the last sync. */
	if (mailimap_has_condstore(f->imap))
		r = mailimap_select_condstore(f->imap, f->name, &sel->modseq);
	else
		r = mailimap_select(f->imap, f->name);
	if (r != MAILIMAP_NO_ERROR)
		return set_cause(cause, "can't open the folder %s: %s", f->name,
		    imap_why(f->imap, r));
	sel->validity = f->imap->imap_selection_info->sel_uidvalidity;
	sel->last = 0;
	/* RFC 3501 2.3.1.1: never 0. Without it no UID can be trusted to
	 * name the same message next time. */
	if (sel->validity == 0)
		return set_cause(cause, "the server gives the folder %s no "
		    "UIDVALIDITY (0): its UIDs can't be trusted, so it is not "
		    "synced (a broken server)", f->name);
	return 0;
}

int
fetch_imap_folder(const struct fetch_folder *f, struct fetch_selection *sel,
    struct fetch_stats *stats, char **cause)
{
	static const struct fetch_pipe_ops ops = { produce, consume };
	struct run run;
	int rc = -1;

	memset(&run, 0, sizeof run);
	run.f = f;
	run.stats = stats;
	run.validity = sel->validity;
	read_state(f->state, &run.st);
	if (run.st.uidvalidity != run.validity) {	/* new, or renumbered */
		run.st.renumbered = run.st.uidvalidity != 0;
		run.st.uidvalidity = run.validity;
		run.st.last = 0;
	}
	if (maildir_make(f->maildir, cause) == -1 ||
	    new_uids(f, run.st.last, &run.w, &run.n, cause) == -1)
		goto out;
	/* Reading a big folder's names costs: only when mail is new. */
	if (run.n > 0)
		maildir_keys(f->maildir, &run.keys);
	kept_before(&run);
	report(f, 0, run.n, stats->bytes);
	if (fetch_pipe_run(&ops, &run, cause) == -1)
		goto out;
	if (run.n == 0 && write_state(f->state, &run.st, cause) == -1)
		goto out;
	if (run.n == 0)
		killpoint("fetch", "state");
	/* Everything is here again under the new number: the old copies
	 * can go, then the state says so. */
	if (run.st.renumbered) {
		if (fetch_drop_renumbered(f->maildir, run.validity, f->store,
		    cause) == -1)
			goto out;
		run.st.renumbered = 0;
		if (write_state(f->state, &run.st, cause) == -1)
			goto out;
		killpoint("fetch", "state");
	}
	rc = 0;
out:
	sel->last = run.st.last;
	maildir_keys_free(&run.keys);
	free(run.w);
	return rc;
}
