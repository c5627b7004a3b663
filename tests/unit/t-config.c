/*
 * t-config.c: the ~/.muarc language: every error with its exact place and
 * message, source and its cycles, values, the dump round trip, and
 * muarc(5) against the tables.
 */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "addressbook.h"
#include "buf.h"
#include "cmd.h"
#include "cmdline.h"
#include "color.h"
#include "config.h"
#include "file.h"
#include "keymap.h"
#include "mua.h"
#include "test.h"

static const char *dir;

/* Writes TEXT to the file NAME in the test directory; returns its path. */
static char *
write_rc(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);

	unlink(path);
	file_write_new(path, text, strlen(text), FILE_NO_SYNC, NULL);
	return path;
}

/* Loads TEXT as a file; returns the errors joined by newlines. */
static char *
errors_of(const char *text)
{
	char *path = write_rc("t.muarc", text), *all = xstrdup("");
	struct rc_errors errors = { NULL, 0 };
	struct config *c = config_new();
	size_t i, skip = strlen(path) + 1;

	config_load(c, path, &errors);
	for (i = 0; i < errors.n; i++) {
		const char *e = strncmp(errors.lines[i], path, skip - 1) == 0 ?
		    errors.lines[i] + skip : errors.lines[i];
		char *next = xasprintf("%s%s%s", all, i ? "\n" : "", e);
		free(all);
		all = next;
	}
	rc_errors_clear(&errors);
	config_free(c);
	free(path);
	return all;
}

