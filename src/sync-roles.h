/*
 * sync-roles.h: which of the server's folders is the archive, the trash,
 * the junk folder, sent mail, drafts: the account's setting when given
 * ("" for none), else the folder the server marks with that SPECIAL-USE
 * attribute (RFC 6154), else a folder with a common name.
 */
#ifndef SYNC_ROLES_H
#define SYNC_ROLES_H

#include <libetpan/libetpan.h>

struct account;

enum sync_role {
	SYNC_ROLE_ARCHIVE,
	SYNC_ROLE_TRASH,
	SYNC_ROLE_JUNK,
	SYNC_ROLE_SENT,
	SYNC_ROLE_DRAFTS,
	SYNC_NROLES,
	SYNC_ROLE_INBOX = SYNC_NROLES,	/* for sync_roles_of() */
	SYNC_ROLE_NONE,
};

struct sync_roles {
	char *folder[SYNC_NROLES];	/* as on the wire (modified UTF-7);
					 * NULL: none */
};

/* Finds the account's folders for each role, by LIST. Returns 0, or -1
 * with *cause set. */
int sync_roles_find(const struct account *a, mailimap *imap,
    struct sync_roles *r, char **cause);

/* The role of FOLDER (a wire name): one of the above, SYNC_ROLE_INBOX or
 * SYNC_ROLE_NONE. */
enum sync_role sync_roles_of(const struct sync_roles *r, const char *folder);

/* The role's name for people ("archive", "trash", ...). */
const char *sync_roles_name(enum sync_role role);

void sync_roles_free(struct sync_roles *r);

#endif
