/* unsubscribe.c: List-Unsubscribe read and parsed; see unsubscribe.h. */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "mua.h"
#include "unsubscribe.h"

/* The header block read at most: a list message's headers fit. */
#define UNSUBSCRIBE_MAX_HEADER (256 * 1024)

void
unsubscribe_parse(const char *list, const char *post, struct unsubscribe *u)
{
	const char *p = list, *lt, *gt;
	char *uri;

	memset(u, 0, sizeof *u);
	/* <uri>, <uri>: each in angle brackets, comments around ignored. */
	while (p != NULL && (lt = strchr(p, '<')) != NULL &&
	    (gt = strchr(lt, '>')) != NULL) {
		uri = xstrndup(lt + 1, (size_t)(gt - lt - 1));
		if (u->mailto == NULL && strncasecmp(uri, "mailto:", 7) == 0) {
			memcpy(uri, "mailto:", 7);	/* as compose takes it */
			u->mailto = uri;
		}
		else if (u->web == NULL && (strncasecmp(uri, "https:", 6) == 0 ||
		    strncasecmp(uri, "http:", 5) == 0))
			u->web = uri;
		else
			free(uri);
		p = gt + 1;
	}
	u->one_click = post != NULL && u->web != NULL &&
	    strstr(post, "List-Unsubscribe=One-Click") != NULL;
}

/* The value of header NAME in the header block HEAD, unfolded, or NULL. */
static char *
header_value(const char *head, const char *name)
{
	size_t len = strlen(name);
	const char *p = head, *end;
	struct buf b = { NULL, 0, 0 };

	for (; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		end = strchr(p, '\n');
		end = end != NULL ? end : p + strlen(p);
		if (strncasecmp(p, name, len) != 0 || p[len] != ':')
			continue;
		buf_add(&b, p + len + 1, (size_t)(end - p - len - 1));
		/* Folded lines go on with white space. */
		while (*end == '\n' && (end[1] == ' ' || end[1] == '\t')) {
			p = end + 1;
			end = strchr(p, '\n');
			end = end != NULL ? end : p + strlen(p);
			buf_add(&b, p, (size_t)(end - p));
		}
		return buf_take(&b);
	}
	return NULL;
}

int
unsubscribe_read(const char *path, struct unsubscribe *u)
{
	FILE *f = fopen(path, "re");
	struct buf head = { NULL, 0, 0 };
	char line[4096], *list, *post;

	memset(u, 0, sizeof *u);
	if (f == NULL)
		return -1;
	while (head.len < UNSUBSCRIBE_MAX_HEADER &&
	    fgets(line, sizeof line, f) != NULL &&
	    strcmp(line, "\n") != 0 && strcmp(line, "\r\n") != 0)
		buf_adds(&head, line);
	fclose(f);
	if (head.s == NULL)
		return 0;
	list = header_value(head.s, "List-Unsubscribe");
	post = header_value(head.s, "List-Unsubscribe-Post");
	if (list != NULL)
		unsubscribe_parse(list, post, u);
	free(list);
	free(post);
	free(head.s);
	return 0;
}

void
unsubscribe_clear(struct unsubscribe *u)
{
	free(u->mailto);
	free(u->web);
	memset(u, 0, sizeof *u);
}
