/* history.c: prompt histories across sessions; see history.h. */
#include "autodefs.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "file.h"
#include "history.h"
#include "mua.h"

/* Appends LINE, dropping an earlier copy and the oldest beyond max. */
static void
remember(struct history *h, const char *line)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->lines[i], line) == 0) {
			free(h->lines[i]);
			memmove(h->lines + i, h->lines + i + 1,
			    (h->n - i - 1) * sizeof *h->lines);
			h->n--;
			break;
		}
	if (h->max > 0 && h->n == h->max) {
		free(h->lines[0]);
		memmove(h->lines, h->lines + 1, (h->n - 1) * sizeof *h->lines);
		h->n--;
	}
	h->lines = xreallocarray(h->lines, h->n + 1, sizeof *h->lines);
	h->lines[h->n++] = xstrdup(line);
}

void
history_load(struct history *h, const char *name, size_t max)
{
	char *data = NULL, *line, *save = NULL;
	size_t len;

	memset(h, 0, sizeof *h);
	h->path = file_state_path(name);
	h->max = max;
	if (file_read(h->path, &data, &len, NULL) == -1)
		return;
	for (line = strtok_r(data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		remember(h, line);
	free(data);
}

int
history_add(struct history *h, const char *line, char **cause)
{
	struct buf out = { NULL, 0, 0 };
	size_t i;
	int rc;

	if (*line == '\0' || strchr(line, '\n') != NULL)
		return 0;
	remember(h, line);
	for (i = 0; i < h->n; i++)
		buf_printf(&out, "%s\n", h->lines[i]);
	rc = file_make_parent(h->path, cause);
	if (rc == 0)
		rc = file_write_atomic(h->path, out.s, out.len, cause);
	buf_free(&out);
	return rc;
}

void
history_clear(struct history *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->lines[i]);
	free(h->lines);
	free(h->path);
	memset(h, 0, sizeof *h);
}
