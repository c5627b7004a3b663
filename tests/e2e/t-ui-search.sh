#!/usr/bin/env bash
# Searching from the index (/, narrowing with l, bad queries, history
# across sessions, Tab completion of tags and addresses), marking threads
# for one command, the ':' line, the message log and the sort toggle.
. "$srcdir/tests/lib/ui.sh"
export XDG_STATE_HOME=$TEST_TMP/state
# The index alone: the sidebar has its own test (t-ui-sidebar).
export MUARC=$TEST_TMP/muarc
printf 'set sidebar = no\n' >"$MUARC"
count() { notmuch count -- "$@"; }
subject_of() {
	notmuch search --limit=1 --offset="${2:-0}" --output=summary "$1" |
		sed 's/^[^;]*; //; s/ (.*$//'
}

# Whether the first line of the screen holds TEXT (not a pattern).
first_line_has() {
	pty_screen | head -n 1 | grep -qF -- "$1"
}

start() {
	ok_here "$1" pty_start 120 20 "$MUA" --demo --demo-dir "$demo"
	pty_wait_for '^ tag:inbox  1' >/dev/null
}

start "the index opens"
pty_keys /
ok "/ asks for a query" pty_wait_for '^search:'
pty_type 'tag:lis'
pty_keys Tab
ok "Tab completes a tag name" pty_wait_for '^search: tag:lists'
pty_keys C-u
pty_type 'from:zo'
pty_keys Tab
ok "and an address after from:" pty_wait_for '^search: from:zoe@example.se'
pty_keys C-u
pty_type 'tag:lists'
pty_keys Enter
ok "Enter opens the result over the inbox" pty_wait_for '^ tag:lists  1'
ok "with the newest list thread first" first_line_has "$(subject_of tag:lists)"
pty_keys l
ok "l asks for a query to narrow with" pty_wait_for '^narrow:'
pty_type 'from:bruno'
pty_keys Enter
ok "the narrowed query is both" pty_wait_for '^ \(tag:lists\) and \(from:bruno\)  1'
ok "and shows what matches both" \
	first_line_has "$(subject_of '(tag:lists) and (from:bruno)')"
pty_keys q
ok "q goes back to the wider query" pty_wait_for '^ tag:lists  1'
# The prompt comes back to the command with the line typed: given one,
# it doesn't ask (a key may be bound to "narrow from:bruno").
pty_keys :
pty_type 'narrow from:bruno'
pty_keys Enter
ok ":narrow QUERY narrows without asking" \
	pty_wait_for '^ \(tag:lists\) and \(from:bruno\)  1'
pty_keys q
pty_wait_for '^ tag:lists  1' >/dev/null
pty_keys q
ok "and again to the inbox" pty_wait_for '^ tag:inbox  1'
pty_keys /
pty_type 'date:garbage..yesterday'
pty_keys Enter
ok "a bad query is refused with notmuch's reason" \
	pty_wait_for '^ tag:inbox .*\| bad query "date:garbage..yesterday"'
like "the inbox stays" '^ tag:inbox' "$(pty_screen | tail -n 1)"
pty_keys M
ok "M shows the message log with the error" pty_wait_for '^[0-9:]{8} error: .*garbage'
pty_keys q
pty_keys /
pty_keys Up
ok "Up at the prompt recalls the last query, across prompts" pty_wait_for '^search: date:garbage'
pty_keys Up
ok "and the one before (narrowing is searching too)" pty_wait_for '^search: from:bruno'
pty_keys Escape
pty_keys q
pty_wait_exit >/dev/null
pty_stop

start "mua starts again"
pty_keys / Up
ok "the search history survived the restart" pty_wait_for '^search: date:garbage'
pty_keys Escape

# Marks: t marks and moves on, ; applies the next command to the marked.
first=$(notmuch search --limit=1 --output=threads tag:inbox)
second=$(notmuch search --limit=1 --offset=1 --output=threads tag:inbox)
third_subject=$(subject_of tag:inbox 2)
inbox_before="$(count "$first" and tag:inbox) $(count "$second" and tag:inbox)"
pty_keys t
ok "t marks the thread and moves down" pty_wait_for '^ tag:inbox  2( of [0-9]+)?  \[1 marked\]'
like "a marked thread has a star" '^\*' "$(pty_screen | head -n 1)"
pty_keys t
ok "a second one" pty_wait_for '\[2 marked\]'
pty_keys '\;'	# tmux's own separator, escaped
ok "; says what comes next" pty_wait_for 'next command acts on the 2 marked threads'
pty_keys a
ok "then a archives both" pty_wait_for_line 1 "$third_subject"
ok "saying so" pty_wait_for '\| archived 2 threads'
is "notmuch agrees" "0 0" "$(count "$first" and tag:inbox) $(count "$second" and tag:inbox)"
is "the marks are spent" "" "$(pty_screen | grep -F '[2 marked]')"
pty_keys u
ok "one u brings both back" pty_wait_for 'undid: archived [0-9]+ messages'
is "notmuch agrees" "$inbox_before" \
	"$(count "$first" and tag:inbox) $(count "$second" and tag:inbox)"

# T marks by a query within the view, "*" all of it; C-t unmarks.
att=$(notmuch count --output=threads tag:inbox and tag:attachment)
all=$(notmuch count --output=threads tag:inbox)
threads() { if [ "$1" = 1 ]; then echo "1 thread"; else echo "$1 threads"; fi; }
pty_keys T
ok "T asks for a query" pty_wait_for '^mark the threads matching \(\* for all\):'
pty_type 'tag:attach'
pty_keys Tab
ok "which Tab completes" pty_wait_for '^mark the threads matching .*: tag:attachment$'
pty_keys Enter
ok "the threads of the view that match are marked, and counted" \
	pty_wait_for "\| marked $(threads "$att") \($att marked\)"
