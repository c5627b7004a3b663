/* gpg-int.h: what gpg.c and gpg-seal.c share. */
#ifndef GPG_INT_H
#define GPG_INT_H

#include <gpgme.h>

#include "gpg.h"

/* gpgme set up, once; every entry point calls it. */
void gpg_init(void);

/* A new OpenPGP context whose passphrases are asked as ASK says. */
gpgme_error_t gpg_context(enum gpg_ask ask, gpgme_ctx_t *ctx);

#endif
