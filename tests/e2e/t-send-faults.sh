#!/usr/bin/env bash
# mua send when the link breaks: mid-data (the message stays queued and
# goes once, later), after the end of the data but before the answer
# (delivery unknown: not sent twice), and mua send killed after each
# counted step of sending two messages: none lost, none twice.
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/certs.sh"
. "$srcdir/tests/lib/mailhost.sh"
. "$srcdir/tests/lib/store.sh"
test_begin
require_program notmuch
require_program python3
mailhost_start_smtp "sending faults"
store_make "$TEST_TMP/store"
root=$TEST_TMP/store/mail
rc_for() {	# URL [TLS]
	cat >"$TEST_TMP/rc" <<RC
account work {
	from = "Test <test@localhost>"
	smtp = "$1"
	tls = ${2:-required}
	user = test
	pass_command = "echo secret"
	ca_file = "$MH_CA"
}
RC
}
# Subjects delivered to test so far, once postfix's queue is empty.
delivered() {
	mailhost_drained
	grep -h '^Subject:' "$(mailhost_maildir test)"/new/* 2>/dev/null | tr -d '\r' | sort
}
wait_for() {	# SUBJECT
	local i
	for i in $(seq 1 600); do
		grep -qs "^Subject: $1.\$" "$(mailhost_maildir test)"/new/* && return 0
		sleep 0.05
	done
	return 1
}
big_body() { head -c 60000 /dev/urandom | base64 -w 76; }

# The link breaks while the data goes: queued, then sent once.
proxy "$MH_SMTP_PLAIN" cutup 20000
rc_for "smtp://localhost:$proxy_port" none
out=$(big_body | "$MUA" -F "$TEST_TMP/rc" send -s cut-mid-data test@localhost 2>&1); rc=$?
is "cut mid-data: exit 1" 1 "$rc"
like "queued: it didn't get there" '^work: queued: cut-mid-data: the connection broke while sending' "$out"
kill "$proxy_pid"
rc_for "smtp://localhost:$MH_SUBMIT"
out=$("$MUA" -F "$TEST_TMP/rc" send 2>&1); rc=$?
like "the next run sends it" '^work: sent: cut-mid-data$' "$out"
ok "it arrives" wait_for cut-mid-data
is "once" 1 "$(delivered | grep -c cut-mid-data)"

# The end of the data leaves, the answer never comes: delivery unknown.
proxy "$MH_SMTP_PLAIN" cutdot 0
rc_for "smtp://localhost:$proxy_port" none
out=$(echo "dot" | "$MUA" -F "$TEST_TMP/rc" send -s after-the-dot test@localhost 2>&1); rc=$?
is "cut after the dot: exit 1" 1 "$rc"
like "delivery unknown" '^work: unknown: after-the-dot: delivery unknown' "$out"
kill "$proxy_pid"
rc_for "smtp://localhost:$MH_SUBMIT"
out=$("$MUA" -F "$TEST_TMP/rc" send 2>&1); rc=$?
like "a later run doesn't send it again, and says so" '^work: unknown: after-the-dot' "$out"
n=$(delivered | grep -c after-the-dot)
ok "so it arrived at most once ($n)" [ "$n" -le 1 ]
rm -f "$root"/work/Outbox/cur/*

# A downgrade attacker hides STARTTLS: refused before any AUTH.
proxy "$MH_SUBMIT" strip 0
rc_for "smtp://localhost:$proxy_port"
out=$(echo "x" | "$MUA" -F "$TEST_TMP/rc" --trace "$TEST_TMP/strip" send -s stripped test@localhost 2>&1); rc=$?
is "SMTP without STARTTLS on offer: exit 1" 1 "$rc"
like "queued, saying why" '^work: queued: stripped: .*offers no STARTTLS: refusing to log in without TLS' "$out"
is "no AUTH was sent" "" "$(grep 'C: AUTH' "$TEST_TMP/strip")"
kill "$proxy_pid"
rm -f "$root"/work/Outbox/cur/*

# Killed after each counted step of a run that sends two queued
# messages (each: marked sending, answered, marked sent, filed away),
# then resumed: each arrived or is marked unknown, none arrived twice,
# nothing is left queued. Steps are counted by mua itself: no moment is
# guessed.
queue_two() {	# PREFIX
	local i
	rc_for "smtp://localhost:1"
	for i in 1 2; do
		echo "body $i" | "$MUA" -F "$TEST_TMP/rc" send -s "$1-$i" \
			test@localhost >/dev/null 2>&1
	done
	rc_for "smtp://localhost:$MH_SMTP_PLAIN" none
}
queue_two counted
: >"$TEST_TMP/steps"
MUA_KILL_LOG=$TEST_TMP/steps "$MUA" -F "$TEST_TMP/rc" send >/dev/null 2>&1
steps=$(grep -c '^outbox ' "$TEST_TMP/steps")
is "two messages sent: seven steps each" 14 "$steps"
killed=0 unknown=0
for n in $(seq 1 "$steps"); do
	queue_two "kill-$n"
	MUA_KILL_AT="outbox $n" "$MUA" -F "$TEST_TMP/rc" send >/dev/null 2>&1
	[ $? = 137 ] && killed=$((killed + 1))
	out=$("$MUA" -F "$TEST_TMP/rc" send 2>&1)
	printf '%s\n' "$out" | sed -n 's/^work: unknown: \(kill-[0-9-]*\):.*/\1/p' \
		>>"$TEST_TMP/unknown"
	printf '%s\n' "$out" | grep '^work: queued:' >>"$TEST_TMP/queued"
	rm -f "$root"/work/Outbox/cur/*	# the unknown ones: the user's call
done
is "mua send was killed at each step" "$steps" "$killed"
accounted=$( { delivered | sed -n 's/^Subject: //p'; cat "$TEST_TMP/unknown"; } |
	grep '^kill-' | sort -u | wc -l)
is "every message arrived or is marked unknown: none lost" $((steps * 2)) "$accounted"
got=$(delivered | grep -c '^Subject: kill-')
is "none arrived twice" "$got" "$(delivered | grep '^Subject: kill-' | sort -u | wc -l)"
is "a kill before the state says sent leaves that one unknown, no other" \
	"$(grep -cE '^outbox (sending|answered)$' "$TEST_TMP/steps")" \
	"$(sort -u "$TEST_TMP/unknown" | wc -l)"
is "nothing is left queued" 0 "$(wc -l <"$TEST_TMP/queued")"
test_done
