/* mua-send.h: the "mua send" verb. */
#ifndef MUA_SEND_H
#define MUA_SEND_H

/*
 * mua send [-s SUBJECT] [-c ADDR]... [-b ADDR]... [-a FILE]... [ADDR...]:
 * with addresses, first queues a message to them built from standard
 * input (From: the default account); then sends every account's queued
 * messages, a line per message. ARGV holds what follows "send". Returns
 * MUA_EXIT_OK only when every message went.
 */
int mua_send(const char *file, int argc, char **argv);

#endif
