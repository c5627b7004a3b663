/* keymap.c: key sequences, views and the bindings between them. */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keymap.h"
#include "mua.h"
#include "suggest.h"
#include "text.h"

const char *const keymap_view_names[] = { "index", "pager", "compose",
	"help", "attach", "urls", NULL };

/*
 * mutt's keys for people who know mutt, alot's "a" to archive. Where mua
 * differs: u undoes any tag change (U undeletes), and the links are on
 * C-b (urlview's key in many muttrcs), since U is undelete.
 */
const char keymap_defaults[] =
    "bind index,pager,help,attach,urls j down\n"
    "bind index,pager,help,attach,urls k up\n"
    "bind index,pager,help,attach,urls <Down> down\n"
    "bind index,pager,help,attach,urls <Up> up\n"
    "bind index,pager,help,attach,urls <PageDown> page-down\n"
    "bind index,pager,help,attach,urls <Space> page-down\n"
    "bind index,pager,help,attach,urls <PageUp> page-up\n"
    "bind index,pager,help,attach,urls <Home> top\n"
    "bind index,pager,help,attach,urls <End> bottom\n"
    "bind index,pager,help,attach,urls '=' top\n"
    "bind index,pager,help,attach,urls G bottom\n"
    "bind index,pager,help,attach,urls q quit\n"
    "bind index,pager,compose,help <C-l> redraw\n"
    "bind index,pager ? help\n"
    "bind index,pager : prompt\n"
    "bind index,pager M messages\n"
    "bind index,pager $ sync\n"
    "bind index,pager Y send-outbox\n"
    "bind index,pager / search\n"
    "bind index '\\' search\n"
    "bind index l narrow\n"
    "bind index <Enter> open\n"
    "bind index,pager a archive\n"
    "bind index,pager d delete\n"
    "bind index,pager U undelete\n"
    "bind index,pager ! flag\n"
    "bind index,pager F flag\n"
    "bind index,pager N toggle-unread\n"
    "bind index,pager X mute\n"
    "bind index,pager + \"tag-prompt +\"\n"
    "bind index,pager - \"tag-prompt -\"\n"
    "bind index,pager u undo\n"
    "bind index t mark\n"
    "bind index ; mark-prefix\n"
    "bind index T mark-pattern\n"
    "bind index <C-t> unmark-pattern\n"
    "bind index B toggle-sidebar\n"
    "bind index <C-n> sidebar-next\n"
    "bind index <C-p> sidebar-previous\n"
    "bind index <C-o> sidebar-open\n"
    "bind index o toggle-sort\n"
    "bind pager n search-next\n"
    "bind index,pager m compose\n"
    "bind index,pager r reply\n"
    "bind index,pager g reply-all\n"
    "bind index,pager f forward\n"
    "bind index,pager L reply-list\n"
    "bind index,pager e edit-draft\n"
    "bind pager J next\n"
    "bind pager K previous\n"
    "bind pager <Tab> next-unread\n"
    "bind pager h toggle-headers\n"
    "bind pager <Enter> open\n"
    "bind pager v parts\n"
    "bind pager H route\n"
    "bind pager P decrypt\n"
    "bind index,pager | pipe\n"
    "bind index,pager s save\n"
    "bind index,pager p print\n"
    "bind index,pager b bounce\n"
    "bind attach <Enter> open\n"
    "bind attach o open\n"
    "bind attach s save\n"
    "bind attach | pipe\n"
    "bind attach ? help\n"
    "bind pager <C-b> urls\n"
    "bind urls <Enter> open\n"
    "bind urls o open\n"
    "bind urls y copy\n"
    "bind urls ? help\n"
    "bind compose y send-message\n"
    "bind compose p postpone-message\n"
    "bind compose e edit-message\n"
    "bind compose t edit-to\n"
    "bind compose c edit-cc\n"
    "bind compose b edit-bcc\n"
    "bind compose s edit-subject\n"
    "bind compose a attach-file\n"
    "bind compose d detach-file\n"
    "bind compose S toggle-sign\n"
    "bind compose E toggle-encrypt\n"
    "bind compose q abort-message\n"
    "bind compose ? help\n"
    "bind compose j down\n"
    "bind compose k up\n"
    "bind compose <Down> down\n"
    "bind compose <Up> up\n"
    "bind compose <Space> page-down\n"
    "bind compose <PageDown> page-down\n"
    "bind compose <PageUp> page-up\n";

