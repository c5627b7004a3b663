#!/usr/bin/env bash
# Signed and encrypted mail sent (PGP/MIME, RFC 3156), through the
# suite's postfix into dovecot, with throw-away keyrings: mua send
# --sign, --encrypt and both, checked by gpg itself on what arrived (the
# recipient decrypts it, the signature is good over the bytes RFC 3156
# delimits) and on the Sent copy (the sender can read it); encryption to
# every recipient (Bcc too) and to the sender, each key once; a missing key stops the message
# with the address named (nothing queued); crypt_autosign and
# crypt_opportunistic_encrypt, and --plain over them; the Autocrypt
# header (autocrypt = mutual) carrying the sender's key. In the compose
# view: the Security line, S and E, the refusal said and the draft kept,
# a reply to encrypted mail encrypted, and a signing key with a
# passphrase asked through pinentry-curses; the line screen of mua
# compose likewise.
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/certs.sh"
. "$srcdir/tests/lib/mailhost.sh"
. "$srcdir/tests/lib/store.sh"
. "$srcdir/tests/lib/pty.sh"
test_begin
require_program "${TMUX_BIN:-tmux}" "the compose view runs in a terminal"
require_program notmuch
require_program python3
require_program gpg "signatures are made and checked with GnuPG"
mailhost_start_smtp "sending signed and encrypted mail"
export XDG_STATE_HOME=$TEST_TMP/state

# keyring DIR 'NAME <ADDR>' [PASSPHRASE]: a keyring with a signing key
# and an encryption subkey for ADDR.
keyring() {
	mkdir -m 700 "$1"
	at_exit env GNUPGHOME="$1" gpgconf --kill all
	GNUPGHOME=$1 gpg --batch --quiet --pinentry-mode loopback \
		--passphrase "${3:-}" --quick-gen-key "$2" ed25519 sign never 2>/dev/null
	local fpr
	fpr=$(GNUPGHOME=$1 gpg --list-keys --with-colons | awk -F: '/^fpr/ { print $10; exit }')
	GNUPGHOME=$1 gpg --batch --quiet --pinentry-mode loopback \
		--passphrase "${3:-}" --quick-add-key "$fpr" cv25519 encr never 2>/dev/null
}
give() {	# FROM-KEYRING ADDR TO-KEYRING: ADDR's public key imported
	GNUPGHOME=$1 gpg --export "$2" | GNUPGHOME=$3 gpg --batch --quiet --import 2>/dev/null
}
export GNUPGHOME=$TEST_TMP/test
keyring "$GNUPGHOME" 'Test <test@localhost>'
keyring "$TEST_TMP/user2" 'User Two <user2@localhost>'
give "$TEST_TMP/user2" user2@localhost "$GNUPGHOME"
give "$GNUPGHOME" test@localhost "$TEST_TMP/user2"
subkey() {	# KEYRING ADDR: the key ID of ADDR's encryption subkey
	GNUPGHOME=$1 gpg --list-keys --with-colons "$2" | awk -F: '/^sub/ { print $5; exit }'
}

