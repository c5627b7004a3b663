#!/usr/bin/env bash
# Bouncing (mutt's b; RFC 5322's resending): a message goes on as it is,
# with Resent-* fields on top, through the durable outbox and real
# postfix; no Sent copy, the original untouched. "mua send -R" and b in
# the index (the thread, or the marked threads) and in the pager; killed
# after each counted step and resumed, never sent twice.
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/certs.sh"
. "$srcdir/tests/lib/mailhost.sh"
. "$srcdir/tests/lib/store.sh"
. "$srcdir/tests/lib/pty.sh"
. "$srcdir/tests/lib/killsteps.sh"
test_begin
require_program notmuch
require_program python3
mailhost_start_smtp "bouncing"
original() {	# N SUBJECT
	printf 'From: Alice =?utf-8?q?=C3=9Cnd?= <alice@example.org>\nTo: Test <test@localhost>\nSubject: %s\nMessage-ID: <orig-%s@example.org>\nDate: Mon, 02 Nov 2026 10:00:00 +0000\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\nHello,\n.\nsch\303\266ne Gr\303\274\303\237e.\n' \
		"$2" "$1" >"$TEST_TMP/orig-$1.eml"
}
original 1 "Bounce me"
original 2 "Bounce me too"
store_make "$TEST_TMP/store" "$TEST_TMP/orig-1.eml" "$TEST_TMP/orig-2.eml"
root=$TEST_TMP/store/mail
orig=$(notmuch search --output=files id:orig-1@example.org)
rc_for() {	# URL
	cat >"$TEST_TMP/rc" <<RC
account work {
	from = "Zoë Tëst <test@localhost>"
	smtp = "$1"
	user = test
	pass_command = "echo secret"
	ca_file = "$MH_CA"
}
alias bob Bob <user2@localhost>
set sidebar = no
RC
}
in_user2() { ls "$(mailhost_maildir user2)/new" 2>/dev/null | wc -l; }
user2_has() { [ "$(in_user2)" -ge "$1" ]; }
delivered() {	# COUNT: user2 has COUNT messages, postfix's queue empty
	wait_until user2_has "$1" && mailhost_drained && [ "$(in_user2)" = "$1" ]
}
in_outbox() { find "$root/work/Outbox" -type f -path '*/cur/*' 2>/dev/null | wc -l; }
in_sent() { find "$root/work/Sent" -type f 2>/dev/null | wc -l; }
tags_of() { notmuch search --output=tags "id:orig-$1@example.org" | tr '\n' ' '; }
tags1=$(tags_of 1)
# Whether user2's newest message is Return-Path, a Resent-* block from
# test@localhost to user2@localhost, then the original byte for byte
# (CRLF line ends on the way).
resent_as_is() {	# ORIGINAL
	python3 - "$(ls -t "$(mailhost_maildir user2)"/new/* | head -n 1)" "$1" <<'PY'
import re, sys
stored = open(sys.argv[1], "rb").read()
want = open(sys.argv[2], "rb").read().replace(b"\n", b"\r\n")
if not stored.endswith(want):
    sys.exit("the original is not at the end, byte for byte")
top = stored[:-len(want)].decode()
fields = re.findall(r"(?m)^([A-Za-z-]+):", top)
if fields[0] != "Return-Path" or sorted(f.lower() for f in fields[1:]) != \
        ["resent-date", "resent-from", "resent-message-id", "resent-to"]:
    sys.exit("fields on top: %s" % fields)
if not re.search(r"(?m)^Resent-From: .*<test@localhost>", top) or \
        "user2@localhost" not in top.split("Resent-To:")[1].split("\r\n")[0]:
    sys.exit("Resent-From / Resent-To: %s" % top)
PY
}

rc_for "smtp://localhost:$MH_SUBMIT"
out=$("$MUA" -F "$TEST_TMP/rc" send -R "$orig" user2@localhost 2>&1); rc=$?
is "mua send -R succeeds" 0 "$rc"
like "and says it bounced" '^work: bounced: Bounce me$' "$out"
ok "the server delivers it" delivered 1
ok "as it was, with a Resent-* block on top" resent_as_is "$TEST_TMP/orig-1.eml"
is "no copy in Sent (as in mutt)" 0 "$(in_sent)"
is "the outbox is empty" 0 "$(in_outbox)"
is "nothing is tagged outbox" 0 "$(notmuch count tag:outbox)"
is "the original keeps its tags" "$tags1" "$(tags_of 1)"
is "and is still one file" "$orig" "$(notmuch search --output=files id:orig-1@example.org)"

# It waits in the outbox as a message of its own while the server is
# away: the original is not touched, however long it waits.
rc_for "smtp://localhost:1"
out=$("$MUA" -F "$TEST_TMP/rc" send -R "$orig" bob 2>&1); rc=$?
is "no server: exit 1" 1 "$rc"
like "queued, saying why" "^work: queued: Bounce me: can't connect" "$out"
is "it waits in the outbox" 1 "$(in_outbox)"
is "tagged outbox, to the alias's address" \
	"1 Bob <user2@localhost>" \
	"$(notmuch count tag:outbox) $(notmuch show --format=json tag:outbox |
		python3 -c 'import json,sys; print(json.load(sys.stdin)[0][0][0]["headers"]["To"])')"
is "the original keeps its tags meanwhile" "$tags1" "$(tags_of 1)"
rc_for "smtp://localhost:$MH_SUBMIT"
out=$("$MUA" -F "$TEST_TMP/rc" send 2>&1)
like "the next send bounces it" '^work: bounced: Bounce me$' "$out"
ok "delivered" delivered 2
ok "as it was" resent_as_is "$TEST_TMP/orig-1.eml"

