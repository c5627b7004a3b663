/*
 * sync.c: an account fetched; see sync.h. Only IMAP so far; POP3 comes
 * next, on the same connection code.
 */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <libetpan/libetpan.h>

#include "account.h"
#include "config.h"
#include "file.h"
#include "fetch-imap.h"
#include "mua.h"
#include "net.h"
#include "rc.h"
#include "run.h"
#include "store.h"
#include "sync.h"
#include "tls.h"
#include "utf7.h"

static void (*progress_fn)(void *, const char *, unsigned, unsigned,
    unsigned long long);
static void *progress_arg;

void
sync_set_progress(void (*fn)(void *arg, const char *folder, unsigned done,
    unsigned total, unsigned long long bytes), void *arg)
{
	progress_fn = fn;
	progress_arg = arg;
}

/* What a session needs, read from the account. */
struct session {
	struct account_url url;
	struct tls_options tls;
	char *ca_file;		/* expanded */
	const char *user;
	char *password;
	int plaintext;		/* tls = none */
	int timeout;
};

static const char *
one(const struct account *a, const char *key)
{
	size_t n;
	const char *const *v = account_get(a, key, &n);

	return n > 0 ? v[0] : NULL;
}

/* Asks for the password on the terminal, without echo. */
static int
ask_password(const struct account *a, char **out, char **cause)
{
	struct termios old, quiet;
	char line[1024];
	FILE *tty = fopen("/dev/tty", "r+");
	int ok;

	if (tty == NULL)
		return set_cause(cause, "account \"%s\": no pass_command and no "
		    "terminal to ask for the password on", account_name(a));
	fprintf(tty, "Password for %s: ", account_name(a));
	fflush(tty);
	tcgetattr(fileno(tty), &old);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
	ok = fgets(line, sizeof line, tty) != NULL;
	tcsetattr(fileno(tty), TCSAFLUSH, &old);
	fputc('\n', tty);
	fclose(tty);
	if (!ok)
		return set_cause(cause, "account \"%s\": no password given",
		    account_name(a));
	line[strcspn(line, "\r\n")] = '\0';
	*out = xstrdup(line);
	memset(line, 0, sizeof line);
	return 0;
}

/* The password: the first line pass_command prints (it runs as the user
 * wrote it; nothing from a server or a message is in it), else asked. */
static int
password(const struct account *a, char **out, char **cause)
{
	const char *command = one(a, "pass_command");
	char *text = NULL, *why = NULL;

	if (command == NULL)
		return ask_password(a, out, cause);
	if (run_capture(command, -1, 4096, &text, &why) == -1) {
		set_cause(cause, "account \"%s\": pass_command: %s",
		    account_name(a), why);
		free(why);
		return -1;
	}
	text[strcspn(text, "\r\n")] = '\0';
	*out = text;
	return 0;
}

static int
session_read(const struct config *config, const struct account *a,
    struct session *s, char **cause)
{
	static const char *const schemes[] = { "imap", "imaps", NULL };
	const char *url = one(a, "imap"), *ca = one(a, "ca_file");

	memset(s, 0, sizeof *s);
	if (url == NULL)
		return set_cause(cause, "account \"%s\" has no imap URL (POP3 "
		    "fetching comes next)", account_name(a));
	if (account_url_parse(url, schemes, &s->url, cause) == -1)
		return -1;
	s->user = one(a, "user") ? one(a, "user") : s->url.user;
	if (s->user == NULL)
		return set_cause(cause, "account \"%s\": set user",
		    account_name(a));
	if (ca != NULL && rc_expand_path(ca, &s->ca_file, cause) == -1)
		return -1;
	s->timeout = (int)options_get_number(config->options, "net_timeout");
	s->plaintext = strcmp(one(a, "tls"), "none") == 0;
	s->tls.host = s->url.host;
	s->tls.ca_file = s->ca_file;
	s->tls.pin = one(a, "cert_pin");
	s->tls.timeout = s->timeout;
	return password(a, &s->password, cause);
}

