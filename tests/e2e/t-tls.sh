#!/usr/bin/env bash
# TLS done by OpenSSL under libetpan, against real dovecot: IMAPS and POP3S,
# STARTTLS and STLS, logins over them; and each bad certificate refused with
# its reason and fingerprint: unknown CA, wrong host, expired, self-signed;
# a pinned certificate accepted, a wrong pin refused.
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/certs.sh"
. "$srcdir/tests/lib/mailhost.sh"
test_begin
require_program /usr/sbin/dovecot "dovecot serves IMAP and POP3"
require_program openssl
probe() { "$builddir/tests/unit/net-probe" "$@"; }
fpr='sha256:[0-9a-f]{64}'

ok_here "the mail servers start" mailhost_start_imap good || { test_done; exit 1; }
like "IMAPS: verified, logged in" "^ok $fpr 0\$" "$(probe imaps localhost "$MH_IMAPS" "$MH_CA")"
like "IMAP STARTTLS: verified, logged in" "^ok $fpr 0\$" "$(probe imap localhost "$MH_IMAP" "$MH_CA")"
like "POP3S: verified, logged in" "^ok $fpr 0\$" "$(probe pop3s localhost "$MH_POP3S" "$MH_CA")"
like "POP3 STLS: verified, logged in" "^ok $fpr 0\$" "$(probe pop3 localhost "$MH_POP3" "$MH_CA")"
like "an IP address is checked against the certificate's IP names" "^ok $fpr" \
	"$(probe imaps 127.0.0.1 "$MH_IMAPS" "$MH_CA")"
like "a CA the system doesn't trust is refused, saying why" \
	"^error: localhost: certificate refused: unable to get local issuer certificate \\(its fingerprint: $fpr\\)\$" \
	"$(probe imaps localhost "$MH_IMAPS" -)"
like "also over STARTTLS" "certificate refused: unable to get local issuer" \
	"$(probe imap localhost "$MH_IMAP" -)"
good=$(probe imaps localhost "$MH_IMAPS" "$MH_CA" | cut -d' ' -f2)
like "pinning the fingerprint trusts the certificate without the CA" "^ok $good 0\$" \
	"$(probe imaps localhost "$MH_IMAPS" - "$good")"
mailhost_stop

for cert in wronghost expired selfsigned; do
	ok_here "dovecot with the $cert certificate" mailhost_start_imap "$cert" || continue
	out=$(probe imaps localhost "$MH_IMAPS" "$MH_CA")
	case $cert in
	wronghost) why="hostname mismatch" ;;
	expired) why="certificate has expired" ;;
	selfsigned) why="self-signed certificate" ;;
	esac
	like "$cert: refused with its reason and fingerprint" \
		"^error: localhost: certificate refused: $why \\(its fingerprint: $fpr\\)\$" "$out"
	pin=$(printf '%s\n' "$out" | grep -oE "$fpr")
	like "$cert: accepted once pinned" "^ok $pin 0\$" \
		"$(probe imaps localhost "$MH_IMAPS" "$MH_CA" "$pin")"
	mailhost_stop
done
like "a pin that doesn't match is refused, both fingerprints shown" \
	"not the one pinned: it is $fpr, the pin was sha256:00" \
	"$(mailhost_start_imap selfsigned >/dev/null; probe imaps localhost "$MH_IMAPS" "$MH_CA" sha256:00)"
mailhost_stop

# Servers that don't answer: the wait ends at the timeout, with a reason.
start_listener python3 "$srcdir/tests/lib/silent.py"
silent=$listener_pid
port=$listener_port
like "a server that accepts and never speaks TLS: the handshake times out" \
	"^error: TLS handshake: no answer \(timed out\)\$" \
	"$(NET_PROBE_TIMEOUT=1 probe imaps localhost "$port" "$MH_CA")"
like "one that never greets over plain text: no greeting, no hang" \
	"^error: no IMAP greeting\$" "$(NET_PROBE_TIMEOUT=1 probe imap localhost "$port" "$MH_CA")"
kill "$silent"
# A port held bound but not listening: refused, and nothing else can take
# it meanwhile (a port merely freed could be reused by any process).
start_listener python3 -c '
import socket, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1], flush=True)
time.sleep(120)'
closed=$listener_pid
port=$listener_port
like "nothing listening: refused, with the address" \
	"^error: can't connect to 127.0.0.1 port $port: Connection refused\$" \
	"$(probe imaps 127.0.0.1 "$port" "$MH_CA")"
kill "$closed"
test_done
