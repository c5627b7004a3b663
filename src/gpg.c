/* gpg.c: OpenPGP decryption through gpgme; see gpg.h. Keys and what is
 * sent are in gpg-seal.c. */
#include "autodefs.h"

#include <gpgme.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "gpg.h"
#include "gpg-int.h"
#include "mua.h"

static void
init_once(void)
{
	gpgme_check_version(NULL);
}

void
gpg_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, init_once);
}

gpgme_error_t
gpg_context(enum gpg_ask ask, gpgme_ctx_t *ctx)
{
	gpgme_error_t err;

	gpg_init();
	if ((err = gpgme_new(ctx)) != 0)
		return err;
	gpgme_set_protocol(*ctx, GPGME_PROTOCOL_OpenPGP);
	gpgme_set_pinentry_mode(*ctx, ask == GPG_ASK_TERMINAL ?
	    GPGME_PINENTRY_MODE_ASK : GPGME_PINENTRY_MODE_CANCEL);
	return 0;
}

int
gpg_locked(unsigned err)
{
	switch (gpgme_err_code(err)) {
	case GPG_ERR_CANCELED:
	case GPG_ERR_FULLY_CANCELED:
	case GPG_ERR_NO_PIN_ENTRY:
	case GPG_ERR_BAD_PASSPHRASE:
		return 1;
	default:
		return 0;
	}
}

void
gpg_sig_clear(struct gpg_sig *s)
{
	free(s->fpr);
	free(s->uid);
	free(s->email);
	memset(s, 0, sizeof *s);
}

void
gpg_plain_clear(struct gpg_plain *p)
{
	size_t i;

	if (p->data != NULL)
		explicit_bzero(p->data, p->len);
	free(p->data);
	free(p->session_key);
	for (i = 0; i < p->nsigs; i++)
		gpg_sig_clear(&p->sigs[i]);
	free(p->sigs);
	memset(p, 0, sizeof *p);
}

static enum gpg_validity
validity(gpgme_validity_t v)
{
	switch (v) {
	case GPGME_VALIDITY_NEVER:
		return GPG_VALID_NEVER;
	case GPGME_VALIDITY_MARGINAL:
		return GPG_VALID_MARGINAL;
	case GPGME_VALIDITY_FULL:
		return GPG_VALID_FULL;
	case GPGME_VALIDITY_ULTIMATE:
		return GPG_VALID_ULTIMATE;
	default:
		return GPG_VALID_UNKNOWN;
	}
}

/* Who the key FPR names: its first user ID, and whether one of its
 * addresses is FROM (then that address). */
static void
key_owner(gpgme_ctx_t ctx, struct gpg_sig *s, const char *from)
{
	gpgme_key_t key = NULL;
	gpgme_user_id_t u;

	if (s->fpr == NULL || gpgme_get_key(ctx, s->fpr, &key, 0) != 0 ||
	    key == NULL)
		return;
	for (u = key->uids; u != NULL; u = u->next) {
		if (s->uid == NULL && u->uid != NULL) {
			s->uid = xstrdup(u->uid);
			s->email = u->email ? xstrdup(u->email) : NULL;
			s->validity = validity(u->validity);
		}
		if (from != NULL && u->email != NULL &&
		    strcasecmp(u->email, from) == 0) {
			s->is_from = 1;
			free(s->email);
			s->email = xstrdup(u->email);
		}
	}
	gpgme_key_unref(key);
}

