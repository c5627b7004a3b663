/*
 * ui-term.c: the terminal type checked; see ui-term.h. Apart from ui.c
 * because <term.h> defines macros ("lines", "columns") that clash with
 * ordinary names.
 */
#include "autodefs.h"

#include <curses.h>
#include <term.h>
#include <unistd.h>

#include "ui-term.h"

int
ui_term_known(void)
{
	int err;

	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return 0;
	del_curterm(cur_term);
	return 1;
}
