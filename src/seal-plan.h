/*
 * seal-plan.h: whether a message is signed and encrypted, and with
 * which keys. The user's wish (a draft's Security: line, mua send's
 * --sign/--encrypt/--plain) comes first; where they said nothing,
 * crypt_autosign signs and crypt_opportunistic_encrypt encrypts when
 * every recipient has a key. Encryption is to every recipient (To, Cc
 * and Bcc) and to the sender, so the Sent copy stays readable; when a
 * key is missing the message does not go (never a silent plain send):
 * the plan says whose key is missing.
 */
#ifndef SEAL_PLAN_H
#define SEAL_PLAN_H

#include <stddef.h>

#include "gpg.h"

struct config;
struct account;

/* What the user asked for: 1 yes, 0 no, -1 nothing said (defaults). */
struct seal_wish {
	int sign, encrypt;
};

/*
 * The wish written in a draft's Security: line ("sign", "encrypt",
 * "sign, encrypt", "none"; NULL or "" says nothing) into *w. Returns 0,
 * or -1 with *cause for a word that is none of those.
 */
int seal_wish_parse(const char *value, struct seal_wish *w, char **cause);

/* The Security: line for SIGN and ENCRYPT ("sign, encrypt", "none"). */
const char *seal_wish_line(int sign, int encrypt);

struct seal_plan {
	int sign, encrypt;	/* what will be done */
	int automatic;		/* encryption chosen by the recipients' keys */
	int could_encrypt;	/* every recipient and the sender have keys */
	char *signer;		/* the key to sign with, or NULL */
	char **keys;		/* every recipient's key, then the sender's */
	size_t nkeys;
	char *refused;		/* why it can't go as wished, or NULL */
	char *autocrypt;	/* the From address an Autocrypt header is
				   sent for (with the sender's key), or NULL */
	char *autocrypt_key;	/* that key */
	int mutual;		/* prefer-encrypt=mutual */
	char *note;		/* why no Autocrypt header goes, or NULL */
};

/*
 * The plan for a message from ACCOUNT to the address lists TO, CC and
 * BCC (NULL or "": none) as W wishes, and the Autocrypt header the
 * account's autocrypt setting asks for. Keys are looked up only when
 * something may need one. Returns 0 (p->refused set when it can't go),
 * or -1 with *cause (an address list that doesn't parse, gpg failing).
 */
int seal_plan_make(const struct config *config,
    const struct account *account, const char *to, const char *cc,
    const char *bcc, const struct seal_wish *w, struct seal_plan *p,
    char **cause);
void seal_plan_clear(struct seal_plan *p);

/* The plan in words, for the compose screen ("sign, encrypt (every
 * recipient has a key)"); caller frees. */
char *seal_plan_describe(const struct seal_plan *p);

/*
 * The LEN bytes of message DATA with P's Autocrypt header, sealed as P
 * plans, asking for the signer's passphrase as ASK says: into *out
 * (caller frees), or *out NULL when P does nothing to DATA (it goes as
 * it is: no copy of it is made). Returns 0, or -1 with *why
 * (GPG_LOCKED: the signer's passphrase is needed) and *cause.
 */
int seal_plan_apply(const struct seal_plan *p, enum gpg_ask ask,
    const char *data, size_t len, char **out, size_t *out_len,
    enum gpg_failure *why, char **cause);

#endif
