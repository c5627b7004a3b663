#!/usr/bin/env bash
# mua sync killed with SIGKILL at twenty moments while it fetches 2,000
# messages, then left to finish: every message is in the store exactly
# once, none lost, none written twice.
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/certs.sh"
. "$srcdir/tests/lib/mailhost.sh"
. "$srcdir/tests/lib/store.sh"
test_begin
require_program /usr/sbin/dovecot "dovecot serves IMAP"
require_program notmuch

ok_here "dovecot starts" mailhost_start_imap good || { test_done; exit 1; }
box=$(mailhost_maildir test)
mkdir -p "$box/cur" "$box/new" "$box/tmp"
mkdir -p "$TEST_TMP/src"
python3 - "$box/new" "$TEST_TMP/src" <<'PY'
import sys
for i in range(1, 2001):
    text = ("From: s%d@example.org\nSubject: crash test %d\n"
            "Message-ID: <c%d@example.org>\n\n%s\n" % (i, i, i, "body " * (i % 200)))
    for d in sys.argv[1:]:
        with open("%s/m%d.host" % (d, i), "w") as f:
            f.write(text)
PY
chown -R --reference="$box/cur" "$box/new"
store_make "$TEST_TMP/store"
root=$TEST_TMP/store/mail
cat >"$TEST_TMP/rc" <<RC
account work {
	from = "Test <test@localhost>"
	imap = "imaps://localhost:$MH_IMAPS"
	user = test
	pass_command = "echo secret"
	ca_file = "$MH_CA"
}
RC
# Kills come at points of progress, not of time: after a varying number
# of messages reached the maildir (mid-batch, mid-index or mid-commit).
files() {
	find "$root/work/INBOX/cur" "$root/work/INBOX/new" -type f 2>/dev/null | wc -l
}
killed=0
for round in $(seq 1 20); do
	target=$(($(files) + 23 + (round * 37) % 120))
	"$MUA" -F "$TEST_TMP/rc" sync >/dev/null 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null && [ "$(files)" -lt "$target" ]; do
		sleep 0.01
	done
	kill -KILL "$pid" 2>/dev/null && killed=$((killed + 1))
	wait "$pid" 2>/dev/null
done
ok_here "mua sync was killed in the middle of its work ($killed times of 20)" test "$killed" -ge 10
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
is "then a run finishes" 0 "$rc"
files=$(find "$root/work/INBOX/cur" "$root/work/INBOX/new" -type f | wc -l)
is "2,000 messages in the maildir: none lost, none twice" 2000 "$files"
is "2,000 in the store" 2000 "$(notmuch count '*')"
is "each Message-ID once" 2000 "$(grep -h '^Message-ID:' "$root"/work/INBOX/*/* | sort -u | wc -l)"
same=$(python3 - "$root/work/INBOX" "$TEST_TMP/src" <<'PY'
import os, re, sys
same = 0
for sub in ("cur", "new"):
    d = os.path.join(sys.argv[1], sub)
    for name in os.listdir(d):
        data = open(os.path.join(d, name), "rb").read()
        n = re.search(rb"^Message-ID: <c(\d+)@", data, re.M).group(1).decode()
        same += data == open("%s/m%s.host" % (sys.argv[2], n), "rb").read()
print(same)
PY
)
is "each byte for byte as it was on the server" 2000 "$same"
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1)
like "and a further run has nothing to do" '^work: 0 new messages' "$out"
test_done
