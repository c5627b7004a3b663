/*
 * gpg-seal.c: keys for addresses, and the signatures and encryption of
 * what is sent, through gpgme; see gpg.h.
 */
#include "autodefs.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gpg-int.h"
#include "mua.h"

/* Whether KEY can be used to USE at all. */
static int
usable(gpgme_key_t key, enum gpg_use use)
{
	if (key->revoked || key->expired || key->disabled || key->invalid)
		return 0;
	return use == GPG_USE_SIGN ? key->can_sign && key->secret :
	    key->can_encrypt;
}

/* How certified KEY's user ID for ADDR is (ADDR NULL: its best), or -1
 * when it has none for ADDR or that one is not to be used. */
static int
certainty(gpgme_key_t key, const char *addr)
{
	gpgme_user_id_t u;
	int best = -1;

	for (u = key->uids; u != NULL; u = u->next) {
		if (u->revoked || u->invalid ||
		    u->validity == GPGME_VALIDITY_NEVER)
			continue;
		if (addr != NULL && (u->email == NULL ||
		    strcasecmp(u->email, addr) != 0))
			continue;
		if ((int)u->validity > best)
			best = (int)u->validity;
	}
	return best;
}

int
gpg_find_key(const char *name, enum gpg_use use, char **fpr, char **cause)
{
	const char *addr = strchr(name, '@') != NULL ? name : NULL;
	char *pattern = addr != NULL ? xasprintf("<%s>", addr) :
	    xstrdup(name);
	gpgme_ctx_t ctx = NULL;
	gpgme_key_t key;
	gpgme_error_t err;
	int best = -1, c;

	*fpr = NULL;
	if ((err = gpg_context(GPG_ASK_NEVER, &ctx)) == 0)
		err = gpgme_op_keylist_start(ctx, pattern,
		    use == GPG_USE_SIGN);
	while (err == 0 && (err = gpgme_op_keylist_next(ctx, &key)) == 0) {
		if (usable(key, use) && key->fpr != NULL &&
		    (c = certainty(key, addr)) > best) {
			best = c;
			free(*fpr);
			*fpr = xstrdup(key->fpr);
		}
		gpgme_key_unref(key);
	}
	free(pattern);
	if (gpgme_err_code(err) != GPG_ERR_EOF) {
		if (ctx != NULL)
			gpgme_release(ctx);
		free(*fpr);
		*fpr = NULL;
		return set_cause(cause, "gpg can't list keys: %s",
		    gpgme_strerror(err));
	}
	gpgme_release(ctx);
	return *fpr != NULL;
}

char *
gpg_key_name(const char *fpr)
{
	gpgme_ctx_t ctx;
	gpgme_key_t key = NULL;
	char *name = NULL;

	if (gpg_context(GPG_ASK_NEVER, &ctx) != 0)
		return xstrdup(fpr);
	if (gpgme_get_key(ctx, fpr, &key, 0) == 0 && key != NULL &&
	    key->uids != NULL && key->uids->uid != NULL)
		name = xstrdup(key->uids->uid);
	gpgme_key_unref(key);
	gpgme_release(ctx);
	return name != NULL ? name : xstrdup(fpr);
}

int
gpg_export_minimal(const char *fpr, char **out, size_t *len, char **cause)
{
	gpgme_ctx_t ctx;
	gpgme_data_t data = NULL;
	gpgme_error_t err;
	char *mem;

	*out = NULL;
	if ((err = gpg_context(GPG_ASK_NEVER, &ctx)) != 0)
		return set_cause(cause, "gpg: %s", gpgme_strerror(err));
	if ((err = gpgme_data_new(&data)) == 0 &&
	    (err = gpgme_op_export(ctx, fpr, GPGME_EXPORT_MODE_MINIMAL,
	    data)) == 0) {
		mem = gpgme_data_release_and_get_mem(data, len);
		data = NULL;
		*out = xmalloc(*len + 1);
		memcpy(*out, mem, *len);
		gpgme_free(mem);
	}
	gpgme_data_release(data);
	gpgme_release(ctx);
	if (err == 0 && *len == 0) {
		free(*out);
		*out = NULL;
		return set_cause(cause, "gpg exported nothing for key %s", fpr);
	}
	return err != 0 ? set_cause(cause, "gpg can't export key %s: %s", fpr,
	    gpgme_strerror(err)) : 0;
}

