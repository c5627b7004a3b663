#!/usr/bin/env python3
"""A TCP proxy that breaks connections on purpose, for fault tests.

usage: faultproxy.py TARGET_PORT MODE BYTES

Listens on 127.0.0.1 (the port is printed on the first line) and forwards
each connection to 127.0.0.1:TARGET_PORT. After BYTES bytes came from the
server on a connection, MODE decides: "cut" closes both sides at once (a
dropped link mid-answer), "stall" stops forwarding and keeps the sockets
open (a server that stops answering). Bytes are counted below TLS, so the
cut lands inside whatever the server was sending.
"""
import select
import socket
import sys
import threading


def serve(client, target, mode, limit):
    server = socket.create_connection(("127.0.0.1", target))
    sent = 0
    try:
        while True:
            ready, _, _ = select.select([client, server], [], [])
            if client in ready:
                data = client.recv(65536)
                if not data:
                    return
                server.sendall(data)
            if server in ready:
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
