#!/usr/bin/env python3
"""A TCP proxy that breaks connections on purpose, for fault tests.

usage: faultproxy.py TARGET_PORT MODE BYTES

Listens on 127.0.0.1 (the port is printed on the first line) and forwards
each connection to 127.0.0.1:TARGET_PORT. MODE decides what breaks:
  cut      after BYTES bytes from the server, close both sides at once (a
           dropped link mid-answer)
  stall    after BYTES bytes from the server, stop forwarding and keep the
           sockets open (a server that stops answering)
  cutup    after BYTES bytes from the client, close both sides (a link
           dropped while the client sends, mid-DATA say)
  cutdot   once the client's bytes end in CRLF . CRLF (the end of an SMTP
           message), forward them and close both sides before the
           server's answer can come back (BYTES is ignored)
  slow     every answer from the server waits BYTES milliseconds (a slow
           link), so a client can be interrupted in mid-work
  strip    a downgrade attacker: STARTTLS and STLS are blotted out of
           what the server says, so it seems to offer no TLS (BYTES is
           ignored)
Bytes are counted below TLS, so a cut lands inside whatever was going.
"""
import select
import socket
import sys
import threading
import time


def serve(client, target, mode, limit):
    server = socket.create_connection(("127.0.0.1", target))
    sent = up = 0
    tail = b""
    try:
        while True:
            ready, _, _ = select.select([client, server], [], [])
            if client in ready:
                data = client.recv(65536)
                if not data:
                    return
                if mode == "cutup":
                    room = limit - up
                    server.sendall(data[:max(room, 0)])
                    up += len(data)
                    if up >= limit:
                        return
                    continue
                server.sendall(data)
                tail = (tail + data)[-5:]
                if mode == "cutdot" and tail == b"\r\n.\r\n":
                    return
            if server in ready and mode in ("cutup", "cutdot"):
                data = server.recv(65536)
                if not data:
                    return
                client.sendall(data)
            elif server in ready and mode == "slow":
                data = server.recv(65536)
                if not data:
                    return
                time.sleep(limit / 1000)
                client.sendall(data)
            elif server in ready and mode == "strip":
                data = server.recv(65536)
                if not data:
                    return
                client.sendall(data.replace(b"STARTTLS", b"XXXXXXXX")
                               .replace(b"STLS", b"XXXX"))
            elif server in ready:
                data = server.recv(65536)
                if not data:
                    return
                room = limit - sent
                client.sendall(data[:max(room, 0)])
                sent += len(data)
                if sent >= limit:
                    break
        if mode == "stall":
            threading.Event().wait(3600)
    finally:
        client.close()
        server.close()


def main():
    target, mode, limit = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    print(listener.getsockname()[1], flush=True)
    while True:
        client, _ = listener.accept()
        threading.Thread(target=serve, args=(client, target, mode, limit),
                         daemon=True).start()


main()
