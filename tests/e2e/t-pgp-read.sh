#!/usr/bin/env bash
# Signed and encrypted mail (PGP/MIME, RFC 3156) in the pager, with a
# throw-away keyring: a good signature says who and how sure; a byte
# changed says BAD; a key not in the keyring says so and how to fetch
# it; a signer who is not the sender is named; text outside the signed
# part is outside the begin and end marks. PGP/MIME encrypted mail is
# decrypted off the loop, never asking: with its signature, its
# protected Subject; one not to a key of ours says so; one to a key that
# needs its passphrase says P asks, and P hands the terminal to
# pinentry-curses, the keys working as before after it. Inline PGP is
# named for what it is.
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/store.sh"
. "$srcdir/tests/lib/pty.sh"
test_begin
require_program "${TMUX_BIN:-tmux}" "the pager runs in a terminal"
require_program notmuch
require_program gpg "signatures are made and checked with GnuPG"
export GNUPGHOME=$TEST_TMP/gnupg
mkdir -m 700 "$GNUPGHOME" "$TEST_TMP/bob"
at_exit gpgconf --kill all
at_exit env GNUPGHOME="$TEST_TMP/bob" gpgconf --kill all
gpg --batch --quiet --passphrase '' --quick-gen-key 'Alice <alice@example.org>' \
	ed25519 sign never 2>/dev/null
GNUPGHOME=$TEST_TMP/bob gpg --batch --quiet --passphrase '' \
	--quick-gen-key 'Bob <bob@example.org>' ed25519 sign never 2>/dev/null
alice=$(gpg --list-keys --with-colons alice@example.org | awk -F: '/^fpr/ { print $10; exit }')
bob=$(GNUPGHOME=$TEST_TMP/bob gpg --list-keys --with-colons | awk -F: '/^fpr/ { print $10; exit }')
gpg --batch --quiet --passphrase '' --quick-add-key "$alice" cv25519 encr never
# Alice's key imported into a keyring of its own, not certified there.
mkdir -m 700 "$TEST_TMP/other"
at_exit env GNUPGHOME="$TEST_TMP/other" gpgconf --kill all
gpg --export alice@example.org | GNUPGHOME=$TEST_TMP/other gpg --batch --quiet --import 2>/dev/null

store_make "$TEST_TMP/store"
root=$TEST_TMP/store/mail
# signed NAME FROM TEXT [KEYRING]: a multipart/signed message, its text
# part signed over CRLF lines as RFC 3156 says.
signed() {
	local part=$TEST_TMP/$1.part
	printf 'Content-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n' "$3" >"$part"
	GNUPGHOME=${4:-$GNUPGHOME} gpg --batch --quiet --armor --detach-sign \
		--digest-algo SHA256 -o "$part.asc" "$part"
	{
		printf 'From: %s\nTo: test@localhost\nSubject: %s\n' "$2" "$1"
		printf 'Message-ID: <%s@example.org>\nDate: Mon, 02 Nov 2026 10:00:00 +0000\n' "$1"
		printf 'MIME-Version: 1.0\nContent-Type: multipart/signed; micalg=pgp-sha256;\n'
		printf ' protocol="application/pgp-signature"; boundary="sig"\n\n--sig\n'
		tr -d '\r' <"$part"
		printf '\n--sig\nContent-Type: application/pgp-signature; name="signature.asc"\n\n'
		cat "$part.asc"
		printf '\n--sig--\n'
	}
}
signed good 'Alice <alice@example.org>' 'Words Alice wrote.' >"$root/INBOX/new/good"
signed bad 'Alice <alice@example.org>' 'Words Alice wrote.' |
	sed 's/^Words Alice wrote\.$/Words Alice wrote!/' >"$root/INBOX/new/bad"
