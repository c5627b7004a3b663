/*
 * cmd.h: the command vocabulary: every command a key, a macro or the ":"
 * line can run, with its arguments and a line of help. Key bindings are
 * validated against it when the configuration is read.
 */
#ifndef CMD_H
#define CMD_H

struct cmd_entry {
	const char *name;
	const char *usage;	/* arguments, "" for none */
	const char *help;
	int min_args, max_args;	/* max_args -1: any number */
};

/* The table, terminated by an entry with a NULL name. */
extern const struct cmd_entry cmd_table[];

/* Returns the entry called NAME, or NULL. */
const struct cmd_entry *cmd_find(const char *name);

/*
 * Checks a command line such as "tag +spam -inbox; next": each
 * ';'-separated command must exist and get an acceptable number of
 * arguments. Returns 0, or -1 with *cause set.
 */
int cmd_check_line(const char *line, char **cause);

#endif