is "each has its star" "$att" "$(pty_screen | grep -c '^\*.*attachment')"
pty_keys T
pty_type '*'
pty_keys Enter
ok "T * marks the rest of the view" pty_wait_for "\| marked $(threads $((all - att))) \($all marked\)"
pty_keys C-t
ok "C-t asks what to unmark" pty_wait_for '^unmark the threads matching:'
pty_type 'not tag:attachment'
pty_keys Enter
ok "and unmarks those" pty_wait_for "\| unmarked $(threads $((all - att))) \($att marked\)"
pty_keys :
pty_type 'unmark-pattern *'
pty_keys Enter
ok ":unmark-pattern QUERY doesn't ask" pty_wait_for "\| unmarked $(threads "$att") \(0 marked\)"
pty_keys :
pty_type 'mark-pattern tag:attachment'
pty_keys Enter
ok ":mark-pattern QUERY doesn't either" pty_wait_for "\| marked $(threads "$att") \($att marked\)"
# ; + asks for tags, and the answer goes to the threads marked when asked.
pty_keys '\;' +
pty_wait_for '^tag \+' >/dev/null
pty_type batch
pty_keys Enter
ok "; + tags the marked threads with what is typed" \
	pty_wait_for "\| tagged $(threads "$att") \+batch"
is "notmuch agrees" "$att" "$(notmuch count --output=threads tag:batch)"
pty_keys :
pty_type 'mark-pattern tag:attachment'
pty_keys Enter
pty_wait_for "\($att marked\)" >/dev/null
pty_keys '\;' d
ok "; d deletes the marked" pty_wait_for "\| deleted $(threads "$att")"
is "notmuch agrees: the inbox's threads with attachments" "$att" \
	"$(notmuch count --output=threads --exclude=false tag:inbox and tag:attachment and tag:deleted)"
pty_keys u
pty_wait_for 'undid:' >/dev/null
pty_keys T
pty_type 'tag:no-such-tag'
pty_keys Enter
ok "a query that matches none marks none" pty_wait_for '\| marked 0 threads \(0 marked\)'
pty_keys l
pty_type '*'
pty_keys Enter
ok "narrowing with * keeps every thread (notmuch takes * only alone)" \
	pty_wait_for "^ tag:inbox  1 of $all"
pty_keys q
pty_wait_for '^ tag:inbox  1' >/dev/null

# The ':' line: commands and .muarc lines at run time.
pty_keys '='
pty_keys :
ok ": opens the command line" pty_wait_for '^:'
pty_type 'set index_format = "%s|%T"'
pty_keys Enter
ok "a set line changes the index at once" pty_wait_for_line 1 "^$(subject_of tag:inbox) +[|]inbox"
pty_keys :
pty_type 'tag +from-colon'
pty_keys Enter
ok "a command runs on the thread under the cursor" pty_wait_for_line 1 'from-colon'
is "notmuch agrees" "$(count "$first")" "$(count "$first" and tag:from-colon)"
pty_keys :
pty_type 'sett sort = oldest-first'
pty_keys Enter
ok "a mistake is an error with a suggestion" pty_wait_for 'unknown.*sett.*did you mean .set'
pty_keys :
pty_type q
pty_keys Enter
ok "vi's :q is not a command, but names the one it begins" \
	pty_wait_for 'unknown command "q" \(did you mean "quit"\?\); Tab completes'
pty_keys :
pty_type 'tog'
pty_keys Tab
ok "Tab on the first word offers the commands that begin so" \
	pty_wait_for '^toggle-encrypt  toggle-headers  toggle-sidebar  toggle-sign  toggle-sort  toggle-unread'
ok "and extends the word as far as they agree" pty_wait_for '^:toggle-$'
pty_type 'so'
pty_keys Tab
ok "one left: it is completed (a space follows)" pty_wait_for '^:toggle-sort$'
pty_keys C-u
pty_type 'set sideb'
pty_keys Tab
ok "after set, option names" pty_wait_for '^:set sidebar'
pty_keys C-u
pty_type 'bind ind'
pty_keys Tab
ok "after bind, view names" pty_wait_for '^:bind index$'
pty_type 'Z send-o'
pty_keys Tab
ok "then, after the keys, command names" pty_wait_for '^:bind index Z send-outbox$'
pty_keys C-u
pty_type 'sou'
pty_keys Tab
ok ".muarc commands too" pty_wait_for '^:source$'
pty_keys Escape
pty_keys :
pty_type 'bind index X quit'
pty_keys Enter X
is "a new binding works at once" 0 "$(pty_wait_exit)"
pty_stop

start "many searches"
for i in $(seq 1 20); do
	pty_keys /
	pty_type "tag:lists and not tag:x$i"
	pty_keys Enter
	pty_wait_for "^ tag:lists and not tag:x$i  1" >/dev/null || break
done
ok "twenty searches deep, mua still answers" pty_wait_for '^ tag:lists and not tag:x20  1'
for i in $(seq 1 15); do pty_keys q; done
ok "the oldest searches were let go, the first view is kept" pty_wait_for '^ tag:inbox  1'
pty_keys q
is "and q there quits" 0 "$(pty_wait_exit)"
pty_stop

start "the sort toggle"
pty_keys o
ok "o shows the oldest thread first" \
	pty_wait_for_line 1 "$(notmuch search --sort=oldest-first --limit=1 --output=summary tag:inbox | sed 's/^[^;]*; //; s/ (.*$//')"
pty_keys o
ok "o again, the newest" pty_wait_for_line 1 "$(subject_of tag:inbox)"
pty_keys q
pty_wait_exit >/dev/null
test_done
