#!/usr/bin/env bash
# mua --check-config and --dump-config from the shell: where the file is
# looked for, exit codes, and what goes to stdout and stderr.
. "$srcdir/tests/lib/testlib.sh"
test_begin

out=$("$MUA" --check-config 2>&1); rc=$?
is "no configuration file at all is fine: exit 0" 0 "$rc"
is "and prints nothing" "" "$out"

printf 'set wrap = 72\nset edtor = vim\n' >"$HOME/.muarc"
err=$("$MUA" --check-config 2>&1 >/dev/null); rc=$?
is "~/.muarc is read; an error exits 2" 2 "$rc"
is "the error names file, line and column" \
	"$HOME/.muarc:2:5: unknown variable \"edtor\" (did you mean \"editor\"?)" "$err"
out=$("$MUA" --dump-config 2>/dev/null); rc=$?
is "--dump-config refuses a broken file: exit 2" 2 "$rc"
is "and prints nothing on stdout" "" "$out"

printf 'set wrap = 72\n' >"$HOME/.muarc"
like "--dump-config shows the file's values" '^set wrap = "72"$' "$("$MUA" --dump-config)"
like "and the defaults" '^set sort = "newest-first"$' "$("$MUA" --dump-config)"
like "and the default bindings" '^bind index "a" "archive"$' "$("$MUA" --dump-config)"

printf 'set wrap = 60\n' >"$TEST_TMP/other"
like "-F FILE is read instead" '^set wrap = "60"$' "$("$MUA" -F "$TEST_TMP/other" --dump-config)"
like "\$MUARC is read instead" '^set wrap = "60"$' "$(MUARC=$TEST_TMP/other "$MUA" --dump-config)"
err=$("$MUA" -F "$TEST_TMP/missing" --check-config 2>&1); rc=$?
is "a -F file that doesn't exist: exit 2" 2 "$rc"
like "with a message naming it" "can't read $TEST_TMP/missing" "$err"

rm "$HOME/.muarc"
mkdir -p "$XDG_CONFIG_HOME/mua"
printf 'set wrap = 50\n' >"$XDG_CONFIG_HOME/mua/muarc"
like "\$XDG_CONFIG_HOME/mua/muarc is read when there is no ~/.muarc" \
	'^set wrap = "50"$' "$("$MUA" --dump-config)"

cat >"$TEST_TMP/full" <<'RC'
set editor = "vim +/^$"
account work {
	from = "Ann Example <ann@example.org>"
	imap = "imaps://ann@imap.example.org"
	pass_command = "echo hunter2"
}
query "Inbox" "tag:inbox"
macro index S "tag +spam -inbox; next"
unbind pager J
color tag.important red default
RC
"$MUA" -F "$TEST_TMP/full" --dump-config >"$TEST_TMP/dump1"
"$MUA" -F "$TEST_TMP/dump1" --dump-config >"$TEST_TMP/dump2"
ok "the dump reads back to the same configuration" cmp "$TEST_TMP/dump1" "$TEST_TMP/dump2"
not_ok "the password in pass_command is not shown" grep -q hunter2 "$TEST_TMP/dump1"
out=$("$MUA" --check-config --demo 2>&1); rc=$?
is "two verbs at once are a usage error" 2 "$rc"
out=$("$MUA" -F "$srcdir/contrib/muarc" --check-config 2>&1); rc=$?
is "the annotated sample contrib/muarc has no mistake" "0 " "$rc $out"
like "and is one IMAP + SMTP account with a password manager" \
	'imap = "imaps://.*pass_command = .*smtp = "smtp://' \
	"$("$MUA" -F "$srcdir/contrib/muarc" --dump-config | tr '\n' ' ')"
test_done