/* One line of input and the error it must give, without the file name. */
static const struct {
	const char *text, *error;
} cases[] = {
	{ "set edtor = vim\n",
	    "1:5: unknown variable \"edtor\" (did you mean \"editor\"?)" },
	{ "set wrap = lots\n", "1:12: wrap wants a number, not \"lots\"" },
	{ "set sidebar_width = 5\n",
	    "1:21: sidebar_width must be between 10 and 80, not 5" },
	{ "set sidebar = maybe\n",
	    "1:15: sidebar wants yes or no, not \"maybe\"" },
	{ "set sort = newst-first\n", "1:12: sort must be one of newest-first "
	    "or oldest-first, not \"newst-first\" (did you mean "
	    "\"newest-first\"?)" },
	{ "set wrap\n", "1:5: wrap is a number: set wrap = VALUE" },
	{ "set = 3\n", "1:1: usage: set NAME = VALUE" },
	{ "unset wrap\n",
	    "1:7: wrap is a number and can't be unset: set wrap = VALUE" },
	{ "sett wrap = 3\n",
	    "1:1: unknown command \"sett\" (did you mean \"set\"?)" },
	{ "set editor = \"vim\n", "1:14: unterminated string" },
	{ "set editor = 'vim\n", "1:14: unterminated string" },
	{ "set editor = \"a\\qb\"\n",
	    "1:16: unknown escape \"\\q\" (use \\\" \\\\ \\n or \\t)" },
	{ "set signature = \"$MUA_TEST_UNSET/sig\"\n",
	    "1:17: $MUA_TEST_UNSET is not set" },
	{ "account a {\n from = a@b\n imapp = imap://h\n}\n",
	    "3:2: unknown account setting \"imapp\" (did you mean \"imap\"?)" },
	{ "account a {\n from = a@b\n imap = http://h\n}\n",
	    "3:9: \"http://h\": the scheme must be imap or imaps" },
	{ "account a {\n from = a@b\n imap = imaps://h:99999\n}\n",
	    "3:9: bad port in \"imaps://h:99999\"" },
	{ "account a {\n from = a@b\n smtp = smtp.example.org\n}\n",
	    "3:9: \"smtp.example.org\" is not a URL like smtps://host" },
	{ "account a {\n from = nobody\n}\n",
	    "2:9: \"nobody\" is not a mail address" },
	{ "account a {\n from = a@b c@d\n}\n", "2:9: from takes one value, "
	    "not 2" },
	{ "account a {\n imap = imaps://h\n}\n",
	    "1:1: account \"a\" has no from address" },
	{ "account a {\n from = a@b\n imap = imaps://h\n pop3 = pop3s://h\n}\n",
	    "1:1: account \"a\" sets both imap and pop3: fetch with one of them" },
	{ "account a {\n from = a@b\n tls = none\n imap = imaps://h\n}\n",
	    "1:1: account \"a\": tls = none contradicts imaps://h" },
	{ "account a {\n from = a@b\n sync_tags = a \"b c\"\n}\n",
	    "1:1: account \"a\": sync_tags: \"b c\" has a space, which tags "
	    "here can't" },
	{ "account a {\n from = a@b\n default = maybe\n}\n",
	    "3:12: default wants yes or no, not \"maybe\"" },
	{ "account a {\n from = a@b\n tls = maybe\n}\n",
	    "3:8: tls must be one of required or none, not \"maybe\"" },
	{ "account a {\n from = a@b\n cert_pin = \"sha1:ab\"\n}\n",
	    "3:13: a pin is \"sha256:\" and 64 hex digits" },
	{ "account a {\n from = a@b\n}\naccount a {\n from = c@d\n}\n",
	    "4:1: duplicate account \"a\"" },
	{ "account a {\n from = a@b\n", "1:1: account \"a\" is not closed "
	    "(no \"}\")" },
	{ "account a {\n account b {\n}\n",
	    "2:2: usage: KEY = VALUE... (or \"}\" to end the account)" },
	{ "account a\n", "1:1: usage: account NAME {" },
	{ "bind index,pagr R reply-all\n",
	    "1:6: unknown view \"pagr\" (did you mean \"pager\"?)" },
	{ "bind index x frobnicate\n", "1:14: unknown command \"frobnicate\"" },
	{ "bind index x repyl\n",
	    "1:14: unknown command \"repyl\" (did you mean \"reply\"?)" },
	{ "bind index <Foo> quit\n", "1:12: unknown key <Foo>" },
	{ "bind index <C-1> quit\n", "1:12: no control key <C-1>" },
	{ "bind index x \"tag +a; next\"\n",
	    "1:14: bind takes one command: use macro for several" },
	{ "bind index x \"tag inbox\"\n",
	    "1:14: tag wants +TAG or -TAG, not \"inbox\"" },
	{ "bind index x tag\n", "1:14: usage: tag +TAG|-TAG..." },
	{ "bind index x\n", "1:1: usage: bind VIEWS KEYS COMMAND" },
	{ "macro index S \"tag +spam; nxet\"\n",
	    "1:15: unknown command \"nxet\" (did you mean \"next\"?)" },
	{ "unbind index Z\n", "1:14: \"Z\" is not bound in index" },
	{ "color index.unred bold red default\n", "1:7: unknown colour object "
	    "\"index.unred\" (did you mean \"index.unread\"?)" },
	{ "color index.unread blod red default\n", "1:20: unknown attribute "
	    "\"blod\" (did you mean \"bold\"?)" },
	{ "color tag.x red defualt\n", "1:17: unknown colour \"defualt\" (did "
	    "you mean \"default\"?) (colours: black, red, ..., white, "
	    "bright..., color0-color255, default)" },
	{ "color status red\n",
	    "1:1: usage: color OBJECT [ATTRIBUTE...] FOREGROUND BACKGROUND" },
	{ "query Inbox\n", "1:1: usage: query NAME QUERY" },
	{ "source \"ls|\"\n",
	    "1:8: source reads files, it doesn't run commands: \"ls|\"" },
	{ "set wrap = \\\n  lots\n", "2:3: wrap wants a number, not \"lots\"" },
	{ "# a comment\n\n  set wrap = x # trailing\n",
	    "3:14: wrap wants a number, not \"x\"" },
};

static void
test_errors(void)
{
	size_t i;

	for (i = 0; i < nitems(cases); i++) {
		char *got = errors_of(cases[i].text);
		is_str(got, cases[i].error, "error: %s", cases[i].error);
		free(got);
	}
}

static void
test_all_errors_reported(void)
{
	char *got = errors_of("set wrap = a\nset edtor = b\nbind index x "
	    "opn\nset sort = oldest-first\nset sidebar = c\n");

	is_str(got, "1:12: wrap wants a number, not \"a\"\n"
	    "2:5: unknown variable \"edtor\" (did you mean \"editor\"?)\n"
	    "3:14: unknown command \"opn\" (did you mean \"open\"?)\n"
	    "5:15: sidebar wants yes or no, not \"c\"",
	    "every error of a file is reported, in order");
	free(got);
}

