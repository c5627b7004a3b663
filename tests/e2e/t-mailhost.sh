#!/usr/bin/env bash
# The mail-server helper works: real dovecot and postfix on 127.0.0.1 take
# logins over STARTTLS and implicit TLS, and submitted mail arrives byte for
# byte in the recipient's maildir.
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/certs.sh"
. "$srcdir/tests/lib/mailhost.sh"
test_begin
require_program /usr/sbin/dovecot "dovecot serves IMAP and POP3"
require_program openssl
require_program curl

# Talks to a TLS server: tls_session MODE PORT, commands on stdin. MODE is
# "imap" or "pop3" for STARTTLS, "tls" for implicit TLS. The certificate
# must verify against the test CA for the name localhost.
tls_session() {
	local starttls=()
	[ "$1" = tls ] || starttls=(-starttls "$1")
	timeout 20 openssl s_client -quiet "${starttls[@]}" -connect "127.0.0.1:$2" \
		-CAfile "$MH_CA" -verify_hostname localhost -verify_return_error 2>&1
}

ok_here "the mail servers start" mailhost_start || { test_done; exit 1; }

out=$(printf 'a LOGIN test secret\r\nb SELECT INBOX\r\nc LOGOUT\r\n' | tls_session imap "$MH_IMAP")
like "IMAP STARTTLS: LOGIN and SELECT succeed" 'b OK \[READ-WRITE\]' "$out"
out=$(printf 'a LOGIN test secret\r\nb STATUS INBOX (MESSAGES)\r\nc LOGOUT\r\n' | tls_session tls "$MH_IMAPS")
like "IMAPS: STATUS of an empty INBOX" 'STATUS INBOX \(MESSAGES 0\)' "$out"
out=$(printf 'a LOGIN test wrong\r\nb LOGOUT\r\n' | tls_session tls "$MH_IMAPS")
like "IMAPS: a wrong password is refused" 'a NO' "$out"
out=$(printf 'USER test\r\nPASS secret\r\nSTAT\r\nQUIT\r\n' | tls_session pop3 "$MH_POP3")
like "POP3 STLS: USER/PASS and STAT succeed" '^\+OK 0 0' "$out"

# SMTP submission: what was sent is what is stored, after Return-Path.
printf 'From: a@example.org\r\nTo: test@localhost\r\nSubject: byte test\r\n\r\nline one\r\n.dot line\r\n\r\nlast line\r\n' >"$TEST_TMP/sent.eml"
submit() {	# URL [curl options]
	local url=$1; shift
	curl -sS --cacert "$MH_CA" "$url" --user test:secret "$@" \
		--mail-from a@example.org --mail-rcpt test@localhost \
		--upload-file "$TEST_TMP/sent.eml"
}
# Postfix delivers asynchronously: poll for the file, up to 30 s.
wait_delivered() {	# COUNT
	local i
	for i in $(seq 1 600); do
		[ "$(ls "$(mailhost_maildir test)/new" | wc -l)" -ge "$1" ] && return 0
		sleep 0.05
	done
	return 1
}
ok "SMTP submission with STARTTLS and AUTH" submit "smtp://localhost:$MH_SUBMIT" --ssl-reqd
ok "the message is delivered to the maildir" wait_delivered 1
stored=$(ls "$(mailhost_maildir test)"/new/* | head -n 1)
want=$( (printf 'Return-Path: <a@example.org>\r\n'; cat "$TEST_TMP/sent.eml") | od -An -c)
is "the stored message is Return-Path plus the sent bytes" "$want" "$(od -An -c "$stored")"
ok "SMTPS (implicit TLS) submission" submit "smtps://localhost:$MH_SUBMITS"
ok "the second message is delivered too" wait_delivered 2
not_ok "AUTH before STARTTLS is refused" \
	curl -sS "smtp://localhost:$MH_SUBMIT" --user test:secret \
	--mail-from a@example.org --mail-rcpt test@localhost --upload-file "$TEST_TMP/sent.eml"
not_ok "a wrong SMTP password is refused" \
	curl -sS --ssl-reqd --cacert "$MH_CA" "smtp://localhost:$MH_SUBMIT" --user test:nope \
	--mail-from a@example.org --mail-rcpt test@localhost --upload-file "$TEST_TMP/sent.eml"

out=$(printf 'USER test\r\nPASS secret\r\nSTAT\r\nQUIT\r\n' | tls_session tls "$MH_POP3S")
like "POP3S sees the two delivered messages" '^\+OK 2 ' "$out"
out=$(printf 'a LOGIN test secret\r\nb SELECT INBOX\r\nc UID FETCH 1 BODY.PEEK[]\r\nd LOGOUT\r\n' | tls_session imap "$MH_IMAP")
like "IMAP fetches the delivered message" 'line one' "$out"

mailhost_stop
not_ok "after mailhost_stop nothing listens on its ports" \
	bash -c "exec 3<>/dev/tcp/127.0.0.1/$MH_IMAPS" 
test_done
