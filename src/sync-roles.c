/* sync-roles.c: the server's special folders; see sync-roles.h. */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "account.h"
#include "mua.h"
#include "sync-roles.h"
#include "utf7.h"

static const struct {
	const char *setting;	/* NULL: found on the server only */
	const char *attribute;	/* RFC 6154, without the backslash */
	const char *names[4];	/* common names, most common first */
	const char *person;
} roles[SYNC_NROLES] = {
	{ "archive_folder", "Archive", { "Archive", "Archives", NULL },
	    "archive" },
	{ "trash_folder", "Trash", { "Trash", "Deleted Items",
	    "Deleted Messages", NULL }, "trash" },
	{ "spam_folder", "Junk", { "Junk", "Spam", "Junk E-mail", NULL },
	    "junk" },
	{ "sent_folder", "Sent", { "Sent", "Sent Items", "Sent Messages",
	    NULL }, "sent" },
	{ "drafts_folder", "Drafts", { "Drafts", NULL }, "drafts" },
};

/* The role whose SPECIAL-USE attribute MB carries, or -1. */
static int
marked(const struct mailimap_mailbox_list *mb)
{
	clistiter *it;
	int i;

	if (mb->mb_flag == NULL || mb->mb_flag->mbf_oflags == NULL)
		return -1;
	for (it = clist_begin(mb->mb_flag->mbf_oflags); it != NULL;
	    it = clist_next(it)) {
		struct mailimap_mbx_list_oflag *o = clist_content(it);
		if (o->of_type != MAILIMAP_MBX_LIST_OFLAG_FLAG_EXT ||
		    o->of_flag_ext == NULL)
			continue;
		for (i = 0; i < SYNC_NROLES; i++)
			if (strcasecmp(o->of_flag_ext, roles[i].attribute) == 0)
				return i;
	}
	return -1;
}

/* The role whose common name NAME is (at the top or under INBOX), or -1. */
static int
named(const char *name, int delimiter)
{
	const char *last = name;
	int i, j;

	if (strncasecmp(name, "INBOX", 5) == 0 && name[5] == delimiter &&
	    delimiter != 0)
		last = name + 6;
	for (i = 0; i < SYNC_NROLES; i++)
		for (j = 0; roles[i].names[j] != NULL; j++)
			if (strcasecmp(last, roles[i].names[j]) == 0)
				return i;
	return -1;
}

/* From the server's folders: marked ones first, else common names. */
static void
from_list(clist *list, struct sync_roles *r, const int *fixed)
{
	clistiter *it;
	int role, pass;

	for (pass = 0; pass < 2; pass++)
		for (it = clist_begin(list); it != NULL; it = clist_next(it)) {
			struct mailimap_mailbox_list *mb = clist_content(it);
			role = pass == 0 ? marked(mb) : named(mb->mb_name,
			    mb->mb_delimiter);
			if (role >= 0 && !fixed[role] && r->folder[role] == NULL)
				r->folder[role] = xstrdup(mb->mb_name);
		}
}

int
sync_roles_find(const struct account *a, mailimap *imap,
    struct sync_roles *r, char **cause)
{
	int fixed[SYNC_NROLES], i, any = 0;
	const char *v;
	clist *list = NULL;

	memset(r, 0, sizeof *r);
	for (i = 0; i < SYNC_NROLES; i++) {
		v = roles[i].setting != NULL ?
		    account_get_one(a, roles[i].setting) : NULL;
		fixed[i] = v != NULL;
		any |= !fixed[i];
		if (v != NULL && *v != '\0')
			r->folder[i] = utf7_encode(v);
	}
	if (!any)
		return 0;
	if (mailimap_list(imap, "", "*", &list) != MAILIMAP_NO_ERROR)
		return set_cause(cause, "can't list the server's folders");
	from_list(list, r, fixed);
	mailimap_list_result_free(list);
	return 0;
}

enum sync_role
sync_roles_of(const struct sync_roles *r, const char *folder)
{
	int i;

	if (strcasecmp(folder, "INBOX") == 0)
		return SYNC_ROLE_INBOX;
	for (i = 0; i < SYNC_NROLES; i++)
		if (r->folder[i] != NULL && strcmp(r->folder[i], folder) == 0)
			return (enum sync_role)i;
	return SYNC_ROLE_NONE;
}

const char *
sync_roles_name(enum sync_role role)
{
	return role < SYNC_NROLES ? roles[role].person : "inbox";
}

void
sync_roles_free(struct sync_roles *r)
{
	int i;

	for (i = 0; i < SYNC_NROLES; i++)
		free(r->folder[i]);
}
