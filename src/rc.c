/*
 * rc.c: the ~/.muarc language.
 *
 * A file is a sequence of statements, one per line ("\" at the end of a
 * line continues it). A statement is words: bare words, "double-quoted"
 * strings with \" \\ \n \t escapes, or 'single-quoted' literal strings,
 * plus the punctuation { } =. "#" at the start of a word comments out the
 * rest of the line. The first word names the command; "account NAME {"
 * opens a block of "key = value..." lines closed by "}".
 *
 * Errors never stop the parse: each is recorded with its file, line and
 * column, the statement is skipped, and the next one is read.
 */
#include "autodefs.h"

#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "config.h"
#include "file.h"
#include "mua.h"
#include "rc.h"
#include "suggest.h"

enum token_type {
	TOKEN_WORD,	/* bare or quoted */
	TOKEN_LBRACE,
	TOKEN_RBRACE,
	TOKEN_EQUALS,
};

struct token {
	enum token_type type;
	char *text;
	int quoted;
	int line, col;
};

struct statement {
	struct token *tokens;
	size_t n;
	int line, col;	/* of the first token */
};

/* The chain of files being read, for source cycles. */
struct rc_file {
	const char *real;	/* realpath, NULL for text */
	const struct rc_file *parent;
};

struct parser {
	struct config *config;
	struct rc_errors *errors;
	const char *name;	/* the file name in messages */
	const char *dir;	/* where relative source paths start */
	const struct rc_file *file;
	const char *p;
	int line, col;
	struct account *account;	/* inside "account NAME {" */
	int account_line, account_col;
	size_t account_errors;	/* errors before the block began */
};

static void parse_text(struct config *, const char *, const char *,
    const char *, const struct rc_file *, struct rc_errors *);

static void MUA_PRINTF(4, 5)
error_at(struct parser *ps, int line, int col, const char *fmt, ...)
{
	struct rc_errors *e = ps->errors;
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	e->lines = xreallocarray(e->lines, e->n + 1, sizeof *e->lines);
	e->lines[e->n++] = xasprintf("%s:%d:%d: %s", ps->name, line, col, msg);
	free(msg);
}

/* Reports CAUSE (freeing it) at token T. */
static void
error_token(struct parser *ps, const struct token *t, char *cause)
{
	error_at(ps, t->line, t->col, "%s", cause);
	free(cause);
}

void
rc_errors_clear(struct rc_errors *e)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		free(e->lines[i]);
	free(e->lines);
	e->lines = NULL;
	e->n = 0;
}

/* Moves past one byte of input, keeping line and column. */
static void
advance(struct parser *ps)
{
	if (*ps->p == '\n') {
		ps->line++;
		ps->col = 1;
	} else
		ps->col++;
	ps->p++;
}

