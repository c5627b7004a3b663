#!/usr/bin/env bash
# mua(1) and mua --help name the same options, the pages render without
# warnings, and they promise nothing the program already does.
. "$srcdir/tests/lib/testlib.sh"
test_begin
page=$srcdir/doc/mua.1

help_opts=$("$MUA" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u)
# In mdoc, "Fl \-demo\-dir" is the option --demo-dir.
man_opts=$(grep -oE 'Fl \\-[a-z\\-]+|Fl \\-[a-z\\-]+ \| \\-[a-z\\-]+' "$page" | grep -oE '\\-[a-z\\-]+' | sed 's/\\//g; s/^/-/' | sort -u)
for opt in $help_opts; do
	like "mua.1 documents $opt" "^$opt\$" "$man_opts"
done
for opt in $man_opts; do
	like "--help lists $opt from mua.1" "^$opt\$" "$help_opts"
done
for p in "$page" "$srcdir/doc/muarc.5"; do
	if command -v groff >/dev/null; then
		warnings=$(groff -mandoc -Tutf8 -ww -z "$p" 2>&1)
		is "$(basename "$p") renders without warnings" "" "$warnings"
	else
		skip "$(basename "$p") renders without warnings" "groff is not installed"
	fi
done
# The pages describe what exists: nothing promised for "a later release"
# that the program already does (both once said sending and composing
# from the index were to come, while both worked).
for p in "$page" "$srcdir/doc/muarc.5"; do
	is "$(basename "$p") promises nothing for a later release" "" \
		"$(grep -n 'later release\|future release\|not yet' "$p")"
done
test_done
