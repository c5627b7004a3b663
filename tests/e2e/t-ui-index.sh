#!/usr/bin/env bash
# The index view, driven through a real terminal: the first screen, moving,
# the end, unbound keys, resizing, hostile subjects, quitting, signals.
. "$srcdir/tests/lib/ui.sh"
inbox=$(notmuch count --output=threads tag:inbox)
newest=$(notmuch search --limit=1 --output=summary tag:inbox | sed 's/^[^;]*; //; s/ (.*$//')
oldest=$(notmuch search --sort=oldest-first --limit=1 --output=summary tag:inbox | sed 's/^[^;]*; //; s/ (.*$//')
unset NOTMUCH_CONFIG
# The index alone: the sidebar has its own test (t-ui-sidebar).
export MUARC=$TEST_TMP/muarc
printf 'set sidebar = no\n' >"$MUARC"

ok_here "mua --demo opens the UI in a terminal" pty_start 100 20 "$MUA" --demo --demo-dir "$demo"
ok "the index shows the inbox, its total once counted" \
	pty_wait_for "^ tag:inbox  1 of $inbox *\$"
like "the newest thread is on the first line" "$newest" "$(pty_screen | head -n 1)"
like "lines show date, authors, counts and tags" '^ [A-Z][a-z]{2} [0-9]{2} .* \[[0-9]+/[0-9]+\] .* inbox' \
	"$(pty_screen | head -n 1)"
pty_keys j j j
ok "j moves the cursor down" pty_wait_for "^ tag:inbox  4 of $inbox *\$"
pty_keys k
ok "k moves it up" pty_wait_for "^ tag:inbox  3 of $inbox *\$"
pty_keys G
ok "G goes to the last thread at once, its number known from the count" \
	pty_wait_for "^ tag:inbox  $inbox of $inbox *\$"
like "the oldest thread is on the last line above the status" "$oldest" "$(pty_screen | tail -n 2 | head -n 1)"
pty_keys k
ok "moving up from the end counts from the end" pty_wait_for "^ tag:inbox  $((inbox - 1)) of $inbox *\$"
pty_keys x
ok "an unbound key says so in the status line" pty_wait_for 'x is not bound in index'
pty_keys '='
ok "= goes back to the first thread; the middle was never read" pty_wait_for "^ tag:inbox  1 of $inbox *\$"
pty_keys a
ok "when a thread leaves the view, the total is counted again" \
	pty_wait_for "^ tag:inbox  1 of $((inbox - 1))( |\$)"
pty_keys u
ok "and again when it comes back" pty_wait_for "^ tag:inbox  [0-9]+ of $inbox( |\$)"
# Wide characters: the count column starts at the same place on every line.
cols=$(pty_screen | python3 -c '
import sys, unicodedata
for line in sys.stdin:
    if "[" not in line: continue
    w = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line[:line.index("[")])
    print(w)' | sort -u)
is "CJK, Cyrillic and accented names keep the columns aligned" 1 "$(printf '%s\n' "$cols" | wc -l)"
printf 'set sidebar = no\nbind index A "tag -inbox -unread"\nmacro index S "tag +spam; down"\n' >"$TEST_TMP/keys"
pty_stop
ok_here "the UI starts with a user's bindings" pty_start 100 20 "$MUA" -F "$TEST_TMP/keys" --demo --demo-dir "$demo"
pty_wait_for '^ tag:inbox' >/dev/null
pty_keys '?'
ok "? opens the help of the index view" pty_wait_for '^ keys of the index view'
like "it lists the default keys with what they do" '^j +down +move down one line' "$(pty_screen)"
pty_keys G
ok "it scrolls to the user's own macro" pty_wait_for '^S +tag \+spam; down +\(a macro\)'
like "and binding" '^A +tag -inbox -unread +add and remove tags' "$(pty_screen)"
pty_keys q
ok "q closes the help, back to the index" pty_wait_for '^ tag:inbox'
pty_resize 50 10
ok "a resize redraws at the new size" pty_wait_for "^ tag:inbox  1 of $inbox *\$"
is "the screen still has one line per row" 10 "$(pty_screen | wc -l)"
ok "narrow lines keep their columns: counts stay whole" \
	pty_wait_for_line 2 '^ Nov 07 .* \[4/5\] '
ok "and tags are cut before the subject vanishes" \
	pty_wait_for_line 5 '\[1/1\] Qu'