/* Skips blanks and "\" line continuations, not newlines. */
static void
skip_blanks(struct parser *ps)
{
	for (;;) {
		if (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\r')
			advance(ps);
		else if (ps->p[0] == '\\' && ps->p[1] == '\n') {
			advance(ps);
			advance(ps);
		} else
			return;
	}
}

/* Appends C to the growing string *buf of *len bytes. */
static void
append(char **buf, size_t *len, char c)
{
	*buf = xreallocarray(*buf, *len + 2, 1);
	(*buf)[(*len)++] = c;
	(*buf)[*len] = '\0';
}

/* Reads the escape after a backslash in a double-quoted string. */
static int
read_escape(struct parser *ps, char **buf, size_t *len)
{
	static const char from[] = "\"\\nt", to[] = "\"\\\n\t";
	const char *hit = ps->p[1] != '\0' ? strchr(from, ps->p[1]) : NULL;

	if (hit == NULL) {
		error_at(ps, ps->line, ps->col, "unknown escape \"\\%c\" (use "
		    "\\\" \\\\ \\n or \\t)", ps->p[1] ? ps->p[1] : ' ');
		return -1;
	}
	append(buf, len, to[hit - from]);
	advance(ps);
	advance(ps);
	return 0;
}

/* Reads a quoted string into T; reports and returns -1 if it is broken. */
static int
read_quoted(struct parser *ps, struct token *t)
{
	char quote = *ps->p, *buf = xstrdup("");
	size_t len = 0;

	advance(ps);
	while (*ps->p != quote) {
		if (*ps->p == '\0' || *ps->p == '\n') {
			error_at(ps, t->line, t->col, "unterminated string");
			free(buf);
			return -1;
		}
		if (quote == '"' && *ps->p == '\\') {
			if (read_escape(ps, &buf, &len) == -1) {
				free(buf);
				return -1;
			}
			continue;
		}
		append(&buf, &len, *ps->p);
		advance(ps);
	}
	advance(ps);
	t->text = buf;
	t->quoted = 1;
	return 0;
}

/* Reads a bare word: everything up to a blank, quote or punctuation. */
static void
read_bare(struct parser *ps, struct token *t)
{
	const char *start = ps->p;

	while (*ps->p != '\0' && strchr(" \t\r\n\"'{}=", *ps->p) == NULL &&
	    !(ps->p[0] == '\\' && ps->p[1] == '\n'))
		advance(ps);
	t->text = xstrndup(start, (size_t)(ps->p - start));
}

/* Reads one token at the cursor (which is not blank); -1 on an error. */
static int
read_token(struct parser *ps, struct token *t)
{
	memset(t, 0, sizeof *t);
	t->line = ps->line;
	t->col = ps->col;
	t->type = TOKEN_WORD;
	switch (*ps->p) {
	case '"':
	case '\'':
		return read_quoted(ps, t);
	case '{':
	case '}':
	case '=':
		t->type = *ps->p == '{' ? TOKEN_LBRACE : *ps->p == '}' ?
		    TOKEN_RBRACE : TOKEN_EQUALS;
		t->text = xstrndup(ps->p, 1);
		advance(ps);
		return 0;
	}
	read_bare(ps, t);
	return 0;
}

static void
statement_clear(struct statement *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->tokens[i].text);
	free(s->tokens);
	memset(s, 0, sizeof *s);
}

/* Skips to the end of the line after an error. */
static void
skip_line(struct parser *ps)
{
	while (*ps->p != '\0' && *ps->p != '\n')
		advance(ps);
}

/*
 * Reads the next statement into S. Returns 1 with S filled (possibly empty
 * after an error or on a blank line), or 0 at the end of the text.
 */
static int
read_statement(struct parser *ps, struct statement *s)
{
	struct token t;

	memset(s, 0, sizeof *s);
	if (*ps->p == '\0')
		return 0;
	for (;;) {
		skip_blanks(ps);
		if (*ps->p == '#')
			skip_line(ps);
		if (*ps->p == '\0' || *ps->p == '\n')
			break;
		if (read_token(ps, &t) == -1) {
			statement_clear(s);
			skip_line(ps);
			break;
		}
		if (s->n == 0) {
			s->line = t.line;
			s->col = t.col;
		}
		s->tokens = xreallocarray(s->tokens, s->n + 1, sizeof t);
		s->tokens[s->n++] = t;
	}
	if (*ps->p == '\n')
		advance(ps);
	return 1;
}

int
rc_expand_path(const char *path, char **out, char **cause)
{
	const char *p = path, *home = getenv("HOME");
	char *buf = xstrdup("");
	size_t len = 0;

	if (p[0] == '~' && (p[1] == '/' || p[1] == '\0')) {
		free(buf);
		buf = xstrdup(home != NULL ? home : "");
		len = strlen(buf);
		p++;
	}
	while (*p != '\0') {
		if (*p != '$' || !(isalpha((unsigned char)p[1]) || p[1] == '_' ||
		    p[1] == '{')) {
			append(&buf, &len, *p++);
			continue;
		}
		int braced = p[1] == '{';
		const char *name = p + 1 + braced, *end = name, *value;
		while (isalnum((unsigned char)*end) || *end == '_')
			end++;
		if (braced && *end != '}') {
			free(buf);
			return set_cause(cause, "unclosed ${ in \"%s\"", path);
		}
		char *var = xstrndup(name, (size_t)(end - name));
		if ((value = getenv(var)) == NULL) {
			set_cause(cause, "$%s is not set", var);
			free(var);
			free(buf);
			return -1;
		}
		free(var);
		while (*value != '\0')
			append(&buf, &len, *value++);
		p = end + braced;
	}
	*out = buf;
	return 0;
}

