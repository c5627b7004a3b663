#!/usr/bin/env bash
# The compose view inside the UI, driven by keys in a terminal with a
# scripted $EDITOR: every key of the view (t c b s a d e j k ? y p q),
# and each ending said exactly: sent, queued and why, postponed,
# aborted, not changed, the editor failing, the keeper of the draft
# killed, mua quitting. The store is not held while the view is open.
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/certs.sh"
. "$srcdir/tests/lib/mailhost.sh"
. "$srcdir/tests/lib/store.sh"
. "$srcdir/tests/lib/pty.sh"
test_begin
require_program "${TMUX_BIN:-tmux}" "the compose view runs in a terminal"
require_program notmuch
mailhost_start_smtp "sending what the compose view wrote"
store_make "$TEST_TMP/store"
root=$TEST_TMP/store/mail
# The editor: fills in an empty To and Subject (from EDIT_TO and
# EDIT_SUBJECT, set in edit.conf) and adds a line of body each run.
cat >"$TEST_TMP/editor" <<ED
#!/bin/sh
[ -f "$TEST_TMP/edit.conf" ] && . "$TEST_TMP/edit.conf"
ED
cat >>"$TEST_TMP/editor" <<'ED'
sed -i "s/^To: *\$/To: ${EDIT_TO-test@localhost}/; s/^Subject: *\$/Subject: ${EDIT_SUBJECT-from the view}/" "$1"
printf 'Line %s of the text.\n' "$(grep -c '^Line ' "$1")" >>"$1"
ED
chmod +x "$TEST_TMP/editor"
write_rc() {	# FILE SMTP_PORT
	cat >"$1" <<RC
set editor = $TEST_TMP/editor
set sidebar = no
account work {
	from = "Test <test@localhost>"
	smtp = "smtp://localhost:$2"
	user = test
	pass_command = "echo secret"
	ca_file = "$MH_CA"
	idle = no
}
RC
}
write_rc "$TEST_TMP/rc" "$MH_SUBMIT"
printf 'From: Ann <ann@example.org>\nTo: Test <test@localhost>\nSubject: lunch?\nMessage-ID: <lunch@example.org>\nDate: Mon, 02 Nov 2026 10:00:00 +0000\n\nShall we?\n' >"$root/INBOX/new/lunch"
notmuch new --quiet
printf 'attached bytes\n' >"$TEST_TMP/notes.txt"
drafts() { notmuch count tag:draft; }
draft_has() { notmuch search --output=files tag:draft | xargs -r grep -q -- "$1"; }
delivered() {	# COUNT
	[ "$(ls "$(mailhost_maildir test)/new" | wc -l)" -ge "$1" ]
}
status_says() { pty_wait_for_line 30 "$1"; }

pty_start 120 30 "$MUA" -F "$TEST_TMP/rc" -q tag:inbox
pty_wait_for 'lunch\?' >/dev/null
pty_keys m
ok "m runs the editor, then shows the compose view" \
	pty_wait_for_line 2 '^To:      test@localhost$'
like "with the sender" '^From:    Test <test@localhost>' "$(pty_screen)"
like "the subject" 'Subject: from the view' "$(pty_screen)"
like "the security state" 'Security: none \(neither signed nor encrypted\)' "$(pty_screen)"
like "the attachments" 'Attachments: none' "$(pty_screen)"
like "and the text" 'Line 0 of the text\.' "$(pty_screen)"
ok "the status line names it and the keys" \
	status_says 'compose: from the view  \(y send, p postpone, q abort, S sign, E encrypt, \? keys\)'
ok "the draft is kept in the drafts folder at once" wait_until test "$(drafts)" = 1

# Nothing holds the store while the view is open: a writer goes on.
notmuch tag +probe -- id:lunch@example.org &
probe=$!
ok "another writer (notmuch tag) is not held up by the open view" \
	wait_until sh -c "! kill -0 $probe 2>/dev/null"
wait "$probe"
is "and it did its work" 1 "$(notmuch count tag:probe)"

pty_keys t
ok "t asks for To, starting from what it is" pty_wait_for_line 30 '^To: test@localhost$'
pty_keys C-u
pty_type 'Ann <ann@example.org>, test@localhost'
pty_keys Enter
ok "and the view shows the new To" pty_wait_for_line 2 '^To:      Ann <ann@example.org>, test@localhost$'
ok "kept in the draft" wait_until draft_has '^To: Ann <ann@example.org>, test@localhost$'
pty_keys c
pty_wait_for_line 30 '^Cc: $|^Cc:$' >/dev/null
pty_type 'an'
pty_keys Tab
ok "c asks for Cc, Tab completing a correspondent" \
	pty_wait_for_line 30 '^Cc: Ann <ann@example.org>'
