/* account.c: account settings, their table and their checks. */
#include "autodefs.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "file.h"
#include "flagmap.h"
#include "mua.h"
#include "options.h"
#include "suggest.h"

static const char *const imap_schemes[] = { "imap", "imaps", NULL };
static const char *const pop3_schemes[] = { "pop3", "pop3s", NULL };
static const char *const smtp_schemes[] = { "smtp", "smtps", NULL };
static const char *const tls_choices[] = { "required", "none", NULL };
static const char *const delete_choices[] = { "trash", "expunge", "flag", NULL };
static const char *const autocrypt_choices[] = { "no", "yes", "mutual", NULL };

const struct account_entry account_table[] = {
	{ "archive_folder", ACCOUNT_STRING, NULL, NULL,
	    "IMAP: where mail goes that leaves the inbox; \"\" for none" },
	{ "ca_file", ACCOUNT_PATH, NULL, NULL,
	    "trust the certificates in this file instead of the system's" },
	{ "cert_pin", ACCOUNT_PIN, NULL, NULL,
	    "accept only the certificate whose key has this SHA-256" },
	{ "default", ACCOUNT_BOOL, "no", NULL,
	    "the account used when no other one fits" },
	{ "autocrypt", ACCOUNT_CHOICE, "no", autocrypt_choices,
	    "send an Autocrypt header with your key (mutual: prefer encryption)" },
	{ "delete_policy", ACCOUNT_CHOICE, "trash", delete_choices,
	    "IMAP: what tag deleted does: trash, expunge or flag" },
	{ "drafts_folder", ACCOUNT_STRING, NULL, NULL,
	    "drafts' folder (IMAP: also on the server; \"\": not there)" },
	{ "folders", ACCOUNT_LIST, "INBOX", NULL,
	    "the IMAP folders to fetch; * matches within a level" },
	{ "from", ACCOUNT_ADDRESS, NULL, NULL, "the sender address" },
	{ "idle", ACCOUNT_BOOL, "yes", NULL,
	    "IMAP: the UI keeps an IDLE on idle_folders: new mail is pushed" },
	{ "idle_folders", ACCOUNT_LIST, "INBOX", NULL,
	    "IMAP: the folders the UI watches with IDLE (a connection each)" },
	{ "imap", ACCOUNT_URL, NULL, imap_schemes,
	    "fetch by IMAP: imaps://host (TLS) or imap://host (STARTTLS)" },
	{ "keep_on_server", ACCOUNT_BOOL, "yes", NULL,
	    "POP3: leave fetched mail on the server" },
	{ "maildir", ACCOUNT_PATH, NULL, NULL,
	    "the account's maildir under the notmuch root; default: its name" },
	{ "new_tags", ACCOUNT_LIST, "inbox unread", NULL,
	    "tags given to newly fetched mail" },
	{ "oauth_command", ACCOUNT_STRING, NULL, NULL,
	    "prints an OAuth2 access token (XOAUTH2, OAUTHBEARER)" },
	{ "pass_command", ACCOUNT_STRING, NULL, NULL,
	    "prints the password on its first line" },
	{ "pgp_key", ACCOUNT_STRING, NULL, NULL,
	    "the OpenPGP key to sign with and encrypt to yourself; default: "
	    "from's" },
	{ "pop3", ACCOUNT_URL, NULL, pop3_schemes,
	    "fetch by POP3: pop3s://host (TLS) or pop3://host (STARTTLS)" },
	{ "sent_folder", ACCOUNT_STRING, NULL, NULL,
	    "sent mail's folder (IMAP: also on the server; \"\": not there)" },
	{ "sent_tags", ACCOUNT_LIST, "sent", NULL, "tags given to sent mail" },
	{ "spam_folder", ACCOUNT_STRING, NULL, NULL,
	    "IMAP: where mail tagged spam goes; \"\" for none" },
	{ "smtp", ACCOUNT_URL, NULL, smtp_schemes,
	    "send by SMTP: smtps://host (TLS) or smtp://host:587 (STARTTLS)" },
	{ "sync_tags", ACCOUNT_LIST, NULL, NULL,
	    "IMAP: tags kept on the server as keywords (at most 23)" },
	{ "tls", ACCOUNT_CHOICE, "required", tls_choices,
	    "none allows plaintext (imap://, pop3://, smtp:// without STARTTLS)" },
	{ "trash_folder", ACCOUNT_STRING, NULL, NULL,
	    "IMAP: where mail tagged deleted goes; \"\" for none" },
	{ "user", ACCOUNT_STRING, NULL, NULL,
	    "the login name; default: the URL's user, else from's address" },
	{ NULL, 0, NULL, NULL, NULL },
};

