/*
 * ui-export.h: the index's and the pager's |, s, p and b. The messages (a
 * thread's, the marked threads', the one shown) are piped to a command
 * the user types, saved to an mbox or a maildir, printed as the pager
 * shows them through print_command, or bounced (ui-bounce.h). The messages never become part of a
 * command line: they reach commands on standard input, from a file mua
 * made and removed.
 */
#ifndef UI_EXPORT_H
#define UI_EXPORT_H

#include <stddef.h>

struct store;
struct ui;

/*
 * Runs COMMAND on the N message files PATHS: "pipe" asks for a command
 * and gives it the messages (as export_stream() writes them) on its
 * standard input; "save" asks for an mbox or maildir (Tab completes);
 * "print" asks, then prints their text through print_command; "bounce"
 * asks for addresses (STORE, the UI's, offers some). The questions are
 * the view OWNER's; the paths are copied. Returns -1 when COMMAND is none
 * of them.
 */
int ui_export_command(struct ui *ui, void *owner, struct store *store,
    const char *command, const char *const *paths, size_t n);

/*
 * The messages an answer acts on: their paths copied (the view they came
 * from may read its messages again before the answer comes), and what
 * they are called ("the message", "3 messages").
 */
struct ui_batch {
	char **paths;
	size_t n;
	char *what;
};

struct ui_batch *ui_batch_new(const char *const *paths, size_t n);
void ui_batch_free(struct ui_batch *b);

/* "the message", "3 messages": what prompts and the status line say
 * the N messages are (caller frees). */
char *ui_export_how_many(size_t n);

/* Whether COMMAND is one ui_export_command() runs. */
int ui_export_has_command(const char *command);

#endif
