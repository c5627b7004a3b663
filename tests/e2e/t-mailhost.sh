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

if [ "$MH_SMTP" = yes ]; then
	. "$srcdir/tests/e2e/mailhost-smtp.inc"
	delivered=2
else
	for what in "SMTP submission with STARTTLS and AUTH, delivered byte for byte" \
		"SMTPS submission" "AUTH before STARTTLS is refused" "a wrong SMTP password is refused"; do
		skip "$what" "postfix runs only as root (this is uid $(id -u))"
	done
	delivered=0
fi

out=$(printf 'USER test\r\nPASS secret\r\nSTAT\r\nQUIT\r\n' | tls_session tls "$MH_POP3S")
like "POP3S sees the $delivered delivered messages" "^\\+OK $delivered " "$out"

mailhost_stop
not_ok "after mailhost_stop nothing listens on its ports" \
	bash -c "exec 3<>/dev/tcp/127.0.0.1/$MH_IMAPS" 
test_done
