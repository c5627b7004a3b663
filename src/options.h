/*
 * options.h: the one table of variables ("set NAME = VALUE"): name, type,
 * default, range and a line of help. It drives the parser, validation,
 * --dump-config and the man page check.
 */
#ifndef OPTIONS_H
#define OPTIONS_H

enum option_type {
	OPTION_STRING,
	OPTION_PATH,	/* stored as written; rc_expand_path() when used */
	OPTION_NUMBER,	/* an integer in [min, max] */
	OPTION_BOOL,	/* yes or no */
	OPTION_CHOICE,	/* one of choices */
};

struct option_entry {
	const char *name;
	enum option_type type;
	const char *default_value;
	long min, max;
	const char *const *choices;	/* NULL-terminated, for OPTION_CHOICE */
	const char *help;
};

/* The table, terminated by an entry with a NULL name. */
extern const struct option_entry options_table[];

/* The values of every option; starts at the defaults. */
struct options;

struct options *options_new(void);
void options_free(struct options *options);

/* Returns the table entry for NAME, or NULL. */
const struct option_entry *options_find(const char *name);

/*
 * Sets the option NAME to the text VALUE, after checking it against the
 * option's type and range (paths are stored as given: the caller expands
 * them). Returns 0, or -1 with *cause set and the old value kept.
 */
int options_set(struct options *options, const char *name, const char *value,
    char **cause);

/* The value of an option, as text (every type) or as a number. */
const char *options_get(const struct options *options, const char *name);
long options_get_number(const struct options *options, const char *name);
int options_get_bool(const struct options *options, const char *name);

/*
 * The value checks, shared with account settings: VALUE is yes or no; VALUE
 * is one of the NULL-terminated CHOICES. Return 0, or -1 with *cause set
 * to a message about NAME.
 */
int options_check_yes_no(const char *name, const char *value, char **cause);
int options_check_choice(const char *name, const char *const *choices,
    const char *value, char **cause);

/* Returns how TYPE is written in errors and the man page: "yes/no", ... */
const char *options_type_name(const struct option_entry *entry);

#endif
