#!/usr/bin/env bash
# mua sync killed at counted steps, never at guessed moments: first after
# every durable step of a small fetch that crosses several batches (each
# resumed run must end exactly as an uninterrupted one: the same files
# byte for byte, the same tags, the same state), then twenty times while
# it fetches 2,000 messages through the pipelined worker, and left to
# finish: every message in the store exactly once. POP3 with
# keep_on_server = no is killed after each of its steps too.
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/certs.sh"
. "$srcdir/tests/lib/mailhost.sh"
. "$srcdir/tests/lib/store.sh"
. "$srcdir/tests/lib/killsteps.sh"
test_begin
require_program /usr/sbin/dovecot "dovecot serves IMAP"
require_program notmuch

ok_here "dovecot starts" mailhost_start_imap good || { test_done; exit 1; }
box=$(mailhost_maildir test)
mkdir -p "$box/cur" "$box/new" "$box/tmp"
mkdir -p "$TEST_TMP/src"
# 2,000 messages on the server; the first twelve are the small fetch's,
# in a folder of their own, three of them already seen or flagged.
python3 - "$box" "$TEST_TMP/src" <<'PY'
import os, sys
box, src = sys.argv[1:]
small = os.path.join(box, ".Small")
for d in ("cur", "new", "tmp"):
    os.makedirs(os.path.join(small, d), exist_ok=True)
for i in range(1, 2001):
    text = ("From: s%d@example.org\nSubject: crash test %d\n"
            "Message-ID: <c%d@example.org>\n\n%s\n" % (i, i, i, "body " * (i % 200)))
    with open("%s/m%d.host" % (src, i), "w") as f:
        f.write(text)
    with open("%s/new/m%d.host" % (box, i), "w") as f:
        f.write(text)
    if i <= 12:
        flags = {3: "S", 5: "FS", 8: "F"}.get(i)
        where = "cur/m%d.host:2,%s" % (i, flags) if flags else "new/m%d.host" % i
        with open(os.path.join(small, where), "w") as f:
            f.write(text.replace("<c", "<small"))
PY
chown -R --reference="$box/cur" "$box"

# An account "work" in DIR/rc: SERVER-LINE USER PASSWORD EXTRA-LINE.
write_rc() {
	cat >"$1/rc" <<-RC
	account work {
		from = "Test <$3@localhost>"
		$2
		user = $3
		pass_command = "echo $4"
		ca_file = "$MH_CA"
		$5
	}
	RC
}
# DIR's sync, in batches of at most N.
run_in() {	# N DIR
	NOTMUCH_CONFIG=$2/store/notmuch-config XDG_STATE_HOME=$2/state \
	MUA_TEST_BATCH=$1 "$MUA" -F "$2/rc" sync
}

# The small fetch: the folder Small alone, in batches of five.
small_setup() {
	store_make "$1/store" >/dev/null
	write_rc "$1" "imap = imaps://localhost:$MH_IMAPS" test secret \
		"folders = Small"
}
small_run() { run_in 5 "$1"; }
small_snapshot() { killsteps_store "$1/store" work/Small; }
killsteps_each fetch small_setup small_run small_snapshot
is "the small fetch brought twelve messages" 12 \
	"$(NOTMUCH_CONFIG=$TEST_TMP/ks.ref/store/notmuch-config notmuch count '*')"

# POP3 with keep_on_server = no, in batches of three: user2's seven
# messages kept here, then deleted on the server, whatever step a kill
# came after.
box2=$(mailhost_maildir user2)
pop_setup() {
	local i
	rm -rf "$box2" && mkdir -p "$box2/cur" "$box2/new" "$box2/tmp"
	for i in 1 2 3 4 5 6 7; do
		cp "$TEST_TMP/src/m$i.host" "$box2/new/p$i.host"
	done
	chown -R --reference="$box" "$box2"
	store_make "$1/store" >/dev/null
	write_rc "$1" "pop3 = pop3s://localhost:$MH_POP3S" user2 secret2 \
		"keep_on_server = no"
}
pop_run() { run_in 3 "$1"; }
# Dovecot's UIDLs end in the mailbox's UIDVALIDITY, new in each setup.
pop_snapshot() {
	killsteps_store "$1/store" work/INBOX |
		sed -E 's/(pop-[0-9a-f]{8})[0-9a-f]{8}/\1/'
	echo "left on the server: $(find "$box2" -name 'p*' | wc -l)"
}
killsteps_each pop3 pop_setup pop_run pop_snapshot
like "the POP3 run kept seven and left none on the server" \
	'left on the server: 0' "$(cat "$TEST_TMP/ks.want")"
is "the POP3 run kept seven" 7 \
	"$(NOTMUCH_CONFIG=$TEST_TMP/ks.ref/store/notmuch-config notmuch count '*')"

# The big fetch: INBOX, killed twenty times at steps spread over it.
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
killed=0
for round in $(seq 1 20); do
	MUA_KILL_AT="fetch $((23 + (round * 37) % 120))" \
		"$MUA" -F "$TEST_TMP/rc" sync >/dev/null 2>&1
	[ $? -eq 137 ] && killed=$((killed + 1))
done
is "mua sync was killed in the middle of its work, 20 times of 20" 20 "$killed"
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

# Two syncs of one account at once (cron beside the UI): one fetches,
# the other waits for it, then finds nothing new; never a message twice.
# The lock held by hand first: a second sync waits, saying so, and with
# -n leaves the account to the one running.
lock=$XDG_STATE_HOME/mua/sync/work.lock
exec 9>"$lock"
flock 9
"$MUA" -F "$TEST_TMP/rc" sync >"$TEST_TMP/waiter" 2>&1 9>&- &
waiter=$!
wait_until grep -q waiting "$TEST_TMP/waiter"
like "a second sync waits, saying so" \
	'work: another mua sync is fetching this account; waiting for it' "$(cat "$TEST_TMP/waiter")"
out=$("$MUA" -F "$TEST_TMP/rc" sync -n 2>&1 9>&-); rc=$?
is "with -n it leaves the account to the one running: exit 0" 0 "$rc"
like "saying so" '^work: another sync is fetching this account; left to it$' "$out"
exec 9>&-
wait "$waiter"
is "the waiting one goes on once the lock is free" 0 "$?"
rm -rf "$root/work" "$XDG_STATE_HOME/mua/sync/work"
store_make "$TEST_TMP/store"
"$MUA" -F "$TEST_TMP/rc" sync >"$TEST_TMP/one" 2>&1 &
one=$!
"$MUA" -F "$TEST_TMP/rc" sync >"$TEST_TMP/two" 2>&1 &
two=$!
wait "$one"; r1=$?
wait "$two"; r2=$?
is "two syncs at once both succeed" "0 0" "$r1 $r2"
is "2,000 messages, none written twice" 2000 \
	"$(find "$root/work/INBOX/cur" "$root/work/INBOX/new" -type f | wc -l)"
is "2,000 in the store" 2000 "$(notmuch count '*')"
test_done
