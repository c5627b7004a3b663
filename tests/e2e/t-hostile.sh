#!/usr/bin/env bash
# Hostile and broken servers (tests/lib/hostile.py), one case at a time:
# literals of absurd, negative or short size, a 1 MB greeting, a FETCH
# never asked for, UIDs out of order, UIDVALIDITY 0 or changing, BYE in
# the middle of a FETCH, continuation requests without end; POP3 sizes of
# 0 and 2^32 and UIDs with spaces; SMTP answers with bare LF, of 5 MB or
# without end, or no SMTP at all. Each time mua ends on its own (no
# crash, no hang: "timeout" would say 124), either done or with a clear
# error; the store holds only whole messages, each indexed; and the next
# run against a good server (the suite's dovecot and postfix) works.
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/certs.sh"
. "$srcdir/tests/lib/mailhost.sh"
. "$srcdir/tests/lib/store.sh"
. "$srcdir/tests/lib/pty.sh"
test_begin
require_program /usr/sbin/dovecot "dovecot is the good server after each"
require_program notmuch
require_program python3 "the hostile servers are a Python script"
ok_here "dovecot starts" mailhost_start || { test_done; exit 1; }
mailhost_put 1 3
export XDG_STATE_HOME=$TEST_TMP/state
root=$TEST_TMP/store/mail
# One process serves every case, each on a port of its own.
python3 "$srcdir/tests/lib/hostile.py" >"$TEST_TMP/hostile" &
at_exit "kill $!"
wait_until grep -qx ready "$TEST_TMP/hostile"
ok_here "the hostile servers listen" grep -qx ready "$TEST_TMP/hostile"
port_of() {	# PROTO CASE
	awk -v p="$1" -v c="$2" '$1 == p && $2 == c { print $3 }' "$TEST_TMP/hostile"
}

rc_for() {	# PROTOCOL PORT
	cat >"$TEST_TMP/rc" <<-RC
	set net_timeout = 2
	account work {
		from = "Test <test@localhost>"
		$1 = "$1://localhost:$2"
		tls = none
		user = test
		pass_command = "echo secret"
	}
	RC
}

# Files in the store that are not one of the hostile server's messages
# whole (as stored: LF line ends), and files not indexed.
broken() {
	local f n
	notmuch search --exclude=false --output=files '*' >"$TEST_TMP/indexed"
	find "$root" -type f \( -path '*/cur/*' -o -path '*/new/*' \) |
	while read -r f; do
		n=$(sed -n 's/^Message-ID: <[hm]\([0-9]*\)@example.org>$/\1/p' "$f")
		case $(sed -n 's/^Message-ID: <\([hm]\)[0-9]*@.*/\1/p' "$f") in
		h) printf 'From: Sender %d <s%d@example.org>\nTo: test@localhost\nSubject: hostile %d\nMessage-ID: <h%d@example.org>\nDate: Mon, 02 Nov 2026 10:00:00 +0000\n\nBody %d.\n' \
			"$n" "$n" "$n" "$n" "$n" | cmp -s - "$f" || echo "cut: $f" ;;
		m) cmp -s "$TEST_TMP/src-$n" "$f" || echo "cut: $f" ;;
		*) echo "stranger: $f" ;;
		esac
		grep -qxF "$f" "$TEST_TMP/indexed" || echo "not indexed: $f"
	done
}

# One case: PROTO CASE RC [PATTERN]: the sync (or send) ends with RC
# and, when it fails, says PATTERN; HOW_MANY hostile messages are kept.
case_() {
	local proto=$1 what=$2 want=$3 pattern=${4:-} kept=${5:-} out rc
	rm -rf "$TEST_TMP/store" "$XDG_STATE_HOME"
	store_make "$TEST_TMP/store" >/dev/null
	rc_for "$proto" "$(port_of "$proto" "$what")"
	if [ "$proto" = smtp ]; then
		out=$(echo body | timeout 120 "$MUA" -F "$TEST_TMP/rc" send \
			-s "to $what" test@localhost 2>&1)
	else
		out=$(timeout 120 "$MUA" -F "$TEST_TMP/rc" sync 2>&1)
	fi
	rc=$?
	is "$proto $what: ends by itself with $want" "$want" "$rc" ||
		printf '# %s\n' "$out" | tail -n 5
	[ -n "$pattern" ] && like "$proto $what: saying why" "$pattern" "$out"
	[ "$proto" = smtp ] ||
		is "$proto $what: only whole messages kept, each indexed" "" "$(broken)"
	[ -n "$kept" ] && is "$proto $what: $kept kept" "$kept" \
		"$(notmuch count --exclude=false 'id:h1@example.org or id:h2@example.org or id:h3@example.org')"
	good "$proto" "$what"
}