pty_resize 40 12
ok "at 40 columns the authors shrink before the subject: it keeps a third" \
	pty_wait_for_line 1 '^ Nov 19 .* \[2/2\] Workshop fee'

pty_resize 15 4
ok "a tiny terminal shows a notice instead of breaking" pty_wait_for 'terminal too'
pty_resize 100 20
pty_keys q
is "q in the last view quits with status 0" 0 "$(pty_wait_exit)"
pty_stop

# Authors of unread messages stand out from the others of their thread.
printf 'set sidebar = no\nset index_format = "%%M%%D %%-50a %%c %%s"\n' >"$TEST_TMP/wide"
ok_here "a wide authors column" pty_start 140 12 "$MUA" -F "$TEST_TMP/wide" --demo --demo-dir "$demo"
ok "shows a thread with read and unread authors" pty_wait_for 'Ann Example, Bruno Keller, Demo User'
esc=$(printf '\033')
like "the unread authors bold, the one whose message is read not" \
	"${esc}\\[0;1m.* Ann Example, Bruno Keller${esc}\\[0m[^,]*, Demo User " \
	"$(pty_screen_sgr | grep -F 'Demo User')"
pty_keys q
pty_wait_exit >/dev/null
pty_stop

# Tags: some hidden, some in colours of their own.
printf 'set sidebar = no\nset hidden_tags = "unread sent"\ncolor tag.inbox red default\n' >"$TEST_TMP/tags"
ok_here "hidden tags and tag colours" pty_start 120 12 "$MUA" -F "$TEST_TMP/tags" --demo --demo-dir "$demo"
ok "hidden tags are not shown" pty_wait_for_line 2 'Thank you! +inbox *$'
like "a tag's colour line colours it" $'\e\\[[0-9;]*31[0-9;]*minbox' "$(pty_screen_sgr | sed -n 2p)"
pty_keys q
pty_wait_exit >/dev/null
pty_stop

# Hostile subjects from the Quarantine folder are shown, not obeyed.
printf 'set sidebar = no\nset default_query = "tag:quarantine"\n' >"$TEST_TMP/rc"
ok_here "the quarantine opens" pty_start 120 20 "$MUA" -F "$TEST_TMP/rc" --demo --demo-dir "$demo"
ok "an escape sequence in a subject is shown as text" pty_wait_for 'Escape \^\[\[2J\^\[\[31mclears'
like "a right-to-left override is shown as a mark" '<U\+202E>gpj.exe' "$(pty_screen)"
like "and nothing cleared the screen" '^ tag:quarantine' "$(pty_screen | tail -n 1)"
pty_keys q
pty_wait_exit >/dev/null
pty_stop

# Termination by a signal restores the terminal and says how it ended.
ok_here "the UI starts again" pty_start 80 12 "$MUA" --demo --demo-dir "$demo"
pty_wait_for 'tag:inbox' >/dev/null
pkill -TERM -f -- "--demo-dir $demo\$"
is "SIGTERM ends it with status 143" 143 "$(pty_wait_exit)"
pty_stop

# An SSH drop is a SIGHUP: the same clean end.
ok_here "the UI starts again" pty_start 80 12 "$MUA" --demo --demo-dir "$demo"
pty_wait_for 'tag:inbox' >/dev/null
pkill -HUP -f -- "--demo-dir $demo\$"
is "SIGHUP ends it with status 129" 129 "$(pty_wait_exit)"
pty_stop

# C-z stops mua as a job-control shell expects, and fg brings it back.
# (Without such a shell the kernel ignores the stop: nothing could resume.)
ok_here "an interactive shell starts" pty_start 80 12 bash --norc --noprofile -i
pty_type "PS1='shell> ' ; clear"
pty_keys Enter
pty_wait_for '^shell>' >/dev/null
pty_type "$(printf '%q ' "$MUA" --demo --demo-dir "$demo")"
pty_keys Enter
ok "mua runs in it" pty_wait_for '^ tag:inbox  1'
pty_keys C-z
ok "C-z stops mua and gives the shell back" pty_wait_for 'Stopped'
pty_type fg
pty_keys Enter
ok "fg brings the index back, redrawn" pty_wait_for '^ tag:inbox  1'
pty_keys j
ok "and it takes keys" pty_wait_for '^ tag:inbox  2'
pty_keys q
ok "q quits to the shell" pty_wait_for '^shell>'
pty_stop

