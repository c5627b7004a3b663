/*
 * mime-parts.c: a message's parts listed, written out, and named safely
 * for saving; see mime.h.
 */
#include "autodefs.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
#include "mime-int.h"
#include "mime.h"
#include "mua.h"

struct walk {
	struct mime_part *parts;
	size_t n;
	size_t want;		/* for finding: the index sought */
	GMimeObject *found;
};

static void
add(struct walk *w, GMimeObject *obj, int depth)
{
	struct mime_part *p;
	const char *name = GMIME_IS_PART(obj) ?
	    g_mime_part_get_filename(GMIME_PART(obj)) : NULL;

	w->parts = xreallocarray(w->parts, w->n + 1, sizeof *w->parts);
	p = &w->parts[w->n++];
	p->depth = depth;
	p->type = mime_type(obj);
	p->name = xstrdup(name ? name : "");
	p->size = GMIME_IS_PART(obj) ? mime_part_size(GMIME_PART(obj)) : -1;
	p->container = GMIME_IS_MULTIPART(obj);
}

/*
 * Visits OBJ and what it holds, depth first, numbering as it goes: lists
 * each (w->parts) or stops at number w->want (w->found).
 */
static void
walk(struct walk *w, GMimeObject *obj, int depth, size_t *index, int list)
{
	int i, n;

	if (depth > MIME_MAX_DEPTH || w->found != NULL)
		return;
	if (list)
		add(w, obj, depth);
	else if (*index == w->want) {
		w->found = obj;
		return;
	}
	(*index)++;
	if (GMIME_IS_MULTIPART(obj)) {
		n = g_mime_multipart_get_count(GMIME_MULTIPART(obj));
		for (i = 0; i < n; i++)
			walk(w, g_mime_multipart_get_part(GMIME_MULTIPART(obj),
			    i), depth + 1, index, list);
	} else if (GMIME_IS_MESSAGE_PART(obj)) {
		GMimeMessage *inner = g_mime_message_part_get_message(
		    GMIME_MESSAGE_PART(obj));
		if (inner != NULL && inner->mime_part != NULL)
			walk(w, inner->mime_part, depth + 1, index, list);
	}
}

int
mime_parts(const char *path, struct mime_part **out, size_t *n,
    char **cause)
{
	GMimeMessage *message = mime_parse_file(path, cause);
	struct walk w = { NULL, 0, 0, NULL };
	size_t index = 0;

	if (message == NULL)
		return -1;
	if (message->mime_part != NULL)
		walk(&w, message->mime_part, 0, &index, 1);
	g_object_unref(message);
	*out = w.parts;
	*n = w.n;
	return 0;
}

void
mime_parts_free(struct mime_part *parts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(parts[i].type);
		free(parts[i].name);
	}
	free(parts);
}

/* Writes OBJ's content (decoded) or, for a forwarded message, all of it. */
static int
write_object(GMimeObject *obj, int fd, char **cause)
{
	GMimeStream *out = g_mime_stream_fs_new(dup(fd));
	GMimeDataWrapper *content;
	gssize r = -1;

	g_mime_stream_fs_set_owner(GMIME_STREAM_FS(out), TRUE);
	if (GMIME_IS_PART(obj) &&
	    (content = g_mime_part_get_content(GMIME_PART(obj))) != NULL)
		r = g_mime_data_wrapper_write_to_stream(content, out);
	else if (GMIME_IS_MESSAGE_PART(obj)) {
		GMimeMessage *inner = g_mime_message_part_get_message(
		    GMIME_MESSAGE_PART(obj));
		r = inner ? g_mime_object_write_to_stream(GMIME_OBJECT(inner),
		    NULL, out) : -1;
	} else {
		g_object_unref(out);
		return set_cause(cause, "a multipart has no content of its "
		    "own: pick one of its parts");
	}
	if (r != -1)
		r = g_mime_stream_flush(out);
	g_object_unref(out);
	return r == -1 ? set_cause(cause, "can't write the part") : 0;
}

int
mime_part_write(const char *path, size_t index, int fd, char **cause)
{
	GMimeMessage *message = mime_parse_file(path, cause);
	struct walk w = { NULL, 0, index, NULL };
	size_t at = 0;
	int rc;

	if (message == NULL)
		return -1;
	if (message->mime_part != NULL)
		walk(&w, message->mime_part, 0, &at, 0);
	rc = w.found == NULL ? set_cause(cause, "the message has no part %zu",
	    index + 1) : write_object(w.found, fd, cause);
	g_object_unref(message);
	return rc;
}

/* Whether BASE (without extension) is a name Windows reserves. */
static int
is_device(const char *name)
{
	static const char *const devices[] = { "con", "prn", "aux", "nul",
		"com1", "com2", "com3", "com4", "lpt1", "lpt2", "lpt3", NULL };
	size_t len = strcspn(name, "."), i;

	for (i = 0; devices[i] != NULL; i++)
		if (strlen(devices[i]) == len &&
		    strncasecmp(devices[i], name, len) == 0)
			return 1;
	return 0;
}

/* Cuts S back to whole UTF-8 characters (after a cut by bytes). */
static void
cut_whole(char *s)
{
	size_t n = strlen(s), start = n, need;
	unsigned char lead;

	while (start > 0 && ((unsigned char)s[start - 1] & 0xc0) == 0x80)
		start--;
	if (start == 0)
		return;
	lead = (unsigned char)s[start - 1];
	need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
	if (n - (start - 1) < need)
		s[start - 1] = '\0';
}

char *
mime_safe_filename(const char *name)
{
	const char *base = name, *p;
	struct buf b = { NULL, 0, 0 };
	char *out;

	for (p = name; *p != '\0'; p++)	/* the last path element */
		if (*p == '/' || *p == '\\')
			base = p + 1;
	base += strspn(base, ".- ");	/* no hidden files, no options */
	for (p = base; *p != '\0' && b.len < 200; p++) {
		unsigned char c = (unsigned char)*p;
		buf_addc(&b, c < 0x20 || c == 0x7f || c == ':' ? '_' : (char)c);
	}
	out = buf_take(&b);
	if (*p != '\0')
		cut_whole(out);
	if (*out == '\0' || is_device(out)) {
		char *named = xasprintf("attachment%s%s", *out ? "-" : "", out);
		free(out);
		out = named;
	}
	return out;
}
