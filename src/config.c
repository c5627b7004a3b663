/* config.c: the configuration as a whole: defaults, loading, dumping. */
#include "autodefs.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "mua.h"

struct config *
config_new(void)
{
	struct config *c = xcalloc(1, sizeof *c);
	struct rc_errors errors = { NULL, 0 };

	c->options = options_new();
	c->keymap = keymap_new();
	rc_parse_string(c, "(default bindings)", keymap_defaults, &errors);
	if (errors.n > 0)
		fatal("%s", errors.lines[0]);
	return c;
}

static void
pairs_free(struct config_pair *pairs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(pairs[i].name);
		free(pairs[i].value);
	}
	free(pairs);
}

void
config_free(struct config *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->naccounts; i++)
		account_free(c->accounts[i]);
	free(c->accounts);
	pairs_free(c->queries, c->nqueries);
	pairs_free(c->aliases, c->naliases);
	for (i = 0; i < c->ncolors; i++)
		color_spec_clear(&c->colors[i]);
	free(c->colors);
	keymap_free(c->keymap);
	options_free(c->options);
	free(c);
}

char *
config_path(const char *path, int *required)
{
	const char *env = getenv("MUARC"), *home = getenv("HOME");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	char *muarc;

	*required = 1;
	if (path != NULL)
		return xstrdup(path);
	if (env != NULL && *env != '\0')
		return xstrdup(env);
	*required = 0;
	muarc = xasprintf("%s/.muarc", home ? home : "");
	if (access(muarc, F_OK) == 0)
		return muarc;
	free(muarc);
	if (xdg != NULL && *xdg == '/')
		return xasprintf("%s/mua/muarc", xdg);
	return xasprintf("%s/.config/mua/muarc", home ? home : "");
}

size_t
config_load(struct config *c, const char *path, struct rc_errors *errors)
{
	int required;
	char *file = config_path(path, &required);

	if (required || access(file, F_OK) == 0)
		rc_parse_file(c, file, errors);
	free(file);
	return errors->n;
}

int
config_add_account(struct config *c, struct account *a, char **cause)
{
	size_t i;

	for (i = 0; i < c->naccounts; i++)
		if (strcmp(account_name(c->accounts[i]), account_name(a)) == 0)
			return set_cause(cause, "duplicate account \"%s\"",
			    account_name(a));
	c->accounts = xreallocarray(c->accounts, c->naccounts + 1,
	    sizeof *c->accounts);
	c->accounts[c->naccounts++] = a;
	return 0;
}

/* Sets NAME to VALUE among the *N PAIRS: replaced, or added last. */
static void
pair_set(struct config_pair **pairs, size_t *n, const char *name,
    const char *value)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*pairs)[i].name, name) == 0) {
			free((*pairs)[i].value);
			(*pairs)[i].value = xstrdup(value);
			return;
		}
	*pairs = xreallocarray(*pairs, *n + 1, sizeof **pairs);
	(*pairs)[*n].name = xstrdup(name);
	(*pairs)[(*n)++].value = xstrdup(value);
}

void
config_add_query(struct config *c, const char *name, const char *query)
{
	pair_set(&c->queries, &c->nqueries, name, query);
}

void
config_add_alias(struct config *c, const char *name, const char *addresses)
{
	pair_set(&c->aliases, &c->naliases, name, addresses);
}

void
config_add_color(struct config *c, struct color_spec *spec)
{
	size_t i;

	for (i = 0; i < c->ncolors; i++)
		if (strcmp(c->colors[i].object, spec->object) == 0) {
			color_spec_clear(&c->colors[i]);
			c->colors[i] = *spec;
			return;
		}
	c->colors = xreallocarray(c->colors, c->ncolors + 1, sizeof *c->colors);
	c->colors[c->ncolors++] = *spec;
}

/* A growing text buffer for the dump. */
struct dump {
	char *text;
	size_t len;
	int secrets;	/* pass_command and oauth_command as they are */
};

static void MUA_PRINTF(2, 3)
out(struct dump *d, const char *fmt, ...)
{
	va_list ap;
	char *s;
	size_t n;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	n = strlen(s);
	d->text = xreallocarray(d->text, d->len + n + 1, 1);
	memcpy(d->text + d->len, s, n + 1);
	d->len += n;
	free(s);
}

/* Writes S quoted; QUOTED is freed. */
static void
out_quoted(struct dump *d, const char *prefix, const char *s)
{
	char *q = rc_quote(s);

	out(d, "%s%s", prefix, q);
	free(q);
}

