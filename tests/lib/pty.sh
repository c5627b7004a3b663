# tests/lib/pty.sh: runs a program in a pseudo-terminal of a given size,
# types into it and reads the screen as a person would, through a private
# tmux server. Needs testlib.sh (for $TEST_TMP and at_exit).
#
#   pty_start COLS ROWS CMD...   starts CMD in a COLSxROWS terminal;
#                                $PTY_TERM sets TERM (default xterm-256color);
#                                call it in the test's shell (ok_here, not ok:
#                                it keeps state in shell variables)
#   pty_keys KEY...              presses keys, tmux names: Enter Escape C-c Up
#   pty_type TEXT                types TEXT literally
#   pty_screen                   prints the screen, one line per row
#   pty_screen_sgr               the same with tmux's SGR escapes (styles)
#   pty_clipboard                what the program put on the clipboard (OSC 52)
#   pty_wait_for REGEX           waits until the screen matches REGEX
#   pty_wait_for_line ROW REGEX  waits until row ROW (1 is the top) matches
#   pty_wait_exit                waits until CMD has exited; prints its status
#   pty_resize COLS ROWS         resizes the terminal (the program gets SIGWINCH)
#   pty_pgrep PATTERN            pids matching PATTERN under CMD (not another
#                                test's)
#   pty_stop                     kills CMD and the terminal
#
# Every wait gives up after $PTY_WAIT seconds (default 30), prints the
# screen as it was, and returns 1: a hung program fails its test instead of
# hanging the suite. This is a hang guard, not a speed requirement.

: "${PTY_WAIT:=30}"
: "${TMUX_BIN:=tmux}"
_pty_serial=0

_pty() {
	"$TMUX_BIN" -u -S "$TEST_TMP/pty.$_pty_serial.sock" "$@"
}

pty_start() {
	local cols=$1 rows=$2; shift 2
	local conf=$TEST_TMP/pty.conf cmd arg
	# A new server on a new socket each time: a new session must never
	# land in the previous server while kill-server is tearing it down.
	# The previous one goes first: at_exit only knows the last, and a
	# server left behind keeps its pane's "sleep infinity" forever.
	[ "$_pty_serial" -gt 0 ] && pty_stop
	_pty_serial=$((_pty_serial + 1))
	# No status bar: the program gets every row.
	# set-clipboard: a program's OSC 52 lands in tmux's paste buffer,
	# where pty_clipboard reads it.
	printf '%s\n' 'set -g status off' 'set -g set-clipboard on' \
		"set -g default-terminal ${PTY_TERM:-xterm-256color}" \
		'set -g history-limit 0' >"$conf"
	# A wrapper shell writes the program's exit status to a file (tmux 3.3a
	# does not always record it for a program that exits quickly), then
	# keeps the pane open with the program's last screen. tmux's own
	# remain-on-exit would add a "Pane is dead" line that can scroll the
	# first line off the screen.
	rm -f "$TEST_TMP/pty.status"
	cmd="env TERM=${PTY_TERM:-xterm-256color}"
	for arg in "$@"; do cmd="$cmd $(printf '%q' "$arg")"; done
	cmd="$cmd; echo \$? >$(printf '%q' "$TEST_TMP/pty.status.tmp");"
	cmd="$cmd mv $(printf '%q %q' "$TEST_TMP/pty.status.tmp" "$TEST_TMP/pty.status");"
	cmd="$cmd exec sleep infinity"
	unset TMUX
	# Programs under test see a UTF-8 locale, as on a user's terminal.
	case "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}" in
	*UTF-8* | *utf8*) ;;
	*) export LC_ALL=C.UTF-8 ;;
	esac
	_pty -f "$conf" new-session -d -x "$cols" -y "$rows" -s pty \
		"$cmd" || return 1
	at_exit pty_stop
}

# The pids of the processes matching PATTERN (pgrep -f) that run under
# the pty's program: tests run side by side, and another test's mua may
# match the same pattern (killing that one made its test fail).
pty_pgrep() {	# PATTERN
	local pane pid p
	pane=$(_pty display-message -p -t pty '#{pane_pid}') || return 0
	for pid in $(pgrep -f -- "$1"); do
		p=$pid
		while [ -n "$p" ] && [ "$p" -gt 1 ]; do
			if [ "$p" = "$pane" ]; then
				echo "$pid"
				break
			fi
			p=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | cut -d' ' -f2)
		done
	done
}

pty_keys() {
	_pty send-keys -t pty "$@"
}

pty_type() {
	_pty send-keys -t pty -l -- "$1"
}

pty_screen() {
	_pty capture-pane -p -t pty
}

pty_clipboard() {
	_pty show-buffer 2>/dev/null
}

pty_screen_sgr() {
	_pty capture-pane -e -p -t pty
}

_pty_deadline() {
	echo $(($(date +%s) + PTY_WAIT))
}

pty_wait_for() {
	local deadline
	deadline=$(_pty_deadline)
	while [ "$(date +%s)" -le "$deadline" ]; do
		pty_screen 2>/dev/null | grep -Eq -- "$1" && return 0
		sleep 0.05
	done
	echo "# pty_wait_for: no match for /$1/ after ${PTY_WAIT}s; screen:"
	pty_screen 2>/dev/null | sed 's/^/#   |/'
	return 1
}

pty_wait_for_line() {
	local deadline
	deadline=$(_pty_deadline)
	while [ "$(date +%s)" -le "$deadline" ]; do
		pty_screen 2>/dev/null | sed -n "${1}p" | grep -Eq -- "$2" && return 0
		sleep 0.05
	done
	echo "# pty_wait_for_line: row $1 never matched /$2/ in ${PTY_WAIT}s; screen:"
	pty_screen 2>/dev/null | sed 's/^/#   |/'
	return 1
}

pty_wait_exit() {
	local deadline status
	deadline=$(_pty_deadline)
	while [ "$(date +%s)" -le "$deadline" ]; do
		if [ -f "$TEST_TMP/pty.status" ]; then
			cat "$TEST_TMP/pty.status"
			return 0
		fi
		sleep 0.05
	done
	echo "# pty_wait_exit: still running after ${PTY_WAIT}s; screen:"
	pty_screen 2>/dev/null | sed 's/^/#   |/'
	return 1
}

pty_resize() {
	_pty resize-window -t pty -x "$1" -y "$2"
}

pty_stop() {
	_pty kill-server 2>/dev/null
	return 0
}
