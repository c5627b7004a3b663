/*
 * mime-seal.h: a built message signed, encrypted, or both, as PGP/MIME
 * (RFC 3156): its body wrapped in multipart/signed or
 * multipart/encrypted, its header kept. This happens once, when the
 * message enters the outbox: what waits there is what goes, so a retry
 * never needs a key or a passphrase.
 */
#ifndef MIME_SEAL_H
#define MIME_SEAL_H

#include <stddef.h>

#include "gpg.h"

/*
 * The LEN bytes of message DATA (LF line ends) sealed as HOW says:
 * *out (caller frees) gets the new message, *out_len its length.
 * Encrypted, the body also carries the Subject, From, To and Cc as
 * protected headers (v1). Returns 0, or -1 with *why (a key locked by
 * its passphrase: GPG_LOCKED) and *cause.
 */
int mime_seal(const char *data, size_t len, const struct gpg_seal *how,
    char **out, size_t *out_len, enum gpg_failure *why, char **cause);

/*
 * DATA (LEN bytes, a message) with an Autocrypt header (Level 1) for the
 * address ADDR, with prefer-encrypt=mutual when MUTUAL, carrying the
 * KEY_LEN bytes of KEY (a minimal export, not armored): *out (caller
 * frees), *out_len its length.
 */
void mime_autocrypt_add(const char *data, size_t len, const char *addr,
    int mutual, const char *key, size_t key_len, char **out,
    size_t *out_len);

#endif
