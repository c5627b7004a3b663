/*
 * cmd.c: the command vocabulary. The views implement these commands; this
 * table is what configuration, help and completion know about them.
 */
#include "autodefs.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "mua.h"
#include "suggest.h"

const struct cmd_entry cmd_table[] = {
	{ "abort-message", "", "throw the message being written away (asks "
	    "first)", 0, 0 },
	{ "archive", "", "toggle the inbox tag (alot's archive)", 0, 0 },
	{ "attach-file", "", "attach a file to the message", 0, 0 },
	{ "bottom", "", "go to the last line", 0, 0 },
	{ "bounce", "", "resend the message, thread or marked threads as they "
	    "are to addresses you type (Resent-* fields)", 0, 0 },
	{ "compose", "", "write a new message", 0, 0 },
	{ "copy", "", "copy the link to the clipboard (OSC 52)", 0, 0 },
	{ "decrypt", "", "decrypt the message with a key that needs its "
	    "passphrase (pinentry asks for it)", 0, 0 },
	{ "delete", "", "mark deleted (add the deleted tag)", 0, 0 },
	{ "detach-file", "", "remove an attachment from the message being "
	    "written", 0, 0 },
	{ "down", "", "move down one line", 0, 0 },
	{ "edit-bcc", "", "edit the Bcc field", 0, 0 },
	{ "edit-cc", "", "edit the Cc field", 0, 0 },
	{ "edit-draft", "", "take up a postponed draft", 0, 0 },
	{ "edit-message", "", "edit the message in your editor", 0, 0 },
	{ "edit-subject", "", "edit the Subject", 0, 0 },
	{ "edit-to", "", "edit the To field", 0, 0 },
	{ "flag", "", "toggle the flagged tag", 0, 0 },
	{ "forward", "", "forward the message", 0, 0 },
	{ "help", "", "list the key bindings of this view", 0, 0 },
	{ "mark", "", "mark or unmark the thread for a ';' command", 0, 0 },
	{ "mark-prefix", "", "apply the next command to the marked threads",
	    0, 0 },
	{ "mark-pattern", "[QUERY]", "mark the threads of the view matching "
	    "QUERY, or a query you type (* for all)", 0, -1 },
	{ "messages", "", "show the log of messages and errors", 0, 0 },
	{ "mute", "", "mute the thread (and archive it): its new mail skips "
	    "the inbox; again unmutes", 0, 0 },
	{ "narrow", "[QUERY]", "search for QUERY (or one you type) within the "
	    "current query", 0, -1 },
	{ "next", "", "go to the next thread or message", 0, 0 },
	{ "next-unread", "", "go to the next unread message", 0, 0 },
	{ "noop", "", "do nothing (unbinds a key, as in mutt)", 0, 0 },
	{ "open", "", "open the thread or part under the cursor", 0, 0 },
	{ "page-down", "", "move down one screen", 0, 0 },
	{ "page-up", "", "move up one screen", 0, 0 },
	{ "parts", "", "list the message's parts, to save, open or pipe one",
	    0, 0 },
	{ "pipe", "", "pipe the part, message, thread or marked threads to a "
	    "command you type", 0, 0 },
	{ "postpone-message", "", "keep the message being written as a "
	    "draft, to take up later", 0, 0 },
	{ "previous", "", "go to the previous thread or message", 0, 0 },
	{ "print", "", "print the message or thread as shown, with "
	    "print_command", 0, 0 },
	{ "prompt", "", "open the command line", 0, 0 },
	{ "quit", "", "close this view; quit from the last one", 0, 0 },
	{ "redraw", "", "redraw the screen", 0, 0 },
	{ "reply", "", "reply to the sender", 0, 0 },
	{ "reply-all", "", "reply to the sender and all recipients", 0, 0 },
	{ "reply-list", "", "reply to the mailing list", 0, 0 },
	{ "route", "", "show the servers the message passed and its delays",
	    0, 0 },
	{ "save", "", "save the part to a file; messages to an mbox or "
	    "maildir", 0, 0 },
	{ "search", "[QUERY]", "search for QUERY, or ask for one; in the pager,"
	    " find text", 0, -1 },
	{ "search-next", "", "find the next line with the text last searched for",
	    0, 0 },
	{ "send-message", "", "send the message being written (through the "
	    "outbox)", 0, 0 },
	{ "send-outbox", "", "send what waits in the outbox now, due or not "
	    "(mua send)", 0, 0 },
	{ "sidebar-next", "", "move the sidebar's cursor down", 0, 0 },
	{ "sidebar-open", "", "show the sidebar's search under its cursor", 0,
	    0 },
	{ "sidebar-previous", "", "move the sidebar's cursor up", 0, 0 },
	{ "sync", "", "fetch new mail in the background (mua sync)", 0, 0 },
	{ "tag", "+TAG|-TAG...", "add and remove tags", 1, -1 },
	{ "tag-prompt", "+|-", "ask for tags to add (+) or remove (-)", 1, 1 },
	{ "toggle-encrypt", "", "encrypt the message being written, or not",
	    0, 0 },
	{ "toggle-headers", "", "show all headers or the usual few", 0, 0 },
	{ "toggle-sidebar", "", "show or hide the sidebar", 0, 0 },
	{ "toggle-sign", "", "sign the message being written, or not", 0,
	    0 },
	{ "toggle-unread", "", "toggle the unread tag", 0, 0 },
	{ "toggle-sort", "", "show the newest or the oldest threads first", 0,
	    0 },
	{ "top", "", "go to the first line", 0, 0 },
	{ "undelete", "", "remove the deleted tag", 0, 0 },
	{ "undo", "", "undo the last tag change", 0, 0 },
	{ "unmark-pattern", "[QUERY]", "unmark the threads matching QUERY, or "
	    "a query you type", 0, -1 },
	{ "unsubscribe", "", "leave the mailing list the message came from "
	    "(its List-Unsubscribe)", 0, 0 },
	{ "up", "", "move up one line", 0, 0 },
	{ "urls", "", "list the message's links, to copy or open one", 0, 0 },
	{ NULL, NULL, NULL, 0, 0 },
};

