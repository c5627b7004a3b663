/*
 * secret.h: passwords typed into the UI, handed to the jobs it starts.
 * A job (mua sync, mua send) started by the UI never reads the terminal:
 * the UI asks in a prompt that doesn't echo, keeps what was typed in
 * memory for the session, and writes it to a pipe the child reads once
 * (MUA_PASSWORD_FD names its descriptor). Nothing goes into argv, the
 * environment, a history or a log.
 */
#ifndef SECRET_H
#define SECRET_H

struct account;

/* The typed passwords of a session. */
struct secret_list;

/*
 * Before a secret is in memory: no core dump can hold it, and no other
 * process of the user can read this one's memory (ptrace, /proc/PID/mem).
 */
void secret_protect(void);

/* Whether ACCOUNT's PROTOCOL ("imap", "pop3", "smtp") server needs a
 * typed password: it has one, and no pass_command or oauth_command. */
int secret_wanted(const struct account *account, const char *protocol);

/* Overwrites the password S (one the compiler can't skip) and frees it;
 * NULL is fine. */
void secret_wipe(char *s);

/*
 * Whether CAUSE, a sync's or send's failure, is a server refusing the
 * login ("the login as USER was refused"): the password was wrong,
 * worth asking for again.
 */
int secret_refused(const char *cause);

struct secret_list *secret_list_new(void);
/* Wipes every password and frees L (NULL is fine). */
void secret_list_free(struct secret_list *l);
/* PASSWORD (taken; wiped when freed) for ACCOUNT's PROTOCOL, replacing
 * one kept before; PASSWORD NULL forgets it (a login refused it). */
void secret_set(struct secret_list *l, const char *account,
    const char *protocol, char *password);
/* The password kept for ACCOUNT's PROTOCOL, or NULL. */
const char *secret_get(const struct secret_list *l, const char *account,
    const char *protocol);

/*
 * Makes a pipe holding every password of L for a child: returns the
 * read end (the child dup2()s it and is told its number through
 * MUA_PASSWORD_FD), or -1 with *cause set.
 */
int secret_pipe(const struct secret_list *l, char **cause);

/*
 * In a child the UI started (MUA_PASSWORD_FD set): *out gets the password
 * handed over for ACCOUNT's PROTOCOL (caller wipes and frees). Returns 1,
 * 0 when the process wasn't started so (then the terminal may be asked),
 * or -1 with *cause set when none was handed over.
 */
int secret_from_parent(const char *account, const char *protocol, char **out,
    char **cause);

#endif