pty_keys C-u
pty_type 'cc@example.org'
pty_keys Enter
ok "the view shows the Cc" pty_wait_for_line 3 '^Cc:      cc@example.org$'
pty_keys b
pty_wait_for_line 30 '^Bcc:' >/dev/null
pty_type 'bcc@example.org'
pty_keys Enter
ok "b sets the Bcc" pty_wait_for_line 4 '^Bcc:     bcc@example.org$'
pty_keys s
pty_wait_for_line 30 '^Subject: from the view$' >/dev/null
pty_keys C-u
pty_type 'all the keys'
pty_keys Enter
ok "s sets the subject" pty_wait_for_line 5 '^Subject: all the keys$'
pty_keys a
pty_wait_for_line 30 '^Attach file:' >/dev/null
pty_type "$TEST_TMP/note"
pty_keys Tab
ok "a asks for a file, Tab completing its name" pty_wait_for_line 30 "^Attach file: $TEST_TMP/notes.txt"
pty_keys Enter
ok "the view lists it with its size" pty_wait_for "^  1 $TEST_TMP/notes.txt \\(15 bytes\\)$"
ok "kept in the draft" wait_until draft_has "^Attach: $TEST_TMP/notes.txt$"
pty_keys d
ok "d asks which, offering the only one" pty_wait_for_line 30 '^Detach which \(number\): 1$'
pty_keys Enter
ok "and it goes" pty_wait_for 'Attachments: none'
pty_keys e
ok "e runs the editor again" pty_wait_for 'Line 1 of the text\.'
ok "what it wrote is kept" wait_until draft_has '^Line 1 of the text\.$'
pty_keys j
ok "j scrolls the text" pty_wait_for_line 9 '^Line 1 of the text\.$'
pty_keys k
ok "k scrolls back" pty_wait_for_line 9 '^Line 0 of the text\.$'
pty_keys '?'
ok "? lists the view's keys" pty_wait_for 'send-message'
like "with what each does" 'postpone-message +keep the message being written as a draft' "$(pty_screen)"
pty_keys q
pty_wait_for_line 5 '^Subject: all the keys$' >/dev/null
# e and y at once: y, typed while the editor runs or the draft is being
# kept, waits for that, then sends what the editor wrote.
pty_keys e y
ok "y typed ahead queues it, and says so" pty_wait_for 'compose: queued in the outbox|send: '
ok "then the send says it was sent" status_says 'send: work: sent: all the keys$'
ok "the view is closed: the index is back" pty_wait_for 'lunch\?'
sent_one() {	# the message, not a bounce quoting it
	grep -l '^Subject: all the keys' "$(mailhost_maildir test)"/new/* 2>/dev/null |
		xargs -r grep -L '^From: Mail Delivery System' | head -n 1 | grep .
}
ok "the server has it" wait_until sent_one
is "the draft is gone" 0 "$(drafts)"
msg=$(sent_one)
like "To, Cc as set" 'Cc: cc@example.org' "$(cat "$msg")"
unlike "Bcc never on the wire" '^Bcc:|bcc@example.org' "$(sed '/^$/q' "$msg")"
like "with what the editor wrote before y" 'Line 2 of the text' "$(cat "$msg")"

# No subject: asked; n stays. No recipient: refused, saying what to do.
printf 'EDIT_SUBJECT= EDIT_TO=\n' >"$TEST_TMP/edit.conf"
pty_keys m
pty_wait_for 'Line 0 of the text' >/dev/null
pty_keys y
ok "no subject: asked before sending" pty_wait_for 'The message has no subject: send it anyway\? \(y/n\)'
pty_keys n Enter
pty_wait_for_line 30 'compose: \(no subject\)' >/dev/null
pty_keys s
pty_type 'nobody'
pty_keys Enter
pty_wait_for_line 5 '^Subject: nobody$' >/dev/null
pty_keys y
ok "no recipient: not sent, and what to do" status_says 'not sent: no recipients: t, c or b adds one$'
ok "the view stays" pty_wait_for_line 5 '^Subject: nobody$'

# Postponed, taken up again with e, aborted.
pty_keys p
ok "p postpones, saying where the draft is" \
	status_says 'compose: postponed: the draft is in Drafts \(e on it takes it up again\)$'
is "the draft stays" 1 "$(drafts)"
rm "$TEST_TMP/edit.conf"
pty_keys /
pty_type 'tag:draft'
pty_keys Enter
ok "the postponed draft is listed with its subject as it is now" \
	pty_wait_for '\[1/1\] nobody'
pty_keys e
ok "e on the draft takes it up in the view" pty_wait_for 'Line 1 of the text\.'
pty_keys q
ok "q asks before throwing it away" pty_wait_for 'Abort, and throw the draft away\? \(y/n\)'
pty_keys n Enter
pty_wait_for_line 5 '^Subject: nobody$' >/dev/null
is "n keeps it" 1 "$(drafts)"
pty_keys q
pty_wait_for 'Abort, and throw' >/dev/null
pty_keys y Enter
ok "y aborts, and says so" status_says 'compose: aborted: the draft is thrown away$'
ok "the draft is gone" wait_until test "$(drafts)" = 0
pty_keys q q
pty_wait_exit >/dev/null
pty_stop

# The editor changes nothing; the editor fails.
printf '#!/bin/sh\nexit 0\n' >"$TEST_TMP/same"
printf '#!/bin/sh\nexit 3\n' >"$TEST_TMP/fails"
chmod +x "$TEST_TMP/same" "$TEST_TMP/fails"
pty_start 120 30 "$MUA" -F "$TEST_TMP/rc" -q tag:inbox
pty_wait_for 'lunch\?' >/dev/null
pty_keys :
pty_type "set editor = $TEST_TMP/same"
pty_keys Enter
pty_keys m
ok "a new message left as it was: not sent, said" \
	status_says 'compose: not sent: the message was not changed$'
is "nothing kept" 0 "$(drafts)"
pty_keys :
pty_type "set editor = $TEST_TMP/fails"
pty_keys Enter
pty_keys m
ok "the editor failing: said, nothing kept" \
	status_says 'compose: not sent: the editor failed \(exit status 3\); nothing was changed$'
is "no draft" 0 "$(drafts)"
# The editor failing on a draft taken up: the draft stays as it was.
pty_keys :
pty_type "set editor = $TEST_TMP/editor"
pty_keys Enter
pty_keys m
pty_wait_for_line 2 '^To:      test@localhost$' >/dev/null
pty_keys p
status_says 'compose: postponed' >/dev/null
pty_keys :
pty_type "set editor = $TEST_TMP/fails"
pty_keys Enter
pty_keys /
pty_type 'tag:draft'
pty_keys Enter
pty_wait_for '\[1/1\] from the view' >/dev/null
pty_keys e
ok "the editor failing on a draft taken up: said" \
	status_says 'compose: not sent: the editor failed \(exit status 3\); nothing was changed$'
is "the draft stays" 1 "$(drafts)"
pty_keys q
notmuch tag -draft -- tag:draft

# The keeper of the draft killed: the UI says so; the draft as last kept
# stays.
pty_keys :
pty_type "set editor = $TEST_TMP/editor"
pty_keys Enter
pty_keys m
pty_wait_for_line 2 '^To:      test@localhost$' >/dev/null
wait_until test "$(drafts)" = 1
kill -KILL $(pty_pgrep 'compose --serve')
ok "the keeper killed: said, with where the draft is" \
	status_says 'compose: ended without finishing \(signal 9\): the draft as last kept is in the drafts folder$'
is "the draft stays" 1 "$(drafts)"
ok "the UI goes on" pty_wait_for 'lunch\?'

# Killed while the view's own question is on screen: the question goes
# with the view (prompts are modes of the loop, not loops of their own),
# and the keys are the index's again.
pty_keys m
pty_wait_for_line 2 '^To:      test@localhost$' >/dev/null
wait_until test "$(drafts)" = 2
pty_keys t
pty_wait_for '^To: test@localhost' >/dev/null
kill -KILL $(pty_pgrep 'compose --serve')
ok "killed under its question: said" \
	status_says 'compose: ended without finishing \(signal 9\)'
is "the question is gone with it" "" "$(pty_screen | grep '^To: ')"
pty_keys /
ok "and the keys are the index's again" status_says '^search:'
pty_keys Escape
notmuch tag -draft -- tag:draft

# mua quits while a message is open: the draft is kept, the keeper ends.
pty_keys m
pty_wait_for_line 2 '^To:      test@localhost$' >/dev/null
wait_until test "$(drafts)" = 1
keeper=$(pty_pgrep 'compose --serve')
kill -TERM "$(ps -o ppid= -p "$keeper" | tr -d " ")"
pty_wait_exit >/dev/null
ok "mua quitting ends the keeper" wait_until sh -c "! kill -0 $keeper 2>/dev/null"
is "and keeps the draft" 1 "$(drafts)"
pty_stop

# No account to write from: said as it is, nothing more.
printf 'set sidebar = no\nset editor = %s\n' "$TEST_TMP/editor" >"$TEST_TMP/rc-none"
pty_start 120 30 "$MUA" -F "$TEST_TMP/rc-none" -q tag:inbox
pty_wait_for 'lunch\?' >/dev/null
pty_keys m
ok "no account: the reason, as the child gave it" \
	status_says 'compose: no account to write from: add one to the configuration$'
pty_keys q
pty_wait_exit >/dev/null
pty_stop

# queued, and why: the server away. The message waits in the outbox.
notmuch tag -draft -- tag:draft
write_rc "$TEST_TMP/rc-away" 1
pty_start 120 30 "$MUA" -F "$TEST_TMP/rc-away" -q tag:inbox
pty_wait_for 'lunch\?' >/dev/null
pty_keys m
pty_wait_for_line 2 '^To:      test@localhost$' >/dev/null
pty_keys y
ok "the server away: queued, and why" \
	status_says 'send: work: queued: from the view: .*(refused|connect)'
ok "it waits in the outbox" test -n "$(find "$root/work/Outbox/cur" -type f)"
pty_keys q
pty_wait_exit >/dev/null
pty_stop
test_done
