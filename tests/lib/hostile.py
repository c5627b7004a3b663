#!/usr/bin/env python3
"""A scripted server that breaks the protocol on purpose, for fault tests.

usage: hostile.py

Listens on 127.0.0.1, one port for each PROTO and CASE below (printed as
lines "PROTO CASE PORT", then "ready"), plain text so that every byte
reaches the client's parser, and answers each connection as a small IMAP,
POP3 or SMTP server holding three messages (Message-IDs <hN@example.org>)
would, but for CASE, which is what a broken or malicious server does
instead ("none": nothing):

imap  greeting-1mb       a greeting line of 1 MB
      literal-huge       a message announced as {18446744073709551617}
      literal-negative   a message announced as {-1}
      literal-short      the literal ends 1000 bytes early: the link closes
      literal-stall      the literal ends 1000 bytes early: the server waits
      unasked-uid        a FETCH for UID 99, never asked for, among the rest
      uids-backwards     UIDs that fall as sequence numbers rise
      uidvalidity-0      UIDVALIDITY 0 (RFC 3501: never)
      uidvalidity-moves  a new UIDVALIDITY at each SELECT of one session
      bye-mid-fetch      BYE after the first message of a FETCH, then close
      endless-continuation  "+" lines forever in answer to LOGIN
      size-huge          RFC822.SIZE 99999999999999999999
      exists-huge        4294967296 EXISTS
pop3  greeting-1mb       a greeting line of 1 MB
      list-zero          LIST gives every message 0 octets
      list-huge          LIST gives 4294967296 octets
      stat-huge          STAT counts 4294967296 messages
      uidl-spaces        UIDL gives a UID with spaces in it
      retr-short         RETR sends half a message, then closes
smtp  greeting-1mb       a greeting line of 1 MB
      bare-lf            every reply line ends in LF alone
      line-5mb           a 5 MB line in the EHLO reply
      endless-multiline  "250-" continuation lines forever after EHLO
      data-garbage       the answer to the data is "2x0 what"
Anything else the client says gets a plausible answer.
"""
import socket
import sys
import threading

CASES = [(p, c) for p, cases in (
    ("imap", "none greeting-1mb literal-huge literal-negative literal-short "
             "literal-stall unasked-uid uids-backwards uidvalidity-0 "
             "uidvalidity-moves bye-mid-fetch endless-continuation "
             "size-huge exists-huge"),
    ("pop3", "none greeting-1mb list-zero list-huge stat-huge uidl-spaces "
             "retr-short"),
    ("smtp", "none greeting-1mb bare-lf line-5mb endless-multiline "
             "data-garbage")) for c in cases.split()]

MESSAGES = [
    b"From: Sender %d <s%d@example.org>\r\nTo: test@localhost\r\n"
    b"Subject: hostile %d\r\nMessage-ID: <h%d@example.org>\r\n"
    b"Date: Mon, 02 Nov 2026 10:00:00 +0000\r\n\r\nBody %d.\r\n"
    % (i, i, i, i, i) for i in (1, 2, 3)
]
MB = 1 << 20


def forever(c, line):
    """Sends LINE until the client goes (a server that never stops)."""
    chunk = line * 4096
    try:
        while True:
            c.sendall(chunk)
    except OSError:
        pass


def uid_set(spec):
    """The UIDs of a UID set such as 1,3:5 or 1:* (of 1..3)."""
    out = []
    for part in spec.split(","):
        lo, _, hi = part.partition(":")
        hi = hi or lo
        lo = 1 if lo == "*" else int(lo)
        hi = 3 if hi == "*" else min(int(hi), 3)
        out.extend(range(lo, hi + 1))
    return [u for u in out if 1 <= u <= 3]