struct account_value {
	char **items;
	size_t n;
};

struct account {
	char *name;
	struct account_value *values;	/* by table index */
};

static size_t
table_size(void)
{
	size_t n = 0;

	while (account_table[n].name != NULL)
		n++;
	return n;
}

static const struct account_entry *
find_entry(const char *key)
{
	const struct account_entry *e;

	for (e = account_table; e->name != NULL; e++)
		if (strcmp(e->name, key) == 0)
			return e;
	return NULL;
}

static void
value_clear(struct account_value *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		free(v->items[i]);
	free(v->items);
	v->items = NULL;
	v->n = 0;
}

static void
value_assign(struct account_value *v, const char *const *items, size_t n)
{
	size_t i;

	value_clear(v);
	v->items = xcalloc(n + 1, sizeof *v->items);
	for (i = 0; i < n; i++)
		v->items[i] = xstrdup(items[i]);
	v->n = n;
}

/* Sets the defaults; a list default is split at spaces. */
static void
assign_default(struct account_value *v, const char *def)
{
	char *copy = xstrdup(def), *save = NULL, *w;
	const char *items[16];
	size_t n = 0;

	for (w = strtok_r(copy, " ", &save); w != NULL && n < nitems(items);
	    w = strtok_r(NULL, " ", &save))
		items[n++] = w;
	value_assign(v, items, n);
	free(copy);
}

struct account *
account_new(const char *name)
{
	struct account *a = xcalloc(1, sizeof *a);
	size_t i, n = table_size();

	a->name = xstrdup(name);
	a->values = xcalloc(n, sizeof *a->values);
	for (i = 0; i < n; i++)
		if (account_table[i].default_value != NULL)
			assign_default(&a->values[i],
			    account_table[i].default_value);
	return a;
}

void
account_free(struct account *a)
{
	size_t i, n = table_size();

	if (a == NULL)
		return;
	for (i = 0; i < n; i++)
		value_clear(&a->values[i]);
	free(a->values);
	free(a->name);
	free(a);
}

const char *
account_name(const struct account *a)
{
	return a->name;
}

int
account_is_path(const char *key)
{
	const struct account_entry *e = find_entry(key);

	return e != NULL && e->type == ACCOUNT_PATH;
}

void
account_url_clear(struct account_url *u)
{
	free(u->scheme);
	free(u->user);
	free(u->host);
	memset(u, 0, sizeof *u);
}

static int
default_port(const char *scheme)
{
	static const struct { const char *scheme; int port; } ports[] = {
		{ "imap", 143 }, { "imaps", 993 }, { "pop3", 110 },
		{ "pop3s", 995 }, { "smtp", 587 }, { "smtps", 465 },
	};
	size_t i;

	for (i = 0; i < nitems(ports); i++)
		if (strcmp(ports[i].scheme, scheme) == 0)
			return ports[i].port;
	return 0;
}