static void
session_clear(struct session *s)
{
	account_url_clear(&s->url);
	free(s->ca_file);
	if (s->password != NULL) {
		memset(s->password, 0, strlen(s->password));
		free(s->password);
	}
}

/* Whether the server offers STARTTLS (asking, if the greeting didn't). */
static int
offers_starttls(mailimap *imap)
{
	struct mailimap_capability_data *cap = NULL;

	if (imap->imap_connection_info == NULL ||
	    imap->imap_connection_info->imap_capability == NULL) {
		if (mailimap_capability(imap, &cap) != MAILIMAP_NO_ERROR)
			return 0;
		mailimap_capability_data_free(cap);
	}
	return mailimap_has_extension(imap, "STARTTLS");
}

/* Connects and logs in; returns the session, or NULL with *cause. */
static mailimap *
imap_open(struct session *s, char **cause)
{
	char port[16], fpr[TLS_FINGERPRINT_SIZE];
	mailimap *imap = mailimap_new(0, NULL);
	mailstream_low *low;
	mailstream *stream;
	int fd, r;

	snprintf(port, sizeof port, "%d", s->url.port);
	if ((fd = net_connect(s->url.host, port, s->timeout, cause)) == -1)
		goto fail;
	if (s->url.implicit_tls) {
		if ((low = tls_open(fd, &s->tls, fpr, cause)) == NULL) {
			close(fd);
			goto fail;
		}
		stream = mailstream_new(low, 8192);
	} else
		stream = mailstream_socket_open_timeout(fd, s->timeout);
	mailimap_set_timeout(imap, s->timeout);
	r = mailimap_connect(imap, stream);
	if (r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED) {
		set_cause(cause, "%s: %s", s->url.host, r ==
		    MAILIMAP_NO_ERROR_AUTHENTICATED ? "the server logged us in "
		    "before TLS (PREAUTH): refused" : "no IMAP greeting");
		goto fail;
	}
	if (!s->url.implicit_tls && !s->plaintext) {
		if (!offers_starttls(imap)) {
			set_cause(cause, "%s offers no STARTTLS: refusing to log "
			    "in without TLS (tls = none allows it)", s->url.host);
			goto fail;
		}
		if (mailimap_starttls(imap) != MAILIMAP_NO_ERROR ||
		    tls_starttls(imap->imap_stream, &s->tls, fpr, cause) == -1) {
			if (cause != NULL && *cause == NULL)
				set_cause(cause, "%s refused STARTTLS",
				    s->url.host);
			goto fail;
		}
	}
	if (mailimap_login(imap, s->user, s->password) != MAILIMAP_NO_ERROR) {
		set_cause(cause, "%s: the login as %s was refused", s->url.host,
		    s->user);
		goto fail;
	}
	return imap;
fail:
	if (imap->imap_stream != NULL) {	/* no LOGOUT on a failed link */
		mailstream_close(imap->imap_stream);
		imap->imap_stream = NULL;
	}
	mailimap_free(imap);
	return NULL;
}

/* FOLDER as a path element: '/' and leading dots can't escape. */
static char *
folder_path(const char *folder)
{
	char *p = xstrdup(folder), *c;

	for (c = p; *c != '\0'; c++)
		if (*c == '/' || (unsigned char)*c < 0x20)
			*c = '_';
	if (*p == '.')
		*p = '_';
	return p;
}

/* Makes the directory the state file PATH goes in. */
static int
make_state_dir(const char *path, char **cause)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int rc = 0;

	if (slash != NULL) {
		*slash = '\0';
		rc = file_make_dirs(dir, cause);
	}
	free(dir);
	return rc;
}

