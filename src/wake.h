/*
 * wake.h: the UI loop's doorbell. The loop sleeps in poll() until there
 * is something to do; what finishes away from it (a worker thread, a
 * signal handler) rings by writing a byte to a pipe the loop watches.
 * Without wake_init() ringing does nothing (mua's verbs have no loop).
 */
#ifndef WAKE_H
#define WAKE_H

/* Makes the pipe, once. Returns 0, or -1 (errno set). */
int wake_init(void);

/* The end the loop polls, or -1 before wake_init(). */
int wake_fd(void);

/* Rings: async-signal-safe and thread-safe, never blocks. */
void wake_up(void);

/* Empties the pipe: the loop has answered. */
void wake_drain(void);

#endif
