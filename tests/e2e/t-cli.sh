#!/usr/bin/env bash
# The command line: --help, --version, exit codes, usage errors.
. "$srcdir/tests/lib/testlib.sh"
test_begin

out=$("$MUA" --help); rc=$?
is "--help exits 0" 0 "$rc"
like "--help shows the usage" '^usage: mua' "$out"
like "--help documents the exit codes" '0 success, 1 runtime failure, 2 usage' "$out"
out=$("$MUA" -h)
like "-h is --help" '^usage: mua' "$out"
out=$("$MUA" --version); rc=$?
is "--version exits 0" 0 "$rc"
like "--version names mua and its version" '^mua [0-9]+\.[0-9]+\.[0-9]+$' "$(echo "$out" | head -n 1)"
like "--version names the notmuch library" 'notmuch library [0-9]' "$out"

# Every long option --help describes is accepted, and nothing else is.
# (The synopsis also names the options of verbs: those come after the
# verb, and t-compose tries them.)
for opt in $("$MUA" --help | grep -E '^  +-' | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
	out=$(cd "$TEST_TMP" && "$MUA" "$opt" x 2>&1)
	if printf '%s\n' "$out" | grep -q "unknown option"; then
		is "option $opt from --help is known" known unknown
	else
		is "option $opt from --help is known" known known
	fi
done

out=$("$MUA" --frobnicate 2>&1); rc=$?
is "an unknown option exits 2" 2 "$rc"
like "an unknown option is named" 'unknown option: --frobnicate' "$out"
out=$("$MUA" --demo-dir 2>&1); rc=$?
is "a missing option argument exits 2" 2 "$rc"
like "a missing argument is named" 'needs an argument: --demo-dir' "$out"
out=$("$MUA" --demo-dir /tmp/x 2>&1); rc=$?
is "--demo-dir without --demo exits 2" 2 "$rc"
out=$("$MUA" stray 2>&1); rc=$?
is "a stray argument exits 2" 2 "$rc"
like "a stray argument is named" 'unexpected argument: stray' "$out"
out=$(cd "$TEST_TMP" && "$MUA" --trace t 2>&1); rc=$?
is "--trace without sync, trust or send exits 2" 2 "$rc"
like "saying what it goes with" '--trace goes with sync, trust, send or idle' "$out"
is "and creates no file" no "$([ -e "$TEST_TMP/t" ] && echo yes || echo no)"
out=$("$MUA" trust 2>&1); rc=$?
is "trust without an account exits 2" 2 "$rc"
test_done