signed unknown 'Bob <bob@example.org>' 'Words Bob wrote.' "$TEST_TMP/bob" >"$root/INBOX/new/unknown"
signed forged 'Carol <carol@example.org>' 'Words Alice wrote for Carol.' >"$root/INBOX/new/forged"
# A signed part inside a message that adds unsigned text before it.
{
	printf 'From: Alice <alice@example.org>\nTo: test@localhost\nSubject: mixed\n'
	printf 'Message-ID: <mixed@example.org>\nDate: Mon, 02 Nov 2026 10:00:00 +0000\n'
	printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="out"\n\n--out\n'
	printf 'Content-Type: text/plain\n\nText a list added, unsigned.\n\n--out\n'
	signed inner 'Alice <alice@example.org>' 'Words Alice signed.' | sed -n '/^Content-Type: multipart/,$p'
	printf '\n--out--\n'
} >"$root/INBOX/new/mixed"
# encrypted NAME TO-KEYRING RECIPIENT [MORE]: signed by that keyring's
# owner and encrypted to RECIPIENT; MORE ends the inner Content-Type.
encrypted() {
	printf 'Content-Type: text/plain; charset=utf-8%s\n\nSecret words for %s.\n' "${4:-}" "$1" |
		GNUPGHOME=$2 gpg --batch --quiet --trust-model always --armor --sign --encrypt -r "$3" -o "$TEST_TMP/$1.asc"
	printf 'From: %s\nTo: test@localhost\nSubject: %s\n' "$3" "$1"
	printf 'Message-ID: <%s@example.org>\nDate: Mon, 02 Nov 2026 10:00:00 +0000\n' "$1"
	printf 'MIME-Version: 1.0\nContent-Type: multipart/encrypted;\n'
	printf ' protocol="application/pgp-encrypted"; boundary="enc"\n\n--enc\n'
	printf 'Content-Type: application/pgp-encrypted\n\nVersion: 1\n\n--enc\n'
	printf 'Content-Type: application/octet-stream; name="encrypted.asc"\n\n'
	cat "$TEST_TMP/$1.asc"
	printf '\n--enc--\n'
}
encrypted secret "$GNUPGHOME" alice@example.org >"$root/INBOX/new/secret"
encrypted protected "$GNUPGHOME" alice@example.org \
	$'; protected-headers="v1"\nSubject: The real subject' >"$root/INBOX/new/protected"
# Dave encrypts to himself: not to a key of ours.
mkdir -m 700 "$TEST_TMP/dave"
at_exit env GNUPGHOME="$TEST_TMP/dave" gpgconf --kill all
GNUPGHOME=$TEST_TMP/dave gpg --batch --quiet --passphrase '' \
	--quick-gen-key 'Dave <dave@example.org>' future-default default never 2>/dev/null
encrypted notours "$TEST_TMP/dave" dave@example.org >"$root/INBOX/new/notours"
# Carol's key has a passphrase; her agent asks through pinentry-curses.
carol=$TEST_TMP/carol
mkdir -m 700 "$carol"
at_exit env GNUPGHOME="$carol" gpgconf --kill all
printf 'pinentry-program /usr/bin/pinentry-curses\n' >"$carol/gpg-agent.conf"
GNUPGHOME=$carol gpg --batch --quiet --pinentry-mode loopback \
	--passphrase 'carol pass' --quick-gen-key 'Carol <carol@example.org>' \
	future-default default never 2>/dev/null
GNUPGHOME=$carol gpg --export carol@example.org | gpg --batch --quiet --import 2>/dev/null
gpg --export alice@example.org | GNUPGHOME=$carol gpg --batch --quiet --import 2>/dev/null
encrypted locked "$GNUPGHOME" carol@example.org >"$root/INBOX/new/locked"
{
	printf 'From: Alice <alice@example.org>\nTo: test@localhost\nSubject: inline\n'
	printf 'Message-ID: <inline@example.org>\nDate: Mon, 02 Nov 2026 10:00:00 +0000\n\n'
	printf 'Old words.\n' | gpg --batch --quiet --armor --encrypt -r alice@example.org
} >"$root/INBOX/new/inline"
notmuch new --quiet

pager() {	# ID: the message in the pager
	pty_start 200 30 "$MUA" -F /dev/null -q "id:$1@example.org"
	pty_wait_for "$1" >/dev/null
	pty_keys Enter
	pty_wait_for '\[-- (Begin |The |Encrypted)' >/dev/null
}
done_pager() { pty_keys q q; pty_wait_exit >/dev/null; pty_stop; }
grouped() { echo "$1" | sed 's/..../& /g; s/ $//'; }

pager good
ok "a good signature: who signed, with which key, how certified" \
	pty_wait_for "\\[-- Good signature from Alice <alice@example.org>, key $(grouped "$alice"), certified \\(ultimately: your own\\) --\\]"
ok "the signed text between marks" pty_wait_for '\[-- Begin signed text --\]'
screen=$(pty_screen)
like "the text in it" 'Words Alice wrote\.' "$screen"
like "and its end" '\[-- End signed text --\]' "$screen"
unlike "the signer is the sender: nothing more said" 'not the sender' "$screen"
done_pager

pager bad
ok "a byte changed: BAD, and what it means" \
	pty_wait_for "\\[-- BAD signature by Alice <alice@example.org>, key .*: the text was changed after it was signed, or the signature is forged --\\]"
unlike "never called good" 'Good signature' "$(pty_screen)"
done_pager

