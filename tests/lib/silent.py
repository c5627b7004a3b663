# tests/lib/silent.py [FILE]: a server that accepts connections and never
# says a word. Prints its port first (for start_listener); with FILE,
# appends "accepted" to it at each connection, so a test can wait for
# the client to be waiting.
import socket
import sys

s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen()
print(s.getsockname()[1], flush=True)
conns = []
while True:
    c, _ = s.accept()
    conns.append(c)  # accepted, never answered
    if len(sys.argv) > 1:
        with open(sys.argv[1], "a") as f:
            f.write("accepted\n")
