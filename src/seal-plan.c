/* seal-plan.c: signing and encryption decided; see seal-plan.h. */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "account.h"
#include "buf.h"
#include "config.h"
#include "file.h"
#include "mime-build.h"
#include "mime-seal.h"
#include "mua.h"
#include "options.h"
#include "seal-plan.h"

int
seal_wish_parse(const char *value, struct seal_wish *w, char **cause)
{
	char *copy = xstrdup(value != NULL ? value : ""), *word, *save;
	int rc = 0;

	w->sign = w->encrypt = -1;
	for (word = strtok_r(copy, ", \t", &save); word != NULL && rc == 0;
	    word = strtok_r(NULL, ", \t", &save)) {
		if (w->sign == -1)
			w->sign = w->encrypt = 0;
		if (strcasecmp(word, "sign") == 0)
			w->sign = 1;
		else if (strcasecmp(word, "encrypt") == 0)
			w->encrypt = 1;
		else if (strcasecmp(word, "none") != 0)
			rc = set_cause(cause, "Security: \"%s\" is not sign, "
			    "encrypt or none", word);
	}
	free(copy);
	return rc;
}

const char *
seal_wish_line(int sign, int encrypt)
{
	return sign && encrypt ? "sign, encrypt" : sign ? "sign" :
	    encrypt ? "encrypt" : "none";
}

void
seal_plan_clear(struct seal_plan *p)
{
	size_t i;

	free(p->signer);
	for (i = 0; i < p->nkeys; i++)
		free(p->keys[i]);
	free(p->keys);
	free(p->refused);
	free(p->autocrypt);
	free(p->autocrypt_key);
	free(p->note);
	memset(p, 0, sizeof *p);
}

/* The account's From address (user@host), into *addr. 0, or -1. */
static int
from_address(const struct account *account, char **addr, char **cause)
{
	char **addrs = NULL;
	size_t n = 0;

	if (mime_addresses(account_get_one(account, "from"), &addrs, &n,
	    cause) == -1)
		return -1;
	*addr = n > 0 ? xstrdup(addrs[0]) : NULL;
	file_list_free(addrs, n);
	return *addr != NULL ? 0 : set_cause(cause, "the account has no From "
	    "address");
}

/* The sender's key for USE: the account's pgp_key, else the key of its
 * From address. 1 found, 0 none (*who: what was looked for), -1 error. */
static int
own_key(const struct account *account, enum gpg_use use, char **fpr,
    char **who, char **cause)
{
	const char *named = account_get_one(account, "pgp_key");

	if (named != NULL)
		*who = xstrdup(named);
	else if (from_address(account, who, cause) == -1)
		return -1;
	return gpg_find_key(*who, use, fpr, cause);
}

/* FPR added to P's keys, unless there (the sender among the
 * recipients); FPR is taken. */
static void
add_key(struct seal_plan *p, char *fpr)
{
	size_t i;

	for (i = 0; i < p->nkeys; i++)
		if (strcmp(p->keys[i], fpr) == 0) {
			free(fpr);
			return;
		}
	p->keys = xreallocarray(p->keys, p->nkeys + 1, sizeof *p->keys);
	p->keys[p->nkeys++] = fpr;
}

/* The recipients' keys into P; the first address without one into
 * *missing. 0, or -1 with *cause. */
static int
recipients_keys(const char *const lists[3], struct seal_plan *p,
    char **missing, char **cause)
{
	char **addrs = NULL, *fpr;
	size_t n = 0, i;
	int rc = 0, found;

	for (i = 0; i < 3 && rc == 0; i++)
		if (lists[i] != NULL && *lists[i] != '\0')
			rc = mime_addresses(lists[i], &addrs, &n, cause);
	for (i = 0; i < n && rc == 0; i++) {
		if ((found = gpg_find_key(addrs[i], GPG_USE_ENCRYPT, &fpr,
		    cause)) == -1)
			rc = -1;
		else if (found == 0 && *missing == NULL)
			*missing = xstrdup(addrs[i]);
		else if (found == 1)
			add_key(p, fpr);
	}
	file_list_free(addrs, n);
	return rc;
}

/* Whether encryption can be done: every recipient's key and the
 * sender's are in P; *refused says whose is missing. */
static int
encryption_keys(const struct account *account, const char *const lists[3],
    struct seal_plan *p, char **refused, char **cause)
{
	char *missing = NULL, *fpr, *who = NULL;
	int rc;

	if (recipients_keys(lists, p, &missing, cause) == -1)
		return -1;
	if (missing != NULL) {
		*refused = xasprintf("can't encrypt: no usable OpenPGP key for "
		    "%s (gpg --locate-keys %s, or send it unencrypted)",
		    missing, missing);
		free(missing);
		return 0;
	}
	if ((rc = own_key(account, GPG_USE_ENCRYPT, &fpr, &who, cause)) ==
	    -1) {
		free(who);
		return -1;
	}
	if (rc == 0)
		*refused = xasprintf("can't encrypt: no key of yours for %s, "
		    "so the Sent copy would be unreadable (pgp_key names one)",
		    who);
	else
		add_key(p, fpr);
	free(who);
	return 0;
}

