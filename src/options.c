/* options.c: the variables of ~/.muarc and their values. */
#include "autodefs.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "mua.h"
#include "options.h"
#include "suggest.h"

static const char *const forward_choices[] = { "inline", "attachment",
	NULL };
static const char *const sort_choices[] = { "newest-first", "oldest-first",
	NULL };

const struct option_entry options_table[] = {
	{ "alternative_order", OPTION_STRING, "text/plain text/html", 0, 0,
	    NULL, "which part of a multipart/alternative to show, best first" },
	{ "attach_save_dir", OPTION_PATH, "~/Downloads", 0, 0, NULL,
	    "where attachments are saved" },
	{ "confirm_quit", OPTION_BOOL, "no", 0, 0, NULL,
	    "ask before quitting" },
	{ "crypt_autosign", OPTION_BOOL, "no", 0, 0, NULL,
	    "sign every message with OpenPGP unless its Security: says not" },
	{ "crypt_opportunistic_encrypt", OPTION_BOOL, "no", 0, 0, NULL,
	    "encrypt when every recipient has a usable OpenPGP key" },
	{ "default_query", OPTION_STRING, "tag:inbox", 0, 0, NULL,
	    "the query the index shows at start" },
	{ "editor", OPTION_STRING, "", 0, 0, NULL,
	    "the editor for composing; empty: $VISUAL, $EDITOR, then vi" },
	{ "forward_as", OPTION_CHOICE, "inline", 0, 0, forward_choices,
	    "forward a message in the text, or as an attachment" },
	{ "forward_attachments", OPTION_BOOL, "yes", 0, 0, NULL,
	    "an inline forward carries the original's attachments" },
	{ "headers", OPTION_STRING, "From To Cc Date Subject List-Unsubscribe",
	    0, 0, NULL,
	    "the headers the pager shows, in order" },
	{ "hidden_tags", OPTION_STRING, "", 0, 0, NULL,
	    "tags the index doesn't show, space-separated" },
	{ "history_size", OPTION_NUMBER, "500", 0, 100000, NULL,
	    "how many searches and commands are remembered" },
	{ "index_format", OPTION_STRING, "%M%D %-20a %c %s %T", 0, 0, NULL,
	    "the columns of an index line" },
	{ "mail_root", OPTION_PATH, "~/mail", 0, 0, NULL,
	    "where a first run puts the mail when notmuch has no set-up" },
	{ "mark_read", OPTION_BOOL, "yes", 0, 0, NULL,
	    "opening a thread marks its messages read" },
	{ "net_timeout", OPTION_NUMBER, "60", 1, 3600, NULL,
	    "seconds before a silent server is given up on" },
	{ "new_mail_command", OPTION_STRING, "", 0, 0, NULL,
	    "run (not waited for) when the UI's sync brought mail; %n how "
	    "many, %a the accounts" },
	{ "notmuch_config", OPTION_PATH, "", 0, 0, NULL,
	    "the notmuch configuration file; empty: notmuch's own lookup" },
	{ "pager_max_part", OPTION_NUMBER, "8", 1, 1024, NULL,
	    "megabytes of a text part the pager shows; v has the whole part" },
	{ "print_command", OPTION_STRING, "lpr", 0, 0, NULL,
	    "the command p prints with: the text on its standard input" },
	{ "query_command", OPTION_STRING, "", 0, 0, NULL,
	    "the address book query Tab runs, in mutt's format; %s is the word" },
	{ "resolve", OPTION_BOOL, "yes", 0, 0, NULL,
	    "a tag key moves to the next thread or message after acting" },
	{ "send_delay", OPTION_NUMBER, "0", 0, 3600, NULL,
	    "seconds a sent message waits in the outbox, to be taken back" },
	{ "sendmail_command", OPTION_STRING, "", 0, 0, NULL,
	    "send through this program instead of SMTP (e.g. msmtp -t)" },
	{ "sidebar", OPTION_BOOL, "yes", 0, 0, NULL,
	    "show the sidebar of saved searches" },
	{ "sidebar_width", OPTION_NUMBER, "24", 10, 80, NULL,
	    "the sidebar's width in columns" },
	{ "signature", OPTION_PATH, "", 0, 0, NULL,
	    "a file appended to new messages; empty: none" },
	{ "sort", OPTION_CHOICE, "newest-first", 0, 0, sort_choices,
	    "the order of threads in the index" },
	{ "sync_interval", OPTION_NUMBER, "0", 0, 86400, NULL,
	    "seconds between syncs the UI starts by itself; 0: only on $" },
	{ "url_command", OPTION_STRING, "xdg-open", 0, 0, NULL,
	    "the program that opens a link; the link is its last argument" },
	{ "wrap", OPTION_NUMBER, "0", 0, 1000, NULL,
	    "wrap message text at this column; 0: the window width" },
	{ NULL, 0, NULL, 0, 0, NULL, NULL },
};

