/* mua-trust.h: the "mua trust ACCOUNT" verb. */
#ifndef MUA_TRUST_H
#define MUA_TRUST_H

/*
 * For each server of ACCOUNT (configuration FILE, NULL: the usual one):
 * connects, shows the certificate (names, issuer, validity, fingerprint)
 * and the verdict on it, and on the user's yes stores its pin, which is
 * trusted from then on in place of the CA check. Returns MUA_EXIT_OK, or
 * MUA_EXIT_FAILURE when a server could not be reached or nothing was
 * trusted that needed it.
 */
int mua_trust(const char *file, const char *account);

#endif
