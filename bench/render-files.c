/*
 * bench/render-files.c: the pager's work on message files, timed inside
 * one process so that start-up costs nothing: "mua" renders each file as
 * ui-thread.c does (mime_render, then tabs, sanitizing, wrapping to 80
 * columns and finding the URLs of each line, whole as the U view does
 * and wrapped as the pager does); "gmime" only parses each
 * file with GMime and decodes its leaf parts, the floor under any
 * renderer. Prints the seconds taken for all the files, best of RUNS.
 *
 * usage: render-files mua|gmime RUNS FILE...
 */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gmime/gmime.h>

#include "mime.h"
#include "mua.h"
#include "text.h"

static void
pager_lines(const char *line)
{
	char *tabs = text_expand_tabs(line), *safe = text_sanitize(tabs);
	size_t n, i, from, start, end;
	char **wrapped = text_wrap(safe, 80, &n);

	/* The U view lists the URLs of whole lines, the pager underlines
	 * those of wrapped ones. */
	for (from = 0; text_url_next(safe, from, &start, &end);)
		from = end;
	for (i = 0; i < n; i++) {
		for (from = 0; text_url_next(wrapped[i], from, &start, &end);)
			from = end;
		free(wrapped[i]);
	}
	free(wrapped);
	free(safe);
	free(tabs);
}

static void
render_mua(const char *path)
{
	struct mime_options o = { "From To Cc Subject Date", 0,
		"text/plain text/html", NULL, NULL, 0, 0, MIME_DECRYPT_NO, NULL };
	struct mime_doc doc = { NULL, 0, 0, 0, NULL };
	char *cause = NULL;
	size_t i;

	if (mime_render(path, &o, &doc, &cause) == -1) {
		fprintf(stderr, "%s: %s\n", path, cause);
		free(cause);
		return;
	}
	for (i = 0; i < doc.n; i++)
		pager_lines(doc.lines[i].text);
	mime_doc_clear(&doc);
}

static void
decode_leaf(GMimeObject *parent, GMimeObject *part, gpointer arg)
{
	GMimeStream *null = g_mime_stream_null_new();

	(void)parent;
	(void)arg;
	if (GMIME_IS_PART(part) && g_mime_part_get_content(GMIME_PART(part)))
		g_mime_data_wrapper_write_to_stream(
		    g_mime_part_get_content(GMIME_PART(part)), null);
	g_object_unref(null);
}

static void
render_gmime(const char *path)
{
	GMimeStream *s = g_mime_stream_fs_open(path, 0, 0, NULL);
	GMimeParser *p;
	GMimeMessage *m;

	if (s == NULL)
		return;
	p = g_mime_parser_new_with_stream(s);
	if ((m = g_mime_parser_construct_message(p, NULL)) != NULL) {
		g_mime_message_foreach(m, decode_leaf, NULL);
		g_object_unref(m);
	}
	g_object_unref(p);
	g_object_unref(s);
}

int
main(int argc, char **argv)
{
	void (*render)(const char *);
	double best = -1, t;
	int runs, r, i;

	if (argc < 4 || (strcmp(argv[1], "mua") != 0 &&
	    strcmp(argv[1], "gmime") != 0)) {
		fprintf(stderr, "usage: render-files mua|gmime RUNS FILE...\n");
		return MUA_EXIT_USAGE;
	}
	g_mime_init();
	render = strcmp(argv[1], "mua") == 0 ? render_mua : render_gmime;
	runs = atoi(argv[2]);
	for (r = 0; r < runs; r++) {
		t = mono_seconds();
		for (i = 3; i < argc; i++)
			render(argv[i]);
		t = mono_seconds() - t;
		if (best < 0 || t < best)
			best = t;
	}
	printf("%.4f\n", best);
	return 0;
}