const struct cmd_entry *
cmd_find(const char *name)
{
	const struct cmd_entry *e;

	for (e = cmd_table; e->name != NULL; e++)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

/* Checks one command: NAME and its whitespace-separated arguments. */
static int
check_one(char *text, char **cause)
{
	char *save = NULL, *name = strtok_r(text, " \t", &save), *arg;
	const struct cmd_entry *e;
	int n = 0;

	if (name == NULL)
		return set_cause(cause, "empty command");
	if ((e = cmd_find(name)) == NULL)
		return set_cause(cause, "unknown command \"%s\"%s", name,
		    suggest_hint(name, cmd_table, sizeof *cmd_table));
	while ((arg = strtok_r(NULL, " \t", &save)) != NULL) {
		if (strcmp(e->name, "tag") == 0 && *arg != '+' && *arg != '-')
			return set_cause(cause, "tag wants +TAG or -TAG, not "
			    "\"%s\"", arg);
		n++;
	}
	if (n < e->min_args || (e->max_args >= 0 && n > e->max_args))
		return set_cause(cause, "usage: %s%s%s", e->name,
		    *e->usage ? " " : "", e->usage);
	return 0;
}

int
cmd_check_line(const char *line, char **cause)
{
	char *copy = xstrdup(line), *save = NULL, *one;
	int rc = 0, any = 0;

	for (one = strtok_r(copy, ";", &save); one != NULL && rc == 0;
	    one = strtok_r(NULL, ";", &save)) {
		any = 1;
		rc = check_one(one, cause);
	}
	if (rc == 0 && !any)
		rc = set_cause(cause, "empty command");
	free(copy);
	return rc;
}
