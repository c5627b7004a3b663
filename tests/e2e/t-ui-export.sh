#!/usr/bin/env bash
# |, s and p as a user types them, in the index (on the thread, or the
# marked threads after ;) and in the pager (on the message shown): piped
# to a command, saved to an mbox or a maildir (Tab completes the path),
# printed through print_command.
. "$srcdir/tests/lib/ui.sh"
export XDG_STATE_HOME=$TEST_TMP/state TMPDIR=$TEST_TMP/tmp
mkdir -p "$TMPDIR" "$TEST_TMP/keep"
thread=$(notmuch search --output=threads id:personal-23.0@demo.example)
n=$(notmuch count "$thread")
printf 'set sidebar = no\nset print_command = "cat >%s/printed"\n' \
	"$TEST_TMP" >"$TEST_TMP/rc"
# Messages in an mbox, as Python's mailbox module reads it.
mbox_count() {
	python3 -c 'import mailbox, sys; print(len(mailbox.mbox(sys.argv[1])))' "$1"
}
mbox_subjects() {
	python3 -c '
import mailbox, sys
for m in mailbox.mbox(sys.argv[1]): print(m["Subject"])' "$1"
}

ok_here "mua opens on a thread of $n messages" \
	pty_start 120 24 "$MUA" -F "$TEST_TMP/rc" --demo --demo-dir "$demo" -q "$thread"
pty_wait_for "^ $thread  1 of 1" >/dev/null

# | on the thread: the messages as one mbox on the command's input.
pty_keys '|'
ok "| asks for a command, saying the thread goes as an mbox" \
	pty_wait_for "^pipe $n messages \(as an mbox\) to:"
pty_type "cat >$TEST_TMP/piped"
pty_keys Enter
wait_until test -s "$TEST_TMP/piped"
pty_keys Enter
pty_wait_for "^ $thread" >/dev/null
is "the command read every message of the thread" "$n" "$(mbox_count "$TEST_TMP/piped")"
like "in reply order, the first first" '^Thank you!' "$(mbox_subjects "$TEST_TMP/piped")"
is "nothing is left in the temporary directory" "" "$(ls -A "$TMPDIR")"

# s: Tab completes the path; a name ending in / makes a maildir.
pty_keys s
ok "s asks where, an mbox or a maildir" pty_wait_for "^save $n messages to \(an mbox, or a maildir/\):"
pty_type "$TEST_TMP/ke"
pty_keys Tab
ok "Tab completes a folder, with its /" pty_wait_for "^save .*: $TEST_TMP/keep/\$"
pty_type "box/"
pty_keys Enter
ok "the screen says what was saved where" \
	pty_wait_for "saved $n messages to the maildir $TEST_TMP/keep/box/"
is "the maildir holds the thread" "$n" "$(find "$TEST_TMP/keep/box" -type f | wc -l)"
# The files' checksums, sorted: the same messages whatever the order.
sums() { md5sum "$@" | cut -d' ' -f1 | sort; }
is "byte for byte" "$(sums $(notmuch search --output=files "$thread"))" \
	"$(sums $(find "$TEST_TMP/keep/box" -type f))"

# s to a file: an mbox, appended to the second time.
pty_keys s
pty_type "$TEST_TMP/thread.mbox"
pty_keys Enter
ok "a file name makes an mbox" pty_wait_for "saved $n messages to the mbox $TEST_TMP/thread.mbox"
pty_keys s Up
ok "Up brings back the last place" pty_wait_for "^save .*: $TEST_TMP/thread.mbox\$"
pty_keys Enter
pty_wait_for "saved $n messages to the mbox" >/dev/null
is "saving again appends" $((2 * n)) "$(mbox_count "$TEST_TMP/thread.mbox")"
echo "not mail" >"$TEST_TMP/notes"
pty_keys s
pty_type "$TEST_TMP/notes"
pty_keys Enter
ok "a file that is not an mbox is refused, saying what to do" \
	pty_wait_for 'notes is not an mbox: give a new file, or a maildir'
is "and it is left alone" "not mail" "$(cat "$TEST_TMP/notes")"

