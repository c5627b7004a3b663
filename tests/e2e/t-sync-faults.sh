#!/usr/bin/env bash
# Broken links and broken servers end a sync with a clear message and a
# consistent store: a proxy cuts the connection in the middle of a
# message (IMAP and POP3), a server stops answering, a server answers
# garbage. No partial message is ever kept, and the next good run
# finishes the job without duplicates.
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/certs.sh"
. "$srcdir/tests/lib/mailhost.sh"
. "$srcdir/tests/lib/store.sh"
test_begin
require_program /usr/sbin/dovecot "dovecot serves IMAP and POP3"
require_program notmuch
require_program python3

ok_here "dovecot starts" mailhost_start_imap good || { test_done; exit 1; }
box=$(mailhost_maildir test)
mkdir -p "$box/cur" "$box/new" "$box/tmp"
# 20 messages of about 100 KB: a cut after 1 MB lands inside one.
for i in $(seq 1 20); do
	{
		printf 'From: s%d@example.org\nTo: test@localhost\nSubject: big %d\nMessage-ID: <b%d@example.org>\n\n' "$i" "$i" "$i"
		head -c 75000 /dev/urandom | base64 -w 76
	} >"$TEST_TMP/src-$i"
	cp "$TEST_TMP/src-$i" "$box/new/b$i.host"
done
chown -R --reference="$box" "$box/new" 2>/dev/null
store_make "$TEST_TMP/store"
root=$TEST_TMP/store/mail

rc_for() {	# PROTOCOL URL
	cat >"$TEST_TMP/rc" <<RC
set net_timeout = 2
account work {
	from = "Test <test@localhost>"
	$1 = "$2"
	user = test
	pass_command = "echo secret"
	ca_file = "$MH_CA"
}
RC
}
# How many files are in the store, and how many of them are whole.
kept() { find "$root/work/INBOX" -type f -path '*/cur/*' -o -type f -path '*/new/*' | wc -l; }
whole() {
	local f n same=0
	for f in "$root"/work/INBOX/new/* "$root"/work/INBOX/cur/*; do
		[ -f "$f" ] || continue
		n=$(sed -n 's/^Message-ID: <b\([0-9]*\)@example.org>$/\1/p' "$f")
		cmp -s "$f" "$TEST_TMP/src-$n" && same=$((same + 1))
	done
	echo "$same"
}
check_store() {	# WHAT
	local k
	k=$(kept)
	is "$1: every message kept is whole" "$k" "$(whole)"
	is "$1: and indexed, nothing more" "$k" "$(notmuch count '*')"
}

proxy "$MH_IMAPS" cut 1000000
rc_for imap "imaps://localhost:$proxy_port"
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
is "IMAP cut mid-message: the sync fails" 1 "$rc"
like "saying the connection was lost" 'work: fetching INBOX failed: the connection was lost' "$out"
check_store "IMAP cut"
kill "$proxy_pid"
rc_for imap "imaps://localhost:$MH_IMAPS"
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
is "the next run over a good link succeeds" 0 "$rc"
is "all 20 are there once" 20 "$(kept)"
is "all whole" 20 "$(whole)"
is "all indexed" 20 "$(notmuch count '*')"

# POP3 into a fresh store.
rm -rf "$TEST_TMP/store" "$XDG_STATE_HOME/mua/sync"
store_make "$TEST_TMP/store"
proxy "$MH_POP3S" cut 1000000
rc_for pop3 "pop3s://localhost:$proxy_port"
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
is "POP3 cut mid-message: the sync fails" 1 "$rc"
like "saying so" 'work: retrieving message [0-9]+ failed: the connection was lost' "$out"
check_store "POP3 cut"
kill "$proxy_pid"
proxy "$MH_POP3S" stall 500000
rc_for pop3 "pop3s://localhost:$proxy_port"
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
is "a server that stops answering: the sync ends at the timeout" 1 "$rc"
like "saying so" 'the connection was lost or the server stopped answering' "$out"
check_store "POP3 stall"
kill "$proxy_pid"
rc_for pop3 "pop3s://localhost:$MH_POP3S"
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
is "then a good run succeeds" 0 "$rc"
is "all 20 there once" 20 "$(kept)"
is "all whole" 20 "$(whole)"

# A full disk: the store on a small file system that fills up midway.
if [ "$(id -u)" = 0 ] && mkdir -p "$TEST_TMP/small" &&
	mount -t tmpfs -o size=40m tmpfs "$TEST_TMP/small" 2>/dev/null; then
	at_exit "umount '$TEST_TMP/small' 2>/dev/null"
	rm -rf "$XDG_STATE_HOME/mua/sync"
	store_make "$TEST_TMP/small/store"
	root=$TEST_TMP/small/store/mail
	notmuch new --quiet
	# Leave room for about half the mail and its index. (The random
	# bodies make the index big: each base64 line is a term.)
	avail=$(df -k --output=avail "$TEST_TMP/small" | tail -n 1)
	fallocate -l $(((avail - 4000) * 1024)) "$TEST_TMP/small/filler"
	rc_for imap "imaps://localhost:$MH_IMAPS"
	out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
	is "a full disk fails the sync" 1 "$rc"
	like "saying so" 'No space left on device' "$out"
	# Xapian may be what found the disk full: then the files are there
	# and the index is behind until the next run, never ahead.
	is "full disk: every message kept is whole" "$(kept)" "$(whole)"
	ok "and the index has no message without its file" \
		[ "$(notmuch count '*')" -le "$(kept)" ]
	rm -f "$TEST_TMP/small/filler"
	out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
	is "with room again, the next run succeeds" 0 "$rc"
	is "all 20 there once" 20 "$(kept)"
	is "all whole" 20 "$(whole)"
	is "all indexed" 20 "$(notmuch count '*')"
	root=$TEST_TMP/store/mail
	store_make "$TEST_TMP/store"
else
	skip "a full disk" "mounting a small tmpfs needs root"
fi

# Big messages stream to disk: fetching two of 40 MB takes no more memory
# than notmuch itself needs to index them.
rm -rf "$TEST_TMP/store" "$XDG_STATE_HOME/mua/sync"
store_make "$TEST_TMP/store"
rm -f "$box"/new/* "$box"/cur/*
for i in 1 2; do
	{ printf 'From: big@example.org\nSubject: big %d\nMessage-ID: <big%d@example.org>\n\n' "$i" "$i"
	  yes "line $i of a big message, the same words again and again" | head -c 40000000; } >"$TEST_TMP/big-$i"
	cp "$TEST_TMP/big-$i" "$box/new/big$i.host"
done
chown -R --reference="$box" "$box/new" 2>/dev/null
maxrss() {	# COMMAND...: its peak resident memory in KB
	python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}
rc_for imap "imaps://localhost:$MH_IMAPS"
mua_kb=$(maxrss "$MUA" -F "$TEST_TMP/rc" sync)
same=0
for i in 1 2; do
	f=$(grep -l "^Message-ID: <big$i@example.org>" "$root"/work/INBOX/*/*)
	cmp -s "$f" "$TEST_TMP/big-$i" && same=$((same + 1))