# The next run against a good server works.
good() {	# PROTO CASE
	local out rc
	case $1 in
	imap) rc_for imap "$MH_IMAP" ;;
	pop3) rc_for pop3 "$MH_POP3" ;;
	smtp) rc_for smtp "$MH_SMTP_PLAIN" ;;
	esac
	if [ "$1" = smtp ]; then
		out=$("$MUA" -F "$TEST_TMP/rc" send 2>&1)
	else
		out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1)
	fi
	rc=$?
	if [ "$1" = smtp ]; then
		unlike "$1 $2: then a good server takes what was queued" \
			'^work: queued:' "$out"
	else
		is "$1 $2: then a good server's sync works" "0 3" \
			"$rc $(notmuch count 'id:m1@example.org or id:m2@example.org or id:m3@example.org')"
	fi
}

lost='the connection was lost or the server stopped answering'
# Taken in stride: everything fetched, once.
for what in none greeting-1mb unasked-uid uids-backwards size-huge exists-huge; do
	case_ imap "$what" 0 '' 3
	[ "$what" = unasked-uid ] && is "imap $what: the message never asked for is not kept" \
		0 "$(notmuch count id:h99@example.org)"
done
for what in none greeting-1mb list-zero list-huge stat-huge uidl-spaces; do
	case_ pop3 "$what" 0 '' 3
done
# Refused, saying why, keeping what came whole.
case_ imap literal-huge 1 "fetching INBOX failed: the server's answer made no sense" 0
case_ imap literal-negative 1 "fetching INBOX failed: the server's answer made no sense" 0
case_ imap literal-short 1 "fetching INBOX failed: $lost" 0
case_ imap literal-stall 1 'fetching INBOX failed: timed out after 2 s waiting for the server \(net_timeout\)' 0
case_ imap uidvalidity-0 1 'no UIDVALIDITY \(0\)' 0
case_ imap uidvalidity-moves 1 'renumbered during this sync \(UIDVALIDITY 101, then 102\)' 0
case_ imap bye-mid-fetch 1 "fetching INBOX failed: $lost" 1
case_ imap endless-continuation 1 'logging in failed: the server kept asking for more without waiting' 0
case_ pop3 retr-short 1 "retrieving message 1 failed: $lost" 0
if [ "$MH_SMTP" = no ]; then
	skip "hostile SMTP servers" "postfix needs root"
else
	past='the server.s answer went on past 64 KB, more than any real SMTP answer'
	case_ smtp none 0 '^work: sent: to none$'
	case_ smtp greeting-1mb 1 "^work: queued: to greeting-1mb: localhost: $past"
	case_ smtp bare-lf 0 '^work: sent: to bare-lf$'
	case_ smtp line-5mb 1 "^work: queued: to line-5mb: localhost: $past"
	case_ smtp endless-multiline 1 "^work: queued: to endless-multiline: localhost: $past"
	case_ smtp data-garbage 1 '^work: unknown: to data-garbage: delivery unknown: the server.s answer to the message is no SMTP answer: 2 x0 what'
fi

# A worker that crashes ends alone: the UI's sync child, waiting inside
# a literal, gets a SIGSEGV (what a crash in libetpan would be); the UI
# says so and goes on, and the store is as it was. (No case above
# crashes libetpan itself under ASan; this shows where one would end.)
if command -v "${TMUX_BIN:-tmux}" >/dev/null; then
	rm -rf "$TEST_TMP/store" "$XDG_STATE_HOME"
	store_make "$TEST_TMP/store" >/dev/null
	rc_for imap "$(port_of imap literal-stall)"
	sed -i 's/net_timeout = 2/net_timeout = 600/' "$TEST_TMP/rc"
	stalls=$(grep -c '^stalled$' "$TEST_TMP/hostile")
	pty_start 100 20 "$MUA" -F "$TEST_TMP/rc"
	pty_wait_for 'work' >/dev/null
	pty_keys '$'
	for _ in $(seq 1 600); do
		[ "$(grep -c '^stalled$' "$TEST_TMP/hostile")" -gt "$stalls" ] && break
		sleep 0.05
	done
	child=$(pty_pgrep '-F /dev/fd/4 sync')
	ok_here "the UI's sync waits inside the literal" [ -n "$child" ]
	kill -SEGV $child
	# 11, or 6 under ASan, whose handler turns the crash into an abort.
	ok "the UI says the sync ended by a signal, and that it is fine" \
		pty_wait_for 'sync: ended by signal (11|6) .a server may have crashed it; the UI is fine'
	pty_keys q
	is "the UI goes on: it quits as usual" 0 "$(pty_wait_exit)"
	pty_stop
	is "the store is as it was" "0 " "$(notmuch count '*') $(broken)"
else
	skip "a crashed worker in the UI" "no tmux"
fi
test_done
