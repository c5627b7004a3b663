#!/usr/bin/env bash
# IMAP IDLE: "mua idle" watches a folder of the suite's dovecot and says
# each change the server announces (mail delivered through postfix, a
# message expunged by another client); a server without IDLE is said
# plainly, with its own exit code. The UI runs one per account (idle =
# yes) and syncs when told: new mail shows without a key.
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/certs.sh"
. "$srcdir/tests/lib/mailhost.sh"
. "$srcdir/tests/lib/store.sh"
. "$srcdir/tests/lib/pty.sh"
test_begin
require_program notmuch
require_program curl
mailhost_start_smtp "IMAP IDLE against dovecot, mail delivered by postfix"
store_make "$TEST_TMP/store"
rc_for() {	# IMAP-URL
	cat >"$TEST_TMP/rc" <<RC
account work {
	from = "Test <test@localhost>"
	imap = "$1"
	smtp = "smtp://localhost:$MH_SUBMIT"
	user = test
	pass_command = "echo secret"
	ca_file = "$MH_CA"
}
set sidebar = no
RC
}
rc_for "imaps://localhost:$MH_IMAPS"
said() { grep -c "^$1" "$TEST_TMP/idle.out" 2>/dev/null; }
said_at_least() { [ "$(said "$1")" -ge "$2" ]; }
deliver() {	# SUBJECT [AGE]: through postfix, to test, from someone else,
		# dated AGE seconds ago (the index's order never rests on a tie)
	printf 'From: Ann <ann@example.org>\r\nTo: test@localhost\r\nSubject: %s\r\nMessage-ID: <%s@example.org>\r\nDate: %s\r\n\r\nbody\r\n' \
		"$1" "$(echo "$1" | tr ' ' -)" "$(date -R -d "-${2:-0} seconds")" \
		>"$TEST_TMP/deliver.eml"
	curl -sS --cacert "$MH_CA" "smtp://localhost:$MH_SUBMIT" --ssl-reqd \
		--user test:secret --mail-from ann@example.org \
		--mail-rcpt test@localhost --upload-file "$TEST_TMP/deliver.eml"
}

"$MUA" -F "$TEST_TMP/rc" --trace "$TEST_TMP/trace" idle work \
	>"$TEST_TMP/idle.out" 2>"$TEST_TMP/idle.err" &
idler=$!
ok "mua idle logs in and watches INBOX" wait_until said_at_least 'watching INBOX$' 1
like "on an IDLE it issued" 'C: [^ ]+ IDLE' "$(cat "$TEST_TMP/trace")"
deliver "pushed one" 120
ok "mail delivered through postfix: it says INBOX changed" \
	wait_until said_at_least 'changed INBOX$' 1
like "after a DONE, and it idles again" 'C: DONE' "$(cat "$TEST_TMP/trace")"
deliver "pushed two" 60
ok "and again for the next" wait_until said_at_least 'changed INBOX$' 2
is "it is still running" 0 "$(kill -0 "$idler" 2>/dev/null; echo $?)"
kill "$idler"
wait "$idler" 2>/dev/null
is "the password never reached the trace" "" "$(grep -F secret "$TEST_TMP/trace")"

out=$("$MUA" -F "$TEST_TMP/rc" idle nosuch 2>&1); rc=$?
is "an unknown account: a usage error" "2 mua: nosuch: no such account" "$rc $out"
out=$("$MUA" -F "$TEST_TMP/rc" idle work NoSuchFolder 2>&1); rc=$?
is "a folder that isn't there: exit 1" 1 "$rc"
like "naming it" '^mua: work: NoSuchFolder: ' "$out"

# The UI keeps a watcher on INBOX (idle = yes is the default): mail
# delivered through postfix is synced and shown without a key.
watchers() { pty_pgrep '-F /dev/fd/4 idle work INBOX' | wc -l; }
printf 'set new_mail_command = "echo %%n to %%a >>%s/news"\n' "$TEST_TMP" >>"$TEST_TMP/rc"
ok_here "the UI starts" pty_start 120 20 "$MUA" -F "$TEST_TMP/rc"
# Once its IDLE is taken, the watcher has the account synced: what came
# while nobody watched (the two above).
ok "its watcher watches INBOX, and has what came meanwhile synced" \
	pty_wait_for 'sync: work: 2 new messages'
pty_wait_for_line 2 'pushed one' >/dev/null	# the rows, not just the word
pty_keys j	# the cursor on the second thread, the older one
deliver "pushed to the screen"
ok "mail delivered through postfix then shows in the index without a key" \
	pty_wait_for_line 1 'pushed to the screen'
ok "and the status line says what came" pty_wait_for 'sync: work: 1 new message'
pty_keys Enter
ok "the cursor stayed on its thread as the rows moved" \
	pty_wait_for "Subject: pushed one"
pty_keys q
has_news() { grep -qx "$1" "$TEST_TMP/news" 2>/dev/null; }
ok "new_mail_command ran for each sync that brought mail, with the counts" \
	wait_until has_news '1 to work'
is "once for each" "2 to work|1 to work" "$(paste -sd'|' "$TEST_TMP/news")"
is "one watcher runs" 1 "$(watchers)"
watcher=$(pty_pgrep '-F /dev/fd/4 idle work INBOX')
gone() { ! kill -0 "$watcher" 2>/dev/null; }
pty_keys q
pty_wait_exit >/dev/null
pty_stop
ok "leaving mua stops it" wait_until gone

# A server without IDLE: said once, with exit 3, so that the UI doesn't
# start it again and again.
mailhost_stop
MH_IMAP_CAPS="IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE SORT NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 SPECIAL-USE" \
	mailhost_start_smtp "IMAP without IDLE"
rc_for "imaps://localhost:$MH_IMAPS"
out=$(timeout 60 "$MUA" -F "$TEST_TMP/rc" idle work 2>&1); rc=$?
is "no IDLE: exit 3" 3 "$rc"
like "saying so, and what does the job instead" \
	'offers no IDLE: new mail comes with each sync \(sync_interval\)' "$out"
test_done
