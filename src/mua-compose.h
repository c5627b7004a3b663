/* mua-compose.h: the "mua compose" verb and "mua mailto:...". */
#ifndef MUA_COMPOSE_H
#define MUA_COMPOSE_H

/*
 * mua compose [-s SUBJECT] [-c ADDR]... [-b ADDR]... [-a FILE]...
 *             [--reply|--group|--list|--forward|--draft MESSAGE]
 *             [--queue-only] [ADDR... | mailto:URI]
 * Writes a message in the user's editor, then asks what to do with it:
 * send, postpone, edit again, attach, detach or abort. The draft is kept
 * in the account's drafts maildir after every editor run. ARGV holds
 * what follows "compose". Returns MUA_EXIT_OK unless something failed.
 */
int mua_compose(const char *file, int argc, char **argv);

#endif
