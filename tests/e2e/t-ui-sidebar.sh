#!/usr/bin/env bash
# The sidebar: saved searches from .muarc and notmuch's named queries, with
# unread/total counts that match notmuch's and follow tag changes; moving
# in it, switching the index to a search, hiding it, narrow terminals.
. "$srcdir/tests/lib/ui.sh"
export XDG_STATE_HOME=$TEST_TMP/state
count() { notmuch count -- "$@"; }
shown() { echo "$(count "$1" and tag:unread)/$(count "$1")"; }
notmuch config set query.hostile tag:quarantine
printf '%s\n' 'query inbox tag:inbox' 'query "list mail" tag:lists' >"$TEST_TMP/rc"

ok_here "mua starts with saved searches" pty_start 120 16 "$MUA" -F "$TEST_TMP/rc" --demo --demo-dir "$demo"
ok "the sidebar lists them, the current one marked, with unread/total" \
	pty_wait_for_line 1 "^•inbox +$(shown tag:inbox)│ "
ok "each search's counts come as notmuch has them" \
	pty_wait_for_line 2 "^ list mail +$(shown tag:lists)│"
ok "notmuch's named queries follow" pty_wait_for_line 3 "^ hostile +$(count tag:quarantine)/$(count tag:quarantine)│"
like "the index is beside it" '│ Nov 19 ' "$(pty_screen | head -n 1)"
before=$(count tag:inbox)
first=$(notmuch search --limit=1 --output=threads tag:inbox)
after=$((before - $(count "$first" and tag:inbox)))
pty_keys a
ok "archiving a thread changes the inbox count when it lands" \
	pty_wait_for_line 1 "^•inbox +[0-9]+/$after│"
is "notmuch agrees" "$after" "$(count tag:inbox)"
pty_keys u
ok "and undoing it changes it back" pty_wait_for_line 1 "^•inbox +[0-9]+/$before│"
pty_keys C-n
pty_keys C-o
ok "C-n C-o shows the next search in the index" pty_wait_for '^ tag:lists  1'
ok "which the sidebar now marks" pty_wait_for_line 2 '^•list mail'
pty_keys B
ok "B hides the sidebar" pty_wait_for_line 1 '^ [A-Z][a-z][a-z] [0-9]{2} '
pty_keys B
ok "B shows it again" pty_wait_for_line 1 '^ inbox '
pty_resize 50 16
ok "a terminal too narrow for both gives the index all of it" \
	pty_wait_for_line 1 '^ [A-Z][a-z][a-z] [0-9]{2} '
pty_keys q
pty_wait_exit >/dev/null
pty_stop

notmuch config set query.hostile
ok_here "without saved searches" pty_start 120 16 "$MUA" --demo --demo-dir "$demo"
ok "the sidebar offers inbox, unread, flagged and all mail" \
	pty_wait_for_line 4 '^ all mail +[0-9]+/[0-9]+│'
like "in that order" '^•inbox.*~ unread.*~ flagged.*~ all mail' \
	"$(pty_screen | head -n 4 | tr '\n' '~')"
ok "then always drafts and outbox" pty_wait_for_line 6 '^ outbox +[0-9/]+│'
like "drafts first" '^ drafts ' "$(pty_screen | sed -n 5p)"
pty_keys q
pty_wait_exit >/dev/null
pty_stop

printf 'set sidebar = no\n' >"$TEST_TMP/off"
ok_here "set sidebar = no" pty_start 120 16 "$MUA" -F "$TEST_TMP/off" --demo --demo-dir "$demo"
ok "starts without it" pty_wait_for_line 1 '^ [A-Z][a-z][a-z] [0-9]{2} '
pty_keys B
ok "and B shows it" pty_wait_for_line 1 '^•inbox +[0-9]+/[0-9]+│'
pty_keys q
pty_wait_exit >/dev/null
test_done