/* Named keys: the name in <...> and its code. */
static const struct {
	const char *name;
	int key;
} named_keys[] = {
	{ "Enter", '\r' }, { "Esc", 0x1b }, { "Tab", '\t' }, { "Space", ' ' },
	{ "lt", '<' }, { "Backspace", KEYMAP_KEY_BASE + 1 },
	{ "Delete", KEYMAP_KEY_BASE + 2 }, { "Insert", KEYMAP_KEY_BASE + 3 },
	{ "Up", KEYMAP_KEY_BASE + 4 }, { "Down", KEYMAP_KEY_BASE + 5 },
	{ "Left", KEYMAP_KEY_BASE + 6 }, { "Right", KEYMAP_KEY_BASE + 7 },
	{ "Home", KEYMAP_KEY_BASE + 8 }, { "End", KEYMAP_KEY_BASE + 9 },
	{ "PageUp", KEYMAP_KEY_BASE + 10 }, { "PageDown", KEYMAP_KEY_BASE + 11 },
	{ "F1", KEYMAP_KEY_BASE + 21 }, { "F2", KEYMAP_KEY_BASE + 22 },
	{ "F3", KEYMAP_KEY_BASE + 23 }, { "F4", KEYMAP_KEY_BASE + 24 },
	{ "F5", KEYMAP_KEY_BASE + 25 }, { "F6", KEYMAP_KEY_BASE + 26 },
	{ "F7", KEYMAP_KEY_BASE + 27 }, { "F8", KEYMAP_KEY_BASE + 28 },
	{ "F9", KEYMAP_KEY_BASE + 29 }, { "F10", KEYMAP_KEY_BASE + 30 },
	{ "F11", KEYMAP_KEY_BASE + 31 }, { "F12", KEYMAP_KEY_BASE + 32 },
	{ NULL, 0 },
};

struct keymap {
	struct keymap_binding *bindings;
	size_t n;
};

struct keymap *
keymap_new(void)
{
	return xcalloc(1, sizeof(struct keymap));
}

void
keymap_free(struct keymap *km)
{
	size_t i;

	if (km == NULL)
		return;
	for (i = 0; i < km->n; i++)
		free(km->bindings[i].command);
	free(km->bindings);
	free(km);
}

int
keymap_parse_views(const char *spec, unsigned *mask, char **cause)
{
	char *copy = xstrdup(spec), *save = NULL, *name;
	int rc = 0, v;

	*mask = 0;
	for (name = strtok_r(copy, ",", &save); name != NULL && rc == 0;
	    name = strtok_r(NULL, ",", &save)) {
		for (v = 0; keymap_view_names[v] != NULL &&
		    strcmp(keymap_view_names[v], name) != 0; v++)
			;
		if (keymap_view_names[v] == NULL)
			rc = set_cause(cause, "unknown view \"%s\"%s", name,
			    suggest_hint(name, keymap_view_names,
			    sizeof *keymap_view_names));
		else
			*mask |= 1u << v;
	}
	if (rc == 0 && *mask == 0)
		rc = set_cause(cause, "no view given");
	free(copy);
	return rc;
}

/* Parses the NAME of a <NAME> key (without the brackets). */
static int
parse_named(const char *name, int *key, char **cause)
{
	size_t i;

	if ((name[0] == 'C' || name[0] == 'M') && name[1] == '-' &&
	    name[2] != '\0') {
		const char *rest = name + 2;
		int k;
		if (parse_named(rest, &k, NULL) == -1) {
			k = text_utf8_next(&rest);
			if (k == -1 || *rest != '\0')
				return set_cause(cause, "bad key <%s>", name);
		}
		if (name[0] == 'M') {
			*key = k | KEYMAP_META;
			return 0;
		}
		if (k < '@' || k > 'z' || (k > '_' && k < 'a'))
			return set_cause(cause, "no control key <%s>", name);
		*key = k & 0x1f;
		return 0;
	}
	for (i = 0; named_keys[i].name != NULL; i++)
		if (strcasecmp(named_keys[i].name, name) == 0) {
			*key = named_keys[i].key;
			return 0;
		}
	return set_cause(cause, "unknown key <%s>%s", name,
	    suggest_hint(name, named_keys, sizeof *named_keys));
}

int
keymap_parse_keys(const char *spec, int *keys, size_t *n, char **cause)
{
	const char *p = spec, *close;

	for (*n = 0; *p != '\0'; (*n)++) {
		if (*n == KEYMAP_MAX_KEYS)
			return set_cause(cause, "more than %d keys in \"%s\"",
			    KEYMAP_MAX_KEYS, spec);
		if (*p == '<' && (close = strchr(p + 1, '>')) != NULL &&
		    close > p + 1) {
			char *name = xstrndup(p + 1, (size_t)(close - p - 1));
			int rc = parse_named(name, &keys[*n], cause);
			free(name);
			if (rc == -1)
				return -1;
			p = close + 1;
		} else if ((keys[*n] = text_utf8_next(&p)) == -1)
			return set_cause(cause, "\"%s\" is not valid UTF-8", spec);
	}
	if (*n == 0)
		return set_cause(cause, "no key given");
	return 0;
}