pager unknown
ok "a key not in the keyring: said, with how to fetch it" \
	pty_wait_for "\\[-- Signed with key $(grouped "$bob"), not in your keyring: not checked \\(gpg --recv-keys $bob fetches it\\) --\\]"
unlike "never called good" 'Good signature' "$(pty_screen)"
done_pager

pager forged
ok "signed by Alice, From Carol: good, and the signer named" \
	pty_wait_for "\\[-- The signer is not the sender: the key is alice@example.org's, the message is From carol@example.org --\\]"
done_pager

pager mixed
ok "a message mixing signed and unsigned text: the signed part marked" \
	pty_wait_for '\[-- Begin signed text --\]'
screen=$(pty_screen)
before=$(printf '%s\n' "$screen" | sed -n '/Begin signed text/q; p')
inside=$(printf '%s\n' "$screen" | sed -n '/Begin signed text/,/End signed text/p')
like "the unsigned text is before the marks" 'Text a list added, unsigned\.' "$before"
unlike "not inside them" 'Text a list added' "$inside"
like "the signed text is inside" 'Words Alice signed\.' "$inside"
done_pager

pager secret
ok "encrypted to us: decrypted, between marks" \
	pty_wait_for '\[-- Begin encrypted text --\]'
screen=$(pty_screen)
like "its text" 'Secret words for secret\.' "$screen"
like "its signature, checked" "\\[-- Good signature from Alice <alice@example.org>, key $(grouped "$alice")" "$screen"
like "and the end" '\[-- End encrypted text --\]' "$screen"
done_pager

pager protected
ok "protected headers: the Subject as encrypted is shown" \
	pty_wait_for '\[-- Subject, as encrypted: The real subject --\]'
done_pager

pager notours
ok "encrypted to someone else: said so" \
	pty_wait_for "\\[-- Encrypted \\(PGP/MIME\\), not to a key of yours: it can't be read here --\\]"
unlike "nothing decrypted" 'Secret words' "$(pty_screen)"
done_pager

# The key needs its passphrase: the pager never asks by itself.
GNUPGHOME=$carol pager locked
ok "a key with a passphrase: never asked unbidden, P offered" \
	pty_wait_for '\[-- Encrypted \(PGP/MIME\) to your key, which needs its passphrase: P asks for it --\]'
unlike "nothing decrypted yet" 'Secret words' "$(pty_screen)"
pty_keys P
ok "P: pinentry-curses asks, on this terminal" pty_wait_for 'Passphrase'
pty_type 'carol pass'
pty_keys Enter
ok "the text, once the passphrase is given" pty_wait_for 'Secret words for locked\.'
ok "said" pty_wait_for '\| decrypted$'
# pinentry-curses had the terminal: the keypad mode is mua's again, so an
# arrow is one key, not Esc and letters.
pty_keys Down
ok "Down after it scrolls a line" pty_wait_for_line 1 '^  From: carol@example.org'
pty_keys Up
ok "Up scrolls back" pty_wait_for_line 1 '^- carol@example.org'
unlike "no arrow key arrived as Esc and letters" 'not bound' "$(pty_screen)"
done_pager

# notmuch's index.decrypt stashes the session key when it indexes: the
# message is then read with no secret key and no agent at all.
notmuch config set index.decrypt true
notmuch reindex id:secret@example.org
notmuch config set index.decrypt auto
like "notmuch stashed a session key" 'session-key=' "$(notmuch dump id:secret@example.org)"
mkdir -m 700 "$TEST_TMP/nokeys"
at_exit env GNUPGHOME="$TEST_TMP/nokeys" gpgconf --kill all
GNUPGHOME=$TEST_TMP/nokeys pager secret
ok "the stashed session key reads it, no secret key needed" \
	pty_wait_for 'Secret words for secret\.'
done_pager
GNUPGHOME=$TEST_TMP/nokeys pager protected
ok "while one with no key stashed can't be read there" \
	pty_wait_for "not to a key of yours"
done_pager

pty_start 200 30 "$MUA" -F /dev/null -q "id:inline@example.org"
pty_wait_for inline >/dev/null
pty_keys Enter
ok "inline PGP: named for what it is" \
	pty_wait_for '\[-- The text below holds inline PGP \(an old form\): not decrypted here; gpg -d reads it --\]'
like "and shown as it is" 'BEGIN PGP MESSAGE' "$(pty_screen)"
done_pager

# The same good message read with a keyring that has Alice's key but
# never certified it.
GNUPGHOME=$TEST_TMP/other pager good
ok "an uncertified key: good, and said to be unproven" \
	pty_wait_for "\\[-- Good signature from Alice <alice@example.org>, key .*, not certified: that it is the signer's is unproven --\\]"
done_pager
test_done