/* Parses "host[:port][/]" at P into U; returns -1 on a bad part. */
static int
parse_host_port(const char *p, struct account_url *u, const char *url,
    char **cause)
{
	const char *colon = strrchr(p, ':'), *end = p + strcspn(p, "/");
	char *stop;
	long port;

	if (colon != NULL && colon > end)
		colon = NULL;
	u->host = xstrndup(p, (size_t)((colon ? colon : end) - p));
	if (*u->host == '\0' || strpbrk(u->host, " \t@") != NULL)
		return set_cause(cause, "bad host in \"%s\"", url);
	u->port = default_port(u->scheme);
	if (colon != NULL) {
		errno = 0;
		port = strtol(colon + 1, &stop, 10);
		if (stop != end || port < 1 || port > 65535 || colon + 1 == end)
			return set_cause(cause, "bad port in \"%s\"", url);
		u->port = (int)port;
	}
	if (*end == '/' && end[1] != '\0')
		return set_cause(cause, "a server URL has no path: \"%s\"", url);
	return 0;
}

int
account_url_parse(const char *url, const char *const *schemes,
    struct account_url *u, char **cause)
{
	const char *sep = strstr(url, "://"), *host, *at;
	const char *const *s;

	memset(u, 0, sizeof *u);
	if (sep == NULL)
		return set_cause(cause, "\"%s\" is not a URL like %s://host",
		    url, schemes[1]);
	u->scheme = xstrndup(url, (size_t)(sep - url));
	for (s = schemes; *s != NULL && strcmp(*s, u->scheme) != 0; s++)
		;
	if (*s == NULL) {
		set_cause(cause, "\"%s\": the scheme must be %s or %s", url,
		    schemes[0], schemes[1]);
		account_url_clear(u);
		return -1;
	}
	u->implicit_tls = u->scheme[strlen(u->scheme) - 1] == 's';
	host = sep + 3;
	if ((at = strchr(host, '@')) != NULL) {
		u->user = xstrndup(host, (size_t)(at - host));
		host = at + 1;
	}
	if (parse_host_port(host, u, url, cause) == -1) {
		account_url_clear(u);
		return -1;
	}
	return 0;
}

/* A loose check: mail addresses are parsed properly where they are used. */
static int
check_address(const char *value, char **cause)
{
	const char *at = strchr(value, '@');

	if (at == NULL || at == value || at[1] == '\0' || at[1] == '>')
		return set_cause(cause, "\"%s\" is not a mail address", value);
	return 0;
}

static int
check_pin(const char *value, char **cause)
{
	size_t i;

	if (strncmp(value, "sha256:", 7) != 0 || strlen(value) != 7 + 64)
		return set_cause(cause, "a pin is \"sha256:\" and 64 hex digits");
	for (i = 7; value[i] != '\0'; i++)
		if (!isxdigit((unsigned char)value[i]))
			return set_cause(cause, "a pin is \"sha256:\" and 64 hex "
			    "digits");
	return 0;
}

/* Checks one value of E. */
static int
check_value(const struct account_entry *e, const char *value, char **cause)
{
	struct account_url url;

	switch (e->type) {
	case ACCOUNT_ADDRESS:
		return check_address(value, cause);
	case ACCOUNT_URL:
		if (account_url_parse(value, e->choices, &url, cause) == -1)
			return -1;
		account_url_clear(&url);
		return 0;
	case ACCOUNT_CHOICE:
		return options_check_choice(e->name, e->choices, value, cause);
	case ACCOUNT_PIN:
		return check_pin(value, cause);
	case ACCOUNT_BOOL:
		return options_check_yes_no(e->name, value, cause);
	case ACCOUNT_STRING:
	case ACCOUNT_PATH:
	case ACCOUNT_LIST:
		break;
	}
	return 0;
}

