#!/usr/bin/env bash
# Shell completion as a user gets it, Tab pressed in a real bash and zsh:
# verbs, options, the account names .muarc defines (through
# mua --dump-config), notmuch's prefixes and tags after -q.
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/pty.sh"
. "$srcdir/tests/lib/store.sh"
test_begin
require_program "${TMUX_BIN:-tmux}" "the shells are driven through tmux"
require_program zsh "contrib/install-deps installs it"

store_demo "$TEST_TMP/demo"
export MUARC=$TEST_TMP/muarc PATH=$(dirname "$MUA"):$PATH
cat >"$MUARC" <<'RC'
account home {
	from = "Ann <ann@example.org>"
	imap = "imaps://ann@imap.example.org"
}
account work {
	from = "Ann <ann@example.com>"
	imap = "imaps://ann@imap.example.com"
}
RC
sed 's/^account home/account other/; /^account work/,$d' "$MUARC" >"$TEST_TMP/other"
: >"$TEST_TMP/bounce-me.eml"
# The line the cursor is on, where the shell's prompt "$ " begins.
typed() { pty_screen | grep '^\$ ' | tail -n 1; }
# Types TEXT, presses Tab (twice when asked), waits for the line to read WANT.
tab() {
	pty_type "$1"
	pty_keys Tab
	[ "${3:-}" = twice ] && pty_keys Tab
	pty_wait_for "$2"
}
clear_line() { pty_keys C-u; pty_keys C-l; }

# bash, without the bash-completion package: the file stands alone.
ok_here "bash starts with the completion sourced" \
	pty_start 100 20 bash --norc --noprofile
pty_type "PS1='\$ '; . '$srcdir/contrib/bash-completion/mua'; clear"
pty_keys Enter
pty_wait_for '^\$$' >/dev/null
ok "bash: a verb" tab "mua sy" '^\$ mua sync$'
ok "bash: the accounts of .muarc" tab "" '^home +work' twice
ok "bash: one of them" tab "w" '^\$ mua sync work$'
clear_line
ok "bash: options" tab "mua --dump" '^\$ mua --dump-config$'
clear_line
ok "bash: a query prefix after -q" tab "mua -q sub" '^\$ mua -q subject:$'
clear_line
ok "bash: a tag after tag:" tab "mua -q tag:inb" '^\$ mua -q tag:inbox$'
clear_line
ok "bash: a message file after send -R" \
	tab "mua send -R $TEST_TMP/bounce-m" "^\\\$ mua send -R $TEST_TMP/bounce-me.eml\$"
clear_line
ok "bash: -F names the configuration the accounts come from" \
	tab "mua -F $TEST_TMP/other trust " "^\\\$ mua -F $TEST_TMP/other trust other\$"
pty_stop

ok_here "zsh starts with the completion on fpath" pty_start 100 20 zsh -f
pty_type "fpath=('$srcdir/contrib/zsh' \$fpath); autoload -U compinit; compinit -u; PS1='\$ '; clear"
pty_keys Enter
pty_wait_for '^\$$' >/dev/null
ok "zsh: a verb" tab "mua sy" '^\$ mua sync$'
ok "zsh: the accounts of .muarc" tab "" '^home +work'
ok "zsh: one of them" tab "w" '^\$ mua sync work$'
clear_line
ok "zsh: options" tab "mua --dump" '^\$ mua --dump-config$'
clear_line
ok "zsh: a query prefix after -q" tab "mua -q sub" '^\$ mua -q subject:$'
clear_line
ok "zsh: a tag after tag:" tab "mua -q tag:inb" '^\$ mua -q tag:inbox$'
clear_line
ok "zsh: a message file after send -R" \
	tab "mua send -R $TEST_TMP/bounce-m" "^\\\$ mua send -R $TEST_TMP/bounce-me.eml\$"
pty_stop
test_done
