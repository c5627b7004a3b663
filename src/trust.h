/*
 * trust.h: certificates the user trusted with "mua trust": one pin per
 * account and server, kept in mua's state directory (the file "trusted",
 * lines "ACCOUNT HOST:PORT sha256:HEX"). A cert_pin in .muarc wins over
 * it.
 */
#ifndef TRUST_H
#define TRUST_H

/* The pin trusted for ACCOUNT's server HOST:PORT, or NULL (caller frees). */
char *trust_get(const char *account, const char *host, int port);

/*
 * Trusts PIN for ACCOUNT's server HOST:PORT from now on, replacing an
 * older pin. Returns 0, or -1 with *cause set.
 */
int trust_set(const char *account, const char *host, int port,
    const char *pin, char **cause);

#endif
