/*
 * mime-flowed.c: format=flowed text (RFC 3676) joined back into the
 * paragraphs its sender wrote, so the pager can wrap them to the window.
 */
#include "autodefs.h"

#include <string.h>

#include "buf.h"
#include "mime.h"

/* The quote depth of LINE (its leading '>'s) and where its text starts. */
static size_t
quote_depth(const char *line, size_t len, size_t *start)
{
	size_t depth = 0;

	while (depth < len && line[depth] == '>')
		depth++;
	*start = depth;
	if (*start < len && line[*start] == ' ')	/* space-stuffing */
		(*start)++;
	return depth;
}

char *
mime_flowed_decode(const char *text, int delsp)
{
	struct buf out = { NULL, 0, 0 };
	const char *line = text, *nl;
	size_t len, depth, start, open_depth = 0;
	int open = 0;	/* the last line was soft: this one continues it */

	while (*line != '\0') {
		nl = strchr(line, '\n');
		len = nl ? (size_t)(nl - line) : strlen(line);
		if (len > 0 && line[len - 1] == '\r')
			len--;
		depth = quote_depth(line, len, &start);
		if (open && depth != open_depth)
			buf_addc(&out, '\n');	/* a soft break can't change depth */
		if (!open || depth != open_depth) {
			for (size_t i = 0; i < depth; i++)
				buf_addc(&out, '>');
			if (depth > 0)
				buf_addc(&out, ' ');
		}
		/* "-- " is the signature separator, never a soft break. */
		open = len > start && line[len - 1] == ' ' &&
		    !(len - start == 3 && strncmp(line + start, "-- ", 3) == 0);
		buf_add(&out, line + start, len - start - (open && delsp));
		if (!open)
			buf_addc(&out, '\n');
		open_depth = depth;
		if (nl == NULL)
			break;
		line = nl + 1;
	}
	if (open)
		buf_addc(&out, '\n');
	return buf_take(&out);
}