/* The keys HOW names, into CTX (signer) and *keys (NULL-terminated). */
static gpgme_error_t
take_keys(gpgme_ctx_t ctx, const struct gpg_seal *how, gpgme_key_t **keys)
{
	gpgme_key_t key;
	gpgme_error_t err = 0;
	size_t i;

	*keys = xcalloc(how->nto + 1, sizeof **keys);
	if (how->signer != NULL &&
	    (err = gpgme_get_key(ctx, how->signer, &key, 1)) == 0) {
		err = gpgme_signers_add(ctx, key);
		gpgme_key_unref(key);
	}
	for (i = 0; err == 0 && i < how->nto; i++)
		err = gpgme_get_key(ctx, how->to[i], &(*keys)[i], 0);
	return err;
}

static void
drop_keys(gpgme_key_t *keys)
{
	size_t i;

	for (i = 0; keys != NULL && keys[i] != NULL; i++)
		gpgme_key_unref(keys[i]);
	free(keys);
}

/* "pgp-sha256": the hash of the last signature on CTX. */
static char *
hash_of(gpgme_ctx_t ctx)
{
	gpgme_sign_result_t r = gpgme_op_sign_result(ctx);
	const char *name = r != NULL && r->signatures != NULL ?
	    gpgme_hash_algo_name(r->signatures->hash_algo) : NULL;
	char *micalg = xasprintf("pgp-%s", name != NULL ? name : "sha256");
	char *p;

	for (p = micalg; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return micalg;
}

/* One operation of HOW on IN into OUT. */
static gpgme_error_t
seal_op(gpgme_ctx_t ctx, const struct gpg_seal *how, gpgme_key_t *keys,
    gpgme_data_t in, gpgme_data_t out)
{
	if (how->nto == 0)
		return gpgme_op_sign(ctx, in, out, GPGME_SIG_MODE_DETACH);
	if (how->signer != NULL)
		return gpgme_op_encrypt_sign(ctx, keys,
		    GPGME_ENCRYPT_ALWAYS_TRUST, in, out);
	return gpgme_op_encrypt(ctx, keys, GPGME_ENCRYPT_ALWAYS_TRUST, in,
	    out);
}

int
gpg_seal(const char *data, size_t len, const struct gpg_seal *how,
    char **out, size_t *out_len, char **micalg, enum gpg_failure *why,
    char **cause)
{
	gpgme_ctx_t ctx;
	gpgme_data_t in = NULL, sealed = NULL;
	gpgme_key_t *keys = NULL;
	gpgme_error_t err;
	char *mem;

	*out = *micalg = NULL;
	*why = GPG_FAILED;
	if ((err = gpg_context(how->ask, &ctx)) != 0)
		return set_cause(cause, "gpg: %s", gpgme_strerror(err));
	gpgme_set_armor(ctx, 1);
	if ((err = take_keys(ctx, how, &keys)) == 0 &&
	    (err = gpgme_data_new_from_mem(&in, data, len, 0)) == 0 &&
	    (err = gpgme_data_new(&sealed)) == 0 &&
	    (err = seal_op(ctx, how, keys, in, sealed)) == 0) {
		if (how->nto == 0)
			*micalg = hash_of(ctx);
		mem = gpgme_data_release_and_get_mem(sealed, out_len);
		sealed = NULL;
		*out = xmalloc(*out_len + 1);
		memcpy(*out, mem, *out_len);
		(*out)[*out_len] = '\0';
		gpgme_free(mem);
	}
	if (err != 0 && gpg_locked(err))
		*why = GPG_LOCKED;
	drop_keys(keys);
	gpgme_data_release(in);
	gpgme_data_release(sealed);
	gpgme_release(ctx);
	if (err != 0)
		return set_cause(cause, "gpg: %s", gpgme_strerror(err));
	return 0;
}

int
gpg_unlock(const char *signer, char **cause)
{
	struct gpg_seal how = { signer, NULL, 0, GPG_ASK_TERMINAL };
	enum gpg_failure why;
	char *sig, *micalg;
	size_t len;

	if (gpg_seal("unlock\n", 7, &how, &sig, &len, &micalg, &why,
	    cause) == -1)
		return -1;
	free(sig);
	free(micalg);
	return 0;
}
