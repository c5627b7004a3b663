/* append-imap.c: sent copies appended to Sent; see append-imap.h. */
#include "autodefs.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libetpan/libetpan.h>

#include "account.h"
#include "append-imap.h"
#include "buf.h"
#include "file.h"
#include "flagmap.h"
#include "imap.h"
#include "killpoint.h"
#include "mua.h"
#include "syncstate.h"

int
append_imap_note(const struct account *a, const char *key, const char *path,
    char **cause)
{
	char *dir = account_state_dir(a, "append");
	char *note = xasprintf("%s/%s", dir, key);
	char *line = xasprintf("%s\n", path);
	int rc;

	rc = file_make_dirs(dir, cause);
	if (rc == 0)
		rc = file_write_atomic(note, line, strlen(line), cause);
	free(line);
	free(note);
	free(dir);
	return rc;
}

/* The notes of A, as paths of note files (file_list_free()). */
static char **
notes(const struct account *a, size_t *n)
{
	char *dir = account_state_dir(a, "append");
	char **out = file_list(dir, NULL, n);

	free(dir);
	return out;
}

int
append_imap_waiting(const struct account *a)
{
	size_t n;
	char **list = notes(a, &n);

	file_list_free(list, n);
	return n > 0;
}

void
append_imap_forget(const struct account *a)
{
	size_t n, i;
	char **list = notes(a, &n);

	for (i = 0; i < n; i++)
		unlink(list[i]);
	file_list_free(list, n);
}

/* The Message-ID in the header of DATA, with its <>, or NULL. */
static char *
message_id(const char *data)
{
	const char *p = data, *lt, *gt;

	while (*p != '\0' && *p != '\n') {
		if (strncasecmp(p, "Message-ID:", 11) == 0 &&
		    (lt = strchr(p, '<')) != NULL && (gt = strchr(lt, '>')) !=
		    NULL)
			return xstrndup(lt, (size_t)(gt - lt + 1));
		if ((p = strchr(p, '\n')) == NULL)
			break;
		p++;
	}
	return NULL;
}

/*
 * The highest UID of the selected FOLDER's messages with Message-ID ID
 * that BASE (may be NULL) doesn't hold, in *uid (0: none). Returns 0, or
 * -1 with *cause set.
 */
static int
find_id(mailimap *imap, const char *folder, const char *id,
    const struct syncstate *base, uint32_t *uid, char **cause)
{
	struct mailimap_search_key *key = mailimap_search_key_new_header(
	    xstrdup("Message-ID"), xstrdup(id));
	clist *result = NULL;
	clistiter *it;
	uint32_t u;
	unsigned bits;
	int r;

	r = mailimap_uid_search(imap, NULL, key, &result);
	mailimap_search_key_free(key);
	if (r != MAILIMAP_NO_ERROR)
		return set_cause(cause, "searching %s failed: %s", folder,
		    imap_why(imap, r));
	*uid = 0;
	for (it = clist_begin(result); it != NULL; it = clist_next(it)) {
		u = *(uint32_t *)clist_content(it);
		if (u > *uid && (base == NULL ||
		    syncstate_get(base, u, &bits) == -1))
			*uid = u;
	}
	mailimap_search_result_free(result);
	return 0;
}

/* DATA with CRLF line ends, as IMAP takes a message. */
static void
to_wire(const char *data, size_t len, struct buf *out)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r'))
			buf_addc(out, '\r');
		buf_addc(out, data[i]);
	}
}

int
append_imap_file(mailimap *imap, const char *folder, const char *path,
    unsigned bits, const struct syncstate *base, uint32_t *uid,
    char **cause)
{
	struct buf wire = { NULL, 0, 0 };
	struct mailimap_flag_list *fl;
	char *data = NULL, *id = NULL;
	uint32_t validity = 0;
	size_t len;
	int r, rc = 0;

	*uid = 0;
	if (file_read(path, &data, &len, NULL) == -1)
		return 0;	/* nothing left to append */
	/* Without a Message-ID there is nothing to search for: it goes. */
	id = message_id(data);
	if (id != NULL && (find_id(imap, folder, id, base, uid, cause) == -1 ||
	    *uid != 0)) {
		rc = *uid != 0 ? 0 : -1;	/* there already, or no search */
		goto out;
	}
	to_wire(data, len, &wire);
	fl = imap_flag_list(bits);
	r = mailimap_uidplus_append(imap, folder, fl, NULL, wire.s, wire.len,
	    &validity, uid);
	mailimap_flag_list_free(fl);
	rc = r == MAILIMAP_NO_ERROR ? 1 : set_cause(cause, "appending to %s "
	    "failed: %s", folder, imap_why(imap, r));
	if (rc == 1 && validity == 0 && id != NULL &&	/* no UIDPLUS */
	    find_id(imap, folder, id, base, uid, cause) == -1)
		rc = -1;
	else if (rc == 1 && validity != 0 && validity !=
	    imap->imap_selection_info->sel_uidvalidity)
		*uid = 0;	/* renumbered meanwhile: the fetch finds it */
out:
	buf_free(&wire);
	free(id);
	free(data);
	return rc;
}

/* The local copy's path noted in NOTE, or NULL. */
static char *
noted_path(const char *note)
{
	char *data = NULL;
	size_t len;

	if (file_read(note, &data, &len, NULL) == -1)
		return NULL;
	data[strcspn(data, "\n")] = '\0';
	return data;
}

int
append_imap_pending(struct mailimap *imap, const struct account *a,
    const char *folder, unsigned *appended,
    int (*done)(void *arg, const char *path, uint32_t validity,
    uint32_t uid, char **cause), void *arg, char **cause)
{
	size_t n, i;
	char **list = notes(a, &n), *path;
	uint32_t uid;
	int r = 0;

	/* SEARCH needs the folder selected; read-only would do, but
	 * libetpan's EXAMINE is as good as SELECT here. */
	if (n > 0 && (r = mailimap_select(imap, folder)) != MAILIMAP_NO_ERROR)
		r = set_cause(cause, "can't open the Sent folder %s: %s",
		    folder, imap_why(imap, r));
	for (i = 0; i < n && r >= 0; i++) {
		if ((path = noted_path(list[i])) == NULL)
			continue;
		r = append_imap_file(imap, folder, path, FLAGMAP_SEEN, NULL,
		    &uid, cause);
		if (r == 1) {
			(*appended)++;
			killpoint("append", "appended");
		}
		if (r >= 0 && done != NULL && done(arg, path,
		    imap->imap_selection_info->sel_uidvalidity, uid,
		    cause) == -1)
			r = -1;
		free(path);
		if (r >= 0 && unlink(list[i]) == 0)
			killpoint("append", "forgotten");
	}
	file_list_free(list, n);
	return r < 0 ? -1 : 0;
}
