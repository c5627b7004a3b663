/*
 * gpg.h: OpenPGP through gpgme, with the pinentry mode the caller
 * chooses: decryption for the pager; keys, signatures and encryption for
 * what is sent. GMime decrypts through gpgme too, but sets no pinentry
 * mode, so gpg-agent's pinentry would open on the terminal curses owns
 * (or hang without one); here a decryption off the UI's loop never asks
 * (a key that needs its passphrase says so instead), and one the user
 * asked for runs with the terminal handed to pinentry.
 */
#ifndef GPG_H
#define GPG_H

#include <stddef.h>

/* How sure the keyring is that a key is its owner's. */
enum gpg_validity {
	GPG_VALID_UNKNOWN, GPG_VALID_NEVER, GPG_VALID_MARGINAL,
	GPG_VALID_FULL, GPG_VALID_ULTIMATE
};

/* A signature as gpg judged it (GMime's or gpgme's, in one shape). */
struct gpg_sig {
	int bad;		/* the text changed, or forged */
	int missing;		/* the key is not in the keyring */
	int failed;		/* gpg could not check it */
	int revoked, key_expired, sig_expired;
	char *fpr;		/* the key's fingerprint, or NULL */
	char *uid;		/* "Name <email>", or NULL */
	char *email;		/* the address the key is for, or NULL */
	int is_from;		/* one of the key's addresses is From */
	enum gpg_validity validity;
};

void gpg_sig_clear(struct gpg_sig *s);

/* How a decryption may get a passphrase gpg-agent doesn't hold. */
enum gpg_ask {
	GPG_ASK_NEVER,		/* pinentry cancelled: the key is "locked" */
	GPG_ASK_TERMINAL	/* pinentry on this terminal (GPG_TTY) */
};

/* What a decryption gave. */
struct gpg_plain {
	char *data;		/* the decrypted bytes */
	size_t len;
	char *session_key;	/* "ALGO:HEX", to stash, or NULL */
	struct gpg_sig *sigs;	/* its signatures (signed and encrypted
				   together), checked against FROM */
	size_t nsigs;
};

void gpg_plain_clear(struct gpg_plain *p);

/* Why a decryption failed. */
enum gpg_failure {
	GPG_FAILED,		/* gpg's error, in *cause */
	GPG_LOCKED,		/* the secret key needs its passphrase */
	GPG_NO_SECRET_KEY	/* not encrypted to a key of this keyring */
};

/*
 * Decrypts the LEN bytes of CIPHER (an OpenPGP message, armored or not),
 * checking the signatures it holds against the address FROM (may be
 * NULL). SESSION_KEY (may be NULL), one stashed from an earlier reading,
 * is tried first: it needs no secret key and no agent. Returns 0 with
 * *OUT filled, or -1 with *why and *cause set.
 */
int gpg_decrypt(const char *cipher, size_t len, const char *session_key,
    const char *from, enum gpg_ask ask, struct gpg_plain *out,
    enum gpg_failure *why, char **cause);

/*
 * Whether ERR means a passphrase was needed and not given (pinentry
 * cancelled, or no pinentry to ask with).
 */
int gpg_locked(unsigned err);

/* What a key is wanted for. */
enum gpg_use { GPG_USE_ENCRYPT, GPG_USE_SIGN };

/*
 * A key to USE for NAME: an address (user@host: a user ID of exactly
 * that address) or what names a key to gpg (a fingerprint, a key ID).
 * The key must be neither revoked, expired, disabled nor invalid, and
 * not marked never valid; one to sign with must have its secret key
 * here. Of several, the most certified. Returns 1 with *fpr (caller
 * frees), 0 when there is none, -1 with *cause when gpg failed.
 */
int gpg_find_key(const char *name, enum gpg_use use, char **fpr,
    char **cause);

/*
 * The key FPR exported in its smallest form (the primary key, its user
 * IDs' self-signatures, its subkeys; no third-party signatures), not
 * armored, as an Autocrypt header carries it: *out (caller frees) gets
 * LEN bytes. Returns 0, or -1 with *cause.
 */
int gpg_export_minimal(const char *fpr, char **out, size_t *len,
    char **cause);

/* The first user ID of the key FPR ("Name <addr>"), or FPR itself;
 * caller frees. */
char *gpg_key_name(const char *fpr);

/* What to do to the bytes of a message part. */
struct gpg_seal {
	const char *signer;	/* the key to sign with, or NULL */
	char *const *to;	/* the keys to encrypt to, or NULL */
	size_t nto;
	enum gpg_ask ask;	/* how the signer's passphrase may be asked */
};

/*
 * Signs or encrypts (or both, in one OpenPGP message) the LEN bytes of
 * DATA as HOW says: *out gets the armored detached signature (signing
 * only; *micalg its "pgp-sha256" for the Content-Type) or the armored
 * encrypted message; both caller frees. Encryption trusts the keys it is
 * given: the caller chose them. Returns 0, or -1 with *why and *cause.
 */
int gpg_seal(const char *data, size_t len, const struct gpg_seal *how,
    char **out, size_t *out_len, char **micalg, enum gpg_failure *why,
    char **cause);

/*
 * Asks for the passphrase of the key SIGNER on the terminal (pinentry),
 * so that gpg-agent holds it: a signature at the next gpg_seal() then
 * needs no asking. Returns 0, or -1 with *cause.
 */
int gpg_unlock(const char *signer, char **cause);

#endif