done
is "two 40 MB messages arrive whole" 2 "$same"
mkdir -p "$TEST_TMP/floor/mail"
cp -r "$root/work" "$TEST_TMP/floor/mail/"
printf '[database]\npath=%s\n' "$TEST_TMP/floor/mail" >"$TEST_TMP/floor/config"
nm_kb=$(NOTMUCH_CONFIG=$TEST_TMP/floor/config maxrss notmuch new)
if ldd "$MUA" | grep -q libasan; then
	skip "memory against notmuch's ($mua_kb KB, notmuch $nm_kb KB)" \
		"AddressSanitizer inflates memory"
else
	ok "in no more memory than notmuch new needs for them ($mua_kb KB, notmuch $nm_kb KB)" \
		[ "$mua_kb" -le $((nm_kb * 11 / 10 + 10240)) ]
fi
rm -f "$box"/new/* "$box"/cur/* "$TEST_TMP"/big-*

# A downgrade attacker hides STARTTLS: refused, and no password goes.
for proto in imap pop3; do
	port=$MH_IMAP
	[ "$proto" = pop3 ] && port=$MH_POP3
	proxy "$port" strip 0
	rc_for "$proto" "$proto://localhost:$proxy_port"
	out=$("$MUA" -F "$TEST_TMP/rc" --trace "$TEST_TMP/strip-$proto" sync 2>&1); rc=$?
	is "$proto: a server that seems to offer no STARTTLS fails the sync" 1 "$rc"
	like "$proto: refusing to log in without TLS" 'offers no (STARTTLS|STLS): refusing to log in without TLS' "$out"
	is "$proto: no login was sent" "" "$(grep -E 'C: ([^ ]+ LOGIN|USER|PASS)' "$TEST_TMP/strip-$proto")"
	kill "$proxy_pid"
done

# A server that greets, then answers nonsense; plain text so the garbage
# reaches the parser.
start_listener python3 -c '
import socket, threading
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen()
print(s.getsockname()[1], flush=True)
def talk(c):
    c.sendall(b"* OK [CAPABILITY IMAP4rev1 STARTTLS] hi\r\n")
    f = c.makefile("rb")
    for line in f:
        c.sendall(b"\x00\xff)))( garbage {99999999999}\r\n" + line[:1] + b" OK\r\n")
while True:
    c, _ = s.accept()
    threading.Thread(target=talk, args=(c,), daemon=True).start()
'
garbage=$listener_pid
rc_for imap "imap://localhost:$listener_port"
before=$(notmuch count '*')
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
is "a server answering garbage: the sync fails, no crash" 1 "$rc"
like "with a message" '^mua: work: ' "$out"
is "and the store is as it was" "$before" "$(notmuch count '*')"
kill "$garbage"

# A server that accepts and never greets: the sync says it timed out, and
# while it waits the notmuch write lock is free for other programs.
start_listener python3 "$srcdir/tests/lib/silent.py" "$TEST_TMP/accepted"
silent=$listener_pid
rc_for imap "imap://localhost:$listener_port"
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
is "a server that never greets: the sync fails" 1 "$rc"
like "saying it timed out, after how long, and the setting" \
	'work: localhost: timed out after 2 s waiting for the IMAP greeting \(net_timeout\)' "$out"
sed -i 's/net_timeout = 2/net_timeout = 120/' "$TEST_TMP/rc"
: >"$TEST_TMP/accepted"
"$MUA" -F "$TEST_TMP/rc" sync >/dev/null 2>&1 &
waiting=$!
wait_until test -s "$TEST_TMP/accepted"
ok "while it waits for the greeting" [ -s "$TEST_TMP/accepted" ]
notmuch tag +while-waiting -- '*'
ok "notmuch tag gets the write lock at once (the sync is still waiting)" \
	kill -0 "$waiting"
is "and tags" "$(notmuch count '*')" "$(notmuch count tag:while-waiting)"
kill "$waiting" "$silent"
wait "$waiting" 2>/dev/null
test_done