/* Adds NAME to the N FOLDERS unless it is there. */
static void
add_folder(char ***folders, size_t *n, const char *name)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*folders)[i], name) == 0)
			return;
	*folders = xreallocarray(*folders, *n + 1, sizeof **folders);
	(*folders)[(*n)++] = xstrdup(name);
}

static int
selectable(const struct mailimap_mailbox_list *mb)
{
	return mb->mb_flag == NULL ||
	    mb->mb_flag->mbf_type != MAILIMAP_MBX_LIST_FLAGS_SFLAG ||
	    mb->mb_flag->mbf_sflag != MAILIMAP_MBX_LIST_SFLAG_NOSELECT;
}

/*
 * The folders to fetch: the account's names, with patterns expanded by
 * LIST ("*" matches within a level, as IMAP's "%" does).
 */
static int
expand_folders(const struct account *a, mailimap *imap, char ***out,
    size_t *nout, char **cause)
{
	size_t n, i;
	const char *const *patterns = account_get(a, "folders", &n);
	clist *list = NULL;
	clistiter *it;
	char *p, *c;

	*out = NULL;
	*nout = 0;
	for (i = 0; i < n; i++) {
		/* Names are UTF-8 in .muarc, modified UTF-7 on the wire. */
		p = utf7_encode(patterns[i]);
		if (strpbrk(p, "*%") == NULL) {
			add_folder(out, nout, p);
			free(p);
			continue;
		}
		for (c = p; *c != '\0'; c++)
			if (*c == '*')
				*c = '%';
		if (mailimap_list(imap, "", p, &list) != MAILIMAP_NO_ERROR) {
			free(p);
			return set_cause(cause, "can't list the folders %s",
			    patterns[i]);
		}
		for (it = clist_begin(list); it != NULL; it = clist_next(it)) {
			struct mailimap_mailbox_list *mb = clist_content(it);
			if (selectable(mb))
				add_folder(out, nout, mb->mb_name);
		}
		mailimap_list_result_free(list);
		free(p);
	}
	return 0;
}

static int
fetch_folders(const struct account *a, mailimap *imap, struct store *store,
    struct fetch_stats *stats, char **cause)
{
	const char *base = one(a, "maildir");
	char **folders = NULL;
	size_t n = 0, i;
	size_t ntags;
	const char *const *tags = account_get(a, "new_tags", &ntags);
	const char **t = xcalloc(ntags + 1, sizeof *t);
	int rc = 0;

	memcpy(t, tags, ntags * sizeof *t);
	rc = expand_folders(a, imap, &folders, &n, cause);
	for (i = 0; i < n && rc == 0; i++) {
		char *utf8 = utf7_decode(folders[i]), *fp = folder_path(utf8);
		char *state_name = xasprintf("sync/%s/%s", account_name(a), fp);
		struct fetch_folder f;
		f.imap = imap;
		f.name = folders[i];
		f.maildir = xasprintf("%s/%s/%s", store_path(store),
		    base ? base : account_name(a), fp);
		f.state = file_state_path(state_name);
		f.store = store;
		f.tags = t;
		f.progress = progress_fn;
		f.progress_arg = progress_arg;
		rc = make_state_dir(f.state, cause);
		if (rc == 0)
			rc = fetch_imap_folder(&f, stats, cause);
		free((char *)f.maildir);
		free((char *)f.state);
		free(state_name);
		free(fp);
		free(utf8);
	}
	for (i = 0; i < n; i++)
		free(folders[i]);
	free(folders);
	free(t);
	return rc;
}

int
sync_account(const struct config *config, const struct account *a,
    struct store *store, struct fetch_stats *stats, char **cause)
{
	struct session s;
	mailimap *imap;
	int rc = -1;

	if (session_read(config, a, &s, cause) == 0 &&
	    (imap = imap_open(&s, cause)) != NULL) {
		rc = fetch_folders(a, imap, store, stats, cause);
		mailimap_logout(imap);
		mailimap_free(imap);
	}
	session_clear(&s);
	return rc;
}
