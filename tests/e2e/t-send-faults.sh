#!/usr/bin/env bash
# mua send when the link breaks: mid-data (the message stays queued and
# goes once, later), after the end of the data but before the answer
# (delivery unknown: not sent twice), and mua send killed with SIGKILL
# again and again while it sends 20 messages: none lost, none twice.
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
# Subjects delivered to test so far, waiting for postfix to settle.
delivered() {
	sleep 0.5
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

# SIGKILL while sending: queue 20 with no server, then kill mua send
# again and again at varying moments, over a link slow enough (30 ms an
# answer) that each run gets a message or two along, until a run
# finishes.
rc_for "smtp://localhost:1"
for i in $(seq 1 20); do
	echo "body $i" | "$MUA" -F "$TEST_TMP/rc" send -s "kill-$i" test@localhost >/dev/null 2>&1
done
is "20 messages queued" 20 "$(find "$root/work/Outbox/cur" -type f | wc -l)"
proxy "$MH_SMTP_PLAIN" slow 30
rc_for "smtp://localhost:$proxy_port" none
killed=0
for round in $(seq 1 15); do
	"$MUA" -F "$TEST_TMP/rc" send >/dev/null 2>&1 &
	pid=$!
	sleep "0.$(printf '%03d' $(( (round * 137) % 400 + 100 )))"
	kill -KILL "$pid" 2>/dev/null && killed=$((killed + 1))
	wait "$pid" 2>/dev/null
done
ok_here "mua send was killed while working ($killed times)" test "$killed" -ge 5
out=$("$MUA" -F "$TEST_TMP/rc" send 2>&1)
sleep 1
accounted=$( { delivered | sed -n 's/^Subject: //p'
	printf '%s\n' "$out" | sed -n 's/^work: unknown: \(kill-[0-9]*\):.*/\1/p'; } |
	grep '^kill-' | sort -u | wc -l)
is "every message arrived or is marked unknown: none lost" 20 "$accounted"
got=$(delivered | grep -c '^Subject: kill-')
is "none arrived twice" "$got" "$(delivered | grep '^Subject: kill-' | sort -u | wc -l)"
is "nothing is left queued" 0 "$(printf '%s\n' "$out" | grep -c '^work: queued:')"
test_done