store_make "$TEST_TMP/store"
root=$TEST_TMP/store/mail
write_rc() {	# FILE [SETTINGS]
	cat >"$1" <<RC
set editor = $TEST_TMP/editor
set sidebar = no
${2:-}
account work {
	from = "Test <test@localhost>"
	smtp = "smtp://localhost:$MH_SUBMIT"
	user = test
	pass_command = "echo secret"
	ca_file = "$MH_CA"
	idle = no
}
RC
}
write_rc "$TEST_TMP/rc"
send() {	# SUBJECT RC ARGS...: a message sent by mua send
	local subject=$1 rc=$2; shift 2
	echo "Words about $subject." | "$MUA" -F "$rc" send -s "$subject" "$@" 2>&1
}
found() {	# USER SUBJECT: the file of the message, if it arrived yet
	grep -l "^Subject: $2"$'\r'"\$" "$(mailhost_maildir "$1")"/new/* 2>/dev/null | head -1
}
has_arrived() { [ -n "$(found "$1" "$2")" ]; }
arrived() {	# USER SUBJECT: a copy of the message with LF line ends (as
		# delivered, CRLF), once delivered
	local copy=$TEST_TMP/arrived-$1-${2// /-}
	wait_until has_arrived "$1" "$2" && tr -d '\r' <"$(found "$1" "$2")" >"$copy" &&
		echo "$copy"
}
sent_copy() { grep -l "^Subject: $1\$" "$root"/work/Sent/cur/* | head -1; }
# verify FILE KEYRING: gpg's status lines for the signed part of the
# multipart/signed message FILE, cut out as RFC 3156 says (the part
# between the first two boundaries, CRLF line ends) and checked against
# its signature: independent of GMime.
verify() {
	python3 - "$1" "$TEST_TMP/part" "$TEST_TMP/part.asc" <<'PY'
import re, sys
raw = open(sys.argv[1], 'rb').read().replace(b'\r\n', b'\n')
head, body = raw.split(b'\n\n', 1)
b = re.search(rb'boundary="?([^";\s]+)"?', head).group(1)
parts = re.split(rb'(?:^|\n)--' + re.escape(b) + rb'(?:--)?[ \t]*\n', body)
open(sys.argv[2], 'wb').write(parts[1].replace(b'\n', b'\r\n'))
sig = re.search(rb'-----BEGIN PGP SIGNATURE-----.*?-----END PGP SIGNATURE-----\n', parts[2], re.S)
open(sys.argv[3], 'wb').write(sig.group(0))
PY
	GNUPGHOME=$2 gpg --batch --status-fd 1 --verify "$TEST_TMP/part.asc" "$TEST_TMP/part" 2>/dev/null
}
# decrypt FILE KEYRING: the decrypted body of FILE, then gpg's status
decrypt() {
	sed -n '/^-----BEGIN PGP MESSAGE-----$/,/^-----END PGP MESSAGE-----$/p' "$1" |
		GNUPGHOME=$2 gpg --batch --status-fd 1 --decrypt 2>/dev/null | tr -d '\r'
}
test_fpr=$(gpg --list-keys --with-colons test@localhost | awk -F: '/^fpr/ { print $10; exit }')

# --sign
out=$(send "signed only" "$TEST_TMP/rc" --sign user2@localhost)
like "--sign: sent" '^work: sent: signed only$' "$out"
file=$(arrived user2 "signed only")
like "it arrives as multipart/signed" '^Content-Type: multipart/signed;' "$(cat "$file")"
like "with the signature's protocol" 'protocol="application/pgp-signature"' "$(cat "$file")"
like "and its hash" 'micalg=pgp-sha(256|512)' "$(cat "$file")"
status=$(verify "$file" "$TEST_TMP/user2")
like "the recipient's gpg finds the signature good" "^\\[GNUPG:\\] GOODSIG [0-9A-F]+ Test <test@localhost>" "$status"
like "by the sender's key" "VALIDSIG $test_fpr" "$status"
like "over the text" '^Words about signed only\.' "$(tr -d '\r' <"$TEST_TMP/part")"
unlike "nothing encrypted" 'BEGIN PGP MESSAGE' "$(cat "$file")"

# --encrypt
out=$(send "encrypted only" "$TEST_TMP/rc" --encrypt user2@localhost)
like "--encrypt: sent" '^work: sent: encrypted only$' "$out"
file=$(arrived user2 "encrypted only")
like "it arrives as multipart/encrypted" '^Content-Type: multipart/encrypted;' "$(cat "$file")"
unlike "the text is not in it" 'Words about' "$(cat "$file")"
plain=$(decrypt "$file" "$TEST_TMP/user2")
like "the recipient decrypts it" '^Words about encrypted only\.$' "$plain"
like "with protected headers" 'protected-headers="?v1' "$plain"
like "the inner Subject" '^Subject: encrypted only$' "$plain"
unlike "not signed" 'GOODSIG' "$plain"
like "the sender can read the Sent copy" '^Words about encrypted only\.$' \
	"$(decrypt "$(sent_copy "encrypted only")" "$GNUPGHOME")"

# --sign --encrypt to a Bcc recipient: every recipient's key and the
# sender's, each once.
out=$(send "both" "$TEST_TMP/rc" --sign --encrypt -b user2@localhost \
	test@localhost)
like "--sign --encrypt: sent" '^work: sent: both$' "$out"
plain=$(decrypt "$(arrived user2 both)" "$TEST_TMP/user2")
like "the Bcc recipient decrypts it" '^Words about both\.$' "$plain"
like "with a good signature inside" "^\\[GNUPG:\\] GOODSIG [0-9A-F]+ Test <test@localhost>" "$plain"
packets=$(sed -n '/^-----BEGIN PGP MESSAGE-----$/,/^-----END PGP MESSAGE-----$/p' \
	"$(arrived user2 both)" | gpg --list-packets 2>&1)
like "encrypted to user2's key" "keyid $(subkey "$TEST_TMP/user2" user2)" "$packets"
like "and the sender's" "keyid $(subkey "$GNUPGHOME" test)" "$packets"
is "to those two keys, each once" 2 "$(grep -c '^:pubkey enc packet' <<<"$packets")"
like "the To recipient (the sender) reads it" '^Words about both\.$' \
	"$(decrypt "$(arrived test both)" "$GNUPGHOME")"

# A recipient without a key: the message does not go, the address named.
out=$(send "no key" "$TEST_TMP/rc" --encrypt -c nokey@localhost user2@localhost)
ok "refused: mua send fails" [ $? -ne 0 ]
like "naming the address without a key (a Cc)" "can't encrypt: no usable OpenPGP key for nokey@localhost" "$out"
is "nothing queued" 0 "$(notmuch count tag:outbox)"
is "nothing arrived" "" "$(found user2 "no key")"
out=$(GNUPGHOME=$TEST_TMP/user2 send "no secret key" "$TEST_TMP/rc" --sign user2@localhost)
like "--sign without a secret key of the sender: refused, said" \
	"can't sign: no secret key for test@localhost here \\(pgp_key names one\\)" "$out"

# crypt_autosign, crypt_opportunistic_encrypt, and --plain over them.
write_rc "$TEST_TMP/rc-auto" "set crypt_autosign = yes
set crypt_opportunistic_encrypt = yes"
send "auto with keys" "$TEST_TMP/rc-auto" user2@localhost >/dev/null
file=$(arrived user2 "auto with keys")
like "every recipient has a key: encrypted" '^Content-Type: multipart/encrypted;' "$(cat "$file")"
like "and signed" "GOODSIG" "$(decrypt "$file" "$TEST_TMP/user2")"
out=$(send "auto without" "$TEST_TMP/rc-auto" user2@localhost nokey@localhost)
like "a recipient without a key: sent all the same" '^work: sent: auto without$' "$out"
like "signed, not encrypted" '^Content-Type: multipart/signed;' "$(cat "$(arrived user2 "auto without")")"
send "plain" "$TEST_TMP/rc-auto" --plain user2@localhost >/dev/null
unlike "--plain: neither" 'multipart/(signed|encrypted)' "$(cat "$(arrived user2 plain)")"
out=$("$MUA" -F "$TEST_TMP/rc" send --sign -R "$file" user2@localhost 2>&1)
like "a bounce goes as it is: --sign refused" 'no -s, -c, -b, -a, --sign, --encrypt or --plain' "$out"

# Autocrypt (Level 1): the header carries the sender's key.
write_rc "$TEST_TMP/rc-ac" ""
sed -i 's/^\tidle = no$/\tidle = no\n\tautocrypt = mutual/' "$TEST_TMP/rc-ac"
send "autocrypt" "$TEST_TMP/rc-ac" user2@localhost >/dev/null
file=$(arrived user2 autocrypt)
header=$(sed -n '/^Autocrypt:/,/^[^ ]/p' "$file" | sed '$d')
like "autocrypt = mutual: the Autocrypt header, for the From address" \
	'^Autocrypt: addr=test@localhost; prefer-encrypt=mutual; keydata=' "$header"
echo "$header" | sed '1d; s/^ //' | tr -d '\n' | base64 -d >"$TEST_TMP/ac.key"
like "its keydata is the sender's key" "$test_fpr" \
	"$(gpg --with-colons --import-options show-only --import "$TEST_TMP/ac.key" 2>/dev/null)"
GNUPGHOME=$TEST_TMP/user2 send "autocrypt no key" "$TEST_TMP/rc-ac" user2@localhost >/dev/null
unlike "no key of the sender's: sent without the header" '^Autocrypt:' \
	"$(cat "$(arrived user2 "autocrypt no key")")"

# The compose view: the Security line, S and E.
cat >"$TEST_TMP/editor" <<ED
#!/bin/sh
[ -f "$TEST_TMP/edit.conf" ] && . "$TEST_TMP/edit.conf"
ED
cat >>"$TEST_TMP/editor" <<'ED'
sed -i "s/^To: *\$/To: $EDIT_TO/; s/^Subject: *\$/Subject: $EDIT_SUBJECT/" "$1"
printf 'Text of %s.\n' "$EDIT_SUBJECT" >>"$1"
ED
chmod +x "$TEST_TMP/editor"
compose() {	# RC TO SUBJECT: the compose view on a new message
	printf "EDIT_TO='%s'\nEDIT_SUBJECT='%s'\n" "$2" "$3" >"$TEST_TMP/edit.conf"
	pty_start 150 30 "$MUA" -F "$1" -q tag:inbox
	pty_wait_for 'tag:inbox' >/dev/null
	pty_keys m
	pty_wait_for "^Subject: $3" >/dev/null
}
abort_view() {	# the message thrown away, mua left
	pty_keys q
	pty_wait_for 'Abort, and throw' >/dev/null
	pty_keys y Enter
	pty_wait_for 'compose: aborted' >/dev/null
	pty_keys q
	pty_wait_exit >/dev/null
	pty_stop
}
compose "$TEST_TMP/rc" user2@localhost "from the view"
ok "the compose view says what sending does" \
	pty_wait_for '^Security: none \(neither signed nor encrypted\)$'
pty_keys S
ok "S: signed" pty_wait_for '^Security: sign$'
pty_keys E
ok "E: and encrypted" pty_wait_for '^Security: sign, encrypt$'
pty_keys y
ok "y: queued, then sent" pty_wait_for 'compose: queued in the outbox|send: work: sent: from the view'
ok "and it arrives" wait_until has_arrived user2 "from the view"
plain=$(decrypt "$(arrived user2 "from the view")" "$TEST_TMP/user2")
like "encrypted to the recipient" '^Text of from the view\.$' "$plain"
like "signed by the sender" 'GOODSIG' "$plain"
pty_keys q
pty_wait_exit >/dev/null
pty_stop

compose "$TEST_TMP/rc" "user2@localhost, nokey@localhost" "half keyed"
pty_keys E
ok "E with a recipient without a key: said at once" \
	pty_wait_for "^Security: encrypt, but can't encrypt: no usable OpenPGP key for nokey@localhost"
pty_keys y
ok "y: not sent, the address named" \
	pty_wait_for "not sent: can't encrypt: no usable OpenPGP key for nokey@localhost"
like "the view stays" '^Subject: half keyed' "$(pty_screen)"
is "nothing queued" 0 "$(notmuch count tag:outbox)"
pty_keys E
ok "E again: no encryption" pty_wait_for '^Security: none'
abort_view

# A reply to an encrypted message is to be encrypted.
printf "EDIT_TO=''\nEDIT_SUBJECT=''\n" >"$TEST_TMP/edit.conf"
pty_start 150 30 "$MUA" -F "$TEST_TMP/rc" -q 'subject:"encrypted only"'
pty_wait_for 'encrypted only' >/dev/null
pty_keys r
ok "a reply to an encrypted message: encrypted" \
	pty_wait_for '^Security: encrypt$'
like "to the recipient of the original (it was ours)" '^To:      user2@localhost' "$(pty_screen)"
abort_view

compose "$TEST_TMP/rc-auto" user2@localhost "opportunistic"
ok "crypt_opportunistic_encrypt: encryption shown as chosen by the keys" \
	pty_wait_for '^Security: sign, encrypt \(every recipient has a key\)$'
abort_view

# A signing key with a passphrase: the compose view hands the terminal
# to pinentry-curses when the message is queued, then sends it signed.
export GNUPGHOME=$TEST_TMP/locked
keyring "$GNUPGHOME" 'Test <test@localhost>' 'test pass'
printf 'pinentry-program /usr/bin/pinentry-curses\n' >"$GNUPGHOME/gpg-agent.conf"
give "$GNUPGHOME" test@localhost "$TEST_TMP/user2"
compose "$TEST_TMP/rc-auto" user2@localhost "asked for"
ok "signed by default (crypt_autosign), no key to encrypt with" \
	pty_wait_for '^Security: sign$'
pty_keys y
ok "y: pinentry asks for the passphrase" pty_wait_for 'Passphrase'
pty_type 'test pass'
pty_keys Enter
ok "then the message is queued and sent" pty_wait_for 'compose: queued in the outbox|send: work: sent: asked for'
ok "and arrives" wait_until has_arrived user2 "asked for"
like "signed with the key that was locked" 'GOODSIG' \
	"$(verify "$(arrived user2 "asked for")" "$TEST_TMP/user2")"
pty_keys q
pty_wait_exit >/dev/null
pty_stop

# The line screen of mua compose: S and E, and pinentry on its terminal.
gpgconf --kill gpg-agent		# the passphrase forgotten
printf "EDIT_TO=''\nEDIT_SUBJECT=''\n" >"$TEST_TMP/edit.conf"
pty_start 120 30 "$MUA" -F "$TEST_TMP/rc" compose -s "line screen" user2@localhost
ok "mua compose: the Security line" \
	pty_wait_for '^Security: none \(neither signed nor encrypted\)$'
pty_keys S
ok "S signs" pty_wait_for '^Security: sign$'
pty_keys y
ok "y: pinentry asks on the terminal" pty_wait_for 'Passphrase'
pty_type 'test pass'
pty_keys Enter
ok "then it is sent" pty_wait_for 'Sent: line screen'
pty_wait_exit >/dev/null
pty_stop
like "signed" 'GOODSIG' "$(verify "$(arrived user2 "line screen")" "$TEST_TMP/user2")"

test_done
