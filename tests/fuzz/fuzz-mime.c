/*
 * fuzz-mime.c: libFuzzer target for everything mua does with a message's
 * bytes before they reach the screen: GMime parsing through mime.c's
 * renderer (both header modes), format=flowed, the HTML converter, and
 * text.c's sanitizing, wrapping and URL finding of every rendered line.
 * Built and run by tests/fuzz/run ("make fuzz").
 */
#include "autodefs.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mime.h"
#include "mua.h"
#include "text.h"

/* Sanitizes and wraps each line, as the pager does. */
static void
display(const struct mime_doc *doc)
{
	size_t i, j, n, from, start, end;
	char **lines;

	for (i = 0; i < doc->n; i++) {
		char *tabs = text_expand_tabs(doc->lines[i].text);
		char *safe = text_sanitize(tabs);
		/* The U view's URLs of the whole line, the pager's of each
		 * wrapped one. */
		for (from = 0; text_url_next(safe, from, &start, &end);)
			from = end;
		lines = text_wrap(safe, 37, &n);
		for (j = 0; j < n; j++) {
			for (from = 0; text_url_next(lines[j], from, &start,
			    &end);)
				from = end;
			free(lines[j]);
		}
		free(lines);
		free(safe);
		free(tabs);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mime_options o = { "From To Cc Date Subject", 0,
		"text/plain text/html", NULL, NULL, 0, 0, MIME_DECRYPT_NO, NULL };
	struct mime_doc doc = { NULL, 0, 0, 0, NULL };
	char *text = xstrndup((const char *)data, size), *out;

	if (mime_render_data((const char *)data, size, &o, &doc, NULL) == 0)
		display(&doc);
	mime_doc_clear(&doc);
	o.all_headers = 1;
	o.alternative_order = "text/html";
	if (mime_render_data((const char *)data, size, &o, &doc, NULL) == 0)
		display(&doc);
	mime_doc_clear(&doc);
	out = mime_flowed_decode(text, size > 0 && data[0] & 1);
	free(out);
	out = mime_html_to_text(text);
	free(out);
	free(text);
	return 0;
}
