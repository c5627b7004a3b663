/*
 * crash-trace.h: for the tests only (doc/HACKING). mua keeps no core
 * dump (a password may be in it), so a crash that happens once in a CI
 * run would leave nothing to read. With MUA_CRASH_TRACE=FILE set, a
 * crashing mua appends its pid, the signal and a backtrace to FILE, then
 * dies of the signal as it would have. Not in sanitizer builds: their
 * own report is better.
 */
#ifndef CRASH_TRACE_H
#define CRASH_TRACE_H

/* Installs the handlers when MUA_CRASH_TRACE is set. */
void crash_trace_init(void);

#endif
