#!/usr/bin/env bash
# mua trust ACCOUNT: shows each server's certificate and the verdict on
# it, and pins it on a yes; a pinned certificate is then accepted without
# a CA, and one that changes is refused, both fingerprints shown.
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/certs.sh"
. "$srcdir/tests/lib/mailhost.sh"
. "$srcdir/tests/lib/store.sh"
test_begin
require_program /usr/sbin/dovecot "dovecot serves IMAP"
require_program notmuch

ok_here "dovecot with a self-signed certificate" mailhost_start_imap selfsigned ||
	{ test_done; exit 1; }
store_make "$TEST_TMP/store"
rc_for() {	# PORT [CA]
	cat >"$TEST_TMP/rc" <<RC
account work {
	from = "Test <test@localhost>"
	imap = "imaps://localhost:$1"
	user = test
	pass_command = "echo secret"
	${2:+ca_file = \"$2\"}
}
RC
}
rc_for "$MH_IMAPS"
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
is "a self-signed certificate fails the sync" 1 "$rc"
like "saying why" 'certificate refused: self-signed certificate' "$out"

out=$(echo n | "$MUA" -F "$TEST_TMP/rc" trust work 2>&1); rc=$?
like "trust names the server" "^imap localhost:$MH_IMAPS\$" "$out"
like "shows the subject" '^Subject: .*CN ?= ?localhost' "$out"
like "the issuer" '^Issuer: ' "$out"
like "the validity" '^Valid until: [0-9]{4}-[0-9]{2}-[0-9]{2} ' "$out"
like "the fingerprint" '^Fingerprint: sha256:[0-9a-f]{64}$' "$out"
like "the verdict" '^Verdict: .*self-signed certificate' "$out"
like "and asks" 'Trust this certificate for work from now on\? \[y/N\]' "$out"
is "a no trusts nothing: exit 1" 1 "$rc"
is "and stores nothing" no "$([ -e "$XDG_STATE_HOME/mua/trusted" ] && echo yes || echo no)"
fpr=$(printf '%s\n' "$out" | sed -n 's/^Fingerprint: //p')

out=$(echo y | "$MUA" -F "$TEST_TMP/rc" trust work 2>&1); rc=$?
is "a yes trusts it: exit 0" 0 "$rc"
like "saying so" "Trusted: $fpr" "$out"
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
is "then the sync goes through" 0 "$rc"
mailhost_stop

# The server's key changes: the pin refuses it, even though a CA the
# account trusts vouches for the new one.
ok_here "dovecot with a CA-signed certificate" mailhost_start_imap good ||
	{ test_done; exit 1; }
rc_for "$MH_IMAPS" "$MH_CA"
echo "work localhost:$MH_IMAPS $fpr" >"$XDG_STATE_HOME/mua/trusted"
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
is "a changed certificate fails the sync" 1 "$rc"
like "both fingerprints shown" "certificate changed, and not the one pinned: it is sha256:[0-9a-f]{64}, the pin was $fpr" "$out"
out=$(echo y | "$MUA" -F "$TEST_TMP/rc" trust work 2>&1); rc=$?
like "trust shows why" "^Verdict: .*not the one pinned" "$out"
is "and pins the new one" 0 "$rc"
is "one pin per server is kept" 1 "$(wc -l <"$XDG_STATE_HOME/mua/trusted")"
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
is "the new certificate is accepted" 0 "$rc"

# A cert_pin in .muarc is the same rule, written by hand.
sed -i 's|^\tuser = test|\tuser = test\n\tcert_pin = "sha256:0000000000000000000000000000000000000000000000000000000000000000"|' "$TEST_TMP/rc"
out=$("$MUA" -F "$TEST_TMP/rc" sync 2>&1); rc=$?
is "a cert_pin that doesn't match refuses the server: exit 1" 1 "$rc"
like "saying so" 'not the one pinned: it is sha256:[0-9a-f]{64}, the pin was sha256:0{64}' "$out"
out=$("$MUA" -F "$TEST_TMP/rc" trust nosuch 2>&1); rc=$?
is "trust of an unknown account: exit 1" 1 "$rc"
like "saying so" 'mua: no such account' "$out"
test_done
