/*
 * mime.h: a message file turned into lines of text for the pager, through
 * GMime (the parser notmuch uses; libetpan's crashes on hostile headers).
 * Only mime*.c include GMime. The text is UTF-8 but otherwise untrusted:
 * it reaches the screen through text_sanitize() like all mail text.
 */
#ifndef MIME_H
#define MIME_H

#include <stddef.h>

enum mime_line_kind {
	MIME_HEADER,	/* "Name: value" */
	MIME_BODY,	/* a line of a text part */
	MIME_NOTE,	/* "[-- ... --]": an attachment, a part not shown */
};

struct mime_line {
	enum mime_line_kind kind;
	char *text;
};

struct mime_doc {
	struct mime_line *lines;
	size_t n, cap;
	int locked;		/* a part waits for its key's passphrase */
	char *session_key;	/* of an encrypted part read, to stash */
};

struct mime_options {
	const char *headers;	/* names to show, space-separated, in order */
	int all_headers;	/* show every header as it comes instead */
	const char *alternative_order;	/* "text/plain text/html" */
	/*
	 * Turns HTML into text with the user's converter (a mailcap
	 * copiousoutput entry): the text (caller frees), or NULL to use
	 * mime_html_to_text(). May be NULL.
	 */
	char *(*html_filter)(void *arg, const char *html);
	void *html_arg;
	size_t max_part;	/* bytes of a text part shown; 0: all */
	/* Check signatures with gpg (mime-crypt.c): the pager and print do;
	 * a reply's quote doesn't. It starts gpg: never on the UI's loop. */
	int verify;
	/* Decrypt PGP/MIME (the pager does, off the loop); only asking for
	 * a passphrase (pinentry on the terminal) when the user asked. */
	enum { MIME_DECRYPT_NO, MIME_DECRYPT_QUIET, MIME_DECRYPT_ASK } decrypt;
	/* A session key notmuch stashed for the message, or NULL. */
	const char *session_key;
};

/*
 * Reads the message file PATH and appends its headers, a blank line and
 * its body to DOC: text parts decoded and converted to UTF-8, HTML as
 * plain text, of each multipart/alternative the part OPTIONS prefer,
 * forwarded messages inline with their headers, and a note for each part
 * that isn't text. Returns 0, or -1 with *cause set (DOC is then empty).
 */
int mime_render(const char *path, const struct mime_options *options,
    struct mime_doc *doc, char **cause);

/* As mime_render(), from the LEN bytes of DATA (a copy is made). */
int mime_render_data(const char *data, size_t len,
    const struct mime_options *options, struct mime_doc *doc, char **cause);

void mime_doc_clear(struct mime_doc *doc);

/*
 * Sends the log messages of GLib and the libraries on it (GMime, and
 * notmuch through GMime) to FN, one line each, instead of to stderr:
 * what the UI does while curses owns the terminal. NULL gives them back
 * to stderr. Only the calling thread's messages reach FN.
 */
void mime_log_to(void (*fn)(void *arg, const char *line), void *arg);

/* How such a line begins ("library: gmime critical: ..."); a child of
 * the UI writes it after "mua: ", and the UI keeps it in the log only. */
#define MIME_LOG_PREFIX "library: "

/* The log messages as lines of mua's own on stderr ("mua: library:
 * ..."), for the verbs the UI runs as children (sync, send). */
void mime_log_to_stderr(void);

/* Appends a line of KIND to DOC, copying TEXT. */
void mime_doc_add(struct mime_doc *doc, enum mime_line_kind kind,
    const char *text);

/* One part of a message, as the part list shows it. */
struct mime_part {
	int depth;		/* 0: the message's own body */
	char *type;		/* "text/plain" */
	char *name;		/* the file name it came with (decoded), or "" */
	long long size;		/* decoded size, estimated; -1 unknown */
	int container;		/* a multipart: no content of its own */
};

/*
 * The parts of the message file PATH, depth first, containers included
 * (index i is part i for mime_part_write()). Caller frees with
 * mime_parts_free(). Returns 0, or -1 with *cause set.
 */
int mime_parts(const char *path, struct mime_part **out, size_t *n,
    char **cause);
void mime_parts_free(struct mime_part *parts, size_t n);

/*
 * Writes the content of part INDEX of PATH to the file descriptor FD,
 * decoded (base64, quoted-printable); a forwarded message is written
 * whole. Streams: the part is never held in memory at once. Returns 0, or
 * -1 with *cause set.
 */
int mime_part_write(const char *path, size_t index, int fd, char **cause);

/*
 * A file name for saving a part named NAME (any bytes, from the mail):
 * no directories, no control characters, no leading dots or dashes, not a
 * device name, at most 200 bytes, never empty ("attachment"). Caller
 * frees.
 */
char *mime_safe_filename(const char *name);

/* One hop of a message's route, from a Received: header. */
struct mime_hop {
	char *from, *by, *with;	/* the servers and the protocol; may be NULL */
	long long when;		/* the time stamped; -1 none or malformed */
};

/*
 * The hops of the message file PATH, oldest first. Caller frees with
 * mime_route_free(). Returns 0, or -1 with *cause set.
 */
int mime_route(const char *path, struct mime_hop **out, size_t *n,
    char **cause);
void mime_route_free(struct mime_hop *hops, size_t n);

/*
 * Joins format=flowed TEXT (RFC 3676) into its paragraphs: soft line
 * breaks (a trailing space) undone, space-stuffing removed, quote
 * prefixes normalised to "> ". DELSP: the trailing space is not part of
 * the text. Caller frees.
 */
char *mime_flowed_decode(const char *text, int delsp);

/*
 * Turns the HTML text HTML into plain text for reading: no tags, no
 * script or style, paragraphs and line breaks kept, entities decoded
 * (mime-html.c). Caller frees.
 */
char *mime_html_to_text(const char *html);

#endif
