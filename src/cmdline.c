/* cmdline.c: completion and hints for the ':' line; see cmdline.h. */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "cmdline.h"
#include "keymap.h"
#include "mua.h"
#include "options.h"
#include "rc.h"
#include "suggest.h"

struct words {
	char **w;
	size_t n;
};

static void
add(struct words *out, const char *word)
{
	out->w = xreallocarray(out->w, out->n + 1, sizeof *out->w);
	out->w[out->n++] = xstrdup(word);
}

static int
starts(const char *name, const char *prefix)
{
	return strncmp(name, prefix, strlen(prefix)) == 0;
}

static void
commands(const char *prefix, struct words *out)
{
	const struct cmd_entry *e;

	for (e = cmd_table; e->name != NULL; e++)
		if (starts(e->name, prefix))
			add(out, e->name);
}

static void
rc_commands(const char *prefix, struct words *out)
{
	const char *name;
	size_t i;

	for (i = 0; (name = rc_command_name(i)) != NULL; i++)
		if (starts(name, prefix) && cmd_find(name) == NULL)
			add(out, name);
}

static void
option_names(const char *prefix, struct words *out)
{
	const struct option_entry *e;

	for (e = options_table; e->name != NULL; e++)
		if (starts(e->name, prefix))
			add(out, e->name);
}

/* View names for "index,pa": the last name after its comma. */
static void
view_names(const char *word, struct words *out)
{
	const char *last = strrchr(word, ',');
	size_t lead = last != NULL ? (size_t)(last + 1 - word) : 0, v;
	char *full;

	for (v = 0; keymap_view_names[v] != NULL; v++)
		if (starts(keymap_view_names[v], word + lead)) {
			full = xasprintf("%.*s%s", (int)lead, word,
			    keymap_view_names[v]);
			add(out, full);
			free(full);
		}
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The words of the command LINE begins with, before its last one. */
static size_t
split(const char *line, char *first, size_t size)
{
	size_t n = 0, len;
	const char *p = line;

	*first = '\0';
	for (;;) {
		p += strspn(p, " \t");
		if ((len = strcspn(p, " \t")) == 0 || p[len] == '\0')
			return n;	/* the last word is the one completed */
		if (n++ == 0)
			snprintf(first, size, "%.*s", (int)len, p);
		p += len;
	}
}

char **
cmdline_complete(const char *line, const char *word, size_t *n)
{
	const char *semi = strrchr(line, ';');
	struct words out = { NULL, 0 };
	char first[32];
	size_t before = split(semi != NULL ? semi + 1 : line, first,
	    sizeof first);

	if (before == 0) {
		commands(word, &out);
		if (semi == NULL)	/* .muarc lines are not chained */
			rc_commands(word, &out);
	} else if (strcmp(first, "set") == 0 || strcmp(first, "unset") == 0) {
		if (before == 1)
			option_names(word, &out);
	} else if (strcmp(first, "bind") == 0 || strcmp(first, "macro") == 0 ||
	    strcmp(first, "unbind") == 0) {
		if (before == 1)
			view_names(word, &out);
		else if (before == 3 && strcmp(first, "bind") == 0)
			commands(word, &out);
	}
	if (out.n > 1)
		qsort(out.w, out.n, sizeof *out.w, by_name);
	*n = out.n;
	return out.w;
}

/* The hint for the command or .muarc command nearest to NAME. */
static const char *
near(const char *name)
{
	struct words all = { NULL, 0 };
	const char *hint;
	size_t i;

	commands("", &all);
	rc_commands("", &all);
	add(&all, "");
	free(all.w[all.n - 1]);
	all.w[all.n - 1] = NULL;	/* suggest() wants NULL at the end */
	hint = suggest_hint(name, all.w, sizeof *all.w);
	for (i = 0; i + 1 < all.n; i++)
		free(all.w[i]);
	free(all.w);
	return hint;
}

int
cmdline_known(const char *name, const char **hint)
{
	static char one[96];
	const struct cmd_entry *e, *only = NULL;
	size_t i, matches = 0;

	*hint = "";
	if (cmd_find(name) != NULL)
		return 1;
	for (i = 0; rc_command_name(i) != NULL; i++)
		if (strcmp(rc_command_name(i), name) == 0)
			return 1;
	/* An abbreviation (vi's :q) names the one command it begins. */
	for (e = cmd_table; e->name != NULL && *name != '\0'; e++)
		if (starts(e->name, name)) {
			only = e;
			matches++;
		}
	if (matches == 1) {
		snprintf(one, sizeof one, " (did you mean \"%s\"?)", only->name);
		*hint = one;
	} else
		*hint = near(name);
	return 0;
}
