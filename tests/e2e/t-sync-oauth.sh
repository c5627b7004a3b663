#!/usr/bin/env bash
# oauth_command: the access token it prints logs in by OAUTHBEARER (or
# XOAUTH2 where only that is offered), checked by real dovecot against a
# token-info endpoint, over IMAPS and STARTTLS; a token the provider
# rejects is refused with a reason; the token never reaches a trace.
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/certs.sh"
. "$srcdir/tests/lib/mailhost.sh"
. "$srcdir/tests/lib/store.sh"
test_begin
require_program /usr/sbin/dovecot "dovecot serves IMAP"
require_program notmuch
require_program python3

token=ya29.tok-$$-secret
start_listener python3 "$srcdir/tests/lib/tokeninfo.py" "$token" test
MH_OAUTH_URL="http://127.0.0.1:$listener_port/tokeninfo?access_token="
export MH_OAUTH_URL
ok_here "dovecot starts, with OAuth2" mailhost_start_imap good || { test_done; exit 1; }
box=$(mailhost_maildir test)
for i in 1 2; do
	printf 'From: s@example.org\nSubject: oauth %d\nMessage-ID: <o%d@example.org>\n\nBody.\n' "$i" "$i" >"$box/new/o$i.host"
done
chown -R --reference="$box" "$box/new" 2>/dev/null
store_make "$TEST_TMP/store"
cat >"$TEST_TMP/rc" <<RC
account work {
	from = "Test <test@localhost>"
	imap = "imaps://localhost:$MH_IMAPS"
	user = test
	oauth_command = "echo $token"
	ca_file = "$MH_CA"
}
RC
out=$("$MUA" -F "$TEST_TMP/rc" --trace "$TEST_TMP/trace" sync 2>&1); rc=$?
is "the token from oauth_command logs in" 0 "$rc"
like "and the mail comes" '^work: 2 new messages' "$out"
like "by OAUTHBEARER, the standard mechanism" 'C: [^ ]+ AUTHENTICATE OAUTHBEARER \[redacted\]' "$(cat "$TEST_TMP/trace")"
is "the token is in no trace line" "" "$(grep -F "$token" "$TEST_TMP/trace")"

sed -i "s|imaps://localhost:$MH_IMAPS|imap://localhost:$MH_IMAP|" "$TEST_TMP/rc"
printf 'From: s@example.org\nSubject: oauth 3\nMessage-ID: <o3@example.org>\n\nBody.\n' >"$box/new/o3.host"
chown --reference="$box" "$box/new/o3.host" 2>/dev/null
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
is "over STARTTLS too" 0 "$rc"
like "one more message" '^work: 1 new message ' "$out"

sed -i "s|echo $token|echo expired-token|" "$TEST_TMP/rc"
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
is "a token the provider rejects fails: exit 1" 1 "$rc"
like "saying so" 'work: localhost: the OAuth2 token as test was refused' "$out"
# A server offering XOAUTH2 only (as Gmail did for years).
mailhost_stop
MH_OAUTH_MECHS=xoauth2 mailhost_start_imap good >/dev/null
sed -i "s|imap = .*|imap = \"imaps://localhost:$MH_IMAPS\"|; s|echo expired-token|echo $token|" "$TEST_TMP/rc"
box=$(mailhost_maildir test)
printf 'From: s@example.org\nSubject: oauth 4\nMessage-ID: <o4@example.org>\n\nBody.\n' >"$box/new/o4.host"
chown -R --reference="$box" "$box/new" 2>/dev/null
out=$("$MUA" -F "$TEST_TMP/rc" --trace "$TEST_TMP/trace3" sync 2>&1); rc=$?
is "where only XOAUTH2 is offered, it is used" 0 "$rc"
like "by name" 'C: [^ ]+ AUTHENTICATE XOAUTH2 \[redacted\]' "$(cat "$TEST_TMP/trace3")"
is "the token still in no trace line" "" "$(grep -F "$token" "$TEST_TMP/trace3")"
sed -i "s|echo $token|echo expired-token|" "$TEST_TMP/rc"
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
like "and a rejected token is refused by XOAUTH2 too" 'the OAuth2 token as test was refused' "$out"
sed -i 's|oauth_command = .*|oauth_command = "true"|' "$TEST_TMP/rc"
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
like "an oauth_command printing nothing is named" 'oauth_command printed nothing' "$out"
sed -i "s|oauth_command = .*|oauth_command = \"echo $token\"|; s|imap = .*|pop3 = \"pop3s://localhost:$MH_POP3S\"|" "$TEST_TMP/rc"
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
is "POP3 with a token fails: exit 1" 1 "$rc"
like "saying to use pass_command" 'oauth_command works with IMAP and SMTP, not POP3' "$out"

# SMTP: postfix asks dovecot, which checks the token the same way.
if [ "$(id -u)" -eq 0 ]; then
	mailhost_stop
	ok_here "postfix and dovecot start, with OAuth2" mailhost_start good
	cat >"$TEST_TMP/rc" <<RC
account work {
	from = "Test <test@localhost>"
	smtp = "smtp://localhost:$MH_SUBMIT"
	user = test
	oauth_command = "echo $token"
	ca_file = "$MH_CA"
}
RC
	out=$(echo "by token" | "$MUA" -F "$TEST_TMP/rc" --trace "$TEST_TMP/trace4" send -s oauth-smtp test@localhost 2>&1); rc=$?
	is "mua send logs in to SMTP with the token" 0 "$rc"
	like "and sends" '^work: sent: oauth-smtp$' "$out"
	like "by OAUTHBEARER" 'smtp#1 C: AUTH OAUTHBEARER \[redacted\]' "$(cat "$TEST_TMP/trace4")"
	is "the token is in no trace line" "" "$(grep -F "$token" "$TEST_TMP/trace4")"
	sed -i "s|echo $token|echo expired-token|" "$TEST_TMP/rc"
	out=$(echo "x" | "$MUA" -F "$TEST_TMP/rc" send -s refused-token test@localhost 2>&1); rc=$?
	like "a rejected token is refused" 'queued: refused-token: .*the OAuth2 token as test was refused' "$out"
	sed -i "s|echo expired-token|echo $token|" "$TEST_TMP/rc"
	rm -f "$TEST_TMP"/store/mail/work/Outbox/cur/*
	mailhost_stop
	MH_OAUTH_MECHS=xoauth2 mailhost_start good >/dev/null
	sed -i "s|smtp = .*|smtp = \"smtp://localhost:$MH_SUBMIT\"|; s|ca_file = .*|ca_file = \"$MH_CA\"|" "$TEST_TMP/rc"
	out=$(echo "by token" | "$MUA" -F "$TEST_TMP/rc" --trace "$TEST_TMP/trace5" send -s oauth-x test@localhost 2>&1); rc=$?
	is "where only XOAUTH2 is offered, SMTP uses it" 0 "$rc"
	like "by name" 'smtp#1 C: AUTH XOAUTH2 \[redacted\]' "$(cat "$TEST_TMP/trace5")"
else
	skip "OAuth2 for SMTP" "postfix needs root"
fi
test_done