for term in vt100 screen-256color tmux-256color; do
	PTY_TERM=$term
	ok_here "TERM=$term starts" pty_start 80 12 "$MUA" --demo --demo-dir "$demo"
	ok "TERM=$term shows the index" pty_wait_for '^ tag:inbox  1'
	pty_keys q
	pty_wait_exit >/dev/null
	pty_stop
done
unset PTY_TERM
export NO_COLOR=1
ok_here "NO_COLOR starts" pty_start 80 12 "$MUA" --demo --demo-dir "$demo"
ok "NO_COLOR shows the index" pty_wait_for '^ tag:inbox  1'
pty_keys q
is "and quits cleanly" 0 "$(pty_wait_exit)"
unset NO_COLOR

like "the newest date seen is kept for the next start" \
	"^[0-9]{10} $demo/mail\$" "$(cat "$XDG_STATE_HOME/mua/store-hints")"

# Mail without a usable Date: (notmuch's date 0) and from 2037: all four
# threads on screen, newest first and oldest first.
for d in "Mon, 02 Nov 2026 10:00:00 +0000" "" "yesterday-ish garbage" \
	"Mon, 02 Nov 2037 10:00:00 +0000"; do
	n=$((${n:-0} + 1))
	{ printf 'From: J\xc3\xbcrgen M\xc3\xbcller <odd%d@example.org>\nSubject: odd date %d\n' "$n" "$n"
	  printf 'Message-ID: <odd%d@example.org>\n' "$n"
	  [ -n "$d" ] && printf 'Date: %s\n' "$d"
	  printf '\nbody\n'; } >"$TEST_TMP/odd$n"
done
store_make "$TEST_TMP/odd" "$TEST_TMP"/odd[1-4]
ok_here "mua -q '*' opens on a store of odd dates" pty_start 100 12 "$MUA" -q '*'
ok "all four threads are on screen" pty_wait_for 'odd date 3'
odd() { pty_screen | grep -o 'odd date [0-9]' | tr '\n' ' ' | sed 's/ $//'; }
like "four lines, newest first, the dateless last" \
	'^odd date 4 odd date 1 odd date [23] odd date [23]$' "$(odd)"
like "dates of every age take one width" "^ Nov '37 J.* Nov 02  J.* Jan '70 J" \
	"$(pty_screen | grep 'odd date' | sed 's/.*│//' | tr '\n' ' ')"
is "so the authors start in one column" 1 \
	"$(pty_screen | grep 'odd date' | sed 's/.*│//' | awk '{ print index($0, "rgen M") }' | sort -u | wc -l)"
pty_keys o
ok "o sorts oldest first" pty_wait_for_line 4 'odd date 4'
like "with the same four, the dateless first" \
	'^odd date [23] odd date [23] odd date 1 odd date 4$' "$(odd)"
pty_keys q
pty_wait_exit >/dev/null
pty_stop
# A locale that isn't UTF-8 (LANG=C): mua uses C.UTF-8 and says so once,
# and names show as they are, not as "J  rgen M  ller".
pty_start 100 12 env LC_ALL=C LANG=C "$MUA" -q '*'
ok "under LANG=C mua says it uses C.UTF-8" \
	pty_wait_for "not UTF-8: mua uses C.UTF-8"
like "and names show as they are" 'Jürgen Müller' "$(pty_screen)"
pty_keys q
pty_wait_exit >/dev/null
pty_stop
out=$(TERM=nonexistent "$MUA" -q '*' 2>&1 </dev/null); rc=$?
is "an unknown TERM: exit 1" 1 "$rc"
is "with a message like every other, saying what to do" \
	'mua: the terminal type "nonexistent" (TERM) is unknown here: set TERM to one terminfo knows, such as xterm-256color' "$out"
unset NOTMUCH_CONFIG

printf 'set sort = bogus\n' >"$TEST_TMP/bad"
out=$("$MUA" -F "$TEST_TMP/bad" 2>&1 </dev/null); rc=$?
is "a broken configuration stops mua before the screen: exit 2" 2 "$rc"
like "with the error on stderr" 'bad:1:12: sort must be one of' "$out"
printf '[database]\npath=%s\n' "$TEST_TMP/none" >"$TEST_TMP/nm-none"
out=$(NOTMUCH_CONFIG=$TEST_TMP/nm-none "$MUA" 2>&1 </dev/null); rc=$?
is "a notmuch set-up without its store: exit 1" 1 "$rc"
like "with advice" 'notmuch new|mua --demo' "$out"
test_done