static void
test_missing_file(void)
{
	struct rc_errors errors = { NULL, 0 };
	struct config *c = config_new();
	char *path = xasprintf("%s/none.muarc", dir);

	config_load(c, path, &errors);
	ok(errors.n == 1 && strstr(errors.lines[0], "can't read") != NULL &&
	    strstr(errors.lines[0], path) != NULL,
	    "a -F file that doesn't exist is an error naming it");
	rc_errors_clear(&errors);
	config_free(c);
	free(path);
}

static void
test_source(void)
{
	char *a = write_rc("a.muarc", "source b.muarc\nset wrap = 72\n");
	char *b, *got, *want;

	free(write_rc("b.muarc", "set sidebar_width = 30\n"));
	b = xasprintf("%s/b.muarc", dir);
	got = errors_of("source a.muarc\n");
	is_str(got, "", "source reads files relative to the sourcing file");
	free(got);
	free(write_rc("b.muarc", "source a.muarc\n"));
	got = errors_of("source a.muarc\n");
	want = xasprintf("%s:1:8: source cycle: %s/a.muarc is already being "
	    "read", b, dir);
	is_str(got, want, "a source cycle is an error, at the closing source");
	free(want);
	free(got);
	free(write_rc("b.muarc", "set wrap = x\n"));
	got = errors_of("source a.muarc\n");
	want = xasprintf("%s:1:12: wrap wants a number, not \"x\"", b);
	is_str(got, want, "an error in a sourced file names that file");
	free(want);
	free(got);
	got = errors_of("source nowhere.muarc\n");
	ok(strncmp(got, "1:8: can't read ", 16) == 0,
	    "sourcing a missing file is an error at the path: %s", got);
	free(got);
	free(a);
	free(b);
}

/* Loads TEXT into a new configuration that must have no errors. */
static struct config *
load_ok(const char *text)
{
	char *path = write_rc("ok.muarc", text);
	struct rc_errors errors = { NULL, 0 };
	struct config *c = config_new();

	config_load(c, path, &errors);
	ok(errors.n == 0, "loads without errors%s%s", errors.n ? ": " : "",
	    errors.n ? errors.lines[0] : "");
	rc_errors_clear(&errors);
	free(path);
	return c;
}

static const char full_rc[] =
    "set editor = \"vim +/^$\"\n"
    "set sidebar\n"
    "unset mark_read\n"
    "set signature = ~/.sig\n"
    "set default_query = 'tag:inbox and \"quoted\"'\n"
    "account work {\n"
    "    from = \"Ann Example <ann@example.org>\"\n"
    "    imap = \"imaps://ann@imap.example.org\"\n"
    "    smtp = \"smtp://ann@smtp.example.org:587\"\n"
    "    pass_command = \"pass show mail/work\"\n"
    "    folders = \"INBOX\" \"Lists/*\"\n"
    "}\n"
    "query \"Inbox\" \"tag:inbox\"\n"
    "bind index a \"tag -inbox\"\n"
    "bind index,pager R reply-all\n"
    "bind index j up\n"
    "bind index '<C-x><M-a>é\"' quit\n"
    "unbind pager J\n"
    "macro index S \"tag +spam -inbox; next\"\n"
    "color index.unread bold brightwhite default\n"
    "color tag.important red color200\n";

