#!/usr/bin/env bash
# The pager's rendering is linear in the message: each hostile shape of
# bench/make-hostile (img tags without src, '<' never closed, a line of
# URLs, entities, control bytes, deep quotes...) rendered at 32 KB and at
# 512 KB, as ui-thread.c renders (bench/render-files), costs at most 40
# times the instructions for 16 times the bytes; quadratic work costs
# about 256 times. Instructions are counted by valgrind, not timed, so
# the answer is the same on a busy machine.
. "$srcdir/tests/lib/testlib.sh"
test_begin
require_program valgrind "valgrind counts the instructions"
if nm "$builddir/bench/render-files" 2>/dev/null | grep -q __asan_init; then
	skip "rendering is linear" "valgrind can't run a binary built with AddressSanitizer"
	test_done
	exit 0
fi
python3 "$srcdir/bench/make-hostile" "$TEST_TMP/m" 32k 512k
count() {	# FILE: instructions to render it
	valgrind --tool=callgrind --callgrind-out-file=/dev/null \
		"$builddir/bench/render-files" mua 1 "$1" 2>&1 |
		sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}
base=$(count /dev/null)
for f in "$TEST_TMP"/m/*-32k.eml; do
	shape=$(basename "$f" -32k.eml)
	small=$(($(count "$f") - base))
	big=$(($(count "$TEST_TMP/m/$shape-512k.eml") - base))
	ratio=$((big / (small > 0 ? small : 1)))
	ok "$shape: 16x the bytes, ${ratio}x the instructions (at most 40x)" \
		test "$small" -gt 0 -a "$ratio" -le 40
done
test_done
