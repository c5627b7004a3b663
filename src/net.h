/*
 * net.h: TCP connections with timeouts. A dead server or a suspended
 * laptop makes a call fail after the timeout; nothing waits forever.
 */
#ifndef NET_H
#define NET_H

/*
 * Connects to HOST:PORT, trying each address the name has (IPv6 and
 * IPv4) in turn, each for at most TIMEOUT seconds. Returns a blocking
 * socket, or -1 with *cause saying what failed for the last address.
 */
int net_connect(const char *host, const char *port, int timeout,
    char **cause);

#endif
