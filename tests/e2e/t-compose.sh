#!/usr/bin/env bash
# mua compose in a terminal, with a scripted $EDITOR: a new message with
# an attachment sent through postfix; a reply that marks the original
# replied; a postponed draft recalled and sent; an aborted one gone; the
# forgotten-attachment question; mailto: URIs. The draft is in the drafts
# maildir after every editor run.
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/certs.sh"
. "$srcdir/tests/lib/mailhost.sh"
. "$srcdir/tests/lib/store.sh"
. "$srcdir/tests/lib/pty.sh"
test_begin
require_program "${TMUX_BIN:-tmux}" "the compose screen runs in a terminal"
require_program notmuch
require_program python3
mailhost_start_smtp "composing and sending"
store_make "$TEST_TMP/store"
root=$TEST_TMP/store/mail
# The editor: fills in what is empty and adds a line of body; EDIT_BODY
# replaces that line.
cat >"$TEST_TMP/editor" <<'ED'
#!/bin/sh
sed -i 's/^To: *$/To: test@localhost/; s/^Subject: *$/Subject: composed/' "$1"
printf '%s\n' "${EDIT_BODY:-Hello from the editor.}" >>"$1"
ED
chmod +x "$TEST_TMP/editor"
cat >"$TEST_TMP/rc" <<RC
set editor = $TEST_TMP/editor
account work {
	from = "Test <test@localhost>"
	smtp = "smtp://localhost:$MH_SUBMIT"
	user = test
	pass_command = "echo secret"
	ca_file = "$MH_CA"
}
RC
delivered() {	# COUNT
	local i
	for i in $(seq 1 600); do
		[ "$(ls "$(mailhost_maildir test)/new" | wc -l)" -ge "$1" ] && return 0
		sleep 0.05
	done
	return 1
}
newest() { ls -t "$(mailhost_maildir test)"/new/* | head -n 1; }
drafts() { notmuch count tag:draft; }
printf 'attached bytes\n' >"$TEST_TMP/notes.txt"

ok_here "mua compose starts" pty_start 100 30 "$MUA" -F "$TEST_TMP/rc" compose
ok "after the editor, the compose screen shows the message" \
	pty_wait_for 'y send  p postpone  e edit  a attach  d detach  q abort'
like "its recipient and subject" 'To:      test@localhost' "$(pty_screen)"
like "its subject" 'Subject: composed' "$(pty_screen)"
is "the draft is kept in the drafts maildir" 1 "$(drafts)"
pty_keys a
ok "a asks for a file" pty_wait_for 'Attach file:'
pty_type "$TEST_TMP/notes.txt"
pty_keys Enter
ok "and lists it" pty_wait_for "1 $TEST_TMP/notes.txt \\(here\\)"
pty_keys y
ok "y sends it" pty_wait_for 'Sent: composed'
is "mua compose exits 0" 0 "$(pty_wait_exit)"
pty_stop
ok "the server has it" delivered 1
like "with the attachment" 'filename=notes.txt' "$(cat "$(newest)")"
is "the draft is gone" 0 "$(drafts)"
is "the Sent copy is there" 1 "$(notmuch count tag:sent)"

# No recipient: refused at y, saying what to do; nothing is queued.
pty_start 100 30 "$MUA" -F "$TEST_TMP/rc" compose
pty_wait_for 'q abort' >/dev/null
pty_keys t
pty_wait_for 'To: ' >/dev/null
pty_keys C-u Enter
pty_wait_for 'q abort' >/dev/null
pty_keys y
ok "y without a recipient is refused, saying what to do" \
	pty_wait_for 'Not sent: no recipients: t, c or b adds one'
is "nothing went to the outbox" 0 "$(notmuch count tag:outbox)"
pty_keys q y
pty_wait_exit >/dev/null
pty_stop
# An account with nothing to send its mail: refused at once, not queued
# to be retried forever.
sed '/smtp = /d' "$TEST_TMP/rc" >"$TEST_TMP/rc-nosmtp"
out=$(echo body | "$MUA" -F "$TEST_TMP/rc-nosmtp" send -s nowhere test@localhost 2>&1); rc=$?
is "mua send on an account without smtp fails at once" 1 "$rc"
like "saying what is missing" 'account "work" has no smtp server and sendmail_command is not set' "$out"
is "and queues nothing" 0 "$(notmuch count tag:outbox)"

# A reply: In-Reply-To, quoting, and the original tagged replied.
mkdir -p "$root/INBOX/new"
printf 'From: Ann <ann@example.org>\nTo: Test <test@localhost>\nSubject: lunch?\nMessage-ID: <lunch@example.org>\nDate: Mon, 02 Nov 2026 10:00:00 +0000\n\nShall we?\n' >"$root/INBOX/new/lunch"
notmuch new --quiet
EDIT_BODY="Yes." pty_start 100 30 env EDIT_BODY="Yes." "$MUA" -F "$TEST_TMP/rc" compose --reply "$root/INBOX/new/lunch"
ok "a reply opens with its recipients" pty_wait_for 'To:      Ann <ann@example.org>'
like "and Re:" 'Subject: Re: lunch\?' "$(pty_screen)"
pty_keys y
ok "sent" pty_wait_for 'Sent: Re: lunch?'
pty_wait_exit >/dev/null
pty_stop
is "the original is tagged replied" 1 "$(notmuch count tag:replied and id:lunch@example.org)"
sent=$(grep -l '^In-Reply-To: <lunch@example.org>' "$root"/work/Sent/cur/*)
ok "the sent reply has In-Reply-To" test -n "$sent"
like "and quotes the original" '^> Shall we\?' "$(cat "$sent")"

# An inline forward carries the original's attachments, and the compose
# screen lists them.
cat >"$root/INBOX/new/report" <<'MSG'
From: Ann <ann@example.org>
To: test@localhost
Subject: the report
Message-ID: <report@example.org>
Date: Mon, 02 Nov 2026 10:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain

Here it is.
--b
Content-Type: application/pdf; name="report.pdf"
Content-Disposition: attachment; filename="report.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoKPDw+PgplbmRvYmoKdHJhaWxlcgo8PD4+CiUlRU9GCg==
--b--
MSG
notmuch new --quiet
pty_start 100 30 env EDIT_BODY="See below." "$MUA" -F "$TEST_TMP/rc" compose --forward "$root/INBOX/new/report"
ok "an inline forward lists the original's attachment" \
	pty_wait_for '1 .*report\.pdf'
pty_keys y
ok "and is sent" pty_wait_for 'Sent: Fwd: the report'
pty_wait_exit >/dev/null
pty_stop
fwd=$(grep -l '^Subject: Fwd: the report' "$root"/work/Sent/cur/*)
like "with the text inline" '^Here it is\.' "$(cat "$fwd")"
like "and the PDF attached" 'Content-Type: application/pdf' "$(cat "$fwd")"
like "under its name" 'filename="?report\.pdf' "$(cat "$fwd")"
like "the same bytes" '^%PDF-1\.4$' "$(cat "$fwd")"

# set forward_as = attachment: the message goes whole, as message/rfc822.
printf 'set forward_as = attachment\n' >>"$TEST_TMP/rc"
pty_start 100 30 env EDIT_BODY="Have a look." "$MUA" -F "$TEST_TMP/rc" compose --forward "$(notmuch search --output=files id:lunch@example.org)"
ok "a forward as attachment lists the message" pty_wait_for 'Attachments:'
pty_keys y
ok "and is sent" pty_wait_for 'Sent: Fwd: lunch\?'
pty_wait_exit >/dev/null
pty_stop
fwd=$(grep -l '^Subject: Fwd: lunch?' "$root"/work/Sent/cur/*)
like "as message/rfc822" 'Content-Type: message/rfc822' "$(cat "$fwd")"
like "holding the original" 'Shall we\?' "$(cat "$fwd")"
sed -i '/^set forward_as/d' "$TEST_TMP/rc"

# Postponed, then recalled and sent.
pty_start 100 30 "$MUA" -F "$TEST_TMP/rc" compose -s later
pty_wait_for 'q abort' >/dev/null
pty_keys p
ok "p postpones" pty_wait_for 'Postponed: the draft is in Drafts'
pty_wait_exit >/dev/null
pty_stop
is "the draft stays" 1 "$(drafts)"
draft=$(find "$root/work/Drafts" -type f -path '*/cur/*')
like "kept with a Date, so that notmuch dates it" \
	'^Date: [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} 20[0-9]{2} [0-9:]{8} [-+][0-9]{4}$' \
	"$(grep '^Date:' "$draft")"
id=$(grep '^Message-ID:' "$draft")
like "and a Message-ID of its own" '^Message-ID: <[0-9a-f]{32}@localhost>$' "$id"
pty_start 100 12 "$MUA" -F "$TEST_TMP/rc" -q tag:draft
ok "mua -q tag:draft lists it, newest first" pty_wait_for 'later.*draft'
pty_keys q
pty_wait_exit >/dev/null
pty_stop
# Recalled and postponed again: the same Message-ID (the server's copy
# of the draft is found by it), one draft still.
pty_start 100 30 "$MUA" -F "$TEST_TMP/rc" compose --draft "$draft"
pty_wait_for 'q abort' >/dev/null
pty_keys p
pty_wait_for 'Postponed' >/dev/null
pty_wait_exit >/dev/null
pty_stop
draft=$(find "$root/work/Drafts" -type f -path '*/cur/*')
is "postponed again: one draft" 1 "$(drafts)"
is "with the Message-ID it had" "$id" "$(grep '^Message-ID:' "$draft")"
pty_start 100 30 "$MUA" -F "$TEST_TMP/rc" compose --draft "$draft"
ok "a recalled draft opens as it was" pty_wait_for 'Subject: later'
is "the Date it was kept at is not shown" "" "$(pty_screen | grep '^Date:')"
is "nor its Message-ID" "" "$(pty_screen | grep '^Message-ID:')"
pty_keys y
ok "and is sent" pty_wait_for 'Sent: later'
pty_wait_exit >/dev/null
pty_stop
is "then the draft is gone" 0 "$(drafts)"

# A message that is no draft: its text, to edit and send anew; the
# message itself stays.
# (Tagged replied, it moved to cur/ with the R flag: ask notmuch.)
lunch=$(notmuch search --output=files id:lunch@example.org)
like "the replied original has the maildir flag R" ':2,[A-Z]*R' "$lunch"
pty_start 100 30 "$MUA" -F "$TEST_TMP/rc" compose --draft "$lunch"
ok "edit as new takes the message's subject" pty_wait_for 'Subject: lunch\?'
like "and recipients" 'To:      Test <test@localhost>' "$(pty_screen)"
pty_keys q y
pty_wait_exit >/dev/null
pty_stop
ok "the message is still there" test -f "$lunch"

# Aborted: nothing is sent, the draft goes.
pty_start 100 30 "$MUA" -F "$TEST_TMP/rc" compose -s abort-me
pty_wait_for 'q abort' >/dev/null
pty_keys q
ok "q asks first" pty_wait_for 'Abort, and throw the draft away\? \[y/N\]'
pty_keys y
is "then exits 0" 0 "$(pty_wait_exit)"
pty_stop
is "no draft left" 0 "$(drafts)"

# The text speaks of an attachment, none is attached: asked.
pty_start 100 30 env EDIT_BODY="See the attached file." "$MUA" -F "$TEST_TMP/rc" compose -s forgot
pty_wait_for 'q abort' >/dev/null
pty_keys y
ok "a forgotten attachment is asked about" pty_wait_for 'speaks of an attachment, and none is attached: send it anyway\? \[y/N\]'
pty_keys n
ok "no: back to the screen" pty_wait_for 'anyway\? \[y/N\] n'
last_line() { pty_screen | grep -v '^ *$' | tail -n 1; }
prompt_back() { last_line | grep -q '^>'; }
wait_until prompt_back
like "with its keys again" '^>' "$(last_line)"
pty_keys q y
pty_wait_exit >/dev/null
pty_stop

# mailto: from a browser.
pty_start 100 30 "$MUA" -F "$TEST_TMP/rc" 'mailto:ann@example.org?subject=Hi%20there&cc=bob@example.org'
ok "mailto: fills in the recipient and subject" pty_wait_for 'Subject: Hi there'
like "and Cc" 'Cc:      bob@example.org' "$(pty_screen)"
like "To the address" 'To:      ann@example.org' "$(pty_screen)"
# Header fields on the screen, addresses completed from the store.
pty_keys c
ok "c edits Cc, starting from what it is" pty_wait_for '^Cc: bob@example.org$'
pty_type ', An'
pty_keys Tab
ok "Tab completes a correspondent the store knows" pty_wait_for '^Cc: bob@example.org, Ann <ann@example.org>$'
pty_keys Enter
ok "the screen shows it" pty_wait_for 'Cc:      bob@example.org, Ann <ann@example.org>'
pty_keys s C-u
pty_type 'New subject'
pty_keys Enter
ok "s changes the subject" pty_wait_for 'Subject: New subject'
pty_keys a
pty_type "$TEST_TMP/not"
pty_keys Tab
ok "a completes file names" pty_wait_for "^Attach file: $TEST_TMP/notes.txt\$"
pty_keys Enter
ok "and attaches" pty_wait_for "1 $TEST_TMP/notes.txt \\(here\\)"
like "the draft kept the change" 'Subject: New subject' "$(cat "$(notmuch search --output=files tag:draft)")"
pty_keys q y
pty_wait_exit >/dev/null
pty_stop

# The address book: alias lines and query_command, as in mutt.
cat >"$TEST_TMP/query" <<'Q'
#!/bin/sh
printf '%s\n' "$1" >>"$QUERY_LOG"
printf 'Searching...\n'
printf 'dora@example.net\tDora Explorer\tfriends\ndan@example.net\t\t\n' |
	grep -F -- "$1"
Q
chmod +x "$TEST_TMP/query"
export QUERY_LOG=$TEST_TMP/query.log
{ cat "$TEST_TMP/rc"
  echo "set query_command = \"$TEST_TMP/query '%s'\""
  echo 'alias team bo@example.org, Cy <cy@example.org>'
} >"$TEST_TMP/rc-book"
pty_start 200 30 "$MUA" -F "$TEST_TMP/rc-book" 'mailto:ann@example.org'
pty_wait_for 'To:      ann@example.org' >/dev/null
pty_keys t
pty_wait_for '^To: ann@example.org$' >/dev/null
pty_type ', tea'
pty_keys Tab
ok "Tab completes an alias to its addresses" \
	pty_wait_for '^To: ann@example.org, bo@example.org, Cy <cy@example.org>$'
pty_type ', dor'
pty_keys Tab
ok "and asks query_command, showing the name it gives" \
	pty_wait_for '^To: .*cy@example.org>, Dora Explorer <dora@example.net>$'
is "which got the word as one argument" dor "$(tail -n 1 "$QUERY_LOG")"
pty_type ', da'
pty_keys Tab
ok "an answer without a name is the bare address" pty_wait_for '^To: .*dora@example.net>, dan@example.net$'
pty_keys C-u
pty_type 'team'
pty_keys Enter
ok "an alias's name typed whole becomes its addresses, as in mutt" \
	pty_wait_for 'To:      bo@example.org, Cy <cy@example.org>'
pty_keys c
pty_type "o'b"
pty_keys Tab
pty_wait_for "^Cc: o'b\$" >/dev/null
is "a quote in the word reaches the command as typed, never as shell" \
	"o'b" "$(tail -n 1 "$QUERY_LOG")"
pty_keys Escape
pty_keys q y
pty_wait_exit >/dev/null
pty_stop

# From the UI: r on a thread answers its newest message; the compose
# screen takes the terminal, and the UI sends what was queued in the
# background.
printf 'set sidebar = no\n' >>"$TEST_TMP/rc"
pty_start 120 30 env EDIT_BODY="From the UI." "$MUA" -F "$TEST_TMP/rc" -q id:lunch@example.org
ok "the UI shows the thread" pty_wait_for 'lunch\?'
# :set at run time reaches compose: the child gets the UI's effective
# configuration, not a fresh read of the file.
printf '#!/bin/sh\n"%s" "$1"\necho "Written by the editor :set chose." >>"$1"\n' \
	"$TEST_TMP/editor" >"$TEST_TMP/editor2"
chmod +x "$TEST_TMP/editor2"
pty_keys :
pty_type "set editor = $TEST_TMP/editor2"
pty_keys Enter
pty_keys r
ok "r opens the compose screen for a reply" pty_wait_for 'To:      Ann <ann@example.org>'
pty_keys y
ok "the UI sends it in the background, and says so" pty_wait_for 'send: work: sent: Re: lunch\?'
pty_keys q
pty_wait_exit >/dev/null
pty_stop
ok "the reply from the UI was sent" test -n "$(grep -l '^From the UI\.' "$root"/work/Sent/cur/*)"
ok "written with the editor :set chose in the UI" \
	test -n "$(grep -l '^Written by the editor :set chose\.' "$root"/work/Sent/cur/*)"
sed -i '/^set sidebar = no$/d' "$TEST_TMP/rc"

# :unsubscribe on a list's message: a mail to its mailto:, composed and
# sent through the outbox and SMTP like any; a web address alone is
# listed to open, never fetched.
printf '%s\n' 'From: List <list@example.org>' 'To: test@localhost' \
	'Subject: list news' 'Message-ID: <news@example.org>' \
	'Date: Mon, 02 Nov 2026 11:00:00 +0000' \
	'List-Unsubscribe: <https://lists.example.org/u?x=1>,' \
	' <mailto:test@localhost?subject=unsubscribe%20me>' \
	'List-Unsubscribe-Post: List-Unsubscribe=One-Click' '' 'News.' \
	>"$root/INBOX/new/news"
sed '/mailto:/d; s/^\(List-Unsubscribe: .*\),$/\1/; s/news@/web@/' \
	"$root/INBOX/new/news" >"$root/INBOX/new/web"
notmuch new --quiet
before=$(ls "$(mailhost_maildir test)/new" | wc -l)
pty_start 120 30 "$MUA" -F "$TEST_TMP/rc" -q id:news@example.org
pty_wait_for 'list news' >/dev/null
pty_keys Enter
ok "the pager shows how to leave the list" \
	pty_wait_for '^  List-Unsubscribe: <https://lists.example.org/u.x=1>, *<mailto:test@localhost'
pty_keys :
pty_type unsubscribe
pty_keys Enter
ok ":unsubscribe composes to the list's mailto:" pty_wait_for 'To:      test@localhost'
like "with the subject it asks for" 'Subject: unsubscribe me' "$(pty_screen)"
pty_keys y
ok "sent from the UI through the outbox" pty_wait_for 'send: work: sent: unsubscribe me'
pty_keys q q
pty_wait_exit >/dev/null
pty_stop
delivered $((before + 1))
ok "the server got it" test -n "$(grep -l '^Subject: unsubscribe me' "$(mailhost_maildir test)"/new/*)"
pty_start 120 30 "$MUA" -F "$TEST_TMP/rc" -q id:web@example.org
pty_wait_for 'list news' >/dev/null
pty_keys Enter
pty_wait_for '^  List-Unsubscribe: <https' >/dev/null
pty_keys :
pty_type unsubscribe
pty_keys Enter
ok "a one-click address alone is listed to open or copy" \
	pty_wait_for '^  1  https://lists.example.org/u\?x=1$'
like "saying what it is and what to do" \
	'one-click unsubscribe \(RFC 8058\): Enter opens it with url_command, y copies it' \
	"$(pty_screen)"
pty_keys q q q
pty_wait_exit >/dev/null
pty_stop

# set send_delay: a sent message waits in the outbox, and can be taken
# back by editing it there.
printf 'set send_delay = 8\n' >>"$TEST_TMP/rc"	# room for a loaded machine
pty_start 100 30 "$MUA" -F "$TEST_TMP/rc" compose -s held
pty_wait_for 'q abort' >/dev/null
pty_keys y
ok "with send_delay the message is held back" pty_wait_for 'Held back for [0-9]+ s \(send_delay\)'
pty_wait_exit >/dev/null
pty_stop
held=$(find "$root/work/Outbox/cur" -type f)
ok "it waits in the outbox" test -n "$held"
out=$("$MUA" -F "$TEST_TMP/rc" send 2>&1); rc=$?
like "mua send leaves it there meanwhile" '^work: queued: held: held back by send_delay' "$out"
is "which is no failure" 0 "$rc"
pty_start 100 30 "$MUA" -F "$TEST_TMP/rc" compose --draft "$held"
ok "editing it takes it back" pty_wait_for 'Taken back from the outbox: it is a draft now'
pty_keys p
pty_wait_exit >/dev/null
pty_stop
is "the outbox is empty" 0 "$(find "$root/work/Outbox/cur" -type f | wc -l)"
is "it is a draft" 1 "$(drafts)"
pty_start 100 30 "$MUA" -F "$TEST_TMP/rc" compose --draft "$(notmuch search --output=files tag:draft)"
pty_wait_for 'q abort' >/dev/null
pty_keys y
pty_wait_for 'Held back' >/dev/null
pty_wait_exit >/dev/null
pty_stop
# Tried until its time is up (a minute at most): held till then.
for _ in $(seq 1 600); do
	out=$("$MUA" -F "$TEST_TMP/rc" send 2>&1)
	printf '%s\n' "$out" | grep -q '^work: sent: held$' && break
	sleep 0.1
done
like "once its time is up, it goes" '^work: sent: held$' "$out"
sed -i '/^set send_delay/d' "$TEST_TMP/rc"

# The terminal goes away (an SSH link drops) while the editor runs: what
# the editor wrote is kept as the draft.
cat >"$TEST_TMP/slow-editor" <<'ED'
#!/bin/sh
sed -i 's/^Subject: *$/Subject: hung up/' "$1"
printf 'Written before the link dropped.\n' >>"$1"
touch "$1.saved"
sleep 60
ED
chmod +x "$TEST_TMP/slow-editor"
sed -i "s|^set editor = .*|set editor = $TEST_TMP/slow-editor|" "$TEST_TMP/rc"
pty_start 100 30 "$MUA" -F "$TEST_TMP/rc" compose a@example.org
draft_saved() { ls "$XDG_STATE_HOME"/mua/compose/*/draft.eml.saved >/dev/null 2>&1; }
wait_until draft_saved
pty_stop	# tmux hangs up on everything in the pane
has_draft() { [ "$(drafts)" -ge 1 ]; }
wait_until has_draft
is "the draft is kept" 1 "$(drafts)"
like "with what was written" 'Written before the link dropped' "$(cat "$(notmuch search --output=files tag:draft)")"

