#!/usr/bin/env bash
# The thread view, driven through a real terminal: the tree with read
# messages folded, opening, moving between messages, all headers, finding
# text, marking read on open (and undoing it), tagging one message, HTML,
# attachments, forwarded mail and hostile text.
. "$srcdir/tests/lib/ui.sh"
count() { notmuch count -- "$@"; }
long=$(notmuch search --output=threads subject:'"Release planning for 1.0"' | head -n 1)
long_n=$(count "$long")
fwd=$(notmuch search --output=threads 'mimetype:message/rfc822' | head -n 1)
pdf=$(notmuch search --output=threads 'attachment:pdf' | head -n 1)

open_query() {
	ok_here "$1" pty_start 100 30 "$MUA" --demo --demo-dir "$demo" -q "$2"
	pty_wait_for '^ (thread|id):' >/dev/null
	pty_keys Enter
}

open_query "a thread opens from the index with Enter" "$long"
ok "the pager shows the thread, at the last message" \
	pty_wait_for "^ \[mua-devel\] Release planning for 1.0  message $long_n of $long_n"
like "which is open: all are read" '^ +- .*\(.*lists' "$(pty_screen | head -n 1)"
like "with its headers" '^ +From: ' "$(pty_screen | sed -n 2p)"
pty_keys '='
ok "= goes to the first message" pty_wait_for "message 1 of $long_n"
like "read messages are folded to one line each" '^\+ Ann Example <ann@example.org>  [A-Z][a-z]+ [0-9]+  \(lists.*\)  \[mua-devel\] Release' \
	"$(pty_screen | head -n 1)"
like "replies are indented under their parent" '^  \+ Дмитрий Соколов' "$(pty_screen | sed -n 2p)"
pty_keys Enter
ok "Enter opens it: headers and text" pty_wait_for_line 2 '^  From: Ann Example <ann@example.org>'
like "the configured headers, in order" 'From:.*\n.*To:.*\n.*Date:.*\n.*Subject:' \
	"$(pty_screen | grep -E '^  (From|To|Cc|Date|Subject):' | head -n 4 | tr '\n' '~' | sed 's/~/\\n/g')"
pty_keys h
ok "h shows every header" pty_wait_for '^  Message-ID: <release-1.0.0@demo.example>'
pty_keys h
ok "h again, the usual few" pty_wait_for_line 2 '^  From: '
is "Message-ID is hidden again" "" "$(pty_screen | grep 'Message-ID:')"
pty_keys H
ok "H shows the route: a table of hops, oldest first" \
	pty_wait_for '^  1  \[198.51.100.7\] +lists.demo.example +ESMTPSA +2026-[0-9-]+ [0-9:]+ *$'
ok "with the delay at each hop" pty_wait_for '^  2  lists.demo.example +mx.demo.example +ESMTPS +[0-9: -]+ \+[0-9]+m[0-9]{2}s$'
pty_keys q
ok "q goes back to the thread" pty_wait_for "message 1 of $long_n"
pty_keys J
ok "J focuses the next message" pty_wait_for "message 2 of $long_n"
like "its summary is on the top line" '^  \+ Дмитрий' "$(pty_screen | head -n 1)"
pty_keys K
ok "K the previous" pty_wait_for "message 1 of $long_n"
pty_keys /
ok "/ asks for text to find" pty_wait_for '^find:'
pty_type "DUPLICATE messages"
pty_keys Enter
ok "the first line with it, in any case, comes to the top" \
	pty_wait_for_line 1 'seeing duplicate messages'
pty_keys n
ok "n finds the next, in another open message or around the end" \
	pty_wait_for "message ([2-9]|[1-9][0-9]+) of $long_n|search wrapped"
pty_keys q
ok "q goes back to the index" pty_wait_for '^ thread:'
pty_keys q
pty_wait_exit >/dev/null
pty_stop

# Reading marks read, through the journal; u takes it back.
unread=$(notmuch search --output=threads 'tag:inbox and tag:unread' | head -n 1)
unread_n=$(count "$unread" and tag:unread)
open_query "an unread thread opens" "$unread"
ok "its unread messages are open" pty_wait_for '^ *From: '
ok "and marked read at once" pty_wait_for '^ .*message [0-9]+ of [0-9]+ *$'
is "notmuch agrees: nothing unread left in it" 0 "$(count "$unread" and tag:unread)"
pty_keys u
ok "u undoes the marking, saying what" pty_wait_for 'undid: marked [0-9]+ messages? read'
is "the messages are unread again" "$unread_n" "$(count "$unread" and tag:unread)"
pty_keys '!'
ok "! flags the focused message, saying so, and moves on (resolve)" \
	pty_wait_for 'message 2 of 2 \| flagged the message'
pty_keys K
ok "K goes back to it: the flag shows" pty_wait_for '\(.*flagged.*\)'
is "one message of the thread, not all" 1 \
	"$(notmuch search --output=messages "$unread" and tag:flagged | wc -l)"