static void
test_values(void)
{
	struct config *c = load_ok(full_rc);
	const char *const *v;
	size_t n, i, found = 0;

	is_str(options_get(c->options, "editor"), "vim +/^$", "a string");
	ok(options_get_bool(c->options, "sidebar") &&
	    !options_get_bool(c->options, "mark_read"), "set and unset");
	is_str(options_get(c->options, "signature"), "~/.sig",
	    "a path is kept as written");
	is_str(options_get(c->options, "default_query"),
	    "tag:inbox and \"quoted\"", "single quotes are literal");
	is_int(c->naccounts, 1, "one account");
	v = account_get(c->accounts[0], "folders", &n);
	ok(n == 2 && strcmp(v[1], "Lists/*") == 0, "a list setting");
	v = account_get(c->accounts[0], "new_tags", &n);
	ok(n == 2 && strcmp(v[0], "inbox") == 0, "a default list");
	ok(c->nqueries == 1 && strcmp(c->queries[0].value, "tag:inbox") == 0,
	    "a saved query");
	for (i = 0; i < keymap_count(c->keymap); i++) {
		const struct keymap_binding *b = keymap_get(c->keymap, i);
		char *keys = keymap_keys_name(b->keys, b->nkeys);
		if (b->view == KEYMAP_INDEX && strcmp(keys, "j") == 0)
			found += strcmp(b->command, "up") == 0;
		if (b->view == KEYMAP_PAGER && strcmp(keys, "J") == 0)
			found += 10;
		if (strcmp(keys, "<C-x><M-a>é\"") == 0)
			found += 100;
		free(keys);
	}
	is_int(found, 101, "bind replaces a default, unbind removes one, and "
	    "key sequences read back");
	ok(c->ncolors == 2 && c->colors[1].fg == 1 && c->colors[1].bg == 200,
	    "colours");
	config_free(c);
}

static void
test_round_trip(void)
{
	struct config *c = load_ok(full_rc), *again;
	char *dump = config_dump(c, 0), *path, *dump2;
	struct rc_errors errors = { NULL, 0 };

	ok(strstr(dump, "pass show") == NULL && strstr(dump, "********"),
	    "--dump-config masks pass_command");
	path = write_rc("dump.muarc", dump);
	again = config_new();
	config_load(again, path, &errors);
	is_int(errors.n, 0, "the dump parses without errors");
	dump2 = config_dump(again, 0);
	is_str(dump2, dump, "and dumps to the same text");
	rc_errors_clear(&errors);
	free(dump2);
	free(path);
	free(dump);
	config_free(again);
	config_free(c);
}

/* Returns whether PAGE has the line LINE. */
static int
has_line(const char *page, const char *line)
{
	size_t n = strlen(line);
	const char *p;

	for (p = page; (p = strstr(p, line)) != NULL; p += n)
		if ((p == page || p[-1] == '\n') && p[n] == '\n')
			return 1;
	return 0;
}

/* Returns the text of section NAME of PAGE, up to the next .Sh. */
static char *
section(const char *page, const char *name)
{
	char *head = xasprintf("\n.Sh %s\n", name);
	const char *start = strstr(page, head), *end;

	free(head);
	if (start == NULL)
		return xstrdup("");
	end = strstr(start + 1, "\n.Sh ");
	return xstrndup(start, end ? (size_t)(end - start) : strlen(start));
}

/*
 * Checks that each ".It MACRO NAME" item of the section SECT names an
 * entry of the table NAMES.
 */
static void
check_items(const char *page, const char *sect, const char *macro,
    const void *names, size_t stride, const char *what)
{
	char *prefix = xasprintf("\n.It %s ", macro), *text = section(page,
	    sect);
	const char *p;
	int unknown = 0;

	for (p = text; (p = strstr(p, prefix)) != NULL; p++) {
		const char *start = p + strlen(prefix), *q, *name;
		size_t len = strcspn(start, " \n");
		for (q = names; (name = *(const char *const *)q) != NULL;
		    q += stride)
			if (strlen(name) == len && strncmp(name, start, len) == 0)
				break;
		if (name == NULL) {
			printf("# muarc.5 documents an unknown %s: %.*s\n", what,
			    (int)len, start);
			unknown++;
		}
	}
	is_int(unknown, 0, "muarc.5 documents no %s that doesn't exist", what);
	free(text);
	free(prefix);
}

