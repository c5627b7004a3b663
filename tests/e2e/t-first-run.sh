#!/usr/bin/env bash
# A first run needs no set-up: from an empty home with only a .muarc
# account, "mua sync" makes the mail folder, the notmuch configuration and
# database, fetches from the suite's dovecot, and mua opens on the mail.
# A notmuch set-up that exists is used as it is, never rewritten.
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/certs.sh"
. "$srcdir/tests/lib/mailhost.sh"
. "$srcdir/tests/lib/pty.sh"
test_begin
require_program /usr/sbin/dovecot "dovecot serves IMAP"
require_program notmuch
require_program "${TMUX_BIN:-tmux}" "the UI is driven through tmux"

ok_here "dovecot starts" mailhost_start_imap good || { test_done; exit 1; }
mailhost_put 1 5
account() {
	cat <<RC
account work {
	from = "Test User <test@localhost>"
	imap = "imaps://test@localhost:$MH_IMAPS"
	pass_command = "echo secret"
	ca_file = "$MH_CA"
}
RC
}
# Each home below starts afresh: its own state too.
fresh_home() {
	export HOME=$1 XDG_STATE_HOME=$1/.local/state
	mkdir -p "$HOME"
	account >"$HOME/.muarc"
}
fresh_home "$HOME"
is "the home holds only .muarc" ".muarc" "$(ls -A "$HOME")"

out=$("$MUA" sync 2>&1); rc=$?
is "the first mua sync succeeds" 0 "$rc"
is "saying in one line what it made" \
	"mua: first run: made the mail folder $HOME/mail, its notmuch database and the notmuch configuration $HOME/.notmuch-config" \
	"$(grep 'first run' <<<"$out")"
like "and fetching the mail" '^work: 5 new messages' "$out"
ok "the configuration is where notmuch looks" test -f "$HOME/.notmuch-config"
like "naming the account's address as the user's" '^primary_email=test@localhost$' \
	"$(cat "$HOME/.notmuch-config")"
is "notmuch itself reads it: 5 messages" 5 "$(notmuch count '*')"
is "with the new mail in the inbox" 5 "$(notmuch count tag:inbox)"
is "in the account's maildir under ~/mail" 5 \
	"$(find "$HOME/mail/work/INBOX" -type f -path '*/[cn][ue][rw]/*' | wc -l)"
sum=$(md5sum <"$HOME/.notmuch-config")
out=$("$MUA" sync 2>&1)
unlike "the second run makes nothing" 'first run' "$out"
is "and leaves the configuration as it was" "$sum" "$(md5sum <"$HOME/.notmuch-config")"

ok_here "mua opens with no other step" pty_start 100 20 "$MUA"
ok "on the fetched mail" pty_wait_for 'Sender 5 +\[1/1\] message 5'
pty_keys Enter
ok "which reads" pty_wait_for 'Body 5'
pty_keys q q
pty_wait_exit >/dev/null
pty_stop

# The UI on a first run: the same set-up, said on the status line. The
# IDLE watcher is off here: its sync would say its own news over it.
fresh_home "$TEST_TMP/home2"
sed -i 's/^}$/\tidle = no\n}/' "$HOME/.muarc"
ok_here "mua itself on a first run" pty_start 160 20 "$MUA"
ok "says what it made on the status line" \
	pty_wait_for "first run: made the mail folder $HOME/mail"
pty_keys M
ok "and keeps it in the message log" \
	pty_wait_for "^[0-9]{2}:[0-9]{2}:[0-9]{2} first run: made the mail folder $HOME/mail"
pty_keys q q
pty_wait_exit >/dev/null
pty_stop
ok "and made the database" test -d "$HOME/mail/.notmuch/xapian"

# A set-up notmuch already has is used as it is.
fresh_home "$TEST_TMP/home3"
mkdir -p "$HOME/elsewhere" "$XDG_CONFIG_HOME/notmuch/default"
printf '# mine\n[database]\npath=%s\n' "$HOME/elsewhere" \
	>"$XDG_CONFIG_HOME/notmuch/default/config"
notmuch new >/dev/null 2>&1
sum=$(md5sum <"$XDG_CONFIG_HOME/notmuch/default/config")
out=$("$MUA" sync 2>&1); rc=$?
is "with notmuch's XDG configuration, sync succeeds" 0 "$rc"
unlike "making nothing" 'first run' "$out"
ok "no ~/.notmuch-config beside it" test ! -e "$HOME/.notmuch-config"
is "the configuration is untouched" "$sum" "$(md5sum <"$XDG_CONFIG_HOME/notmuch/default/config")"
is "the mail went where it says" 5 "$(find "$HOME/elsewhere/work" -type f -path '*/[cn][ue][rw]/*' | wc -l)"
rm -r "$XDG_CONFIG_HOME/notmuch"

# NOTMUCH_CONFIG names the file to make; mail_root where the mail goes.
fresh_home "$TEST_TMP/home4"
export NOTMUCH_CONFIG=$TEST_TMP/nm/config
echo 'set mail_root = ~/Mail' >>"$HOME/.muarc"
out=$("$MUA" sync 2>&1); rc=$?
is "NOTMUCH_CONFIG and mail_root: sync succeeds" 0 "$rc"
like "making the file NOTMUCH_CONFIG names, the mail in mail_root" \
	"first run: made the mail folder $HOME/Mail, .* configuration $NOTMUCH_CONFIG\$" "$out"
is "notmuch reads it" 5 "$(notmuch count '*')"

# Three first runs at once (cron beside the UI) make one set-up, all work:
# the others wait for the one making it (under load they once found a
# database half made).
fresh_home "$TEST_TMP/home5"
unset NOTMUCH_CONFIG
for k in 1 2 3; do
	"$MUA" sync >"$TEST_TMP/run$k" 2>&1 &
	pids[k]=$!
done
rcs=
for k in 1 2 3; do
	wait "${pids[k]}"; rcs="$rcs$? "
done
is "three first runs at once all succeed" "0 0 0 " "$rcs"
is "one of them made the set-up" 1 "$(cat "$TEST_TMP"/run? | grep -c 'first run: made')"
is "the mail is there once" 5 "$(notmuch count '*')"
is "no file left aside" "" "$(ls -A "$HOME" | grep mua-new)"
test_done
