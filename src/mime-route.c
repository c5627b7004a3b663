/*
 * mime-route.c: the Received: headers of a message as the hops it took,
 * oldest first, with the time each server stamped.
 */
#include "autodefs.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mime-int.h"
#include "mime.h"
#include "mua.h"

/*
 * The word after KEYWORD ("from", "by", "with") in the Received value V,
 * outside comments (parentheses) and before the ';' of the date; NULL
 * when there is none. Caller frees.
 */
static char *
clause(const char *v, const char *keyword)
{
	size_t klen = strlen(keyword), n;
	int depth = 0;
	const char *p;

	for (p = v; *p != '\0' && !(depth == 0 && *p == ';'); p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')' && depth > 0)
			depth--;
		else if (depth == 0 && strncasecmp(p, keyword, klen) == 0 &&
		    (p == v || isspace((unsigned char)p[-1])) &&
		    isspace((unsigned char)p[klen])) {
			p += klen;
			p += strspn(p, " \t\r\n");
			n = strcspn(p, " \t\r\n;");
			return n > 0 ? xstrndup(p, n) : NULL;
		}
	}
	return NULL;
}

/* The time after the last ';', in seconds; -1 when absent or malformed. */
static long long
stamp(const char *v)
{
	const char *semi = strrchr(v, ';');
	GDateTime *t;
	long long when;

	if (semi == NULL)
		return -1;
	if ((t = g_mime_utils_header_decode_date(semi + 1)) == NULL)
		return -1;
	when = (long long)g_date_time_to_unix(t);
	g_date_time_unref(t);
	return when;
}

int
mime_route(const char *path, struct mime_hop **out, size_t *n, char **cause)
{
	GMimeMessage *message = mime_parse_file(path, cause);
	GMimeHeaderList *list;
	int i, count;

	*out = NULL;
	*n = 0;
	if (message == NULL)
		return -1;
	list = g_mime_object_get_header_list(GMIME_OBJECT(message));
	count = g_mime_header_list_get_count(list);
	for (i = count - 1; i >= 0; i--) {	/* servers prepend: oldest last */
		GMimeHeader *h = g_mime_header_list_get_header_at(list, i);
		const char *v = g_mime_header_get_value(h);
		struct mime_hop *hop;

		if (strcasecmp(g_mime_header_get_name(h), "Received") != 0 ||
		    v == NULL)
			continue;
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		hop = &(*out)[(*n)++];
		hop->from = clause(v, "from");
		hop->by = clause(v, "by");
		hop->with = clause(v, "with");
		hop->when = stamp(v);
	}
	g_object_unref(message);
	return 0;
}

void
mime_route_free(struct mime_hop *hops, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(hops[i].from);
		free(hops[i].by);
		free(hops[i].with);
	}
	free(hops);
}
