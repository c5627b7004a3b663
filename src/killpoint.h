/*
 * killpoint.h: deterministic crashes for the tests. Every durable path
 * (fetching, the outbox, the tag writer, drafts) calls killpoint() right
 * after each step that reached the disk or the server. Two environment
 * variables, both for tests only (doc/HACKING):
 *
 *   MUA_KILL_AT="PATH N"  the process kills itself with SIGKILL right
 *                         after the Nth step (from 1) of PATH;
 *   MUA_KILL_LOG=FILE     each step appends "PATH STEP" to FILE, so a
 *                         test can count a path's steps in a whole run;
 *   MUA_TEST_BATCH=N      fetches go in batches of at most N messages,
 *                         so that a few messages cross several batches.
 *
 * Without them a call costs one branch.
 */
#ifndef KILLPOINT_H
#define KILLPOINT_H

#include <stddef.h>

/* A durable step of PATH ("fetch", "pop3", ...) named STEP is done. */
void killpoint(const char *path, const char *step);

/* NORMAL, or MUA_TEST_BATCH when that is set to a smaller number. */
size_t killpoint_batch(size_t normal);

#endif
