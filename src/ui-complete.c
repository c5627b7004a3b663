/* ui-complete.c: Tab completion from the store and the file system; see
 * ui-complete.h. */
#include "autodefs.h"

#include <sys/stat.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "addressbook.h"
#include "mua.h"
#include "store.h"
#include "ui-complete.h"

/* Addresses offered at most, most frequent first. */
#define COMPLETE_MAX_ADDRESSES 20

struct words {
	char **w;
	size_t n;
};

static void
add(struct words *out, const char *lead, const char *word)
{
	out->w = xreallocarray(out->w, out->n + 1, sizeof *out->w);
	out->w[out->n++] = xasprintf("%s%s", lead, word);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The tags starting with PREFIX, each after LEAD ("tag:", "+"). */
static void
tags(struct store *store, const char *lead, const char *prefix,
    struct words *out)
{
	char **all = NULL, **t;

	if (store_all_tags(store, &all, NULL) == -1)
		return;
	for (t = all; *t != NULL; t++) {
		if (strncmp(*t, prefix, strlen(prefix)) == 0)
			add(out, lead, *t);
		free(*t);
	}
	free(all);
}

/* The addresses with a word starting with PREFIX, each after LEAD. */
static void
addresses(struct store *store, const char *lead, const char *prefix,
    struct words *out)
{
	struct store_address *a = NULL;
	size_t n = 0, i;

	if (store_addresses(store, prefix, COMPLETE_MAX_ADDRESSES, &a, &n,
	    NULL) == -1)
		return;
	for (i = 0; i < n; i++)
		add(out, lead, a[i].address);
	store_addresses_free(a, n);
}

char **
ui_complete_query(void *store, const char *line, const char *word,
    size_t *n)
{
	(void)line;
	static const char *const prefixes[] = { "tag:", "from:", "to:",
		"subject:", "date:", "id:", "thread:", "folder:", "path:",
		"attachment:", "mimetype:", "query:", "property:", NULL };
	struct words out = { NULL, 0 };
	const char *colon = strchr(word, ':');
	size_t i, lead = colon ? (size_t)(colon - word) + 1 : 0;
	char *l = xstrndup(word, lead);

	if (strcmp(l, "tag:") == 0 || strcmp(l, "is:") == 0)
		tags(store, l, word + lead, &out);
	else if (strcmp(l, "from:") == 0 || strcmp(l, "to:") == 0)
		addresses(store, l, word + lead, &out);
	else if (colon == NULL)
		for (i = 0; prefixes[i] != NULL; i++)
			if (strncmp(prefixes[i], word, strlen(word)) == 0)
				add(&out, "", prefixes[i]);
	free(l);
	*n = out.n;
	return out.w;
}

char **
ui_complete_tag(void *store, const char *line, const char *word,
    size_t *n)
{
	(void)line;
	struct words out = { NULL, 0 };
	char lead[2] = { 0, 0 };

	if (*word == '+' || *word == '-')
		lead[0] = *word++;
	tags(store, lead, word, &out);
	*n = out.n;
	return out.w;
}

char **
ui_complete_address(void *arg, const char *line, const char *word,
    size_t *n)
{
	(void)line;
	const struct ui_complete_book *book = arg;
	char **out = NULL;

	*n = 0;
	addressbook_offer(book->config, book->store, word, &out, n);
	return out;
}

/* Whether NAME in DIR is a directory (it gets a '/' when offered). */
static int
is_dir(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	struct stat st;
	int yes = stat(path, &st) == 0 && S_ISDIR(st.st_mode);

	free(path);
	return yes;
}

char **
ui_complete_path(void *arg, const char *line, const char *word, size_t *n)
{
	(void)arg;
	(void)line;
	struct words out = { NULL, 0 };
	const char *slash = strrchr(word, '/'), *home = getenv("HOME");
	const char *base = slash != NULL ? slash + 1 : word;
	char *typed = xstrndup(word, (size_t)(base - word)), *dir;
	struct dirent *e;
	size_t i;
	DIR *d;

	/* ~/ as the user typed it: kept in what is offered. */
	dir = typed[0] == '~' && typed[1] == '/' && home != NULL ?
	    xasprintf("%s%s", home, typed + 1) :
	    xstrdup(*typed != '\0' ? typed : ".");
	if ((d = opendir(dir)) != NULL) {
		while ((e = readdir(d)) != NULL)
			if (strncmp(e->d_name, base, strlen(base)) == 0 &&
			    strcmp(e->d_name, ".") != 0 &&
			    strcmp(e->d_name, "..") != 0 &&
			    (e->d_name[0] != '.' || *base == '.'))
				add(&out, typed, e->d_name);
		closedir(d);
	}
	for (i = 0; i < out.n; i++)
		if (is_dir(dir, out.w[i] + strlen(typed))) {
			char *w = xasprintf("%s/", out.w[i]);

			free(out.w[i]);
			out.w[i] = w;
		}
	if (out.n > 0)	/* out.w is NULL when nothing matched */
		qsort(out.w, out.n, sizeof *out.w, by_name);
	free(dir);
	free(typed);
	*n = out.n;
	return out.w;
}
