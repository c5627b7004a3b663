#!/usr/bin/env bash
# mua sync fetches IMAP mail into the notmuch store, from real dovecot:
# over IMAPS and over STARTTLS, byte for byte, indexed with the account's
# tags and the server's flags, incrementally (a second run fetches
# nothing, new mail comes next time), and never twice after a crash
# between writing and saving its state.
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/certs.sh"
. "$srcdir/tests/lib/mailhost.sh"
. "$srcdir/tests/lib/store.sh"
test_begin
require_program /usr/sbin/dovecot "dovecot serves IMAP"
require_program notmuch

ok_here "dovecot starts" mailhost_start_imap good || { test_done; exit 1; }
box=$(mailhost_maildir test)
mailhost_put 1 30
store_make "$TEST_TMP/store"
root=$TEST_TMP/store/mail
cat >"$TEST_TMP/rc" <<RC
account work {
	from = "Test <test@localhost>"
	imap = "imaps://localhost:$MH_IMAPS"
	user = test
	pass_command = "echo secret"
	ca_file = "$MH_CA"
	# The UI's watcher would sync before \$ does (t-idle tests it).
	idle = no
}
RC
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
is "mua sync succeeds" 0 "$rc"
like "and says what came" '^work: 30 new messages \([0-9]+ KB\)$' "$out"
like "not on a terminal, a plain line per folder" '^work/INBOX: 30 new$' "$out"
files=$(find "$root/work/INBOX/cur" "$root/work/INBOX/new" -type f | wc -l)
is "30 files in the account's INBOX maildir" 30 "$files"
same=0
for i in $(seq 1 30); do
	f=$(grep -l "^Message-ID: <m$i@example.org>" "$root"/work/INBOX/*/* | head -n 1)
	cmp -s "$f" "$TEST_TMP/src-$i" && same=$((same + 1))
done
is "each byte for byte as on the server (LF line ends, as maildirs hold)" 30 "$same"
is "all indexed" 30 "$(notmuch count folder:work/INBOX)"
is "with the account's new tags" 30 "$(notmuch count tag:inbox)"
is "read on the server: not unread here" 15 "$(notmuch count tag:unread)"
out=$("$MUA" -F "$TEST_TMP/rc" --trace "$TEST_TMP/trace" sync 2>&1)
like "a second run fetches nothing" '^work: 0 new messages' "$out"
like "--trace: the IMAP conversation" 'imap#1 S: \* OK' "$(cat "$TEST_TMP/trace")"
like "the login with its password redacted" 'imap#1 C: [^ ]+ LOGIN test \[redacted\]$' "$(cat "$TEST_TMP/trace")"
is "the password appears nowhere" "" "$(grep -F secret "$TEST_TMP/trace")"
mailhost_put 31 33
out=$("$MUA" -F "$TEST_TMP/rc" sync work 2>&1)
like "new mail on the server comes next time" '^work: 3 new messages' "$out"
is "33 in the store" 33 "$(notmuch count '*')"

# A crash after writing a batch but before saving the state: the next run
# recognises what it wrote by its name, doesn't download it again, and
# (indexed already) finds nothing new.
state=$XDG_STATE_HOME/mua/sync/work/INBOX
read -r validity last <"$state"
echo "$validity 20" >"$state"
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1)
like "fetching again from an older state: nothing downloaded, nothing new" \
	'^work: 0 new messages \(0 KB\)$' "$out"
is "writes no second copy" 33 "$(find "$root/work/INBOX" -type f -path '*/cur/*' -o -type f -path '*/new/*' | wc -l)"
is "and the store still has 33" 33 "$(notmuch count '*')"
is "the state is back where it was" "$validity $last" "$(cat "$state")"

# Before the password is read, mua can no longer dump core: the
# pass_command checks its parent's limit and gives the password only then.
sed -i "s|pass_command = \"echo secret\"|pass_command = \"grep -q '^Max core file size *0 *0 ' /proc/\$PPID/limits \&\& echo secret\"|" "$TEST_TMP/rc"
out=$(ulimit -c unlimited 2>/dev/null; "$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
is "no core dump can hold the password" 0 "$rc"
sed -i 's|pass_command = .*|pass_command = "echo secret"|' "$TEST_TMP/rc"

# Another program holds the notmuch write lock: sync says it waits, and
# goes on once the lock is free.
"$builddir/tests/unit/hold-lock" "$NOTMUCH_CONFIG" "$TEST_TMP/locked" "$TEST_TMP/release" &
holder=$!
at_exit "touch '$TEST_TMP/release'; wait $holder"
wait_until test -e "$TEST_TMP/locked"
"$MUA" -F "$TEST_TMP/rc" sync >"$TEST_TMP/waited" 2>&1 &
syncer=$!
wait_until grep -q waiting "$TEST_TMP/waited"
like "with the lock held, sync says it waits" \
	'^mua: waiting for the notmuch database: another program is writing to it$' \
	"$(cat "$TEST_TMP/waited")"
ok "and is still waiting, not failed" kill -0 "$syncer"
touch "$TEST_TMP/release"
wait "$holder"
wait "$syncer"; rc=$?
is "once the lock is free, it finishes" 0 "$rc"

# The server renumbers the folder (a new UIDVALIDITY): everything is
# fetched again, and the old copies go, tags kept.
notmuch tag +keepme -- id:m5@example.org
rm -f "$box"/dovecot-uidlist "$box"/dovecot.index*
sleep 1	# dovecot takes the time as the new UIDVALIDITY
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1)
like "a renumbered folder is fetched again, no message new to the store" \
	'^work: 0 new messages \([1-9][0-9]* KB\)$' "$out"
read -r validity2 last2 mark <"$state"
ok "under its new UIDVALIDITY" [ "$validity2" != "$validity" ]
is "the old copies are gone: one file per message" 33 "$(find "$root/work/INBOX" -type f -path '*/cur/*' -o -type f -path '*/new/*' | wc -l)"
is "the store still has 33" 33 "$(notmuch count '*')"
is "a tag given before is kept" 1 "$(notmuch count tag:keepme)"
is "and the state has nothing left to do" "" "${mark:-}"

# Folder patterns: "*" is every folder of the top level, found by LIST.
mkdir -p "$box/.Work/cur" "$box/.Work/new" "$box/.Work/tmp"
for i in 1 2; do
	printf 'From: w@example.org\nSubject: work %d\nMessage-ID: <w%d@example.org>\n\nWork.\n' "$i" "$i" >"$box/.Work/new/w$i.host"
done
# A folder named in modified UTF-7 on the server: "Entwürfe".
mkdir -p "$box/.Entw&APw-rfe/cur" "$box/.Entw&APw-rfe/new" "$box/.Entw&APw-rfe/tmp"
printf 'From: d@example.org\nSubject: draft\nMessage-ID: <d1@example.org>\n\nDraft.\n' >"$box/.Entw&APw-rfe/new/d1.host"
# dovecot runs as another user and keeps its index files in the folder.
chown -R --reference="$box/cur" "$box/.Work" "$box/.Entw&APw-rfe" 2>/dev/null
sed -i 's|^\tca_file|\tfolders = "*"\n\tca_file|' "$TEST_TMP/rc"
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1)
like "folders = \"*\" finds the other folders too" '^work: 3 new messages' "$out"
is "a modified UTF-7 name becomes a UTF-8 maildir" 1 "$(notmuch count 'folder:"work/Entwürfe"')"
is "its mail is in the account's Work maildir" 2 "$(notmuch count folder:work/Work)"
is "and INBOX had nothing new" 33 "$(notmuch count folder:work/INBOX)"
sed 's|folders = "\*"|folders = Wrok|' "$TEST_TMP/rc" >"$TEST_TMP/rc-typo"
out=$("$MUA" -F "$TEST_TMP/rc-typo" sync 2>&1); rc=$?
is "a misspelt folder fails the account" 1 "$rc"
like "naming the folders the server has" \
	"can't open the folder Wrok: .*; the server's folders: .*Work" "$out"
like "in UTF-8" "the server's folders: .*Entwürfe" "$out"

# Without pass_command, mua asks on the terminal, without echo.
if [ -n "${TMUX_BIN:-}" ] && command -v "$TMUX_BIN" >/dev/null; then
	. "$srcdir/tests/lib/pty.sh"
	sed -i '/pass_command/d' "$TEST_TMP/rc"
	mailhost_put 35 35
	ok_here "mua sync on a terminal" pty_start 80 10 "$MUA" -F "$TEST_TMP/rc" sync
	ok "asks for the password" pty_wait_for '^Password for work:'
	pty_type wrong
	pty_keys Enter
	ok "a password the server refuses: it says so, in the server's words" \
		pty_wait_for 'login as test was refused: .*[Aa]uthentication failed'
	ok "and asks again" pty_wait_for_line 3 '^Password for work:'
	pty_type secret
	pty_keys Enter
	ok "takes it, without showing it" pty_wait_for '^work: 1 new message '
	like "on a terminal, progress with counts, size and rate" \
		'^work/INBOX: 1/1 messages, [0-9]+ KB, [0-9]+ KB/s' "$(pty_screen)"
	is "the password never appeared" "" "$(pty_screen | grep -F secret)"
	pty_wait_exit >/dev/null
	pty_stop
	sed -i 's|^\tuser = test|\tuser = test\n\tpass_command = "echo secret"|' "$TEST_TMP/rc"

	# $ in the UI: the same sync in a child process; the index follows.
	mailhost_put 36 36
	printf 'set sidebar = no\n' >>"$TEST_TMP/rc"
	ok_here "the UI starts" pty_start 120 20 "$MUA" -F "$TEST_TMP/rc"
	pty_wait_for '^ tag:inbox  1' >/dev/null
	pty_keys '$'
	ok "\$ syncs in the background and says how it went" \
		pty_wait_for 'sync: work: 1 new message'
	ok "the new mail is in the index at once" pty_wait_for_line 1 'message 36'
	# sync_interval: the UI syncs by itself, no key pressed.
	mailhost_put 37 37
	pty_keys :
	pty_type 'set sync_interval = 1'
	pty_keys Enter
	ok "with sync_interval set, mail arrives without a key" \
		pty_wait_for_line 1 'message 37'
	# A prompt is a mode of the one loop: the syncs go on behind it.
	mailhost_put 38 38
	pty_keys /
	pty_type 'from:nob'
	ok "while the search prompt is open, the next sync brings mail in" \
		pty_wait_for_line 1 'message 38'
	ok "and the prompt keeps what was typed" pty_wait_for '^search: from:nob$'
	pty_keys Escape
	pty_keys q
	pty_wait_exit >/dev/null
	pty_stop
	# A sync the interval started may outlive the UI (it is its own
	# session); a sync of our own waits for its lock, so mail put
	# after this is left for the next UI to fetch.
	ok "a sync after the UI waits for the one it left" \
		"$MUA" -F "$TEST_TMP/rc" sync

	# notmuch's GMime prints a critical while it indexes a message that
	# is an empty message/rfc822: a line of mua's own on the terminal,
	# and under the UI the message log's, never the screen's.
	printf 'From: a@example.org\nTo: test@localhost\nSubject: empty inside\nMessage-ID: <empty@example.org>\nMIME-Version: 1.0\nContent-Type: message/rfc822\n\n' \
		>"$(mailhost_maildir test)/new/empty.host"
	ok_here "the UI starts again" pty_start 120 20 "$MUA" -F "$TEST_TMP/rc"
	pty_wait_for '^ tag:inbox' >/dev/null
	pty_keys '$'
	ok "the message GMime complains of is fetched" \
		pty_wait_for 'sync: work: 1 new message'
	unlike "its complaint is nowhere on the screen" 'CRITICAL|critical|GMIME' "$(pty_screen)"
	pty_keys M
	ok "it is in the message log, said as mua says things" \
		pty_wait_for "sync: library: gmime critical: g_mime_message_get_mime_part: assertion 'GMIME_IS_MESSAGE \(message\)' failed"
	pty_keys q q
	pty_wait_exit >/dev/null
	pty_stop
	is "the message is in the store" 1 "$(notmuch count id:empty@example.org)"

	# $ on an account without pass_command: the UI asks, in a prompt
	# that shows stars, and hands the password to the sync through a
	# pipe; the sync never reads the terminal, the letters never reach
	# the key handler, the screen or the message log.
	sed -i '/pass_command/d; /sync_interval/d' "$TEST_TMP/rc"
	mailhost_put 41 41
	ok_here "the UI starts on an account without pass_command" \
		pty_start 120 20 "$MUA" -F "$TEST_TMP/rc"
	pty_wait_for '^ tag:inbox  1' >/dev/null
	# A sync that starts by itself never opens a prompt nobody asked for.
	pty_keys :
	pty_type 'set sync_interval = 1'
	pty_keys Enter
	ok "sync_interval: no prompt out of the blue, a word instead" \
		pty_wait_for 'sync: not started by itself: work needs its password \(\$ asks for it\)'
	pty_keys :
	pty_type 'set sync_interval = 0'
	pty_keys Enter
	pty_keys '$'
	ok "\$ asks for the password in the UI" \
		pty_wait_for 'imap password for work \(test\): *$'
	pty_type secret
	ok "each letter shows as a star" \
		pty_wait_for 'imap password for work \(test\): \*{6}$'
	pty_keys Enter
	ok "the sync gets it and fetches" pty_wait_for 'sync: work: 1 new message'
	ok "the new mail is in the index" pty_wait_for_line 1 'message 41'
	is "the password never appeared on the screen" "" "$(pty_screen | grep -F secret)"
	mailhost_put 42 42
	pty_keys '$'
	ok "a second \$ asks no more: the UI kept it for the session" \
		pty_wait_for_line 1 'message 42'
	pty_keys M
	pty_wait_for 'sync: ' >/dev/null
	is "nor in the message log" "" "$(pty_screen | grep -iF -e secret -e 'not bound')"
	pty_keys q q
	pty_wait_exit >/dev/null
	pty_stop
	# A password the server refuses is forgotten: the next $ asks again.
	mailhost_put 43 43
	pty_start 120 20 "$MUA" -F "$TEST_TMP/rc"
	pty_wait_for '^ tag:inbox  1' >/dev/null
	pty_keys '$'
	pty_wait_for 'imap password for work' >/dev/null
	pty_type wrong
	pty_keys Enter
	ok "a refused password: the UI says so, and that \$ asks again" \
		pty_wait_for 'the password for work was refused; \$ asks again'
	pty_keys '$'
	ok "and it does" pty_wait_for 'imap password for work \(test\): *$'
	pty_type secret
	pty_keys Enter
	ok "then the right one fetches" pty_wait_for_line 1 'message 43'
	pty_keys q
	pty_wait_exit >/dev/null
	pty_stop
	# q while a sync runs: mua says it goes on in the background; the
	# sync has no terminal to read, in a session of its own.
	start_listener python3 "$srcdir/tests/lib/silent.py" "$TEST_TMP/accepted"
	sed "s|imaps://localhost:$MH_IMAPS|imap://localhost:$listener_port|" \
		"$TEST_TMP/rc" >"$TEST_TMP/rc-silent"
	printf 'set net_timeout = 120\n' >>"$TEST_TMP/rc-silent"
	pty_start 120 20 "$MUA" -F "$TEST_TMP/rc-silent"
	pty_wait_for '^ tag:inbox  1' >/dev/null
	pty_keys '$'
	pty_wait_for 'imap password for work' >/dev/null
	pty_type secret
	pty_keys Enter
	wait_until test -s "$TEST_TMP/accepted"
	pty_keys q
	ok "q while a sync runs says it goes on in the background" \
		pty_wait_for 'mua: sync is still running \(pid [0-9]+\); it finishes in the background'
	left=$(pty_screen | sed -n 's/.*(pid \([0-9]*\)).*/\1/p' | head -n 1)
	is "the sync that goes on has no terminal" "?" "$(ps -o tty= -p "$left" | tr -d ' ')"
	is "in a session of its own" "$left" "$(ps -o sid= -p "$left" | tr -d ' ')"
	kill "$left" "$listener_pid" 2>/dev/null
	pty_stop
	# (Other tests may run beside this one: only this test's processes,
	# those with its HOME, count.)
	leaked=""
	for f in $(grep -l 's[e]cret' /proc/[0-9]*/cmdline 2>/dev/null); do
		grep -qF "HOME=$HOME" "${f%/cmdline}/environ" 2>/dev/null &&
			leaked="$leaked ${f%/cmdline}"
	done
	is "nor on any command line" "" "$leaked"
	sed -i 's|^\tuser = test|\tuser = test\n\tpass_command = "echo secret"|' "$TEST_TMP/rc"
else
	skip "the password prompt" "tmux is not there"
fi

# STARTTLS, and what is refused.
sed -i "s|imaps://localhost:$MH_IMAPS|imap://localhost:$MH_IMAP|" "$TEST_TMP/rc"
mailhost_put 34 34
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1)
like "over STARTTLS too" '^work: 1 new message ' "$out"
sed -i 's|echo secret|echo wrong|' "$TEST_TMP/rc"
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
is "a wrong password fails the account: exit 1" 1 "$rc"
like "saying so, in the server's own words" \
	'work: localhost: the login as test was refused: .*[Aa]uthentication failed' "$out"
sed -i 's|echo wrong|echo secret|; /ca_file = /d' "$TEST_TMP/rc"
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
is "a certificate the system's CAs don't vouch for fails: exit 1" 1 "$rc"
like "with the reason and fingerprint" 'certificate refused: .*sha256:[0-9a-f]{64}' "$out"
like "and what to do: mua trust, or ca_file" \
	'"mua trust work" shows its certificate and pins it, or ca_file can name the CA' "$out"
test_done