class Imap:
    def __init__(self, c, case):
        self.c, self.case, self.selects = c, case, 0

    def send(self, data):
        self.c.sendall(data)

    def seq_of(self, uid):
        return 4 - uid if self.case == "uids-backwards" else uid

    def select(self, tag):
        self.selects += 1
        validity = {"uidvalidity-0": 0,
                    "uidvalidity-moves": 100 + self.selects}.get(self.case, 7)
        exists = b"4294967296" if self.case == "exists-huge" else b"3"
        self.send(b"* FLAGS (\\Seen \\Flagged \\Answered \\Deleted \\Draft)\r\n"
                  b"* OK [PERMANENTFLAGS (\\Seen \\Flagged \\Answered "
                  b"\\Deleted \\Draft \\*)] ok\r\n* " + exists + b" EXISTS\r\n"
                  b"* OK [UIDVALIDITY %d] ok\r\n* OK [UIDNEXT 4] ok\r\n"
                  % validity + tag + b" OK [READ-WRITE] selected\r\n")

    def body(self, uid, first):
        data = MESSAGES[uid - 1]
        head = b"* %d FETCH (UID %d FLAGS () BODY[] " % (self.seq_of(uid), uid)
        if first and self.case == "literal-huge":
            return head + b"{18446744073709551617}\r\n" + data + b")\r\n"
        if first and self.case == "literal-negative":
            return head + b"{-1}\r\n" + data + b")\r\n"
        if first and self.case in ("literal-short", "literal-stall"):
            self.send(head + b"{%d}\r\n" % (len(data) + 1000) + data)
            if self.case == "literal-stall":
                print("stalled", flush=True)    # tests wait for this
                self.c.recv(1)      # until the client gives up
            raise ConnectionAbortedError
        return head + b"{%d}\r\n" % len(data) + data + b")\r\n"

    def fetch(self, tag, args):
        spec, items = args.split(" ", 1)
        uids = uid_set(spec)
        if self.case == "uids-backwards":
            uids.sort(reverse=True)
        for n, uid in enumerate(uids):
            if "BODY" in items.upper():
                self.send(self.body(uid, n == 0))
                if self.case == "unasked-uid" and n == 0:
                    extra = MESSAGES[0].replace(b"<h1@", b"<h99@")
                    self.send(b"* 9 FETCH (UID 99 FLAGS () BODY[] {%d}\r\n"
                              % len(extra) + extra + b")\r\n")
                if self.case == "bye-mid-fetch":
                    self.send(b"* BYE going away now\r\n")
                    raise ConnectionAbortedError
            elif "SIZE" in items.upper():
                size = (b"99999999999999999999" if self.case == "size-huge"
                        else b"%d" % len(MESSAGES[uid - 1]))
                self.send(b"* %d FETCH (UID %d RFC822.SIZE %s)\r\n"
                          % (self.seq_of(uid), uid, size))
            else:
                self.send(b"* %d FETCH (UID %d FLAGS ())\r\n"
                          % (self.seq_of(uid), uid))
        self.send(tag + b" OK fetched\r\n")

    def command(self, tag, verb, args):
        if verb == "LOGIN" and self.case == "endless-continuation":
            forever(self.c, b"+ go on\r\n")
            raise ConnectionAbortedError
        if verb == "CAPABILITY":
            self.send(b"* CAPABILITY IMAP4rev1 ENABLE\r\n")
        elif verb == "LIST":
            self.send(b'* LIST () "/" INBOX\r\n')
        elif verb in ("SELECT", "EXAMINE"):
            return self.select(tag)
        elif verb == "UID" and args.upper().startswith("SEARCH"):
            uids = [3, 2, 1] if self.case == "uids-backwards" else [1, 2, 3]
            self.send(b"* SEARCH " + b" ".join(b"%d" % u for u in uids)
                      + b"\r\n")
        elif verb == "UID" and args.upper().startswith("FETCH"):
            return self.fetch(tag, args[6:])
        elif verb == "LOGOUT":
            self.send(b"* BYE bye\r\n" + tag + b" OK bye\r\n")
            raise ConnectionAbortedError
        self.send(tag + b" OK done\r\n")

    def run(self):
        greeting = b"x" * MB if self.case == "greeting-1mb" else b"hostile"
        self.send(b"* OK [CAPABILITY IMAP4rev1 ENABLE] " + greeting + b"\r\n")
        for line in self.c.makefile("rb"):
            words = line.decode("latin-1").rstrip("\r\n").split(" ", 2)
            if len(words) >= 2:
                self.command(words[0].encode(), words[1].upper(),
                             words[2] if len(words) > 2 else "")