char *
rc_quote(const char *s)
{
	char *buf = xstrdup("\"");
	size_t len = 1;

	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			append(&buf, &len, '\\');
		if (*s == '\n' || *s == '\t') {
			append(&buf, &len, '\\');
			append(&buf, &len, *s == '\n' ? 'n' : 't');
		} else
			append(&buf, &len, *s);
	}
	append(&buf, &len, '"');
	return buf;
}

/* Checks that S has N words after the command; reports USAGE if not. */
static int
want_words(struct parser *ps, const struct statement *s, size_t min,
    size_t max, const char *usage)
{
	size_t i;

	for (i = 1; i < s->n; i++)
		if (s->tokens[i].type != TOKEN_WORD) {
			error_at(ps, s->tokens[i].line, s->tokens[i].col,
			    "unexpected \"%s\" (usage: %s)", s->tokens[i].text,
			    usage);
			return -1;
		}
	if (s->n - 1 < min || s->n - 1 > max) {
		error_at(ps, s->line, s->col, "usage: %s", usage);
		return -1;
	}
	return 0;
}

/*
 * Sets option NAME from token T. A path is stored as written, so that ~
 * and $HOME stay as the user wrote them, but is expanded once now so that
 * an unset variable is reported here rather than when it is used.
 */
static void
set_option(struct parser *ps, const struct token *name, const struct token *t)
{
	const struct option_entry *e = options_find(name->text);
	char *cause = NULL, *value = NULL;

	if (e == NULL) {
		error_at(ps, name->line, name->col, "unknown variable \"%s\"%s",
		    name->text, suggest_hint(name->text, options_table,
		    sizeof *options_table));
		return;
	}
	if (e->type == OPTION_PATH && rc_expand_path(t->text, &value,
	    &cause) == -1) {
		error_token(ps, t, cause);
		return;
	}
	free(value);
	if (options_set(ps->config->options, e->name, t->text, &cause) == -1)
		error_token(ps, t, cause);
}

/* set NAME = VALUE, or set NAME for a yes/no variable. */
static void
cmd_set(struct parser *ps, struct statement *s)
{
	static const struct token yes = { TOKEN_WORD, (char *)"yes", 0, 0, 0 };
	const char *usage = "set NAME = VALUE";
	struct token *t = s->tokens;

	if (s->n == 2 && t[1].type == TOKEN_WORD) {
		const struct option_entry *e = options_find(t[1].text);
		if (e != NULL && e->type != OPTION_BOOL) {
			error_at(ps, t[1].line, t[1].col, "%s is a %s: set %s = "
			    "VALUE", e->name, options_type_name(e), e->name);
			return;
		}
		struct token here = yes;
		here.line = t[1].line;
		here.col = t[1].col;
		set_option(ps, &t[1], &here);
		return;
	}
	if (s->n != 4 || t[1].type != TOKEN_WORD ||
	    t[2].type != TOKEN_EQUALS || t[3].type != TOKEN_WORD) {
		error_at(ps, s->line, s->col, "usage: %s", usage);
		return;
	}
	set_option(ps, &t[1], &t[3]);
}

/* unset NAME: no for yes/no variables, empty for strings and paths. */
static void
cmd_unset(struct parser *ps, struct statement *s)
{
	const struct option_entry *e;
	struct token *name = &s->tokens[1], empty;

	if (want_words(ps, s, 1, 1, "unset NAME") == -1)
		return;
	if ((e = options_find(name->text)) != NULL && e->type != OPTION_BOOL &&
	    e->type != OPTION_STRING && e->type != OPTION_PATH) {
		error_at(ps, name->line, name->col, "%s is a %s and can't be "
		    "unset: set %s = VALUE", e->name, options_type_name(e),
		    e->name);
		return;
	}
	empty = *name;
	empty.text = (char *)(e != NULL && e->type == OPTION_BOOL ? "no" : "");
	set_option(ps, name, &empty);
}

