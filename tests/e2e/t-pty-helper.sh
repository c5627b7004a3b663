#!/usr/bin/env bash
# The pseudo-terminal helper runs programs at a given size, types keys,
# reads the screen, follows resizes, and gives up on a hung program.
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/pty.sh"
test_begin
require_program "${TMUX_BIN:-tmux}" "the pty helper drives tmux"

# The real binary, in an 80x40 terminal (the help is longer than 24 lines).
ok_here "mua starts in an 80x40 terminal" pty_start 80 40 "$MUA" --help
ok "its output appears on the screen" pty_wait_for '^usage: mua'
is "it exits with status 0" 0 "$(pty_wait_exit)"
pty_stop
ok_here "a failing command starts" pty_start 80 24 "$MUA" --no-such-option
is "its exit status is reported" 2 "$(pty_wait_exit)"
like "its error is on the screen" 'unknown option: --no-such-option' "$(pty_screen)"
pty_stop

# Typing and keys, into a small interactive script.
cat >"$TEST_TMP/echo.sh" <<'SH'
trap 'echo "size:$(tput cols)x$(tput lines)"' WINCH
echo "size:$(tput cols)x$(tput lines)"
read -r line; echo "got:$line"
read -rsn1 key; printf 'key:%q\n' "$key"
echo "wide:陈伟 Zoë"
while :; do sleep 0.1; done
SH
ok_here "a script starts at 40x10" pty_start 40 10 bash "$TEST_TMP/echo.sh"
ok "the terminal has the size asked for" pty_wait_for '^size:40x10$'
pty_type 'hello world'
pty_keys Enter
ok "typed text arrives" pty_wait_for '^got:hello world$'
pty_keys Escape
ok "named keys arrive" pty_wait_for "^key:\\$'\\\\E'$"
ok "wide characters are read back as text" pty_wait_for '^wide:陈伟 Zoë$'
pty_resize 60 12
ok "a resize reaches the program" pty_wait_for '^size:60x12$'
is "the screen has one line per row" 12 "$(pty_screen | wc -l)"
PTY_WAIT=1
out=$(pty_wait_for 'this never appears'); rc=$?
is "a wait for what never comes gives up" 1 "$rc"
like "and shows the screen it saw" '#   \|got:hello world' "$out"
out=$(pty_wait_exit); rc=$?
is "waiting for a program that does not exit gives up" 1 "$rc"
pty_stop
test_done
