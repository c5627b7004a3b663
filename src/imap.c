/* imap.c: libetpan's IMAP, shared helpers; see imap.h. */
#include "autodefs.h"

#include <strings.h>

#include "flagmap.h"
#include "imap.h"
#include "mua.h"
#include "session.h"

const char *
imap_why(mailimap *imap, int r)
{
	const char *why;

	switch (r) {
	case MAILIMAP_ERROR_STREAM:
		why = session_stream_why(imap->imap_stream);
		return why != NULL ? why :
		    "the connection was lost or the server stopped answering";
	case MAILIMAP_ERROR_PARSE:
		return "the server's answer made no sense";
	default:
		return imap->imap_response != NULL ? imap->imap_response :
		    "the server refused";
	}
}

void
imap_enable_qresync(mailimap *imap)
{
	struct mailimap_capability_data *want, *got = NULL;
	clist *list;

	if (!mailimap_has_extension(imap, "QRESYNC"))
		return;
	list = clist_new();
	clist_append(list, mailimap_capability_new(MAILIMAP_CAPABILITY_NAME,
	    NULL, xstrdup("QRESYNC")));
	want = mailimap_capability_data_new(list);
	if (mailimap_enable(imap, want, &got) == MAILIMAP_NO_ERROR)
		mailimap_capability_data_free(got);
	mailimap_capability_data_free(want);
}

/* The bit of one flag; keywords by name. */
static unsigned
flag_bit(const struct mailimap_flag *f)
{
	switch (f->fl_type) {
	case MAILIMAP_FLAG_ANSWERED:
		return FLAGMAP_ANSWERED;
	case MAILIMAP_FLAG_FLAGGED:
		return FLAGMAP_FLAGGED;
	case MAILIMAP_FLAG_SEEN:
		return FLAGMAP_SEEN;
	case MAILIMAP_FLAG_DRAFT:
		return FLAGMAP_DRAFT;
	case MAILIMAP_FLAG_KEYWORD:
		return f->fl_data.fl_keyword != NULL ?
		    flagmap_from_imap(f->fl_data.fl_keyword) : 0;
	default:
		return 0;
	}
}

unsigned
imap_bits(clist *flags)
{
	unsigned bits = 0;
	clistiter *it;

	for (it = clist_begin(flags); it != NULL; it = clist_next(it)) {
		struct mailimap_flag_fetch *ff = clist_content(it);
		if (ff->fl_type == MAILIMAP_FLAG_FETCH_OTHER &&
		    ff->fl_flag != NULL)
			bits |= flag_bit(ff->fl_flag);
	}
	return bits;
}

unsigned
imap_kept_flags(mailimap *imap)
{
	unsigned kept = FLAGMAP_ALL & ~FLAGMAP_FORWARDED;
	clistiter *it;

	if (imap->imap_selection_info == NULL ||
	    imap->imap_selection_info->sel_perm_flags == NULL)
		return kept;
	for (it = clist_begin(imap->imap_selection_info->sel_perm_flags);
	    it != NULL; it = clist_next(it)) {
		struct mailimap_flag_perm *p = clist_content(it);
		if (p->fl_type == MAILIMAP_FLAG_PERM_ALL)
			return kept | FLAGMAP_FORWARDED | FLAGMAP_KEYWORDS;
		if (p->fl_flag != NULL)
			kept |= flag_bit(p->fl_flag);
	}
	return kept;
}

struct mailimap_flag_list *
imap_flag_list(unsigned bits)
{
	struct mailimap_flag_list *fl = mailimap_flag_list_new_empty();
	unsigned bit;
	const char *name;

	for (bit = 1; bit != 0; bit <<= 1) {
		if ((bits & bit) == 0 || (name = flagmap_imap_name(bit)) == NULL)
			continue;
		/* \Seen and $Forwarded alike go as they are written. */
		mailimap_flag_list_add(fl, name[0] == '\\' ?
		    mailimap_flag_new_flag_extension(xstrdup(name + 1)) :
		    mailimap_flag_new_flag_keyword(xstrdup(name)));
	}
	return fl;
}

void
imap_no_progress(size_t current, size_t maximum, void *arg)
{
	(void)current;
	(void)maximum;
	(void)arg;
}
