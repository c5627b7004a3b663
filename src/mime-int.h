/* mime-int.h: what the mime*.c files share; only they include GMime. */
#ifndef MIME_INT_H
#define MIME_INT_H

#include <gmime/gmime.h>

/* Parts nested deeper than this are noted, not shown or listed. */
#define MIME_MAX_DEPTH 64

/* Sets GMime up, once; every entry point into mime*.c calls it. */
void mime_init(void);

/* Parses the message file PATH (GMime is set up on first use). */
GMimeMessage *mime_parse_file(const char *path, char **cause);

/* Parses the LEN bytes of DATA (copied); NULL when it is no message. */
GMimeMessage *mime_parse_data(const char *data, size_t len);

/* "text/plain" for OBJ (caller frees). */
char *mime_type(GMimeObject *obj);

/* The decoded size of a part, estimated from its encoded content. */
gint64 mime_part_size(GMimePart *part);

#endif