/* account NAME { */
static void
cmd_account(struct parser *ps, struct statement *s)
{
	struct token *t = s->tokens;

	if (s->n != 3 || t[1].type != TOKEN_WORD || t[2].type != TOKEN_LBRACE) {
		error_at(ps, s->line, s->col, "usage: account NAME {");
		return;
	}
	if (ps->account != NULL) {
		error_at(ps, s->line, s->col, "account blocks don't nest");
		return;
	}
	ps->account = account_new(t[1].text);
	ps->account_line = s->line;
	ps->account_col = s->col;
	ps->account_errors = ps->errors->n;
}

/* A "key = value..." line inside an account block. */
static void
account_line(struct parser *ps, struct statement *s)
{
	struct token *t = s->tokens;
	const char **values;
	char *cause = NULL, *expanded = NULL;
	size_t i, n;

	if (s->n < 3 || t[0].type != TOKEN_WORD || t[1].type != TOKEN_EQUALS) {
		error_at(ps, s->line, s->col, "usage: KEY = VALUE... (or \"}\" "
		    "to end the account)");
		return;
	}
	n = s->n - 2;
	values = xcalloc(n, sizeof *values);
	for (i = 0; i < n; i++) {
		values[i] = t[i + 2].text;
		if (t[i + 2].type != TOKEN_WORD) {
			error_at(ps, t[i + 2].line, t[i + 2].col, "unexpected "
			    "\"%s\"", t[i + 2].text);
			goto out;
		}
	}
	/* Paths are stored as written and checked as for set_option(). */
	if (account_is_path(t[0].text))
		rc_expand_path(values[0], &expanded, &cause);
	free(expanded);
	if (cause != NULL || account_set(ps->account, t[0].text, values, n,
	    &cause) == -1)
		error_token(ps, cause && strstr(cause, "unknown account") ?
		    &t[0] : &t[2], cause);
out:
	free(values);
}

/* "}" closes the account block. */
static void
end_account(struct parser *ps, struct statement *s)
{
	struct account *a = ps->account;
	char *cause = NULL;

	ps->account = NULL;
	if (s->n != 1) {
		error_at(ps, s->line, s->col, "\"}\" stands alone on its line");
		account_free(a);
		return;
	}
	/* A block with errors was reported already: don't pile on. */
	if (ps->errors->n > ps->account_errors) {
		account_free(a);
		return;
	}
	if (account_check(a, &cause) == -1 ||
	    config_add_account(ps->config, a, &cause) == -1) {
		error_at(ps, ps->account_line, ps->account_col, "%s", cause);
		free(cause);
		account_free(a);
	}
}

/* query NAME QUERY */
static void
cmd_query(struct parser *ps, struct statement *s)
{
	if (want_words(ps, s, 2, 2, "query NAME QUERY") == 0)
		config_add_query(ps->config, s->tokens[1].text,
		    s->tokens[2].text);
}

/*
 * alias NAME ADDRESS..., as in mutt: the words after the name are the
 * addresses ("Ann Example <ann@example.org>, bo@example.org"), quoted
 * or not.
 */
static void
cmd_alias(struct parser *ps, struct statement *s)
{
	struct buf b = { NULL, 0, 0 };
	size_t i;

	if (want_words(ps, s, 2, (size_t)-1, "alias NAME ADDRESS...") == -1)
		return;
	for (i = 2; i < s->n; i++)
		buf_printf(&b, "%s%s", i > 2 ? " " : "", s->tokens[i].text);
	if (strchr(b.s, '@') == NULL)
		error_token(ps, &s->tokens[2], xstrdup("an alias needs an "
		    "address (name@domain)"));
	else
		config_add_alias(ps->config, s->tokens[1].text, b.s);
	free(b.s);
}

