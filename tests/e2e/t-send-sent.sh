#!/usr/bin/env bash
# A sent message on an IMAP account also goes to the server's Sent
# folder, where the phone sees it: once, also when mua is killed between
# the 250 and the APPEND or right after it; the next sync finds that copy
# here rather than downloading it; sent_folder = "" keeps it off.
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/certs.sh"
. "$srcdir/tests/lib/mailhost.sh"
. "$srcdir/tests/lib/store.sh"
test_begin
require_program notmuch
require_program python3
mailhost_start_smtp "sending to the Sent folder"
export XDG_STATE_HOME=$TEST_TMP/state
store_make "$TEST_TMP/store"
root=$TEST_TMP/store/mail
ctl() { python3 "$srcdir/tests/lib/imapctl.py" "$@"; }
ctl create Sent
cat >"$TEST_TMP/rc" <<RC
account work {
	from = "Test <test@localhost>"
	smtp = "smtp://localhost:$MH_SUBMIT"
	imap = "imaps://localhost:$MH_IMAPS"
	user = test
	pass_command = "echo secret"
	ca_file = "$MH_CA"
	folders = INBOX Sent
}
RC
send() {	# SUBJECT [ENV...]
	local subject=$1; shift
	echo "body of $subject" | env "$@" "$MUA" -F "$TEST_TMP/rc" send \
		-s "$subject" user2@localhost 2>&1
}
in_sent() {	# SUBJECT: how many copies the server's Sent folder has
	ctl flags Sent | grep -c "^$(notmuch search --exclude=false \
		--output=messages "subject:\"$1\"" | sed 's/^id://') " 
}

out=$(send first)
like "sent" '^work: sent: first$' "$out"
like "and copied to the server's Sent folder" \
	"^work: copied to the server's Sent folder$" "$out"
is "once" 1 "$(in_sent first)"
like "read there" ' \\Seen$' "$(ctl flags Sent)"
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1)
like "the next sync finds that copy here: nothing downloaded" \
	'^work: 0 new messages \(0 KB\)$' "$out"
is "one file for it here" 1 "$(notmuch search --output=files subject:first | wc -l)"
like "named for its copy on the server" ',mua=[0-9]+-[0-9]+:2,S$' \
	"$(notmuch search --output=files subject:first)"
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1)
like "and the sync after has nothing to do" '^work: 0 new messages \(0 KB\)$' "$out"

# Killed right after the note (outbox step 6: sending, answered, sent,
# linked, committed, noted), after the APPEND, after linking the file
# here under its copy's name there, after the old name went, after
# forgetting the note: the next run appends it once, and one file here
# is named for it.
for at in "outbox 6" "append 1" "append 2" "append 3" "append 4"; do
	subject="killed ${at// /-}"
	send "$subject" MUA_KILL_AT="$at" >/dev/null
	is "killed at $at" 137 "$?"
	"$MUA" -F "$TEST_TMP/rc" sync >/dev/null 2>&1
	is "killed at $at, then a sync: in Sent once" 1 "$(in_sent "$subject")"
	files=$(grep -rlx "Subject: $subject" "$root/work/Sent")
	is "and one file here in Sent" 1 "$(printf '%s\n' "$files" | wc -l)"
	like "named for it" ',mua=[0-9]+-[0-9]+:2,S$' "$files"
	is "the one indexed" "$files" "$(notmuch search --output=files "subject:\"$subject\"")"
done

sed -i 's|^\tfolders = .*|&\n\tsent_folder = ""|' "$TEST_TMP/rc"
out=$(send "kept here")
unlike "sent_folder = \"\": not copied" "copied" "$out"
is "the server's Sent folder hasn't it" 0 "$(in_sent "kept here")"
is "the copy is here" 1 "$(notmuch count 'subject:"kept here"')"
test_done