class Pop3:
    def __init__(self, c, case):
        self.c, self.case = c, case

    def send(self, data):
        self.c.sendall(data)

    def listing(self, what):
        if what == "LIST":
            size = {"list-zero": b"0", "list-huge": b"4294967296"}
            return [b"%d %s" % (i + 1, size.get(self.case, b"%d" % len(m)))
                    for i, m in enumerate(MESSAGES)]
        uid = b"a b c" if self.case == "uidl-spaces" else b"u"
        return [b"%d %s%d" % (i, uid, i) for i in (1, 2, 3)]

    def retr(self, n):
        data = MESSAGES[n - 1]
        if self.case == "retr-short":
            self.send(b"+OK\r\n" + data[:len(data) // 2])
            raise ConnectionAbortedError
        self.send(b"+OK\r\n" + data + b".\r\n")

    def command(self, verb, args):
        if verb in ("LIST", "UIDL") and args:
            line = self.listing(verb)[int(args) - 1]
            self.send(b"+OK " + line + b"\r\n")
        elif verb in ("LIST", "UIDL"):
            self.send(b"+OK\r\n" + b"".join(l + b"\r\n" for l in
                                             self.listing(verb)) + b".\r\n")
        elif verb == "CAPA":
            self.send(b"+OK\r\nUSER\r\nUIDL\r\nTOP\r\n.\r\n")
        elif verb == "STAT":
            count = b"4294967296" if self.case == "stat-huge" else b"3"
            self.send(b"+OK " + count + b" %d\r\n"
                      % sum(len(m) for m in MESSAGES))
        elif verb == "RETR":
            self.retr(int(args))
        elif verb == "QUIT":
            self.send(b"+OK bye\r\n")
            raise ConnectionAbortedError
        else:
            self.send(b"+OK\r\n")

    def run(self):
        greeting = b"x" * MB if self.case == "greeting-1mb" else b"hostile"
        self.send(b"+OK " + greeting + b"\r\n")
        for line in self.c.makefile("rb"):
            verb, _, args = line.decode("latin-1").strip().partition(" ")
            self.command(verb.upper(), args)


class Smtp:
    def __init__(self, c, case):
        self.c, self.case = c, case

    def send(self, data):
        if self.case == "bare-lf":
            data = data.replace(b"\r\n", b"\n")
        self.c.sendall(data)

    def ehlo(self):
        if self.case == "endless-multiline":
            forever(self.c, b"250-still going\r\n")
            raise ConnectionAbortedError
        long = b"250-" + b"x" * (5 * MB) + b"\r\n" \
            if self.case == "line-5mb" else b""
        self.send(b"250-hostile\r\n" + long + b"250-8BITMIME\r\n"
                  b"250 AUTH PLAIN\r\n")

    def run(self):
        greeting = b"x" * MB if self.case == "greeting-1mb" else b"hostile"
        self.send(b"220 " + greeting + b"\r\n")
        f = self.c.makefile("rb")
        for line in f:
            verb = line.decode("latin-1").strip().split(" ")[0].upper()
            if verb in ("EHLO", "HELO"):
                self.ehlo()
            elif verb == "AUTH":
                self.send(b"235 ok\r\n")
            elif verb == "DATA":
                self.send(b"354 go on\r\n")
                for data in f:
                    if data == b".\r\n":
                        break
                self.send(b"2x0 what\r\n" if self.case == "data-garbage"
                          else b"250 queued\r\n")
            elif verb == "QUIT":
                self.send(b"221 bye\r\n")
                raise ConnectionAbortedError
            else:
                self.send(b"250 ok\r\n")


def serve(c, handler):
    try:
        handler.run()
    except (OSError, ConnectionAbortedError, ValueError, IndexError):
        pass
    finally:
        try:
            c.shutdown(socket.SHUT_RDWR)    # makefile() keeps it open
        except OSError:
            pass
        c.close()


def listen(kind, case, s):
    while True:
        c, _ = s.accept()
        threading.Thread(target=serve, args=(c, kind(c, case)),
                         daemon=True).start()


def main():
    kinds = {"imap": Imap, "pop3": Pop3, "smtp": Smtp}
    for proto, case in CASES:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        s.listen()
        print(proto, case, s.getsockname()[1])
        threading.Thread(target=listen, args=(kinds[proto], case, s),
                         daemon=True).start()
    print("ready", flush=True)
    threading.Event().wait()


main()
