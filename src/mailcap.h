/*
 * mailcap.h: the user's mailcap files (RFC 1524): which program shows or
 * opens a type. The files are the user's and trusted; nothing from a
 * message is put into a command line: %s becomes a path mua made, %t the
 * entry's own type, and %{parameter} nothing.
 */
#ifndef MAILCAP_H
#define MAILCAP_H

struct mailcap_entry {
	char *type;		/* as written: "text/html", "image/" + star */
	char *command;
	int copiousoutput;	/* prints text to show in the pager */
	int needsterminal;
};

/*
 * Finds the first entry for TYPE ("text/html") in $MAILCAPS (a colon-
 * separated list of files) or else ~/.mailcap then /etc/mailcap, whose
 * test= command (if any) succeeds; with COPIOUS only copiousoutput
 * entries, else entries to open a part with (copiousoutput ones too).
 * Returns 1 with *out filled (free with mailcap_entry_clear()), 0 when
 * none fits.
 */
int mailcap_find(const char *type, int copious, struct mailcap_entry *out);

void mailcap_entry_clear(struct mailcap_entry *entry);

/*
 * The shell command for ENTRY on the file PATH (a path mua made: it is
 * quoted anyway). Sets *uses_file to whether %s was in it (else the
 * part goes to the command's standard input). Caller frees.
 */
char *mailcap_command(const struct mailcap_entry *entry, const char *path,
    int *uses_file);

#endif
