#!/usr/bin/env bash
# A monkey at the keyboard: mua on the demo store in a real terminal,
# some thousands of keys drawn at random from the bound set (seeded and
# reproducible: MONKEY_SEED=N), with resizes in between. mua never
# crashes (under ASan and UBSan in CI, a report fails the run), every run
# ends with status 0 when the monkey quits it, and the terminal is as
# mua found it. Keys that hand the terminal to another program (compose,
# pipe, sync, the command line) are left out: their own tests drive them.
. "$srcdir/tests/lib/ui.sh"
cd "$TEST_TMP" || exit 1	# where a saved attachment would go
cat >"$TEST_TMP/rc" <<RC
set editor = true
set url_command = true
RC
cat >"$TEST_TMP/run" <<SH
#!/bin/sh
stty -g >"$TEST_TMP/stty.before"
"$MUA" -F "$TEST_TMP/rc" --demo --demo-dir "$demo"
rc=\$?
stty -g >"$TEST_TMP/stty.after"
exit \$rc
SH
chmod +x "$TEST_TMP/run"

seed=${MONKEY_SEED:-$(($(date +%s) % 32768))}
echo "# seed $seed (MONKEY_SEED=$seed runs this monkey again)"
RANDOM=$seed
keys=(j k j k Down Up PageDown Space PageUp Home End = G q q C-l '?' M /
	l Enter Enter a d ! N + - u t B C-n C-p C-o o n J K Tab h v H U s y
	Escape Escape BSpace x 1 C-g)
total=${MONKEY_KEYS:-3000}
pressed=0 runs=0 clean=0 restored=0 resizes=0

start() {
	pty_start 100 30 "$TEST_TMP/run" >/dev/null
	runs=$((runs + 1))
	pty_wait_for '^ tag:inbox' >/dev/null
}

# A run the monkey quit: its status and the terminal after it.
ended() {
	local status
	status=$(cat "$TEST_TMP/pty.status")
	if [ "$status" = 0 ]; then
		clean=$((clean + 1))
	else
		echo "# run $runs ended with status $status after key $pressed; screen:"
		pty_screen | sed 's/^/#   |/' | tail -n 15
	fi
	cmp -s "$TEST_TMP/stty.before" "$TEST_TMP/stty.after" &&
		restored=$((restored + 1))
	pty_stop
}

start
while [ "$pressed" -lt "$total" ]; do
	batch=()
	for _ in 1 2 3 4 5 6 7 8; do
		batch+=("${keys[RANDOM % ${#keys[@]}]}")
	done
	pty_keys "${batch[@]}"
	pressed=$((pressed + 8))
	if [ $((RANDOM % 40)) = 0 ]; then
		pty_resize $((20 + RANDOM % 180)) $((4 + RANDOM % 56))
		resizes=$((resizes + 1))
	fi
	if [ -f "$TEST_TMP/pty.status" ]; then
		ended
		start
	fi
done
# The last run: out of any prompt, then q until no view is left (the
# keys after its end go nowhere).
pty_keys Escape Escape C-g q q q q q q q q q q q q q q q q
ok "the last run quits" pty_wait_exit
ended

echo "# $pressed keys, $runs runs, $resizes resizes"
is "every run ended with status 0 (seed $seed)" "$runs" "$clean"
is "and left the terminal as it found it" "$runs" "$restored"
ok "the monkey quit mua more than once" [ "$runs" -gt 1 ]
test_done