static void
dump_options(const struct config *c, struct dump *d)
{
	const struct option_entry *e;

	for (e = options_table; e->name != NULL; e++) {
		out(d, "set %s =", e->name);
		out_quoted(d, " ", options_get(c->options, e->name));
		out(d, "\n");
	}
}

/* Passwords may hide in these commands ("echo hunter2"). */
static int
is_secret(const char *key)
{
	return strcmp(key, "pass_command") == 0 ||
	    strcmp(key, "oauth_command") == 0;
}

static void
dump_account(const struct account *a, struct dump *d)
{
	const struct account_entry *e;
	const char *const *v;
	size_t n, i;

	out_quoted(d, "\naccount ", account_name(a));
	out(d, " {\n");
	for (e = account_table; e->name != NULL; e++) {
		v = account_get(a, e->name, &n);
		if (n == 0)
			continue;
		out(d, "\t%s =", e->name);
		for (i = 0; i < n; i++)
			out_quoted(d, " ", is_secret(e->name) && !d->secrets ?
			    "********" : v[i]);
		out(d, "\n");
	}
	out(d, "}\n");
}

/* Returns whether KM binds the keys of B in B's view. */
static int
is_bound(const struct keymap *km, const struct keymap_binding *b)
{
	size_t i;

	for (i = 0; i < keymap_count(km); i++) {
		const struct keymap_binding *o = keymap_get(km, i);
		if (o->view == b->view && o->nkeys == b->nkeys &&
		    memcmp(o->keys, b->keys, b->nkeys * sizeof *b->keys) == 0)
			return 1;
	}
	return 0;
}

/* Writes "unbind" for the default bindings C no longer has. */
static void
dump_unbinds(const struct config *c, struct dump *d)
{
	struct config *defaults = config_new();
	size_t i;

	for (i = 0; i < keymap_count(defaults->keymap); i++) {
		const struct keymap_binding *b = keymap_get(defaults->keymap, i);
		if (is_bound(c->keymap, b))
			continue;
		char *keys = keymap_keys_name(b->keys, b->nkeys);
		out(d, "unbind %s", keymap_view_names[b->view]);
		out_quoted(d, " ", keys);
		out(d, "\n");
		free(keys);
	}
	config_free(defaults);
}

static void
dump_bindings(const struct config *c, struct dump *d)
{
	size_t i, n = keymap_count(c->keymap);

	out(d, "\n");
	dump_unbinds(c, d);
	for (i = 0; i < n; i++) {
		const struct keymap_binding *b = keymap_get(c->keymap, i);
		char *keys = keymap_keys_name(b->keys, b->nkeys);
		out(d, "%s %s", strchr(b->command, ';') ? "macro" : "bind",
		    keymap_view_names[b->view]);
		out_quoted(d, " ", keys);
		out_quoted(d, " ", b->command);
		out(d, "\n");
		free(keys);
	}
}

/* The N PAIRS as .muarc lines starting with WORD, after a blank line. */
static void
dump_pairs(struct dump *d, const char *word, const struct config_pair *pairs,
    size_t n)
{
	size_t i;

	if (n > 0)
		out(d, "\n");
	for (i = 0; i < n; i++) {
		out_quoted(d, word, pairs[i].name);
		out_quoted(d, " ", pairs[i].value);
		out(d, "\n");
	}
}

char *
config_dump(const struct config *c, int secrets)
{
	struct dump d = { xstrdup(""), 0, secrets };
	size_t i;

	out(&d, "# The effective configuration (mua --dump-config).\n");
	dump_options(c, &d);
	for (i = 0; i < c->naccounts; i++)
		dump_account(c->accounts[i], &d);
	dump_pairs(&d, "query ", c->queries, c->nqueries);
	dump_pairs(&d, "alias ", c->aliases, c->naliases);
	dump_bindings(c, &d);
	if (c->ncolors > 0)
		out(&d, "\n");
	for (i = 0; i < c->ncolors; i++) {
		char *rest = color_format(&c->colors[i]);
		out_quoted(&d, "color ", c->colors[i].object);
		out(&d, " %s\n", rest);
		free(rest);
	}
	return d.text;
}

const struct account *
config_default_account(const struct config *config)
{
	size_t i;

	for (i = 0; i < config->naccounts; i++)
		if (strcmp(account_get_one(config->accounts[i], "default"),
		    "yes") == 0)
			return config->accounts[i];
	return config->naccounts > 0 ? config->accounts[0] : NULL;
}
