#!/usr/bin/env bash
# Tagging from the index, through the journal: archive, flag, the tag
# prompts, undo (also after a restart), and a write lock held by another
# process, which must delay the change, not lose it or freeze the screen.
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/pty.sh"
. "$srcdir/tests/lib/store.sh"
test_begin
require_program "${TMUX_BIN:-tmux}" "the UI is driven through tmux"

demo=$TEST_TMP/demo
store_demo "$demo"
first=$(notmuch search --limit=1 --output=threads tag:inbox)
second=$(notmuch search --offset=1 --limit=1 --output=summary tag:inbox | sed 's/^[^;]*; //; s/ (.*$//')
subject=$(notmuch search --limit=1 --output=summary tag:inbox | sed 's/^[^;]*; //; s/ (.*$//')
count() { notmuch count -- "$@"; }

start() {
	ok_here "$1" pty_start 120 20 "$MUA" --demo --demo-dir "$demo"
	pty_wait_for '^ tag:inbox' >/dev/null
}

start "the index opens"
pty_keys a
ok "a archives: the thread leaves the inbox, the next comes up" \
	pty_wait_for_line 1 "$second"
is "notmuch agrees" 0 "$(count "$first" and tag:inbox)"
pty_keys u
ok "u undoes it" pty_wait_for 'undone'
ok "the thread is back on top" pty_wait_for_line 1 "$subject"
is "and in the inbox again" "$(count "$first")" "$(count "$first" and tag:inbox)"
pty_keys '!'
ok "! flags the thread" pty_wait_for_line 1 "$subject.* flagged inbox"
like "notmuch agrees" '^[1-9]' "$(count "$first" and tag:flagged)"
pty_keys '!'
ok "! again unflags it" pty_wait_for_line 1 "$subject +inbox unread *\$"
is "notmuch agrees" 0 "$(count "$first" and tag:flagged)"
pty_keys +
ok "+ asks for tags" pty_wait_for '^tag \+'
pty_type 'important urgent'
pty_keys Enter
ok "the tags are added" pty_wait_for_line 1 "$subject.*important inbox unread urgent"
pty_keys -
pty_type urgent
pty_keys Enter
ok "- removes one" pty_wait_for_line 1 "$subject.*important inbox unread *\$"
is "notmuch agrees" "0 $(count "$first")" "$(count "$first" and tag:urgent) $(count "$first" and tag:important)"
pty_keys + ; pty_type ignored; pty_keys Escape
ok "Esc at the prompt leaves it" pty_wait_for '^ tag:inbox  1 *$'
pty_keys x
ok "and the next key is a key again" pty_wait_for 'x is not bound' 
is "nothing was tagged" 0 "$(count tag:ignored)"

# Another process holds the write lock: the change waits, visibly.
"$builddir/tests/unit/hold-lock" "$NOTMUCH_CONFIG" "$TEST_TMP/locked" "$TEST_TMP/release" &
holder=$!
at_exit "touch '$TEST_TMP/release'; wait $holder"
for i in $(seq 1 200); do [ -e "$TEST_TMP/locked" ] && break; sleep 0.05; done
ok "another process holds the write lock" test -e "$TEST_TMP/locked"
pty_keys a
ok "the archive is queued, and the screen says so" pty_wait_for '\[1 tag change waiting\]'
is "nothing is applied yet" "$(count "$first")" "$(count "$first" and tag:inbox)"
pty_keys j
ok "the UI still answers keys meanwhile" pty_wait_for '^ tag:inbox  2 .*waiting'
touch "$TEST_TMP/release"
wait "$holder"
ok "once the lock is free the change lands by itself, and says so" \
	pty_wait_for '^ tag:inbox  2 \| the waiting tag changes are applied *$'
ok "the archived thread has left the screen" pty_wait_for_line 1 "$second"
is "notmuch agrees" 0 "$(count "$first" and tag:inbox)"
pty_keys q
is "q quits" 0 "$(pty_wait_exit)"
pty_stop

start "mua starts again"
pty_keys u
ok "u after a restart undoes the last change of the last session" pty_wait_for 'undone'
is "the thread is in the inbox again" "$(count "$first")" "$(count "$first" and tag:inbox)"
pty_keys q
pty_wait_exit >/dev/null
test_done