# What can't be bounced says why, and queues nothing.
out=$("$MUA" -F "$TEST_TMP/rc" send -R "$orig" 'not an address' 2>&1); rc=$?
is "an address that isn't one: exit 1" 1 "$rc"
like "saying so" 'bounce to: "not an address" is not a list of mail addresses' "$out"
out=$("$MUA" -F "$TEST_TMP/rc" send -R "$orig" 2>&1); rc=$?
is "no address: a usage error" 2 "$rc"
like "saying so" '^mua send: -R needs the addresses to bounce to' "$out"
out=$("$MUA" -F "$TEST_TMP/rc" send -R "$orig" -s x user2@localhost 2>&1); rc=$?
is "-R with -s: a usage error" "2" "$rc"
printf 'set sendmail_command = "cat >/dev/null"\n' >>"$TEST_TMP/rc"
out=$("$MUA" -F "$TEST_TMP/rc" send -R "$orig" user2@localhost 2>&1); rc=$?
is "with sendmail_command: exit 1" 1 "$rc"
like "saying why (it would send to the original's To again)" \
	"a bounce needs the account's smtp server: sendmail_command would take the recipients" "$out"
is "nothing was queued" 0 "$(in_outbox)"
rc_for "smtp://localhost:$MH_SUBMIT"

# Killed right after each counted step, then resumed (killsteps_outbox):
# never sent twice; once finished, out of the outbox and the index, no
# Sent copy, the original untouched.
: >"$TEST_TMP/steps"
MUA_KILL_LOG=$TEST_TMP/steps "$MUA" -F "$TEST_TMP/rc" send -R "$orig" \
	user2@localhost >/dev/null 2>&1
delivered 3 >/dev/null
steps=$(sed -n 's/^outbox //p' "$TEST_TMP/steps" | tr '\n' ' ')
is "bouncing one message counts its steps" \
	"sending answered sent committed unlinked done " "$steps"
n=0 steps_ok=0 had=3
for step in $steps; do
	n=$((n + 1))
	killsteps_outbox "$n" "$TEST_TMP/rc" send -R "$orig" user2@localhost
	mailhost_drained
	got="$resumed $(printf '%s' "$out" | grep -q '^work: unknown: Bounce me: delivery unknown' &&
		echo unknown || echo finished) $(($(in_user2) - had)) $(in_outbox)"
	if [ "$killed" = 137 ] && [ "$got" = "$want" ] &&
		! grep -q 'C: MAIL FROM' "$TEST_TMP/resume" 2>/dev/null &&
		[ "$(in_sent)" = 0 ] && [ "$(tags_of 1)" = "$tags1" ] &&
		[ "$(notmuch search --output=files id:orig-1@example.org)" = "$orig" ]; then
		steps_ok=$((steps_ok + 1))
	else
		echo "# after step $n ($step): killed=$killed got=$got want=$want sent=$(in_sent) tags=$(tags_of 1)"
	fi
	had=$(in_user2)
	# What is unknown is the user's to decide: here, forgotten.
	rm -f "$root"/work/Outbox/cur/*
	notmuch new --quiet >/dev/null 2>&1
done
is "killed after each step and resumed: never sent twice, unknown until noted as sent, then finished" \
	6 "$steps_ok"

# b in the index, on the thread: Tab completes an alias, a yes sends.
ok_here "mua opens on the inbox" pty_start 120 20 "$MUA" -F "$TEST_TMP/rc"
pty_wait_for 'Bounce me too' >/dev/null
pty_keys G
pty_keys b
ok "b asks where to" pty_wait_for '^bounce the message to:'
pty_keys Escape
ok "Esc: not bounced" pty_wait_for '\| not bounced$'
pty_keys b
pty_type "bo"
pty_keys Tab
ok "Tab completes the alias" pty_wait_for '^bounce the message to: Bob <user2@localhost>'
pty_keys Enter
ok "and asks before it goes" pty_wait_for '^bounce the message to Bob <user2@localhost>\? \(y/n\)'
pty_keys y Enter
ok "y bounces it in the background" pty_wait_for 'bounce: work: bounced: Bounce me'
ok "delivered" delivered $((had + 1))
had=$(in_user2)
# ;b on the marked threads: both.
pty_keys '=' t t
pty_keys '\;' b
ok ";b asks for the marked threads' messages" pty_wait_for '^bounce 2 messages to:'
pty_type "user2@localhost"
pty_keys Enter y Enter
ok "both are bounced" pty_wait_for 'bounce: work: bounced: Bounce me'
ok "both delivered" delivered $((had + 2))
had=$(in_user2)
# In the pager: the message shown; n at the question keeps it.
pty_keys Enter
pty_wait_for '^Subject: Bounce me' >/dev/null
pty_keys b
pty_type "user2@localhost"
pty_keys Enter n Enter
ok "n: not bounced" pty_wait_for '\| not bounced$'
pty_keys b
pty_type "user2@localhost"
pty_keys Enter y Enter
ok "the pager bounces the message it shows" pty_wait_for 'bounce: work: bounced: Bounce me'
ok "delivered" delivered $((had + 1))
pty_keys q q
pty_wait_exit >/dev/null
pty_stop
is "the originals got no tag from it (unread went as the pager showed one)" "" \
	"$(notmuch search --output=tags 'id:orig-1@example.org or id:orig-2@example.org' |
		grep -E '^(outbox|sent|replied|passed)$')"
is "the outbox is empty" 0 "$(in_outbox)"
test_done
