/* secret.c: typed passwords from the UI to its jobs; see secret.h. */
#include "autodefs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "account.h"
#include "buf.h"
#include "mua.h"
#include "secret.h"

struct secret {
	char *account, *protocol, *password;
};

struct secret_list {
	struct secret *v;
	size_t n;
};

void
secret_protect(void)
{
	struct rlimit none = { 0, 0 };

	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

int
secret_wanted(const struct account *a, const char *protocol)
{
	return account_get_one(a, protocol) != NULL &&
	    account_get_one(a, "pass_command") == NULL &&
	    account_get_one(a, "oauth_command") == NULL;
}

void
secret_wipe(char *s)
{
	if (s != NULL) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

int
secret_refused(const char *cause)
{
	return cause != NULL && strstr(cause, " as ") != NULL &&
	    strstr(cause, "was refused") != NULL;
}

struct secret_list *
secret_list_new(void)
{
	return xcalloc(1, sizeof (struct secret_list));
}

void
secret_list_free(struct secret_list *l)
{
	if (l == NULL)
		return;
	while (l->n > 0) {
		struct secret *s = &l->v[--l->n];
		free(s->account);
		free(s->protocol);
		secret_wipe(s->password);
	}
	free(l->v);
	free(l);
}

static struct secret *
find(const struct secret_list *l, const char *account, const char *protocol)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].account, account) == 0 &&
		    strcmp(l->v[i].protocol, protocol) == 0)
			return &l->v[i];
	return NULL;
}

void
secret_set(struct secret_list *l, const char *account, const char *protocol,
    char *password)
{
	struct secret *s = find(l, account, protocol);

	if (s == NULL) {
		if (password == NULL)
			return;
		l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
		s = &l->v[l->n++];
		s->account = xstrdup(account);
		s->protocol = xstrdup(protocol);
		s->password = NULL;
	}
	secret_wipe(s->password);
	s->password = password;
}

const char *
secret_get(const struct secret_list *l, const char *account,
    const char *protocol)
{
	const struct secret *s = find(l, account, protocol);

	return s != NULL ? s->password : NULL;
}

int
secret_pipe(const struct secret_list *l, char **cause)
{
	struct buf b = { NULL, 0, 0 };
	int p[2] = { -1, -1 }, rc = 0;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].password != NULL)
			buf_printf(&b, "%s\t%s\t%s\n", l->v[i].account,
			    l->v[i].protocol, l->v[i].password);
	/* Passwords are short: the whole list fits in the pipe's buffer,
	 * so it is written before the child even starts. */
	if (pipe2(p, O_CLOEXEC) == -1)
		rc = set_cause(cause, "pipe: %s", strerror(errno));
	else if (b.len > 0 && write(p[1], b.s, b.len) != (ssize_t)b.len) {
		rc = set_cause(cause, "can't hand the password over: %s",
		    strerror(errno));
		close(p[0]);
	}
	if (p[1] >= 0)
		close(p[1]);
	if (b.s != NULL)
		explicit_bzero(b.s, b.len);
	buf_free(&b);
	return rc == 0 ? p[0] : -1;
}

/* Reads all of FD (small) into a string; NULL on error. */
static char *
read_all(int fd)
{
	struct buf b = { NULL, 0, 0 };
	char chunk[512];
	ssize_t n;

	while ((n = read(fd, chunk, sizeof chunk)) > 0 ||
	    (n == -1 && errno == EINTR))
		if (n > 0)
			buf_add(&b, chunk, (size_t)n);
	explicit_bzero(chunk, sizeof chunk);
	return buf_take(&b);
}

int
secret_from_parent(const char *account, const char *protocol, char **out,
    char **cause)
{
	static char *handed;	/* the pipe can be read once */
	const char *fd = getenv("MUA_PASSWORD_FD"), *p, *tab, *nl;
	size_t alen = strlen(account), plen = strlen(protocol);

	if (fd == NULL)
		return 0;
	if (handed == NULL) {
		secret_protect();
		handed = read_all(atoi(fd));
		close(atoi(fd));
	}
	for (p = handed; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		if (strncmp(p, account, alen) != 0 || p[alen] != '\t' ||
		    strncmp(p + alen + 1, protocol, plen) != 0 ||
		    p[alen + 1 + plen] != '\t')
			continue;
		tab = p + alen + plen + 2;
		*out = xstrndup(tab, (size_t)(nl - tab));
		return 1;
	}
	return set_cause(cause, "account \"%s\": no pass_command, and no "
	    "password was typed for it", account);
}
