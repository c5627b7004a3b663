/* addressbook.c: aliases and query_command; see addressbook.h. */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>

#include "addressbook.h"
#include "buf.h"
#include "config.h"
#include "mua.h"
#include "options.h"
#include "run.h"
#include "store.h"

/* query_command's output read at most: a big address book's answer. */
#define ADDRESSBOOK_MAX_OUTPUT (256 * 1024)

/* The store's correspondents offered at most. */
#define ADDRESSBOOK_MAX_OFFERED 20

static void
add(char ***out, size_t *n, char *word)
{
	*out = xreallocarray(*out, *n + 1, sizeof **out);
	(*out)[(*n)++] = word;
}

/* WORD in single quotes, each ' in it as '\'' (caller frees). */
static char *
shell_quote(const char *word)
{
	struct buf b = { NULL, 0, 0 };

	buf_addc(&b, '\'');
	for (; *word != '\0'; word++)
		if (*word == '\'')
			buf_adds(&b, "'\\''");
		else
			buf_addc(&b, *word);
	buf_addc(&b, '\'');
	return buf_take(&b);
}

char *
addressbook_command(const char *format, const char *word)
{
	struct buf b = { NULL, 0, 0 };
	char *quoted = shell_quote(word);
	const char *p;

	for (p = format; *p != '\0'; p++) {
		if ((*p == '\'' || *p == '"') && p[1] == '%' && p[2] == 's' &&
		    p[3] == *p) {
			buf_adds(&b, quoted);
			p += 3;
		} else if (*p == '%' && p[1] == 's') {
			buf_adds(&b, quoted);
			p++;
		} else if (*p == '%' && p[1] == '%') {
			buf_addc(&b, '%');
			p++;
		} else
			buf_addc(&b, *p);
	}
	free(quoted);
	return buf_take(&b);
}

void
addressbook_parse(const char *output, char ***out, size_t *n)
{
	const char *line = strchr(output, '\n'), *end, *tab, *name_end;
	size_t alen;

	while (line != NULL && *++line != '\0') {
		end = strchr(line, '\n');
		end = end != NULL ? end : line + strlen(line);
		tab = memchr(line, '\t', (size_t)(end - line));
		alen = (size_t)((tab != NULL ? tab : end) - line);
		if (alen > 0 && memchr(line, '@', alen) != NULL) {
			name_end = tab != NULL ? memchr(tab + 1, '\t',
			    (size_t)(end - tab - 1)) : NULL;
			name_end = name_end != NULL ? name_end : end;
			add(out, n, tab != NULL && name_end > tab + 1 ?
			    xasprintf("%.*s <%.*s>", (int)(name_end - tab - 1),
			    tab + 1, (int)alen, line) :
			    xasprintf("%.*s", (int)alen, line));
		}
		line = *end != '\0' ? end : NULL;
	}
}

void
addressbook_complete(const struct config *config, const char *word,
    char ***out, size_t *n)
{
	const char *format = options_get(config->options, "query_command");
	char *command, *output = NULL;
	size_t i;

	for (i = 0; i < config->naliases; i++)
		if (strncmp(config->aliases[i].name, word, strlen(word)) == 0)
			add(out, n, xstrdup(config->aliases[i].value));
	if (*format == '\0' || *word == '\0')
		return;
	command = addressbook_command(format, word);
	if (run_capture(command, -1, ADDRESSBOOK_MAX_OUTPUT, &output,
	    NULL) == 0)
		addressbook_parse(output, out, n);
	free(output);
	free(command);
}

void
addressbook_offer(const struct config *config, struct store *store,
    const char *word, char ***out, size_t *n)
{
	struct store_address *a = NULL;
	size_t i, k = 0;

	if (*word == '\0')
		return;
	addressbook_complete(config, word, out, n);
	if (store == NULL || store_addresses(store, word,
	    ADDRESSBOOK_MAX_OFFERED, &a, &k, NULL) == -1)
		return;
	for (i = 0; i < k; i++)
		add(out, n, *a[i].name != '\0' ? xasprintf("%s <%s>",
		    a[i].name, a[i].address) : xstrdup(a[i].address));
	store_addresses_free(a, k);
}

/* The addresses of the alias NAME (LEN bytes), or NULL. */
static const char *
alias_of(const struct config *config, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < config->naliases; i++)
		if (strlen(config->aliases[i].name) == len &&
		    strncmp(config->aliases[i].name, name, len) == 0)
			return config->aliases[i].value;
	return NULL;
}

char *
addressbook_expand(const struct config *config, const char *addresses)
{
	struct buf b = { NULL, 0, 0 };
	const char *p = addresses, *end, *start, *last, *value;

	while (*p != '\0') {
		end = strchr(p, ',');
		end = end != NULL ? end : p + strlen(p);
		for (start = p; start < end && *start == ' '; start++)
			;
		for (last = end; last > start && last[-1] == ' '; last--)
			;
		value = alias_of(config, start, (size_t)(last - start));
		if (value != NULL)
			buf_printf(&b, "%.*s%s", (int)(start - p), p, value);
		else
			buf_add(&b, p, (size_t)(end - p));
		if (*end == ',')
			buf_addc(&b, ',');
		p = *end == ',' ? end + 1 : end;
	}
	return buf_take(&b);
}