/* The signing key into P, or *refused. */
static int
signing_key(const struct account *account, struct seal_plan *p,
    char **refused, char **cause)
{
	char *who = NULL;
	int rc = own_key(account, GPG_USE_SIGN, &p->signer, &who, cause);

	if (rc == 0)
		*refused = xasprintf("can't sign: no secret key for %s here "
		    "(pgp_key names one)", who);
	free(who);
	return rc == -1 ? -1 : 0;
}

/* The Autocrypt header the account's autocrypt setting asks for, into
 * P: its From address and key (or p->note: why none goes). */
static int
autocrypt_plan(const struct account *account, struct seal_plan *p,
    char **cause)
{
	const char *how = account_get_one(account, "autocrypt");
	char *who = NULL;
	int rc = 1;

	if (how == NULL || strcmp(how, "no") == 0)
		return 0;
	/* A key is advertised only when its secret is here: yours; the
	 * signing key, when the plan signs, is that key. */
	if (p->signer != NULL)
		p->autocrypt_key = xstrdup(p->signer);
	else if ((rc = own_key(account, GPG_USE_SIGN, &p->autocrypt_key,
	    &who, cause)) == 0)
		p->note = xasprintf("no Autocrypt header: no key of yours for "
		    "%s", who);
	free(who);
	if (rc != 1)
		return rc;
	p->mutual = strcmp(how, "mutual") == 0;
	return from_address(account, &p->autocrypt, cause);
}

int
seal_plan_make(const struct config *config,
    const struct account *account, const char *to, const char *cc,
    const char *bcc, const struct seal_wish *w, struct seal_plan *p,
    char **cause)
{
	const char *const lists[3] = { to, cc, bcc };
	int opportunistic = options_get_bool(config->options,
	    "crypt_opportunistic_encrypt");
	char *no_encryption = NULL, *no_signature = NULL;

	memset(p, 0, sizeof *p);
	p->sign = w->sign != -1 ? w->sign :
	    options_get_bool(config->options, "crypt_autosign");
	if (w->encrypt == 1 || (w->encrypt == -1 && opportunistic)) {
		if (encryption_keys(account, lists, p, &no_encryption,
		    cause) == -1)
			goto failed;
		p->could_encrypt = no_encryption == NULL;
	}
	p->encrypt = w->encrypt == 1 || (w->encrypt == -1 && p->could_encrypt);
	p->automatic = w->encrypt == -1 && p->encrypt;
	if ((p->sign && signing_key(account, p, &no_signature, cause) == -1) ||
	    autocrypt_plan(account, p, cause) == -1)
		goto failed;
	if (w->encrypt == 1 && no_encryption != NULL)
		p->refused = xstrdup(no_encryption);
	else if (no_signature != NULL)
		p->refused = xstrdup(no_signature);
	free(no_encryption);
	free(no_signature);
	return 0;
failed:
	free(no_encryption);
	seal_plan_clear(p);
	return -1;
}

char *
seal_plan_describe(const struct seal_plan *p)
{
	const char *what = seal_wish_line(p->sign, p->encrypt);
	char *text, *noted;

	if (p->refused != NULL)
		text = xasprintf("%s, but %s", what, p->refused);
	else if (p->automatic)
		text = xasprintf("%s (every recipient has a key)", what);
	else if (!p->sign && !p->encrypt)
		text = xstrdup("none (neither signed nor encrypted)");
	else
		text = xstrdup(what);
	if (p->note == NULL)
		return text;
	noted = xasprintf("%s; %s", text, p->note);
	free(text);
	return noted;
}

/* DATA with P's Autocrypt header, into *out. 0, or -1 with *cause. */
static int
with_autocrypt(const struct seal_plan *p, const char *data, size_t len,
    char **out, size_t *out_len, char **cause)
{
	char *key;
	size_t key_len;

	if (gpg_export_minimal(p->autocrypt_key, &key, &key_len, cause) == -1)
		return -1;
	mime_autocrypt_add(data, len, p->autocrypt, p->mutual, key, key_len,
	    out, out_len);
	free(key);
	return 0;
}

int
seal_plan_apply(const struct seal_plan *p, enum gpg_ask ask,
    const char *data, size_t len, char **out, size_t *out_len,
    enum gpg_failure *why, char **cause)
{
	struct gpg_seal how = { p->sign ? p->signer : NULL,
		p->encrypt ? p->keys : NULL, p->encrypt ? p->nkeys : 0, ask };
	char *headed = NULL;
	int rc;

	*out = NULL;
	*why = GPG_FAILED;
	if (p->refused != NULL)
		return set_cause(cause, "%s", p->refused);
	if (p->autocrypt != NULL) {
		if (with_autocrypt(p, data, len, &headed, out_len, cause) == -1)
			return -1;
		data = headed;
		len = *out_len;
	}
	if (!p->sign && !p->encrypt) {
		*out = headed;		/* NULL: DATA as it is */
		return 0;
	}
	rc = mime_seal(data, len, &how, out, out_len, why, cause);
	free(headed);
	return rc;
}