struct options {
	char **values;	/* one per table entry, by index */
};

static size_t
table_size(void)
{
	size_t n = 0;

	while (options_table[n].name != NULL)
		n++;
	return n;
}

struct options *
options_new(void)
{
	struct options *o = xcalloc(1, sizeof *o);
	size_t i, n = table_size();

	o->values = xcalloc(n, sizeof *o->values);
	for (i = 0; i < n; i++)
		o->values[i] = xstrdup(options_table[i].default_value);
	return o;
}

void
options_free(struct options *o)
{
	size_t i, n = table_size();

	if (o == NULL)
		return;
	for (i = 0; i < n; i++)
		free(o->values[i]);
	free(o->values);
	free(o);
}

const struct option_entry *
options_find(const char *name)
{
	const struct option_entry *e;

	for (e = options_table; e->name != NULL; e++)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

const char *
options_type_name(const struct option_entry *e)
{
	switch (e->type) {
	case OPTION_STRING:
		return "string";
	case OPTION_PATH:
		return "path";
	case OPTION_NUMBER:
		return "number";
	case OPTION_BOOL:
		return "yes/no";
	case OPTION_CHOICE:
		return "choice";
	}
	return "?";
}

/* Parses a decimal number within [min, max]. */
static int
check_number(const struct option_entry *e, const char *value, char **cause)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(value, &end, 10);
	if (*value == '\0' || *end != '\0' || errno == ERANGE)
		return set_cause(cause, "%s wants a number, not \"%s\"", e->name,
		    value);
	if (n < e->min || n > e->max)
		return set_cause(cause, "%s must be between %ld and %ld, not %ld",
		    e->name, e->min, e->max, n);
	return 0;
}

int
options_check_choice(const char *name, const char *const *choices,
    const char *value, char **cause)
{
	const char *const *c;

	for (c = choices; *c != NULL; c++)
		if (strcmp(*c, value) == 0)
			return 0;
	return set_cause(cause, "%s must be one of %s%s%s, not \"%s\"%s",
	    name, choices[0], choices[1] ? " or " : "",
	    choices[1] ? choices[1] : "", value,
	    suggest_hint(value, choices, sizeof *choices));
}

int
options_check_yes_no(const char *name, const char *value, char **cause)
{
	if (strcmp(value, "yes") == 0 || strcmp(value, "no") == 0)
		return 0;
	return set_cause(cause, "%s wants yes or no, not \"%s\"", name,
	    value);
}

/* Checks VALUE for E; returns 0, or -1 with *cause set. */
static int
check_value(const struct option_entry *e, const char *value, char **cause)
{
	switch (e->type) {
	case OPTION_NUMBER:
		return check_number(e, value, cause);
	case OPTION_BOOL:
		return options_check_yes_no(e->name, value, cause);
	case OPTION_CHOICE:
		return options_check_choice(e->name, e->choices, value, cause);
	case OPTION_STRING:
	case OPTION_PATH:
		break;
	}
	return 0;
}

int
options_set(struct options *o, const char *name, const char *value,
    char **cause)
{
	const struct option_entry *e = options_find(name);
	size_t i;

	if (e == NULL)
		return set_cause(cause, "unknown variable \"%s\"%s", name,
		    suggest_hint(name, options_table, sizeof *options_table));
	if (check_value(e, value, cause) == -1)
		return -1;
	i = (size_t)(e - options_table);
	free(o->values[i]);
	o->values[i] = xstrdup(value);
	return 0;
}

const char *
options_get(const struct options *o, const char *name)
{
	const struct option_entry *e = options_find(name);

	if (e == NULL)
		fatal("options_get: no variable %s", name);
	return o->values[e - options_table];
}

long
options_get_number(const struct options *o, const char *name)
{
	return strtol(options_get(o, name), NULL, 10);
}

int
options_get_bool(const struct options *o, const char *name)
{
	return strcmp(options_get(o, name), "yes") == 0;
}
