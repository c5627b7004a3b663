/* utf7.h: IMAP's modified UTF-7 folder names, to and from UTF-8. */
#ifndef UTF7_H
#define UTF7_H

/* "Entw&APw-rfe" as "Entwürfe"; a name that isn't valid modified UTF-7
 * comes back as it is. Caller frees. */
char *utf7_decode(const char *name);

/* "Entwürfe" as "Entw&APw-rfe", for the server. Caller frees. */
char *utf7_encode(const char *name);

#endif
