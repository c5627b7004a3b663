#!/usr/bin/env bash
# Tagging from the index, through the journal: archive, flag, the tag
# prompts, undo (also after a restart), and a write lock held by another
# process, which must delay the change, not lose it or freeze the screen.
. "$srcdir/tests/lib/ui.sh"
first=$(notmuch search --limit=1 --output=threads tag:inbox)
second=$(notmuch search --offset=1 --limit=1 --output=summary tag:inbox | sed 's/^[^;]*; //; s/ (.*$//')
subject=$(notmuch search --limit=1 --output=summary tag:inbox | sed 's/^[^;]*; //; s/ (.*$//')
count() { notmuch count -- "$@"; }

start() {
	ok_here "$1" pty_start 120 20 "$MUA" --demo --demo-dir "$demo"
	pty_wait_for '^ tag:inbox' >/dev/null
}

start "the index opens"
n1=$(count "$first")
pty_keys a
ok "a archives: the thread leaves the inbox, the next comes up" \
	pty_wait_for_line 1 "$second"
ok "saying what it did" pty_wait_for '\| archived the thread'
ok "the cursor moved on with it (resolve): still on the first line" \
	pty_wait_for '^ tag:inbox  1 '
is "notmuch agrees" 0 "$(count "$first" and tag:inbox)"
pty_keys u
ok "u undoes it, saying what it undid" \
	pty_wait_for "undid: archived $n1 messages?"
ok "the thread is back on top" pty_wait_for_line 1 "$subject"
ok "the cursor stays on the thread it was on, now the second" \
	pty_wait_for '^ tag:inbox  2 '
is "and in the inbox again" "$n1" "$(count "$first" and tag:inbox)"
pty_keys k '!'
ok "! flags the thread" pty_wait_for_line 1 "$subject.* flagged inbox"
ok "says so" pty_wait_for '\| flagged the thread'
like "notmuch agrees" '^[1-9]' "$(count "$first" and tag:flagged)"
ok "and moves on to the next" pty_wait_for '^ tag:inbox  2 '
pty_keys k '!'
ok "! again unflags it" pty_wait_for_line 1 "$subject +inbox unread *\$"
ok "says so" pty_wait_for '\| unflagged the thread'
is "notmuch agrees" 0 "$(count "$first" and tag:flagged)"
pty_keys k +
ok "+ asks for tags" pty_wait_for '^tag \+'
pty_type 'important urgent'
pty_keys Enter
ok "the tags are added" pty_wait_for_line 1 "$subject.*important inbox unread urgent"
ok "which it says" pty_wait_for '\| tagged the thread \+important \+urgent'
pty_keys k -
pty_type urgent
pty_keys Enter
ok "- removes one" pty_wait_for_line 1 "$subject.*important inbox unread *\$"
is "notmuch agrees" "0 $n1" "$(count "$first" and tag:urgent) $(count "$first" and tag:important)"
pty_keys k
pty_keys + ; pty_type ignored; pty_keys Escape
ok "Esc at the prompt leaves it, and the cursor where it was" \
	pty_wait_for '^ tag:inbox  1 '
pty_keys x
ok "and the next key is a key again" pty_wait_for 'x is not bound' 
is "nothing was tagged" 0 "$(count tag:ignored)"

# d marks deleted and moves on, as in mutt: d d deletes two threads.
# (notmuch's exclude_tags hides deleted mail: the third comes up.)
all() { notmuch count --exclude=false -- "$@"; }
second_id=$(notmuch search --offset=1 --limit=1 --output=threads tag:inbox)
third=$(notmuch search --offset=2 --limit=1 --output=threads tag:inbox)
third_subject=$(notmuch search --offset=2 --limit=1 --output=summary tag:inbox | sed 's/^[^;]*; //; s/ (.*$//')
pty_keys d d
ok "d d deletes two threads: the third comes up" pty_wait_for_line 1 "$third_subject"
is "notmuch agrees: the first two are deleted" "$n1 $(all "$second_id")" \
	"$(all "$first" and tag:deleted) $(all "$second_id" and tag:deleted)"
is "the third is not" 0 "$(all "$third" and tag:deleted)"
pty_keys /
pty_type tag:deleted
pty_keys Enter
ok "a search for deleted mail shows both" pty_wait_for '^ tag:deleted  1 of 2'
pty_keys d
ok "d on a deleted thread leaves it deleted" pty_wait_for '\| deleted the thread'
ok "and moves on" pty_wait_for '^ tag:deleted  2 of 2'
pty_keys k U
ok "U undeletes" pty_wait_for '\| undeleted the thread'
pty_keys U
ok "U again undeletes the other, which came up" pty_wait_for '^ tag:deleted  0 of 0'
is "nothing is deleted now" 0 "$(all tag:deleted)"
pty_keys q
ok "q goes back to the inbox, where both are again" pty_wait_for_line 1 "$subject"