/* Parses the views and keys of bind, macro and unbind. */
static int
views_and_keys(struct parser *ps, struct statement *s, unsigned *views,
    int *keys, size_t *nkeys)
{
	char *cause = NULL;

	if (keymap_parse_views(s->tokens[1].text, views, &cause) == -1) {
		error_token(ps, &s->tokens[1], cause);
		return -1;
	}
	if (keymap_parse_keys(s->tokens[2].text, keys, nkeys, &cause) == -1) {
		error_token(ps, &s->tokens[2], cause);
		return -1;
	}
	return 0;
}

/* bind VIEWS KEYS COMMAND and macro VIEWS KEYS "COMMAND; COMMAND..." */
static void
bind_or_macro(struct parser *ps, struct statement *s, int macro)
{
	int keys[KEYMAP_MAX_KEYS];
	unsigned views;
	size_t nkeys;
	int v;
	char *cause = NULL;
	struct token *cmd = &s->tokens[3];

	if (want_words(ps, s, 3, 3, macro ? "macro VIEWS KEYS \"COMMANDS\"" :
	    "bind VIEWS KEYS COMMAND") == -1 ||
	    views_and_keys(ps, s, &views, keys, &nkeys) == -1)
		return;
	if (!macro && strchr(cmd->text, ';') != NULL) {
		error_at(ps, cmd->line, cmd->col, "bind takes one command: use "
		    "macro for several");
		return;
	}
	if (cmd_check_line(cmd->text, &cause) == -1) {
		error_token(ps, cmd, cause);
		return;
	}
	for (v = 0; v < KEYMAP_NVIEWS; v++)
		if (views & (1u << v))
			keymap_bind(ps->config->keymap, (enum keymap_view)v, keys,
			    nkeys, cmd->text);
}

static void
cmd_bind(struct parser *ps, struct statement *s)
{
	bind_or_macro(ps, s, 0);
}

static void
cmd_macro(struct parser *ps, struct statement *s)
{
	bind_or_macro(ps, s, 1);
}

/* unbind VIEWS KEYS */
static void
cmd_unbind(struct parser *ps, struct statement *s)
{
	int keys[KEYMAP_MAX_KEYS], v, found = 0;
	unsigned views;
	size_t nkeys;

	if (want_words(ps, s, 2, 2, "unbind VIEWS KEYS") == -1 ||
	    views_and_keys(ps, s, &views, keys, &nkeys) == -1)
		return;
	for (v = 0; v < KEYMAP_NVIEWS; v++)
		if (views & (1u << v))
			found |= keymap_unbind(ps->config->keymap,
			    (enum keymap_view)v, keys, nkeys) == 0;
	if (!found)
		error_at(ps, s->tokens[2].line, s->tokens[2].col, "\"%s\" is "
		    "not bound in %s", s->tokens[2].text, s->tokens[1].text);
}

/* color OBJECT [ATTRIBUTE...] FOREGROUND BACKGROUND */
static void
cmd_color(struct parser *ps, struct statement *s)
{
	const char *words[16];
	struct color_spec spec;
	char *cause = NULL;
	size_t i, bad;

	if (want_words(ps, s, 3, nitems(words), "color OBJECT [ATTRIBUTE...] "
	    "FOREGROUND BACKGROUND") == -1)
		return;
	for (i = 1; i < s->n; i++)
		words[i - 1] = s->tokens[i].text;
	if (color_parse(words, s->n - 1, &spec, &bad, &cause) == -1) {
		error_token(ps, &s->tokens[bad + 1], cause);
		return;
	}
	config_add_color(ps->config, &spec);
}

/* Returns whether REAL is already being read: a source cycle. */
static int
in_chain(const struct rc_file *f, const char *real)
{
	for (; f != NULL; f = f->parent)
		if (f->real != NULL && strcmp(f->real, real) == 0)
			return 1;
	return 0;
}

/* Reads the file PATH, the top file or one sourced from PARENT. */
static void
read_file(struct config *config, const char *path, const struct rc_file *parent,
    struct rc_errors *errors, struct parser *from, const struct token *at)
{
	char *text = NULL, *copy, real[PATH_MAX];
	struct rc_file file = { real, parent };
	size_t len;