static void
test_manpage(void)
{
	char *page = NULL, *want;
	const struct option_entry *o;
	const struct account_entry *a;
	const struct cmd_entry *c;
	size_t len, i;

	if (file_read(test_srcpath("doc/muarc.5"), &page, &len, NULL) == -1) {
		ok(0, "doc/muarc.5 can be read");
		return;
	}
	for (o = options_table; o->name != NULL; o++) {
		char *it = xasprintf(".It Va %s ", o->name);
		const char *item = strstr(page, it), *def;
		free(it);
		want = xasprintf(".Ql %s .", o->default_value);
		def = item ? strstr(item, "Default:") : NULL;
		ok(item != NULL && def != NULL && (*o->default_value == '\0' ?
		    strncmp(def, "Default: empty.", 15) == 0 :
		    strncmp(def + 9, want, strlen(want)) == 0 ||
		    strstr(o->default_value, "%") != NULL),
		    "muarc.5 documents variable %s with its default", o->name);
		free(want);
	}
	check_items(page, "VARIABLES", "Va", options_table, sizeof *options_table,
	    "variable");
	for (a = account_table; a->name != NULL; a++) {
		want = xasprintf(".It Ic %s", a->name);
		ok(strstr(page, want) != NULL, "muarc.5 documents account "
		    "setting %s", a->name);
		free(want);
	}
	check_items(page, "ACCOUNTS", "Ic", account_table, sizeof *account_table,
	    "account setting");
	for (c = cmd_table; c->name != NULL; c++) {
		want = xasprintf(".It Cm %s", c->name);
		ok(strstr(page, want) != NULL, "muarc.5 documents command %s",
		    c->name);
		free(want);
	}
	check_items(page, "KEYS", "Cm", cmd_table, sizeof *cmd_table, "command");
	for (i = 0; color_objects[i] != NULL; i++) {
		want = xasprintf(".Cm %s ,", color_objects[i]);
		ok(has_line(page, want), "muarc.5 lists colour object %s",
		    color_objects[i]);
		free(want);
	}
	free(page);
}

/* The words Tab offers for LINE, joined by spaces. */
static char *
offered(const char *line)
{
	const char *word = strrchr(line, ' ');
	char **w, *all = xstrdup(""), *next;
	size_t n, i;

	word = word != NULL ? word + 1 : line;
	w = cmdline_complete(line, word, &n);
	for (i = 0; i < n; i++) {
		next = xasprintf("%s%s%s", all, i ? " " : "", w[i]);
		free(all);
		all = next;
		free(w[i]);
	}
	free(w);
	return all;
}

/* The ':' line: what Tab offers, and the hint for an unknown word. */
static void
test_cmdline(void)
{
	static const struct { const char *line, *want; } tabs[] = {
		{ "tog", "toggle-encrypt toggle-headers toggle-sidebar "
		    "toggle-sign toggle-sort toggle-unread" },
		{ "so", "source" },
		{ "un", "unbind undelete undo unmark-pattern unset unsubscribe" },
		{ "set sideb", "sidebar sidebar_width" },
		{ "unset mark", "mark_read" },
		{ "set sort n", "" },
		{ "bind ind", "index" },
		{ "macro index,pa", "index,pager" },
		{ "bind pager Z send-o", "send-outbox" },
		{ "tag +x; dow", "down" },
		{ "tag +x; so", "" },
		{ "zzz", "" },
	};
	const char *hint;
	char *got;
	size_t i;

	for (i = 0; i < nitems(tabs); i++) {
		got = offered(tabs[i].line);
		is_str(got, tabs[i].want, "Tab after \"%s\"", tabs[i].line);
		free(got);
	}
	ok(cmdline_known("quit", &hint) && *hint == '\0', "quit is known");
	ok(cmdline_known("set", &hint), "set (a .muarc command) is known");
	ok(!cmdline_known("q", &hint), "q is not a command");
	is_str(hint, " (did you mean \"quit\"?)", "but begins only quit");
	ok(!cmdline_known("sett", &hint), "sett is not");
	is_str(hint, " (did you mean \"set\"?)", "and is near set");
	ok(!cmdline_known("xyzzy", &hint) && *hint == '\0',
	    "a word near nothing gets no hint");
}