/* Appends the name of one KEY to BUF. */
static void
key_name(int key, char *buf, size_t size)
{
	int base = key & ~KEYMAP_META;
	size_t i, len = strlen(buf);
	const char *meta = key & KEYMAP_META ? "M-" : "";

	for (i = 0; named_keys[i].name != NULL; i++)
		if (named_keys[i].key == base) {
			snprintf(buf + len, size - len, "<%s%s>", meta,
			    named_keys[i].name);
			return;
		}
	if (base < 0x20 || base == 0x7f) {
		snprintf(buf + len, size - len, "<%sC-%c>", meta,
		    base == 0x7f ? '?' : base >= 1 && base <= 26 ?
		    'a' + base - 1 : base + '@');
		return;
	}
	if (*meta)
		snprintf(buf + len, size - len, "<M-");
	len = strlen(buf);
	if (base < 0x80)
		snprintf(buf + len, size - len, "%c", base);
	else if (base < 0x800)
		snprintf(buf + len, size - len, "%c%c", 0xc0 | (base >> 6),
		    0x80 | (base & 0x3f));
	else if (base < 0x10000)
		snprintf(buf + len, size - len, "%c%c%c", 0xe0 | (base >> 12),
		    0x80 | ((base >> 6) & 0x3f), 0x80 | (base & 0x3f));
	else
		snprintf(buf + len, size - len, "%c%c%c%c", 0xf0 | (base >> 18),
		    0x80 | ((base >> 12) & 0x3f), 0x80 | ((base >> 6) & 0x3f),
		    0x80 | (base & 0x3f));
	if (*meta)
		strncat(buf, ">", size - strlen(buf) - 1);
}

char *
keymap_keys_name(const int *keys, size_t n)
{
	char buf[KEYMAP_MAX_KEYS * 24] = "";
	size_t i;

	for (i = 0; i < n; i++)
		key_name(keys[i], buf, sizeof buf);
	return xstrdup(buf);
}

static struct keymap_binding *
find(struct keymap *km, enum keymap_view view, const int *keys, size_t n)
{
	size_t i;

	for (i = 0; i < km->n; i++)
		if (km->bindings[i].view == view && km->bindings[i].nkeys == n &&
		    memcmp(km->bindings[i].keys, keys, n * sizeof *keys) == 0)
			return &km->bindings[i];
	return NULL;
}

void
keymap_bind(struct keymap *km, enum keymap_view view, const int *keys,
    size_t n, const char *command)
{
	struct keymap_binding *b = find(km, view, keys, n);

	if (b == NULL) {
		km->bindings = xreallocarray(km->bindings, km->n + 1,
		    sizeof *km->bindings);
		b = &km->bindings[km->n++];
		b->view = view;
		memcpy(b->keys, keys, n * sizeof *keys);
		b->nkeys = n;
	} else
		free(b->command);
	b->command = xstrdup(command);
}

int
keymap_unbind(struct keymap *km, enum keymap_view view, const int *keys,
    size_t n)
{
	struct keymap_binding *b = find(km, view, keys, n);
	size_t i;

	if (b == NULL)
		return -1;
	free(b->command);
	i = (size_t)(b - km->bindings);
	memmove(b, b + 1, (km->n - i - 1) * sizeof *b);
	km->n--;
	return 0;
}

const char *
keymap_lookup(const struct keymap *km, enum keymap_view view, const int *keys,
    size_t n, int *prefix)
{
	const char *command = NULL;
	size_t i;

	*prefix = 0;
	for (i = 0; i < km->n; i++) {
		const struct keymap_binding *b = &km->bindings[i];
		if (b->view != view || b->nkeys < n ||
		    memcmp(b->keys, keys, n * sizeof *keys) != 0)
			continue;
		if (b->nkeys == n)
			command = b->command;
		else
			*prefix = 1;
	}
	return command;
}

int
keymap_hidden(const struct keymap *km, const struct keymap_binding *b)
{
	size_t i;

	for (i = 0; i < km->n; i++) {
		const struct keymap_binding *o = &km->bindings[i];
		if (o->view == b->view && o->nkeys > b->nkeys &&
		    memcmp(o->keys, b->keys, b->nkeys * sizeof *b->keys) == 0)
			return 1;
	}
	return 0;
}

size_t
keymap_count(const struct keymap *km)
{
	return km->n;
}

const struct keymap_binding *
keymap_get(const struct keymap *km, size_t i)
{
	return i < km->n ? &km->bindings[i] : NULL;
}