	/* The real name tells a file sourced twice; a descriptor the UI
	 * hands a child (/dev/fd/N, an anonymous file) has none. */
	if (realpath(path, real) == NULL)
		snprintf(real, sizeof real, "%s", path);
	if (file_read(path, &text, &len, NULL) == -1) {
		char *why = xasprintf("can't read %s: %s", path,
		    strerror(errno));
		if (from != NULL)
			error_token(from, at, why);
		else {
			/* The top file: no line to point at. */
			errors->lines = xreallocarray(errors->lines,
			    errors->n + 1, sizeof *errors->lines);
			errors->lines[errors->n++] = why;
		}
		return;
	}
	if (in_chain(parent, real)) {
		error_at(from, at->line, at->col, "source cycle: %s is already "
		    "being read", path);
		free(text);
		return;
	}
	copy = xstrdup(path);
	parse_text(config, path, dirname(copy), text, &file, errors);
	free(copy);
	free(text);
}

/* source PATH: read another file; never a command ("cmd|"). */
static void
cmd_source(struct parser *ps, struct statement *s)
{
	struct token *t = &s->tokens[1];
	char *path = NULL, *cause = NULL, *full;

	if (want_words(ps, s, 1, 1, "source PATH") == -1)
		return;
	if (t->text[0] != '\0' && t->text[strlen(t->text) - 1] == '|') {
		error_at(ps, t->line, t->col, "source reads files, it doesn't "
		    "run commands: \"%s\"", t->text);
		return;
	}
	if (rc_expand_path(t->text, &path, &cause) == -1) {
		error_token(ps, t, cause);
		return;
	}
	full = path[0] == '/' || ps->dir == NULL ? xstrdup(path) :
	    xasprintf("%s/%s", ps->dir, path);
	read_file(ps->config, full, ps->file, ps->errors, ps, t);
	free(full);
	free(path);
}

static const struct {
	const char *name;
	void (*fn)(struct parser *, struct statement *);
} commands[] = {
	{ "account", cmd_account }, { "alias", cmd_alias }, { "bind", cmd_bind },
	{ "color", cmd_color }, { "macro", cmd_macro },
	{ "query", cmd_query }, { "set", cmd_set }, { "source", cmd_source },
	{ "unbind", cmd_unbind }, { "unset", cmd_unset }, { NULL, NULL },
};

const char *
rc_command_name(size_t i)
{
	return i < nitems(commands) ? commands[i].name : NULL;
}

static void
dispatch(struct parser *ps, struct statement *s)
{
	const struct token *first = &s->tokens[0];
	size_t i;

	if (ps->account != NULL) {
		if (first->type == TOKEN_RBRACE)
			end_account(ps, s);
		else
			account_line(ps, s);
		return;
	}
	for (i = 0; commands[i].name != NULL; i++)
		if (first->type == TOKEN_WORD &&
		    strcmp(commands[i].name, first->text) == 0) {
			commands[i].fn(ps, s);
			return;
		}
	error_at(ps, first->line, first->col, "unknown command \"%s\"%s",
	    first->text, suggest_hint(first->text, commands, sizeof *commands));
}

static void
parse_text(struct config *config, const char *name, const char *dir,
    const char *text, const struct rc_file *file, struct rc_errors *errors)
{
	struct parser ps = { config, errors, name, dir, file, text, 1, 1, NULL,
		0, 0, 0 };
	struct statement s;

	while (read_statement(&ps, &s)) {
		if (s.n > 0)
			dispatch(&ps, &s);
		statement_clear(&s);
	}
	if (ps.account != NULL) {
		error_at(&ps, ps.account_line, ps.account_col, "account \"%s\" "
		    "is not closed (no \"}\")", account_name(ps.account));
		account_free(ps.account);
	}
}

void
rc_parse_string(struct config *config, const char *name, const char *text,
    struct rc_errors *errors)
{
	static const struct rc_file none = { NULL, NULL };

	parse_text(config, name, NULL, text, &none, errors);
}

void
rc_parse_file(struct config *config, const char *path,
    struct rc_errors *errors)
{
	read_file(config, path, NULL, errors, NULL, NULL);
}