# Killed outright while the editor runs: the next mua compose finds what
# was written and keeps it as a draft.
notmuch tag -draft -- tag:draft
pty_start 100 30 "$MUA" -F "$TEST_TMP/rc" compose b@example.org
wait_until draft_saved
pid=$(basename "$(dirname "$(ls "$XDG_STATE_HOME"/mua/compose/*/draft.eml.saved | head -n 1)")")
kill -KILL "$pid"
pty_stop
sed -i "s|^set editor = .*|set editor = $TEST_TMP/editor|" "$TEST_TMP/rc"
pty_start 100 30 "$MUA" -F "$TEST_TMP/rc" compose -s next
ok "the next mua compose recovers it" pty_wait_for 'Recovered a message an interrupted mua compose left: it is a draft now'
pty_wait_for 'q abort' >/dev/null
pty_keys q y
pty_wait_exit >/dev/null
pty_stop
like "as a draft, with what was written" 'Written before the link dropped' \
	"$(cat $(notmuch search --output=files tag:draft))"
is "and its working copy is gone" "" "$(ls "$XDG_STATE_HOME"/mua/compose/)"

# Killed after each counted step of saving an edited draft (the new copy
# delivered, indexed, noted in the compose's record, the old copy
# dropped), then the next mua compose recovers it: one copy of the
# draft, with the edit and its Message-ID, indexed once; no copy of it
# left over (a sync would put it on the server as a second draft).
sed -i "s|^set editor = .*|set editor = $TEST_TMP/editor|" "$TEST_TMP/rc"
drafts_dir=$root/work/Drafts
postpone() {	# SUBJECT: a draft, postponed; prints its file
	pty_start 100 30 "$MUA" -F "$TEST_TMP/rc" compose -s "$1" c@example.org
	pty_wait_for 'q abort' >/dev/null
	pty_keys p
	pty_wait_exit >/dev/null
	pty_stop
	notmuch search --output=files "subject:$1 and tag:draft"
}
edit_draft() {	# FILE [KILL_AT]: edits it (the editor adds a line), postpones
	pty_start 100 30 env MUA_KILL_AT="$2" MUA_KILL_LOG="$TEST_TMP/draft-steps" \
		EDIT_BODY="edited" "$MUA" -F "$TEST_TMP/rc" compose --draft "$1"
	if [ -z "$2" ]; then
		pty_wait_for 'q abort' >/dev/null
		pty_keys p
	fi
	pty_wait_exit
	pty_stop
}
copies() {	# ID: files in the drafts maildir with that Message-ID
	grep -lx "Message-ID: $1" "$drafts_dir"/cur/* "$drafts_dir"/new/* 2>/dev/null | wc -l
}
: >"$TEST_TMP/draft-steps"
edit_draft "$(postpone counted-save)" >/dev/null
steps=$(sed -n 's/^draft //p' "$TEST_TMP/draft-steps" | tr '\n' ' ')
is "saving an edited draft counts its steps" "delivered indexed recorded dropped " "$steps"
saves_ok=0 n=0
for step in $steps; do
	n=$((n + 1))
	file=$(postpone "killed-save-$n")
	id=$(sed -n 's/^Message-ID: //p' "$file")
	: >"$TEST_TMP/draft-steps"
	status=$(edit_draft "$file" "draft $n")
	pty_start 100 30 "$MUA" -F "$TEST_TMP/rc" compose -s next
	recovered=0
	pty_wait_for 'Recovered a message an interrupted mua compose left' >/dev/null &&
		recovered=1
	pty_wait_for 'q abort' >/dev/null
	pty_keys q y
	pty_wait_exit >/dev/null
	pty_stop
	kept=$(notmuch search --output=files "id:$(echo "$id" | tr -d '<>')")
	got="$status $recovered $(copies "$id") $(echo "$kept" | grep -c .)"
	got="$got $(grep -c '^edited$' "$kept" 2>/dev/null) $(notmuch count "id:$(echo "$id" | tr -d '<>') and tag:draft")"
	if [ "$got" = "137 1 1 1 1 1" ]; then
		saves_ok=$((saves_ok + 1))
	else
		echo "# killed after $step: got $got, want 137 1 1 1 1 1"
		grep -l "Message-ID: $id" "$drafts_dir"/*/* | sed 's/^/#   /'
		echo "$kept" | sed 's/^/#   indexed /'
	fi
	rm -f "$kept"
	notmuch new --quiet >/dev/null 2>&1
done
is "killed after each step of a save, recovered: one whole copy, nothing left over" \
	4 "$saves_ok"

# An editor that changes nothing: nothing to send.
sed -i "s|^set editor = .*|set editor = true|" "$TEST_TMP/rc"
out=$(script -qc "$MUA -F $TEST_TMP/rc compose -s x a@example.org" /dev/null </dev/null)
like "an unchanged message is not sent" 'Not sent: the message was not changed' "$out"
test_done
