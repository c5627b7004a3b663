/* mua-trust.c: the trust verb; see mua-trust.h. */
#include "autodefs.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "config.h"
#include "mua-trust.h"
#include "mua-ui.h"
#include "mua.h"
#include "session.h"
#include "smtp.h"
#include "sync.h"
#include "trust.h"

static const struct server {
	const char *protocol;
	int (*probe)(struct session *, char **);
} servers[] = {
	{ "imap", sync_imap_probe },
	{ "pop3", sync_pop3_probe },
	{ "smtp", smtp_probe },
};

/* Asks QUESTION on stdin/stdout; yes only for a line starting with y. */
static int
confirm(const char *question)
{
	char line[64];

	printf("%s [y/N] ", question);
	fflush(stdout);
	if (fgets(line, sizeof line, stdin) == NULL) {
		putchar('\n');
		return 0;
	}
	return line[0] == 'y' || line[0] == 'Y';
}

/* Shows the certificate of S's server and pins it on a yes. Returns -1
 * when the server couldn't be reached or its certificate stays refused. */
static int
trust_server(const struct server *sv, struct session *s)
{
	const char *name = account_name(s->account);
	char *description = NULL, *cause = NULL, *question;
	int rc, verified;

	s->tls.description = &description;
	verified = sv->probe(s, &cause) == 0;
	printf("%s %s:%d\n", sv->protocol, s->url.host, s->url.port);
	if (description == NULL) {	/* no certificate came */
		printf("  %s\n", cause != NULL ? cause : "no TLS on this "
		    "server (tls = none)");
		free(cause);
		return s->plaintext ? 0 : -1;
	}
	printf("%s", description);
	printf("Fingerprint: %s\n", s->fingerprint);
	printf("Verdict: %s\n", verified ? (s->pin != NULL ? "pinned" :
	    "verified by a trusted CA") : cause);
	question = xasprintf("Trust this certificate for %s from now on%s?",
	    name, verified ? " (it is trusted already)" : "");
	rc = verified ? 0 : -1;
	if (confirm(question)) {
		free(cause);
		cause = NULL;
		if ((rc = trust_set(name, s->url.host, s->url.port,
		    s->fingerprint, &cause)) == 0)
			printf("Trusted: %s\n", s->fingerprint);
		else
			printf("mua: %s\n", cause);
	}
	free(question);
	free(description);
	free(cause);
	return rc;
}

int
mua_trust(const char *file, const char *name)
{
	struct config *config = NULL;
	const struct account *a = NULL;
	struct session s;
	char *cause = NULL;
	size_t i;
	int rc = MUA_EXIT_OK, found = 0;

	signal(SIGPIPE, SIG_IGN);	/* OpenSSL writes with write() */
	if (mua_load_config(file, &config) == -1) {
		config_free(config);
		return MUA_EXIT_USAGE;
	}
	for (i = 0; i < config->naccounts; i++)
		if (strcmp(account_name(config->accounts[i]), name) == 0)
			a = config->accounts[i];
	for (i = 0; a != NULL && i < nitems(servers); i++) {
		if (account_get_one(a, servers[i].protocol) == NULL)
			continue;
		found = 1;
		if (session_read(config, a, servers[i].protocol, &s,
		    &cause) == -1) {
			fprintf(stderr, "mua: %s\n", cause);
			rc = MUA_EXIT_FAILURE;
		} else if (trust_server(&servers[i], &s) == -1)
			rc = MUA_EXIT_FAILURE;
		session_clear(&s);
		free(cause);
		cause = NULL;
	}
	if (!found) {
		fprintf(stderr, "mua: %s\n", a == NULL ? "no such account" :
		    "the account has no server");
		rc = MUA_EXIT_FAILURE;
	}
	config_free(config);
	return rc;
}
