#!/usr/bin/env bash
# The attach view and what leaves mua through it: the part list, saving
# (safe names, no silent overwrite), opening with the mailcap from a
# private temporary file, copiousoutput viewers, piping a part or a whole
# message, and HTML through a mailcap converter.
. "$srcdir/tests/lib/ui.sh"
export XDG_STATE_HOME=$TEST_TMP/state TMPDIR=$TEST_TMP/tmp
mkdir -p "$TMPDIR"
dl=$TEST_TMP/dl
printf 'set sidebar = no\nset attach_save_dir = "%s"\n' "$dl" >"$TEST_TMP/rc"
export MAILCAPS=$TEST_TMP/mailcap
cat >"$MAILCAPS" <<EOF
application/pdf; cp %s $TEST_TMP/opened.pdf
text/csv; cat %s; copiousoutput
EOF
# The decoded content of the part of FILE named NAME, as Python reads it.
part_of() {
	python3 -c '
import email, sys
from email import policy
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=policy.default)
for p in m.walk():
    if p.get_filename() == sys.argv[2]:
        sys.stdout.buffer.write(p.get_payload(decode=True))' "$1" "$2"
}
report=$srcdir/contrib/demo/0242.eml

open_message() {
	ok_here "$1" pty_start 120 24 "$MUA" -F "$TEST_TMP/rc" --demo --demo-dir "$demo" -q "$2"
	pty_wait_for '^ id:' >/dev/null
	pty_keys Enter
	pty_wait_for 'message 1 of' >/dev/null
}

open_message "a message with attachments opens" 'id:attach.mixed@demo.example'
pty_keys v
ok "v lists the parts with type, size and name" \
	pty_wait_for '^  5   application/pdf +[0-9]+ (B|KB) +résumé de Bruno.pdf'
like "the multipart first, its parts indented" '^  1 multipart/mixed' "$(pty_screen | head -n 1)"
pty_keys G s
ok "s proposes attach_save_dir and the part's name" pty_wait_for "^save to: $dl/résumé de Bruno.pdf"
pty_keys Enter
ok "the part is saved, and the screen says where" pty_wait_for "saved to $dl/résumé de Bruno.pdf"
cmp -s "$dl/résumé de Bruno.pdf" <(part_of "$report" "résumé de Bruno.pdf")
ok_here "byte for byte as it was attached" test $? = 0
pty_keys s Enter
ok "saving again asks before replacing" pty_wait_for 'the file exists; replace it\? \(y/n\)'
printf 'mine' >"$dl/résumé de Bruno.pdf"
pty_keys n Enter
is "n keeps the file there" mine "$(cat "$dl/résumé de Bruno.pdf")"
pty_keys o
# Wait for what the viewer did: the status line said "part 5 of 5" before.
wait_until test -s "$TEST_TMP/opened.pdf"
ok "o opens the part with the mailcap entry" test -s "$TEST_TMP/opened.pdf"
pty_wait_for 'part 5 of 5' >/dev/null
cmp -s "$TEST_TMP/opened.pdf" <(part_of "$report" "résumé de Bruno.pdf")
ok_here "which got the part's content" test $? = 0
tmp_empty() { [ -z "$(ls -A "$TMPDIR")" ]; }
wait_until tmp_empty
is "from a temporary file that is gone now" "" "$(ls -A "$TMPDIR")"
pty_keys k k
pty_keys o
ok "a copiousoutput entry's output is shown in mua" pty_wait_for '^quarter,messages,threads'
pty_keys q
pty_keys j
pty_keys o
ok "a type without a mailcap entry says so" pty_wait_for 'no mailcap entry opens image/png'
pty_keys '|'
ok "| asks for a command" pty_wait_for '^pipe to:'
pty_type "wc -c >$TEST_TMP/piped"
pty_keys Enter
ok "the command runs on the terminal, which waits for Enter" pty_wait_for 'press Enter to return to mua'
pty_keys Enter
ok "then mua is back" pty_wait_for 'part 4 of 5'
is "the command got the part" "$(part_of "$report" chart.png | wc -c)" "$(cat "$TEST_TMP/piped")"
pty_keys q
pty_keys '|'
pty_type "grep -c '^Message-ID: <attach.mixed@demo.example>' >$TEST_TMP/whole"
pty_keys Enter
# Not "press Enter": the last command's prompt is still on the normal
# screen that endwin() shows again at once.
wait_until test -s "$TEST_TMP/whole"
pty_keys Enter
is "| in the pager pipes the whole message" 1 "$(cat "$TEST_TMP/whole")"
pty_keys q q
pty_wait_exit >/dev/null
pty_stop

open_message "a message with a hostile attachment name opens" 'subject:"Attachment named"'
pty_keys v G s
ok "the name offered can't leave the directory or hide" pty_wait_for "^save to: $dl/bashrc *\$"
pty_keys Enter
ok "it is saved there" pty_wait_for "saved to $dl/bashrc"
is "and nowhere else" "" "$(ls -A "$TEST_TMP" | grep -F .bashrc)"
pty_keys q q q
pty_wait_exit >/dev/null
pty_stop

# Links: listed, copied through OSC 52, opened without a shell.
printf '#!/bin/sh\nprintf "%%s\\n" "$#" "$@" >"%s"\n' "$TEST_TMP/opened-url" >"$TEST_TMP/opener"
chmod +x "$TEST_TMP/opener"
printf 'set url_command = "%s --new-tab"\n' "$TEST_TMP/opener" >>"$TEST_TMP/rc"
open_message "a message with links opens" 'id:html.only@demo.example'
ok "links are shown in the pager" pty_wait_for '\[1\] https://demo.example/news'
like "underlined, apart from the text around them" $'\e\\[[0-9;]*4[0-9;]*mhttps://demo.example/news' "$(pty_screen_sgr)"
pty_keys C-b
ok "U lists them" pty_wait_for '^  1  https://demo.example/news *$'
pty_keys y
ok "y copies one" pty_wait_for 'copied to the clipboard'
is "it is on the terminal's clipboard" "https://demo.example/news" "$(pty_clipboard)"
pty_keys Enter
ok "Enter opens it with url_command" pty_wait_for 'opened https://demo.example/news'
is "as the last of separate arguments, no shell between" \
	"$(printf '2\n--new-tab\nhttps://demo.example/news')" "$(cat "$TEST_TMP/opened-url")"
pty_keys q q q
pty_wait_exit >/dev/null
pty_stop

printf 'text/html; sed -e "s/<[^>]*>//g" %%s | tr a-z A-Z; copiousoutput\n' >"$MAILCAPS"
open_message "HTML with a mailcap converter" 'id:html.only@demo.example'
ok "is shown through it" pty_wait_for 'INVOICETWO THINGS LANDED'
ok "with a note that it would load remote images" pty_wait_for 'loads remote images; mua does not fetch them'
pty_keys q q
pty_wait_exit >/dev/null
test_done