/* The address book: query_command's word quoted, its answers, aliases. */
static void
test_addressbook(void)
{
	struct config *c = config_new();
	struct rc_errors errors = { NULL, 0 };
	char *cmd, **out = NULL, *expanded, *path;
	const char *text;
	size_t n = 0, i;

	cmd = addressbook_command("abook --mutt-query '%s'", "o'brien; rm");
	is_str(cmd, "abook --mutt-query 'o'\\''brien; rm'",
	    "the word is quoted for the shell, mutt's quotes dropped");
	free(cmd);
	cmd = addressbook_command("khard email --parsable %s 100%%", "ann");
	is_str(cmd, "khard email --parsable 'ann' 100%", "a bare word place, and a doubled percent sign");
	free(cmd);
	addressbook_parse("Searching... 2 found\n"
	    "ann@example.org\tAnn Example\twork\nbo@example.org\n"
	    "not an address\tNobody\n\tNo address\n", &out, &n);
	ok(n == 2 && strcmp(out[0], "Ann Example <ann@example.org>") == 0 &&
	    strcmp(out[1], "bo@example.org") == 0,
	    "mutt's query format: the first line skipped, lines without an "
	    "address too");
	for (i = 0; i < n; i++)
		free(out[i]);
	free(out);
	path = xasprintf("%s/alias.rc", test_tmpdir());
	text = "alias team Ann <ann@example.org>, bo@example.org\n";
	file_write_new(path, text, strlen(text), FILE_NO_SYNC, NULL);
	config_load(c, path, &errors);
	expanded = addressbook_expand(c, "cy@example.org, team ,teams");
	is_str(expanded, "cy@example.org, Ann <ann@example.org>, bo@example.org"
	    ",teams", "an alias's name becomes its addresses, only whole");
	free(expanded);
	rc_errors_clear(&errors);
	config_free(c);
	free(path);
}

/* KEY or COMMAND as mua.1's table of default keys writes it. */
static char *
mdoc_word(const char *w)
{
	struct buf b = { NULL, 0, 0 };

	if (strchr(".'?!;:|=+-$/\\", w[0]) != NULL && strlen(w) == 1)
		buf_adds(&b, "\\&");
	for (; *w != '\0'; w++)
		if (*w == '\\')
			buf_adds(&b, "\\e");
		else
			buf_addc(&b, *w);
	return buf_take(&b);
}

/* Every default binding has its line in mua.1's DEFAULT KEYS. */
static void
test_manpage_keys(void)
{
	char *page = NULL, *defaults = xstrdup(keymap_defaults), *save = NULL;
	char *line, *views, *key, *command, *want, *k, *v, *p;
	size_t len;
	int missing = 0, n = 0;

	if (file_read(test_srcpath("doc/mua.1"), &page, &len, NULL) == -1) {
		ok(0, "doc/mua.1 can be read");
		return;
	}
	for (line = strtok_r(defaults, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save), n++) {
		views = strchr(line, ' ') + 1;
		key = strchr(views, ' ');
		*key++ = '\0';
		command = strchr(key, ' ');
		*command++ = '\0';
		if (*key == '\'')
			key[strlen(key) - 1] = '\0', key++;
		if (*command == '"')
			command[strlen(command) - 1] = '\0', command++;
		v = xstrdup(views);
		for (p = v; (p = strchr(p, ',')) != NULL; p++)
			*p = '\001';	/* ", " below */
		k = mdoc_word(key);
		want = xasprintf("\n.It Li %s Ta %s Ta %s\n", k, command, v);
		for (p = want; (p = strchr(p, '\001')) != NULL;) {
			char *joined = xasprintf("%.*s, %s", (int)(p - want),
			    want, p + 1);
			free(want);
			want = joined;
			p = want;
		}
		if (strstr(page, want) == NULL) {
			printf("# mua.1 lacks the default key line:%s", want);
			missing++;
		}
		free(want);
		free(k);
		free(v);
	}
	ok(n > 60, "keymap_defaults has its bindings (%d)", n);
	is_int(missing, 0, "mua.1 lists every default key, its command and views");
	free(defaults);
	free(page);
}

int
main(void)
{
	dir = test_tmpdir();
	setenv("HOME", dir, 1);
	unsetenv("MUA_TEST_UNSET");
	test_errors();
	test_all_errors_reported();
	test_missing_file();
	test_source();
	test_values();
	test_round_trip();
	test_manpage();
	test_manpage_keys();
	test_addressbook();
	test_cmdline();
	return test_done();
}
