# tests/lib/imapctl.py COMMAND ...: the server's side of a two-way sync
# test, seen and changed as another client (a phone, webmail) would, over
# IMAPS on 127.0.0.1:$MH_IMAPS as user test, trusting $MH_CA.
#
#   flags FOLDER            one line per message: "<message-id> FLAGS",
#                           sorted, flags sorted and space-separated
#   store FOLDER ID +|-FLAGS    UID STORE on the message with Message-ID ID
#   expunge FOLDER ID       \Deleted and UID EXPUNGE of that message
#   move FOLDER ID DEST     UID MOVE of that message to DEST
#   copy FOLDER ID DEST     UID COPY of that message to DEST
#   count FOLDER            the number of messages
#   create FOLDER           makes the folder
#   append FOLDER FLAGS     APPENDs the message on stdin with FLAGS
#   folders FOLDER...       each folder's messages and flags on one line
import imaplib
import os
import re
import ssl
import sys


def connect():
    ctx = ssl.create_default_context(cafile=os.environ["MH_CA"])
    m = imaplib.IMAP4_SSL("localhost", int(os.environ["MH_IMAPS"]),
                          ssl_context=ctx)
    m.login(os.environ.get("IMAPCTL_USER", "test"),
            os.environ.get("IMAPCTL_PASSWORD", "secret"))
    return m


def select(m, folder):
    typ, data = m.select('"%s"' % folder)
    if typ != "OK":
        sys.exit("imapctl: can't select %s: %s" % (folder, data))


def messages(m):
    """(uid, message-id, flags) of every message in the selected folder."""
    typ, data = m.uid("FETCH", "1:*",
                      "(FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
    out = []
    for item in data:
        if not isinstance(item, tuple):
            continue
        head = item[0].decode()
        uid = re.search(r"UID (\d+)", head).group(1)
        flags = re.search(r"FLAGS \(([^)]*)\)", head).group(1).split()
        mid = re.search(rb"<([^>]*)>", item[1])
        out.append((uid, mid.group(1).decode() if mid else "",
                    sorted(f for f in flags if f != "\\Recent")))
    return out


def uid_of(m, mid):
    for uid, i, _ in messages(m):
        if i == mid:
            return uid
    sys.exit("imapctl: no message <%s>" % mid)


def main():
    cmd, folder = sys.argv[1], sys.argv[2]
    m = connect()
    if cmd == "folders":
        # "FOLDER: <id> FLAGS, ..." for each folder named, one login.
        for name in sys.argv[2:]:
            select(m, name)
            print("%s: %s" % (name, ", ".join(
                "%s %s" % (mid, " ".join(flags)) for _, mid, flags in
                sorted(messages(m), key=lambda x: x[1]))))
        m.logout()
        return
    if cmd == "create":
        m.create('"%s"' % folder)
        return
    if cmd == "append":
        data = sys.stdin.buffer.read().replace(b"\r\n", b"\n")
        typ, res = m.append('"%s"' % folder, "(%s)" % sys.argv[3], None,
                            data.replace(b"\n", b"\r\n"))
        if typ != "OK":
            sys.exit("imapctl: APPEND: %s" % res)
        m.logout()
        return
    select(m, folder)
    if cmd == "flags":
        for _, mid, flags in sorted(messages(m), key=lambda x: x[1]):
            print(mid, " ".join(flags))
    elif cmd == "count":
        print(len(messages(m)))
    elif cmd == "store":
        uid = uid_of(m, sys.argv[3])
        change = sys.argv[4]
        typ, data = m.uid("STORE", uid, change[0] + "FLAGS",
                          "(%s)" % change[1:])
        if typ != "OK":
            sys.exit("imapctl: STORE: %s" % data)
    elif cmd == "expunge":
        uid = uid_of(m, sys.argv[3])
        m.uid("STORE", uid, "+FLAGS", "(\\Deleted)")
        m.uid("EXPUNGE", uid)
    elif cmd == "move":
        uid = uid_of(m, sys.argv[3])
        if "MOVE" in m.capabilities:
            typ, data = m.uid("MOVE", uid, '"%s"' % sys.argv[4])
        else:
            typ, data = m.uid("COPY", uid, '"%s"' % sys.argv[4])
            m.uid("STORE", uid, "+FLAGS", "(\\Deleted)")
            m.uid("EXPUNGE", uid)
        if typ != "OK":
            sys.exit("imapctl: MOVE: %s" % data)
    elif cmd == "copy":
        typ, data = m.uid("COPY", uid_of(m, sys.argv[3]),
                          '"%s"' % sys.argv[4])
        if typ != "OK":
            sys.exit("imapctl: COPY: %s" % data)
    else:
        sys.exit("imapctl: unknown command %s" % cmd)
    m.logout()


main()
