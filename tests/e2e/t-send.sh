#!/usr/bin/env bash
# mua send: messages go through the durable outbox to real postfix, over
# STARTTLS and implicit TLS with AUTH. What the server stores is what mua
# built (Bcc removed), byte for byte; the copy moves to Sent with tag
# sent. Failures leave the message queued (4xx, no server, a wrong
# password: sent on a later run) or failed (5xx, too big: kept for the
# user), never lost.
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/certs.sh"
. "$srcdir/tests/lib/mailhost.sh"
. "$srcdir/tests/lib/store.sh"
. "$srcdir/tests/lib/pty.sh"
. "$srcdir/tests/lib/killsteps.sh"
test_begin
require_program notmuch
require_program python3
mailhost_start_smtp "sending"
store_make "$TEST_TMP/store"
root=$TEST_TMP/store/mail
rc_for() {	# URL [PASSWORD]
	cat >"$TEST_TMP/rc" <<RC
account work {
	from = "Zoë Tëst <test@localhost>"
	smtp = "$1"
	user = test
	pass_command = "echo ${2:-secret}"
	ca_file = "$MH_CA"
}
RC
}
# Postfix delivers asynchronously: wait for COUNT files in USER's maildir.
delivered() {	# USER COUNT
	local i
	for i in $(seq 1 600); do
		[ "$(ls "$(mailhost_maildir "$1")/new" 2>/dev/null | wc -l)" -ge "$2" ] && return 0
		sleep 0.05
	done
	return 1
}
newest_delivered() { ls -t "$(mailhost_maildir test)"/new/* | head -n 1; }
in_outbox() { find "$root/work/Outbox" -type f -path '*/cur/*' 2>/dev/null | wc -l; }
in_sent() { find "$root/work/Sent" -type f -path '*/cur/*' 2>/dev/null | wc -l; }
# Whether USER's newest delivered message is Return-Path plus the Sent
# copy without its Bcc, with CRLF line ends.
same_as_sent() {	# USER
	python3 - "$(ls -t "$(mailhost_maildir "$1")"/new/* | head -n 1)" \
		"$(ls -t "$root"/work/Sent/cur/* | head -n 1)" <<'PY'
import re, sys
stored = open(sys.argv[1], "rb").read()
sent = open(sys.argv[2], "rb").read()
head, sep, body = sent.partition(b"\n\n")
head = re.sub(rb"(?m)^Bcc:.*\n(?:[ \t].*\n)*", b"", head + b"\n")[:-1]
want = (head + sep + body).replace(b"\n", b"\r\n")
sys.exit(0 if stored == b"Return-Path: <test@localhost>\r\n" + want else 1)
PY
}

rc_for "smtp://localhost:$MH_SUBMIT"
printf 'Hallo,\n.\nschöne Grüße.\n' >"$TEST_TMP/body"
dd if=/dev/urandom of="$TEST_TMP/data.bin" bs=1024 count=10 2>/dev/null
out=$("$MUA" -F "$TEST_TMP/rc" send -s 'Grüße' -b user2@localhost \
	-a "$TEST_TMP/data.bin" test@localhost <"$TEST_TMP/body" 2>&1); rc=$?
is "mua send over STARTTLS succeeds" 0 "$rc"
like "and says so" '^work: sent: Grüße$' "$out"
ok "the server delivers it" delivered test 1
ok "to the Bcc recipient too" delivered user2 1
ok "the stored message is what mua built, Bcc removed" same_as_sent test
is "the Bcc recipient's copy has no Bcc either" "" \
	"$(grep -i '^Bcc:' "$(mailhost_maildir user2)"/new/*)"
like "the Sent copy keeps the Bcc" '^Bcc: user2@localhost' "$(cat "$root"/work/Sent/cur/*)"
is "the outbox is empty" 0 "$(in_outbox)"
is "the Sent copy is indexed with tag sent" 1 "$(notmuch count tag:sent)"
is "and no longer outbox" 0 "$(notmuch count tag:outbox)"
is "the attachment arrives byte for byte" ok "$(python3 - "$(ls "$(mailhost_maildir test)"/new/* | head -n 1)" "$TEST_TMP/data.bin" <<'PY'
import email, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"))
parts = [p for p in m.walk() if p.get_filename() == "data.bin"]
print("ok" if parts and parts[0].get_payload(decode=True) == open(sys.argv[2], "rb").read() else "differs")
PY
)"

out=$(echo n | "$MUA" -F "$TEST_TMP/rc" trust work 2>&1)
like "mua trust shows the SMTP server's certificate too (after STARTTLS)" \
	"^smtp localhost:$MH_SUBMIT~.*Fingerprint: sha256:[0-9a-f]{64}~Verdict: verified by a trusted CA" \
	"$(printf '%s\n' "$out" | tr '\n' '~')"
rc_for "smtps://localhost:$MH_SUBMITS"
echo "second" | "$MUA" -F "$TEST_TMP/rc" send -s second test@localhost >/dev/null 2>&1
is "over implicit TLS too" 0 "$?"
ok "delivered" delivered test 2

# A wrong password, then the right one: the message waits, then goes.
rc_for "smtp://localhost:$MH_SUBMIT" wrong
out=$(echo "third" | "$MUA" -F "$TEST_TMP/rc" send -s third test@localhost 2>&1); rc=$?
is "a wrong password: exit 1" 1 "$rc"
like "the message is queued, saying why" '^work: queued: third: .*login as test was refused' "$out"
is "it is in the outbox" 1 "$(in_outbox)"
is "tagged outbox" 1 "$(notmuch count tag:outbox)"
rc_for "smtp://localhost:$MH_SUBMIT"
out=$("$MUA" -F "$TEST_TMP/rc" send 2>&1); rc=$?
is "the next mua send sends it" 0 "$rc"
like "saying so" '^work: sent: third$' "$out"
ok "delivered" delivered test 3

# No server at all: queued; the server back: sent.
rc_for "smtp://localhost:1"
out=$(echo "fourth" | "$MUA" -F "$TEST_TMP/rc" send -s fourth test@localhost 2>&1); rc=$?
is "no server: exit 1" 1 "$rc"
like "queued with the reason" "^work: queued: fourth: can't connect" "$out"
rc_for "smtp://localhost:$MH_SUBMIT"
out=$("$MUA" -F "$TEST_TMP/rc" send 2>&1)
like "sent once the server is there" '^work: sent: fourth$' "$out"

# Killed right after each counted step of sending a message (the state
# marked sending, the server's answer read, the state marked sent, then
# filing it away: linked into Sent, the index committed, the outbox file
# removed, the state removed), then resumed. Until the state says sent,
# the next run can't tell whether the server has it: it says "unknown"
# and never sends it again (killed after the answer, it did arrive).
# From then on the next run finishes the job: the Sent copy indexed
# once, the outbox emptied, no file the index names missing.
ghosts() {
	notmuch search --output=files '*' | while read -r f; do
		[ -e "$f" ] || echo "$f"
	done
}
arrived() {	# SUBJECT: how many the server has (waiting for one)
	local box i
	box=$(mailhost_maildir test)
	for i in $(seq 1 600); do
		grep -lE "^Subject: $1"$'\r?$' "$box"/new/* 2>/dev/null | grep -q . && break
		sleep 0.05
	done
	grep -lE "^Subject: $1"$'\r?$' "$box"/new/* 2>/dev/null | wc -l
}
: >"$TEST_TMP/steps"
echo counted | MUA_KILL_LOG=$TEST_TMP/steps "$MUA" -F "$TEST_TMP/rc" \
	send -s counted test@localhost >/dev/null 2>&1
steps=$(sed -n 's/^outbox //p' "$TEST_TMP/steps" | tr '\n' ' ')
is "sending one message counts its steps" \
	"sending answered sent linked committed unlinked done " "$steps"
n=0 steps_ok=0
for step in $steps; do
	n=$((n + 1))
	sent_before=$(notmuch count tag:sent) outbox_before=$(in_outbox)
	killsteps_outbox "$n" "$TEST_TMP/rc" send -s "killed-$n" \
		test@localhost <<<"kill $n"
	got="$resumed $(printf '%s' "$out" | grep -q "^work: unknown: killed-$n: delivery unknown" &&
		echo unknown || echo finished)"
	[ "$step" = sending ] && got="$got 0" || got="$got $(arrived "killed-$n")"
	got="$got $(($(in_outbox) - outbox_before))"
	if [ "$killed" = 137 ] && [ "$got" = "$want" ] &&
		! grep -q 'C: MAIL FROM' "$TEST_TMP/resume" 2>/dev/null &&
		[ "$(notmuch count tag:sent)" = $((sent_before + 1 - resumed)) ] &&
		[ -z "$(ghosts)" ]; then
		steps_ok=$((steps_ok + 1))
	else
		echo "# after step $n ($step): killed=$killed got=$got want=$want outbox=$(in_outbox) ghosts=$(ghosts | head -n 2)"
	fi
	# What is unknown is the user's to decide: here, forgotten.
	rm -f "$root"/work/Outbox/cur/*
	notmuch new --quiet >/dev/null 2>&1
done
is "killed after each step and resumed: never sent twice, unknown until noted as sent, then finished" \
	7 "$steps_ok"

# The UI sends queued mail whose next try has come, without a key; Y
# sends what waits now, due or not.
rc_for "smtp://localhost:1"
echo "retry" | "$MUA" -F "$TEST_TMP/rc" send -s by-itself test@localhost >/dev/null 2>&1
echo "now" | "$MUA" -F "$TEST_TMP/rc" send -s on-Y test@localhost >/dev/null 2>&1
is "two messages wait in the outbox" 2 "$(in_outbox)"
rc_for "smtp://localhost:$MH_SUBMIT"
printf 'set sidebar = no\n' >>"$TEST_TMP/rc"
# The first one's next try has come (as if its minute of back-off were
# over); the other's is still ahead.
for f in "$XDG_STATE_HOME"/mua/outbox/work/*; do
	grep -q . "$f" || continue
	key=${f##*/}
	subject=$(grep -l '^Subject: by-itself' "$root"/work/Outbox/cur/*",mua=$key"* 2>/dev/null)
	[ -n "$subject" ] && sed -i '1s/^\(queued [0-9]*\) [0-9]*/\1 1/' "$f"
done
pty_start 120 20 "$MUA" -F "$TEST_TMP/rc"
ok "the UI sends a due message by itself" \
	pty_wait_for 'send: work: sent: by-itself'
is "the other still waits" 1 "$(in_outbox)"
pty_keys Y
ok "Y sends what waits now" pty_wait_for 'send: work: sent: on-Y'
pty_keys q
pty_wait_exit >/dev/null
pty_stop
is "the outbox is empty" 0 "$(in_outbox)"
sed -i '/^set sidebar = no$/d' "$TEST_TMP/rc"

# A recipient the server refuses (5xx): failed, kept, not sent again.
out=$(echo "fifth" | "$MUA" -F "$TEST_TMP/rc" send -s fifth refuse@localhost 2>&1); rc=$?
is "a refused recipient: exit 1" 1 "$rc"
like "failed, with the server's words" '^work: failed: fifth: the recipient refuse@localhost was refused: 550 5.1.1' "$out"
is "it stays in the outbox" 1 "$(in_outbox)"
is "tagged send-failed, for the outbox view" 1 "$(notmuch count tag:outbox and tag:send-failed)"
if command -v "${TMUX_BIN:-tmux}" >/dev/null; then
	printf 'set sidebar = no\n' >"$TEST_TMP/rc-ui"
	cat "$TEST_TMP/rc" >>"$TEST_TMP/rc-ui"
	pty_start 160 20 "$MUA" -F "$TEST_TMP/rc-ui" -q tag:outbox
	pty_wait_for 'fifth' >/dev/null
	pty_keys Enter
	ok "the pager says why it waits in the outbox" \
		pty_wait_for '\[-- in the outbox: failed: the recipient refuse@localhost was refused: 550'
	pty_keys q q
	pty_wait_exit >/dev/null
	pty_stop
else
	skip "the outbox state in the pager" "tmux is not there"
fi
out=$("$MUA" -F "$TEST_TMP/rc" send 2>&1); rc=$?
like "a later run reports it again without sending" '^work: failed: fifth' "$out"
is "still exit 1" 1 "$rc"
rm -f "$root"/work/Outbox/cur/*
notmuch new --quiet 2>/dev/null

# A 4xx recipient: queued for later.
out=$(echo "sixth" | "$MUA" -F "$TEST_TMP/rc" send -s sixth later@localhost 2>&1)
like "a deferred recipient: queued, with a next try" '^work: queued: sixth: .*450 4.2.1.*next try at [0-9]{2}:[0-9]{2}$' "$out"
rm -f "$root"/work/Outbox/cur/*
notmuch new --quiet 2>/dev/null

# sendmail_command: the whole message, Bcc and all, to a program.
printf 'set sendmail_command = "cat > %s/piped"\n' "$TEST_TMP" | cat - "$TEST_TMP/rc" >"$TEST_TMP/rc2"
out=$(echo "piped body" | "$MUA" -F "$TEST_TMP/rc2" send -s piped -b hidden@example.org test@localhost 2>&1); rc=$?
is "sendmail_command: exit 0" 0 "$rc"
like "sent" '^work: sent: piped$' "$out"
like "the program got the message on its standard input" '^Subject: piped$' "$(cat "$TEST_TMP/piped")"
like "Bcc included, for it to read the recipients" '^Bcc: hidden@example.org$' "$(cat "$TEST_TMP/piped")"
printf 'set sendmail_command = "exit 75"\n' | cat - "$TEST_TMP/rc" >"$TEST_TMP/rc2"
out=$(echo "x" | "$MUA" -F "$TEST_TMP/rc2" send -s cmd-fails test@localhost 2>&1); rc=$?
is "a failing sendmail_command: exit 1" 1 "$rc"
like "the message stays queued" '^work: queued: cmd-fails' "$out"
rm -f "$root"/work/Outbox/cur/*
notmuch new --quiet 2>/dev/null

# 8-bit text: as it is where the server announces 8BITMIME (above),
# re-encoded as quoted-printable where it doesn't.
n=$(ls "$(mailhost_maildir test)/new" | wc -l)
sed "s|smtp = .*|smtp = \"smtp://localhost:$MH_SMTP_PLAIN\"\n\ttls = none|" "$TEST_TMP/rc" >"$TEST_TMP/rc2"
printf 'Grüße aus Köln.\n' | "$MUA" -F "$TEST_TMP/rc2" send -s eight test@localhost >/dev/null 2>&1
is "to a server without 8BITMIME: sent" 0 "$?"
ok "delivered" delivered test $((n + 1))
like "the Sent copy is 8-bit" 'Content-Transfer-Encoding: 8bit' "$(cat "$(ls -t "$root"/work/Sent/cur/* | head -n 1)")"
like "what the server got is quoted-printable" 'Content-Transfer-Encoding: quoted-printable' "$(cat "$(newest_delivered)")"
is "and says the same" "Grüße aus Köln." "$(python3 -c '
import email, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"))
print(m.get_payload(decode=True).decode("utf-8").strip())' "$(newest_delivered)")"

# Over the server's SIZE: refused before the data goes.
head -c 2500000 /dev/urandom >"$TEST_TMP/big.bin"
out=$(echo "big" | "$MUA" -F "$TEST_TMP/rc" send -s big -a "$TEST_TMP/big.bin" test@localhost 2>&1); rc=$?
is "too big: exit 1" 1 "$rc"
like "failed, saying the sizes" '^work: failed: big: the message is [0-9]+ KB, and localhost takes at most 1953 KB' "$out"
test_done