# The other tag keys act on the focused message too, saying so.
msgs_with() { notmuch search --exclude=false --output=messages "$unread" and "$@" | wc -l; }
pty_keys a
ok "a in the pager archives the message" pty_wait_for '\| archived the message'
is "one message left the inbox" $((unread_n - 1)) "$(msgs_with tag:inbox)"
pty_keys K d
ok "d deletes it" pty_wait_for '\| deleted the message'
is "one message deleted" 1 "$(msgs_with tag:deleted)"
pty_keys K U
ok "U undeletes it" pty_wait_for '\| undeleted the message'
is "none deleted" 0 "$(msgs_with tag:deleted)"
pty_keys K N
ok "N toggles unread" pty_wait_for '\| marked the message (un)?read'
pty_keys K +
pty_type 'pagertag'
pty_keys Enter
ok "+ adds a tag typed" pty_wait_for '\| tagged the message \+pagertag'
is "to the one message" 1 "$(msgs_with tag:pagertag)"
pty_keys K -
pty_type 'pagertag'
pty_keys Enter
ok "- removes one" pty_wait_for '\| tagged the message -pagertag'
is "from it" 0 "$(msgs_with tag:pagertag)"
pty_keys K X
ok "X mutes the whole thread from the pager" pty_wait_for '\| muted and archived the thread'
is "every message of it" "$(count "$unread")" "$(msgs_with tag:muted)"
pty_keys X
ok "and X again unmutes it" pty_wait_for '\| unmuted the thread'
is "notmuch agrees" 0 "$(msgs_with tag:muted)"
pty_keys q
ok "back in the index" pty_wait_for '^ thread:'
ok "the index row shows the new tags" pty_wait_for_line 1 'flagged'
pty_keys q
pty_wait_exit >/dev/null
pty_stop

open_query "an HTML-only message opens" 'id:html.only@demo.example'
ok "it is shown as text" pty_wait_for '^ *\* The index is O\(screen\)'
ok "links are numbered and listed" pty_wait_for '^ *\[1\] https://demo.example/news'
is "scripts and styles are not shown" "" "$(pty_screen | grep -E 'alert|color:')"
pty_keys q q
pty_wait_exit >/dev/null
pty_stop

open_query "a message with attachments opens" "$pdf"
ok "attachments are listed with type and size" \
	pty_wait_for '\[-- Attachment: .*\(application/pdf, [0-9.]+ (bytes|KB|MB)\) --\]'
pty_keys q q
pty_wait_exit >/dev/null
pty_stop

open_query "a forwarded message opens" "$fwd"
ok "the forwarded message is inline, with its headers" \
	pty_wait_for '\[-- Forwarded message --\]'
ok "and its end is marked" pty_wait_for '\[-- End of forwarded message --\]'
pty_keys q q
pty_wait_exit >/dev/null
pty_stop

# A big message is read on a thread of its own: the keys go on
# meanwhile. MUA_TEST_RENDER_HOLD holds the reading until the test
# opens the FIFO, so the keys certainly come while it is under way.
root=$(notmuch config get database.path)
mkdir -p "$root/big/cur" "$root/big/new" "$root/big/tmp"
{
	printf 'From: Big <big@example.org>\nTo: ann@example.org\nSubject: a big one\nMessage-ID: <big@example.org>\nDate: Mon, 02 Nov 2026 10:00:00 +0000\n\n'
	yes 'Line after line of a long and legal message, well over a megabyte.' | head -n 30000
	printf 'The last line of the big one.\n'
} >"$root/big/cur/big:2,S"
notmuch new --quiet
mkfifo "$TEST_TMP/hold"
release() { timeout 30 sh -c ": >'$TEST_TMP/hold'"; }
ok_here "a big message opens" pty_start 100 30 env MUA_TEST_RENDER_HOLD="$TEST_TMP/hold" \
	"$MUA" --demo --demo-dir "$demo" -q id:big@example.org
pty_wait_for '^ (thread|id):' >/dev/null
pty_keys Enter
ok "the pager says it is reading it" pty_wait_for 'reading the message\.\.\.'
pty_keys C-b
ok "keys work meanwhile (C-b, the links, says to wait)" pty_wait_for 'still being read'
pty_keys q
ok "q goes back to the index at once" pty_wait_for '^ id:big@example.org'
pty_keys Enter
ok "opened again, it is read again" pty_wait_for 'reading the message\.\.\.'
ok "when the reading ends" release
ok "the text is shown" pty_wait_for '^ +Line after line of a long and legal message'
pty_keys G
ok "all of it" pty_wait_for 'The last line of the big one\.'
pty_keys q q
pty_wait_exit >/dev/null
pty_stop

open_query "a message with escape sequences in its subject opens" 'subject:Escape'
ok "they are shown, not obeyed" pty_wait_for 'Subject: Escape \^\[\[2J\^\[\[31mclears your screen'
ok "in the body too: no clipboard write" pty_wait_for 'clipboard write: \^\[\]52;c;cm0gLXJmIH4K\^G'
ok "no hidden link" pty_wait_for 'OSC 8 link: \^\[\]8;;https://evil.example\^\[\\click'
ok "no retitled window" pty_wait_for 'title change: \^\[\]0;pwned\^G'
is "and nothing reached the clipboard" "" "$(pty_clipboard)"
pty_keys q q
pty_wait_exit >/dev/null
test_done