# p: asks, then prints the text as the pager shows it.
pty_keys p
ok "p asks before printing, naming the command" \
	pty_wait_for "^print $n messages with \"cat >$TEST_TMP/printed\"\? \(y/n\)"
pty_keys n Enter
ok_here "n prints nothing" test ! -e "$TEST_TMP/printed"
pty_keys p y Enter
ok "y prints, and says so" pty_wait_for "printed $n messages with"
like "the text as the pager shows it: decoded headers" '^Subject: Thank you!' \
	"$(cat "$TEST_TMP/printed")"
is "a form feed between messages" $((n - 1)) "$(tr -cd '\f' <"$TEST_TMP/printed" | wc -c)"
pty_keys q
pty_wait_exit >/dev/null
pty_stop

# The marked threads after ;.
ok_here "mua opens on the inbox" \
	pty_start 120 24 "$MUA" -F "$TEST_TMP/rc" --demo --demo-dir "$demo"
pty_wait_for '^ tag:inbox  1' >/dev/null
pty_keys t t
pty_wait_for '\[2 marked\]' >/dev/null
pty_keys '\;' s	# tmux's own separator, escaped
ok "; s saves the marked threads" pty_wait_for '^save [0-9]+ messages to'
pty_type "$TEST_TMP/marked.mbox"
pty_keys Enter
pty_wait_for 'saved [0-9]+ messages to the mbox' >/dev/null
first_two=$(notmuch search --limit=2 --output=threads tag:inbox | tr '\n' ' ' | sed 's/ $//; s/ / or /')
is "every message of the two" "$(notmuch count "$first_two")" "$(mbox_count "$TEST_TMP/marked.mbox")"
ok "and the marks are done with" pty_wait_for_line 24 '^ tag:inbox  [0-9]+ of [0-9]+ *|'
pty_keys q
pty_wait_exit >/dev/null
pty_stop

# In the pager: the message shown.
ok_here "mua opens on the thread again" \
	pty_start 120 24 "$MUA" -F "$TEST_TMP/rc" --demo --demo-dir "$demo" -q "$thread"
pty_wait_for "^ $thread" >/dev/null
pty_keys Enter
pty_wait_for "message 1 of $n" >/dev/null
pty_keys J
pty_wait_for "message 2 of $n" >/dev/null
pty_keys s
ok "s in the pager saves the message shown" pty_wait_for '^save the message to'
pty_type "$TEST_TMP/one.mbox"
pty_keys Enter
pty_wait_for 'saved the message to the mbox' >/dev/null
is "one message" 1 "$(mbox_count "$TEST_TMP/one.mbox")"
like "the second of the thread" '^Re: Thank you!' "$(mbox_subjects "$TEST_TMP/one.mbox")"
pty_keys '|'
ok "| in the pager pipes the message as it is" pty_wait_for '^pipe to:'
pty_type "cat >$TEST_TMP/raw"
pty_keys Enter
wait_until test -s "$TEST_TMP/raw"
pty_keys Enter
like "byte for byte, one of the thread's files" "$(sums "$TEST_TMP/raw")" \
	"$(sums $(notmuch search --output=files "$thread"))"
rm -f "$TEST_TMP/printed"
pty_keys p y Enter
ok "p in the pager prints the message" pty_wait_for 'printed the message with'
is "one message, no form feed" 0 "$(tr -cd '\f' <"$TEST_TMP/printed" | wc -c)"
pty_keys q q
pty_wait_exit >/dev/null
pty_stop

# No print_command: said, with what to do.
printf 'set sidebar = no\nset print_command = ""\n' >"$TEST_TMP/rc2"
pty_start 120 24 "$MUA" -F "$TEST_TMP/rc2" --demo --demo-dir "$demo" -q "$thread"
pty_wait_for "^ $thread" >/dev/null
pty_keys p
ok "an empty print_command is said, with the fix" \
	pty_wait_for 'print_command is empty: set it in .muarc'
pty_keys q
pty_wait_exit >/dev/null
pty_stop
test_done
