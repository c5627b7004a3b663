/*
 * account.h: mail accounts as ~/.muarc describes them ("account NAME {
 * key = value ... }"): the identity, where mail is fetched from and sent
 * to, and how. Settings are checked when read, though fetching and sending
 * use them later.
 */
#ifndef ACCOUNT_H
#define ACCOUNT_H

#include <stddef.h>

enum account_type {
	ACCOUNT_STRING,
	ACCOUNT_PATH,		/* as written; rc_expand_path() when used */
	ACCOUNT_LIST,		/* one or more strings */
	ACCOUNT_ADDRESS,	/* "Name <user@host>" or user@host */
	ACCOUNT_URL,		/* a server URL; the schemes are per setting */
	ACCOUNT_CHOICE,
	ACCOUNT_PIN,		/* "sha256:" and 64 hex digits */
	ACCOUNT_BOOL,
};

struct account_entry {
	const char *name;
	enum account_type type;
	const char *default_value;	/* NULL: unset; lists: space-separated */
	const char *const *choices;	/* URL schemes or CHOICE values */
	const char *help;
};

extern const struct account_entry account_table[];

/* A parsed server URL: scheme://[user@]host[:port][/]. */
struct account_url {
	char *scheme;
	char *user;	/* NULL when not given */
	char *host;
	int port;	/* the scheme's default when not given */
	int implicit_tls;	/* imaps, pop3s, smtps */
};

struct account;

struct account *account_new(const char *name);
void account_free(struct account *account);
const char *account_name(const struct account *account);

/*
 * Sets setting KEY to the N strings VALUES (N is 1 except for lists),
 * after checking them. Returns 0, or -1 with *cause set.
 */
int account_set(struct account *account, const char *key,
    const char *const *values, size_t n, char **cause);

/*
 * Checks the account as a whole once its block is read: a From address,
 * at most one of imap and pop3, tls = none only with plain URLs. Returns
 * 0, or -1 with *cause set.
 */
int account_check(const struct account *account, char **cause);

/*
 * The values of KEY: *n strings (0 when unset). The array belongs to the
 * account.
 */
const char *const *account_get(const struct account *account,
    const char *key, size_t *n);

/* The one value of KEY (not a list), or NULL when unset. */
const char *account_get_one(const struct account *account, const char *key);

/* The account's directory under AREA of the state directory
 * ($XDG_STATE_HOME/mua/AREA/NAME; caller frees). */
char *account_state_dir(const struct account *account, const char *area);

/* <ROOT>/<the account's maildir setting, else its name>/FOLDER, where
 * the account's mail is kept under the mail root (caller frees). */
char *account_maildir(const struct account *account, const char *root,
    const char *folder);

/* The account's folder under the mail root: its maildir setting, else its
 * name (notmuch's folder: queries start with it). */
const char *account_maildir_name(const struct account *account);

/* The maildir folder the setting KEY names (sent_folder, drafts_folder):
 * its value, else (unset or "") FALLBACK. */
const char *account_folder(const struct account *account, const char *key,
    const char *fallback);

/* Returns whether KEY is a path setting (stored as written). */
int account_is_path(const char *key);

/* Parses URL for the schemes in SCHEMES. Returns 0, or -1 with *cause. */
int account_url_parse(const char *url, const char *const *schemes,
    struct account_url *out, char **cause);
void account_url_clear(struct account_url *url);

/*
 * The server URL of setting KEY ("imap", "pop3", "smtp") parsed into
 * *url. Returns 0, or -1 with *cause set (also when it is unset).
 */
int account_server(const struct account *account, const char *key,
    struct account_url *url, char **cause);

#endif
