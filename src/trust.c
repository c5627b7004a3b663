/* trust.c: pins trusted by the user; see trust.h. */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "file.h"
#include "mua.h"
#include "trust.h"

/* The line's start for ACCOUNT and HOST:PORT (caller frees). */
static char *
line_key(const char *account, const char *host, int port)
{
	return xasprintf("%s %s:%d ", account, host, port);
}

char *
trust_get(const char *account, const char *host, int port)
{
	char *path = file_state_path("trusted"), *data = NULL, *key, *line,
	    *save = NULL, *pin = NULL;
	size_t len;

	key = line_key(account, host, port);
	if (file_read(path, &data, &len, NULL) == 0)
		for (line = strtok_r(data, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save))
			if (strncmp(line, key, strlen(key)) == 0) {
				free(pin);
				pin = xstrdup(line + strlen(key));
			}
	free(data);
	free(key);
	free(path);
	return pin;
}

int
trust_set(const char *account, const char *host, int port, const char *pin,
    char **cause)
{
	char *path = file_state_path("trusted"), *data = NULL, *key,
	    *line, *save = NULL;
	struct buf out = { NULL, 0, 0 };
	size_t len;
	int rc;

	key = line_key(account, host, port);
	if (file_read(path, &data, &len, NULL) == 0)
		for (line = strtok_r(data, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save))
			if (strncmp(line, key, strlen(key)) != 0)
				buf_printf(&out, "%s\n", line);
	buf_printf(&out, "%s%s\n", key, pin);
	rc = file_make_parent(path, cause);
	if (rc == 0)
		rc = file_write_atomic(path, out.s, out.len, cause);
	buf_free(&out);
	free(data);
	free(key);
	free(path);
	return rc;
}
