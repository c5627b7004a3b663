/* mime-resend.c: bounced messages and their wrappers; see mime-resend.h. */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "mime-build.h"
#include "mime-int.h"
#include "mime-resend.h"
#include "mua.h"

/* The fields a wrapper's header repeats as the Resent-* block. */
static const char *const resent[] = { "Date:", "From:", "To:",
	"Message-Id:" };

/* Whether the header LINE starts one of the fields above. */
static int
is_resent(const char *line)
{
	size_t i;

	for (i = 0; i < nitems(resent); i++)
		if (strncasecmp(line, resent[i], strlen(resent[i])) == 0)
			return 1;
	return 0;
}

/* The Resent-* block for the wrapper's header HEAD, GMime's (LF, folded
 * lines starting with white space), appended to B. */
static void
resent_block(struct buf *b, const char *head)
{
	const char *p, *nl;
	int copying = 0;

	for (p = head; *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p) - 1;
		if (*p != ' ' && *p != '\t')
			copying = is_resent(p);
		if (copying && *p != ' ' && *p != '\t')
			buf_adds(b, "Resent-");
		if (copying)
			buf_add(b, p, (size_t)(nl - p) + 1);
	}
}

/* The wrapper's header (caller frees), or NULL with *cause set. */
static char *
wrapper_header(const char *orig, size_t len, const char *from, const char *to,
    char **cause)
{
	GMimeMessage *msg = g_mime_message_new(TRUE), *o;
	GDateTime *now;
	char *id, *head;

	if (mime_add_addresses(msg, GMIME_ADDRESS_TYPE_TO, "bounce to", to,
	    cause) == -1 || mime_add_addresses(msg, GMIME_ADDRESS_TYPE_FROM,
	    "From", from, cause) == -1) {
		g_object_unref(msg);
		return NULL;
	}
	now = g_date_time_new_now_local();
	g_mime_message_set_date(msg, now);
	g_date_time_unref(now);
	if ((o = mime_parse_data(orig, len)) != NULL) {
		g_mime_message_set_subject(msg, g_mime_message_get_subject(o) ?
		    g_mime_message_get_subject(o) : "", "utf-8");
		g_object_unref(o);
	}
	id = mime_message_id(from);
	g_mime_message_set_message_id(msg, id);
	free(id);
	g_mime_object_set_header(GMIME_OBJECT(msg), MIME_RESEND_FIELD, "yes",
	    NULL);
	head = mime_write(GMIME_OBJECT(msg), 1);
	g_object_unref(msg);
	return head;
}

int
mime_resend_wrap(const char *orig, size_t len, const char *from,
    const char *to, char **out, size_t *out_len, char **cause)
{
	struct buf b = { NULL, 0, 0 };
	const char *nl;
	char *head;

	mime_init();
	if (len >= 5 && memcmp(orig, "From ", 5) == 0 &&
	    (nl = memchr(orig, '\n', len)) != NULL) {
		len -= (size_t)(nl + 1 - orig);
		orig = nl + 1;
	}
	if (len == 0)
		return set_cause(cause, "the message to bounce is empty");
	if (from == NULL || *from == '\0')
		return set_cause(cause, "no From address to bounce from");
	if (to == NULL || *to == '\0')
		return set_cause(cause, "no address to bounce to");
	if ((head = wrapper_header(orig, len, from, to, cause)) == NULL)
		return -1;
	buf_adds(&b, head);
	buf_printf(&b, "MIME-Version: 1.0\nContent-Type: message/rfc822\n"
	    "Content-Disposition: inline\nContent-Transfer-Encoding: %s\n\n",
	    mime_has_8bit(orig, len) ? "8bit" : "7bit");
	resent_block(&b, head);
	buf_add(&b, orig, len);
	if (orig[len - 1] != '\n')
		buf_adds(&b, "\n");
	free(head);
	*out_len = b.len;
	*out = buf_take(&b);
	return 0;
}

const char *
mime_resend_inner(const char *data, size_t len, size_t *inner_len)
{
	const char *p;

	for (p = data; p + 1 < data + len; p++)
		if (p[0] == '\n' && p[1] == '\n') {
			*inner_len = len - (size_t)(p + 2 - data);
			return p + 2;
		}
	return NULL;
}