/* The signatures of the last operation on CTX, into OUT. */
static void
signatures(gpgme_ctx_t ctx, const char *from, struct gpg_plain *out)
{
	gpgme_verify_result_t v = gpgme_op_verify_result(ctx);
	gpgme_signature_t g;
	struct gpg_sig *s;

	for (g = v != NULL ? v->signatures : NULL; g != NULL; g = g->next) {
		out->sigs = xreallocarray(out->sigs, out->nsigs + 1,
		    sizeof *out->sigs);
		s = &out->sigs[out->nsigs++];
		memset(s, 0, sizeof *s);
		s->bad = (g->summary & GPGME_SIGSUM_RED) != 0 ||
		    gpgme_err_code(g->status) == GPG_ERR_BAD_SIGNATURE;
		s->missing = (g->summary & GPGME_SIGSUM_KEY_MISSING) != 0 ||
		    gpgme_err_code(g->status) == GPG_ERR_NO_PUBKEY;
		s->failed = !s->bad && !s->missing &&
		    gpgme_err_code(g->status) != GPG_ERR_NO_ERROR &&
		    gpgme_err_code(g->status) != GPG_ERR_KEY_EXPIRED &&
		    gpgme_err_code(g->status) != GPG_ERR_SIG_EXPIRED &&
		    gpgme_err_code(g->status) != GPG_ERR_CERT_REVOKED;
		s->revoked = (g->summary & GPGME_SIGSUM_KEY_REVOKED) != 0;
		s->key_expired = (g->summary & GPGME_SIGSUM_KEY_EXPIRED) != 0;
		s->sig_expired = (g->summary & GPGME_SIGSUM_SIG_EXPIRED) != 0;
		s->fpr = g->fpr != NULL ? xstrdup(g->fpr) : NULL;
		s->is_from = from == NULL;
		if (!s->missing)
			key_owner(ctx, s, from);
	}
}

/* Why ERR (and the recipients of the last decryption on CTX) failed. */
static enum gpg_failure
failure(gpgme_ctx_t ctx, gpgme_error_t err)
{
	gpgme_decrypt_result_t d = gpgme_op_decrypt_result(ctx);
	gpgme_recipient_t r;
	int none = d != NULL && d->recipients != NULL;

	if (gpg_locked(err))
		return GPG_LOCKED;
	if (gpgme_err_code(err) == GPG_ERR_NO_SECKEY)
		return GPG_NO_SECRET_KEY;
	for (r = d != NULL ? d->recipients : NULL; r != NULL; r = r->next)
		none &= gpgme_err_code(r->status) == GPG_ERR_NO_SECKEY;
	return none ? GPG_NO_SECRET_KEY : GPG_FAILED;
}

/* One try: with SESSION_KEY (NULL: the secret key). 0, or the error. */
static gpgme_error_t
try_decrypt(const char *cipher, size_t len, const char *session_key,
    const char *from, enum gpg_ask ask, struct gpg_plain *out,
    enum gpg_failure *why)
{
	gpgme_ctx_t ctx;
	gpgme_data_t in = NULL, plain = NULL;
	gpgme_decrypt_result_t d;
	gpgme_error_t err;
	char *mem;

	if ((err = gpg_context(ask, &ctx)) != 0)
		return err;
	gpgme_set_ctx_flag(ctx, "export-session-key", "1");
	if (session_key != NULL)
		gpgme_set_ctx_flag(ctx, "override-session-key", session_key);
	if ((err = gpgme_data_new_from_mem(&in, cipher, len, 0)) == 0 &&
	    (err = gpgme_data_new(&plain)) == 0 &&
	    (err = gpgme_op_decrypt_verify(ctx, in, plain)) == 0) {
		d = gpgme_op_decrypt_result(ctx);
		out->session_key = d != NULL && d->session_key != NULL ?
		    xstrdup(d->session_key) : NULL;
		signatures(ctx, from, out);
		mem = gpgme_data_release_and_get_mem(plain, &out->len);
		plain = NULL;
		out->data = xmalloc(out->len + 1);
		memcpy(out->data, mem, out->len);
		out->data[out->len] = '\0';
		if (mem != NULL) {
			explicit_bzero(mem, out->len);
			gpgme_free(mem);
		}
	} else
		*why = failure(ctx, err);
	gpgme_data_release(in);
	gpgme_data_release(plain);
	gpgme_release(ctx);
	return err;
}

int
gpg_decrypt(const char *cipher, size_t len, const char *session_key,
    const char *from, enum gpg_ask ask, struct gpg_plain *out,
    enum gpg_failure *why, char **cause)
{
	gpgme_error_t err = 1;

	memset(out, 0, sizeof *out);
	*why = GPG_FAILED;
	/* A stashed key that no longer fits is only a missed shortcut. */
	if (session_key != NULL &&
	    (err = try_decrypt(cipher, len, session_key, from, ask, out,
	    why)) != 0)
		gpg_plain_clear(out);
	if (err != 0 &&
	    (err = try_decrypt(cipher, len, NULL, from, ask, out, why)) != 0) {
		gpg_plain_clear(out);
		return set_cause(cause, "%s", gpgme_strerror(err));
	}
	return 0;
}