# X mutes a thread: archived, and later mail in it skips the inbox (the
# sync's side is in t-store); X on a muted thread unmutes it.
pty_keys = X
ok "X mutes and archives the thread, saying what it means" \
	pty_wait_for '\| muted and archived the thread: its new mail skips the inbox'
ok "it leaves the inbox: the second comes up" pty_wait_for_line 1 "$second"
is "notmuch agrees" "$(count "$first") 0" \
	"$(count "$first" and tag:muted) $(count "$first" and tag:inbox)"
pty_keys /
pty_type tag:muted
pty_keys Enter
pty_wait_for '^ tag:muted  1 of 1' >/dev/null
pty_keys X
ok "X on a muted thread unmutes it" pty_wait_for '\| unmuted the thread'
is "notmuch agrees" 0 "$(count "$first" and tag:muted)"
pty_keys q
pty_wait_for '^ tag:inbox' >/dev/null
pty_keys u
pty_wait_for '\| undid: unmuted' >/dev/null
pty_keys u
ok "u twice: muted again, then back in the inbox as it was" \
	pty_wait_for '\| undid: muted and archived'

# set resolve = no: the cursor stays.
pty_keys :
pty_type 'set resolve = no'
pty_keys Enter
pty_keys = '!'
ok "with resolve = no, ! flags" pty_wait_for '\| flagged the thread'
ok "and the cursor stays" pty_wait_for '^ tag:inbox  1 '
pty_keys '!'
ok "so ! again unflags the same thread" pty_wait_for '\| unflagged the thread'
is "notmuch agrees" 0 "$(count "$first" and tag:flagged)"

# A sequence wins over its first key: binding gg makes g wait for it.
pty_keys :
pty_type 'bind index gg bottom'
pty_keys Enter
pty_keys g
ok "g waits for the rest, and shows it waits" pty_wait_for '\| g-'
pty_keys g
ok "gg runs its binding (not g's reply-all first)" pty_wait_for '^ tag:inbox  40 of 40'
unlike "and no composer opened" 'reply' "$(pty_screen | tail -n 1)"
pty_keys g Escape
ok "Esc gives up a sequence begun" pty_wait_for_line 20 '^ tag:inbox  [^|]*$'
pty_resize 120 80
pty_keys '?'
ok "the help shows g's reply-all as hidden" \
	pty_wait_for '^g +reply-all +\(hidden: a longer binding begins'
pty_keys q
pty_resize 120 20
pty_keys :
pty_type 'bind index g noop'
pty_keys Enter
ok "noop is a command, as in mutt" pty_wait_for '\| bind index g noop'
pty_keys q
pty_wait_exit >/dev/null
pty_stop

start "mua starts again"
# Another process holds the write lock: the change waits, visibly.
"$builddir/tests/unit/hold-lock" "$NOTMUCH_CONFIG" "$TEST_TMP/locked" "$TEST_TMP/release" &
holder=$!
at_exit "touch '$TEST_TMP/release'; wait $holder"
wait_until test -e "$TEST_TMP/locked"
ok "another process holds the write lock" test -e "$TEST_TMP/locked"
pty_keys a
ok "the archive is queued, and the screen says so" pty_wait_for '\[1 tag change waiting\]'
is "nothing is applied yet" "$(count "$first")" "$(count "$first" and tag:inbox)"
pty_keys j
ok "the UI still answers keys meanwhile" pty_wait_for '^ tag:inbox  3 .*waiting'
touch "$TEST_TMP/release"
wait "$holder"
ok "once the lock is free the change lands by itself, and says so" \
	pty_wait_for '^ tag:inbox  2 (of [0-9]+ )?\| the waiting tag changes are applied *$'
ok "the archived thread has left the screen" pty_wait_for_line 1 "$second"
is "notmuch agrees" 0 "$(count "$first" and tag:inbox)"
pty_keys q
is "q quits" 0 "$(pty_wait_exit)"
pty_stop

start "mua starts again"
pty_keys u
ok "u after a restart undoes the last change of the last session" pty_wait_for 'undid: archived'

is "the thread is in the inbox again" "$(count "$first")" "$(count "$first" and tag:inbox)"
pty_keys q
pty_wait_exit >/dev/null
test_done
