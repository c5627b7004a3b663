#!/usr/bin/env bash
# mua sync fetches by POP3 from real dovecot, over POP3S and STLS: 1,000
# messages byte for byte and indexed, incrementally by UIDL, never twice
# after a crash before the state was saved, and with keep_on_server = no
# deleted on the server only once they are kept here. --trace writes the
# conversation without the password.
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/certs.sh"
. "$srcdir/tests/lib/mailhost.sh"
. "$srcdir/tests/lib/store.sh"
test_begin
require_program /usr/sbin/dovecot "dovecot serves POP3"
require_program notmuch

ok_here "dovecot starts" mailhost_start_imap good || { test_done; exit 1; }
box=$(mailhost_maildir test)
mkdir -p "$box/cur" "$box/new" "$box/tmp"
put() {	# FIRST LAST: messages into the server's mailbox
	local i
	for i in $(seq "$1" "$2"); do
		printf 'From: Sender %d <s%d@example.org>\nTo: test@localhost\nSubject: pop %d\nMessage-ID: <p%d@example.org>\nDate: Mon, 02 Nov 2026 10:%02d:00 +0000\n\nBody %d\n.a line starting with a dot\n\xc3\xa9.\n' \
			"$i" "$i" "$i" "$i" $((i % 60)) "$i" >"$TEST_TMP/src-$i"
		cp "$TEST_TMP/src-$i" "$box/new/p$i.host"
	done
	chown -R --reference="$box" "$box/new" 2>/dev/null
}
on_server() { find "$box/cur" "$box/new" -type f | wc -l; }
in_store() { find "$root/work/INBOX/cur" "$root/work/INBOX/new" -type f | wc -l; }
# Each file in the store, matched to its source by Message-ID, compared.
same_bytes() {
	local f n same=0
	for f in "$root"/work/INBOX/new/* "$root"/work/INBOX/cur/*; do
		[ -f "$f" ] || continue
		n=$(sed -n 's/^Message-ID: <p\([0-9]*\)@example.org>$/\1/p' "$f")
		cmp -s "$f" "$TEST_TMP/src-$n" && same=$((same + 1))
	done
	echo "$same"
}
put 1 1000
store_make "$TEST_TMP/store"
root=$TEST_TMP/store/mail
cat >"$TEST_TMP/rc" <<RC
account work {
	from = "Test <test@localhost>"
	pop3 = "pop3s://localhost:$MH_POP3S"
	user = test
	pass_command = "echo secret"
	ca_file = "$MH_CA"
}
RC
out=$("$MUA" -F "$TEST_TMP/rc" --trace "$TEST_TMP/trace" sync 2>&1); rc=$?
is "mua sync over POP3S succeeds" 0 "$rc"
like "and says what came" '^work: 1000 new messages \([0-9]+ KB\)$' "$out"
is "1000 files in the account's INBOX maildir" 1000 "$(in_store)"
is "each byte for byte as on the server (dots unstuffed, LF line ends)" 1000 "$(same_bytes)"
is "all indexed" 1000 "$(notmuch count folder:work/INBOX)"
is "with the account's new tags" 1000 "$(notmuch count tag:inbox and tag:unread)"
is "kept on the server by default" 1000 "$(on_server)"
like "the trace has the conversation" 'pop3#1 C: USER test' "$(cat "$TEST_TMP/trace")"
like "the password is redacted" 'pop3#1 C: PASS \[redacted\]' "$(cat "$TEST_TMP/trace")"
is "and appears nowhere in it" "" "$(grep -F secret "$TEST_TMP/trace")"
like "the server's side too" 'S: \+OK' "$(cat "$TEST_TMP/trace")"

out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1)
like "a second run fetches nothing" '^work: 0 new messages' "$out"
put 1001 1003
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1)
like "new mail on the server comes next time" '^work: 3 new messages' "$out"

# A crash after writing a batch but before saving the state.
state=$XDG_STATE_HOME/mua/sync/work/pop3
cp "$state" "$TEST_TMP/state-before"
head -n 990 "$TEST_TMP/state-before" >"$state"
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1)
like "fetching again from an older state" '^work: 13 new messages' "$out"
is "writes no second copy" 1003 "$(in_store)"
is "and the store still has 1003" 1003 "$(notmuch count '*')"
is "the state is back where it was" "$(sort "$TEST_TMP/state-before")" "$(sort "$state")"

# STLS, and keep_on_server = no.
sed -i "s|pop3s://localhost:$MH_POP3S|pop3://localhost:$MH_POP3|" "$TEST_TMP/rc"
put 1004 1005
out=$("$MUA" -F "$TEST_TMP/rc" --trace "$TEST_TMP/trace2" sync 2>&1)
like "over STLS too" '^work: 2 new messages' "$out"
like "the trace goes on over TLS after STLS" \
	'STARTTLS: certificate sha256:[0-9a-f]{64} accepted.*C: USER test' \
	"$(tr '\n' ' ' <"$TEST_TMP/trace2")"
sed -i 's|^\tuser = test|\tuser = test\n\tkeep_on_server = no|' "$TEST_TMP/rc"
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
is "keep_on_server = no: the run succeeds" 0 "$rc"
is "the server's mailbox is empty" 0 "$(on_server)"
is "every message is still here" 1005 "$(notmuch count '*')"
is "and the state forgets what left the server" 0 "$(wc -l <"$state")"
put 1006 1007
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1)
like "new mail is fetched" '^work: 2 new messages' "$out"
is "then deleted there" 0 "$(on_server)"
is "and kept here" 1007 "$(notmuch count '*')"
is "byte for byte" 1007 "$(same_bytes)"

sed -i 's|echo secret|echo wrong|' "$TEST_TMP/rc"
put 1008 1008
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
is "a wrong password fails the account: exit 1" 1 "$rc"
like "saying so" 'work: localhost: the login as test was refused' "$out"
is "and nothing was deleted" 1 "$(on_server)"
test_done
