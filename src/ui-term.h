/* ui-term.h: whether terminfo knows the terminal, asked before curses
 * starts. */
#ifndef UI_TERM_H
#define UI_TERM_H

/*
 * Whether terminfo has an entry for $TERM. Asked apart from starting
 * curses: initscr() prints its own error and exits, and a newterm() that
 * fails leaks what it made.
 */
int ui_term_known(void);

#endif