int
account_set(struct account *a, const char *key, const char *const *values,
    size_t n, char **cause)
{
	const struct account_entry *e = find_entry(key);
	size_t i;

	if (e == NULL)
		return set_cause(cause, "unknown account setting \"%s\"%s", key,
		    suggest_hint(key, account_table, sizeof *account_table));
	if (n == 0)
		return set_cause(cause, "%s needs a value", key);
	if (n > 1 && e->type != ACCOUNT_LIST)
		return set_cause(cause, "%s takes one value, not %zu", key, n);
	for (i = 0; i < n; i++)
		if (check_value(e, values[i], cause) == -1)
			return -1;
	value_assign(&a->values[e - account_table], values, n);
	return 0;
}

const char *const *
account_get(const struct account *a, const char *key, size_t *n)
{
	const struct account_entry *e = find_entry(key);

	if (e == NULL)
		fatal("account_get: no setting %s", key);
	*n = a->values[e - account_table].n;
	return (const char *const *)a->values[e - account_table].items;
}

const char *
account_get_one(const struct account *a, const char *key)
{
	size_t n;
	const char *const *v = account_get(a, key, &n);

	return n > 0 ? v[0] : NULL;
}

char *
account_state_dir(const struct account *a, const char *area)
{
	char *name = xasprintf("%s/%s", area, a->name);
	char *dir = file_state_path(name);

	free(name);
	return dir;
}

const char *
account_folder(const struct account *a, const char *key, const char *fallback)
{
	const char *folder = account_get_one(a, key);

	return folder != NULL && *folder != '\0' ? folder : fallback;
}

int
account_server(const struct account *a, const char *key,
    struct account_url *url, char **cause)
{
	const struct account_entry *e = find_entry(key);
	const char *value = account_get_one(a, key);

	if (e == NULL || e->type != ACCOUNT_URL)
		fatal("account_server: %s is no server setting", key);
	if (value == NULL)
		return set_cause(cause, "account \"%s\" has no %s server",
		    a->name, key);
	return account_url_parse(value, e->choices, url, cause);
}

/* Tag changes are words ("+a -b"): a tag with a space can't be one. */
static int
check_sync_tags(const struct account *a, char **cause)
{
	const char *const *tags;
	size_t i, n;

	tags = account_get(a, "sync_tags", &n);
	if (n > FLAGMAP_MAX_TAGS)
		return set_cause(cause, "account \"%s\": sync_tags lists %zu "
		    "tags; at most %d are kept as keywords", a->name, n,
		    FLAGMAP_MAX_TAGS);
	for (i = 0; i < n; i++)
		if (tags[i][strcspn(tags[i], " \t\n")] != '\0')
			return set_cause(cause, "account \"%s\": sync_tags: "
			    "\"%s\" has a space, which tags here can't",
			    a->name, tags[i]);
	return 0;
}

int
account_check(const struct account *a, char **cause)
{
	static const char *const servers[] = { "imap", "pop3", "smtp" };
	const char *tls = account_get_one(a, "tls");
	size_t i;

	if (account_get_one(a, "from") == NULL)
		return set_cause(cause, "account \"%s\" has no from address",
		    a->name);
	if (account_get_one(a, "imap") != NULL &&
	    account_get_one(a, "pop3") != NULL)
		return set_cause(cause, "account \"%s\" sets both imap and pop3: "
		    "fetch with one of them", a->name);
	if (check_sync_tags(a, cause) == -1)
		return -1;
	if (strcmp(tls, "none") != 0)
		return 0;
	for (i = 0; i < nitems(servers); i++) {
		const char *url = account_get_one(a, servers[i]);
		if (url != NULL && strstr(url, "s://") != NULL)
			return set_cause(cause, "account \"%s\": tls = none "
			    "contradicts %s", a->name, url);
	}
	return 0;
}

char *
account_maildir(const struct account *account, const char *root,
    const char *folder)
{
	return xasprintf("%s/%s/%s", root, account_maildir_name(account),
	    folder);
}

const char *
account_maildir_name(const struct account *account)
{
	const char *base = account_get_one(account, "maildir");

	return base != NULL ? base : account_name(account);
}
