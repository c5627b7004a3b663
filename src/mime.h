/*
 * mime.h: a message file turned into lines of text for the pager, through
 * GMime (the parser notmuch uses; libetpan's crashes on hostile headers).
 * Only mime*.c include GMime. The text is UTF-8 but otherwise untrusted:
 * it reaches the screen through text_sanitize() like all mail text.
 */
#ifndef MIME_H
#define MIME_H

#include <stddef.h>

enum mime_line_kind {
	MIME_HEADER,	/* "Name: value" */
	MIME_BODY,	/* a line of a text part */
	MIME_NOTE,	/* "[-- ... --]": an attachment, a part not shown */
};

struct mime_line {
	enum mime_line_kind kind;
	char *text;
};

struct mime_doc {
	struct mime_line *lines;
	size_t n, cap;
};

struct mime_options {
	const char *headers;	/* names to show, space-separated, in order */
	int all_headers;	/* show every header as it comes instead */
	const char *alternative_order;	/* "text/plain text/html" */
};

/*
 * Reads the message file PATH and appends its headers, a blank line and
 * its body to DOC: text parts decoded and converted to UTF-8, HTML as
 * plain text, of each multipart/alternative the part OPTIONS prefer,
 * forwarded messages inline with their headers, and a note for each part
 * that isn't text. Returns 0, or -1 with *cause set (DOC is then empty).
 */
int mime_render(const char *path, const struct mime_options *options,
    struct mime_doc *doc, char **cause);

void mime_doc_clear(struct mime_doc *doc);

/* Appends a line of KIND to DOC, copying TEXT. */
void mime_doc_add(struct mime_doc *doc, enum mime_line_kind kind,
    const char *text);

/*
 * Turns the HTML text HTML into plain text for reading: no tags, no
 * script or style, paragraphs and line breaks kept, entities decoded
 * (mime-html.c). Caller frees.
 */
char *mime_html_to_text(const char *html);

#endif
