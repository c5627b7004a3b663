/* compose-serve.c: a compose session for the UI; see compose-serve.h. */
#include "autodefs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose-serve.h"
#include "compose-session.h"
#include "mua.h"

/* One protocol line: no newline may hide in TEXT. */
static void
answer(const char *word, const char *text)
{
	const char *p;

	fputs(word, stdout);
	if (text != NULL) {
		fputc(' ', stdout);
		for (p = text; *p != '\0'; p++)
			fputc(*p == '\n' || *p == '\r' ? ' ' : *p, stdout);
	}
	fputc('\n', stdout);
	fflush(stdout);
}

static void
say(void *arg, const char *text)
{
	(void)arg;
	answer("say", text);
}

/* "ok", or "error CAUSE" for RC -1. */
static void
done(int rc, char *cause)
{
	if (rc == -1)
		answer("error", cause);
	else
		answer("ok", NULL);
	free(cause);
}

/* "send": 1 when the session is over. */
static int
queue(struct compose_session *s)
{
	char *why = NULL, *cause = NULL;
	int rc = compose_session_queue(s, &why, &cause);

	if (rc == 1)
		answer("end", "queued");
	else if (rc == 0)
		answer("refused", why);
	else if (rc == 2)
		answer("locked", why);
	else
		answer("error", cause);
	free(why);
	free(cause);
	return rc == 1;
}

/* One command LINE; 1 when the session is over. */
static int
command(struct compose_session *s, char *line)
{
	char *arg = strchr(line, ' '), *cause = NULL, *value;
	int unchanged = 0, rc;

	if (arg != NULL)
		*arg++ = '\0';
	if (strcmp(line, "edit") == 0)
		done(compose_session_prepare_edit(s, &cause), cause);
	else if (strcmp(line, "edited") == 0) {
		rc = compose_session_edited(s, &unchanged, &cause);
		if (rc == 0 && unchanged) {
			answer("end", "unchanged");
			return 1;
		}
		done(rc, cause);
	} else if (strcmp(line, "set") == 0 && arg != NULL &&
	    (value = strchr(arg, ' ')) != NULL) {
		*value++ = '\0';
		done(compose_session_set(s, arg, value, &cause), cause);
	} else if (strcmp(line, "attach") == 0 && arg != NULL)
		done(compose_session_attach(s, arg, &cause), cause);
	else if (strcmp(line, "detach") == 0 && arg != NULL && atoi(arg) > 0)
		done(compose_session_detach(s, (size_t)atoi(arg) - 1, &cause),
		    cause);
	else if (strcmp(line, "send") == 0)
		return queue(s);
	else if (strcmp(line, "postpone") == 0) {
		value = xasprintf("postponed %s", compose_session_drafts(s));
		answer("end", value);
		free(value);
		return 1;
	} else if (strcmp(line, "abort") == 0) {
		if ((rc = compose_session_drop(s, &cause)) == 0)
			answer("end", "aborted");
		else
			done(rc, cause);
		return rc == 0;
	} else
		answer("error", "unknown command");
	return 0;
}

/* "security SIGN ENCRYPT TEXT": what sending would do, for the screen. */
static void
security(struct compose_session *s)
{
	int sign, encrypt;
	char *text = compose_session_security(s, &sign, &encrypt),
	    *line = xasprintf("%d %d %s", sign, encrypt, text);

	answer("security", line);
	free(line);
	free(text);
}

int
compose_serve(const struct config *config, struct compose_request *r,
    volatile sig_atomic_t *stop)
{
	struct compose_session *s = compose_session_new(config, say, NULL);
	char *line = NULL, *cause = NULL;
	size_t size = 0;
	ssize_t len;
	int over = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (compose_session_start(s, r, &cause) == -1) {
		answer("error", cause);
		free(cause);
		compose_session_free(s);
		return MUA_EXIT_FAILURE;
	}
	security(s);
	answer("ready", compose_session_file(s));
	while (!over && !*stop) {
		errno = 0;
		if ((len = getline(&line, &size, stdin)) == -1) {
			if (errno == EINTR && !*stop && !feof(stdin)) {
				clearerr(stdin);
				continue;
			}
			break;	/* the UI went away: the draft stays */
		}
		line[strcspn(line, "\n")] = '\0';
		if (!(over = command(s, line)))
			security(s);
	}
	free(line);
	compose_session_free(s);
	return MUA_EXIT_OK;
}
