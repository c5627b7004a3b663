#!/usr/bin/env bash
# The throw-away store helper makes a real notmuch store from message files
# and removes it with the test's temporary directory.
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/store.sh"
test_begin
require_program notmuch "the helper indexes with the notmuch CLI"

corpus=$srcdir/contrib/demo
ok_here "store_make indexes five messages" \
	store_make "$TEST_TMP/store" "$corpus"/000[1-5].eml
is "notmuch counts them" 5 "$(store_count '*')"
is "new mail is tagged inbox and unread" 5 "$(store_count tag:inbox and tag:unread)"
is "they thread together" 1 "$(notmuch count --output=threads '*')"
is "NOTMUCH_CONFIG points into the test directory" "$TEST_TMP/store/notmuch-config" "$NOTMUCH_CONFIG"

# A hostile message must not break the helper either.
ok_here "a hostile message is indexed too" \
	store_make "$TEST_TMP/store2" "$(grep -l 'boundary="\\""' "$corpus"/*.eml | head -n 1)"
is "it counts" 1 "$(store_count '*')"

# The store goes away with the test that made it.
dir=$(bash -c ". '$srcdir/tests/lib/testlib.sh'; . '$srcdir/tests/lib/store.sh'
	test_begin >/dev/null; store_make \"\$TEST_TMP/s\" '$corpus/0001.eml' >/dev/null
	echo \"\$TEST_TMP\"")
ok "the child test made its store in $dir" test -n "$dir"
not_ok "and it is removed when that test exits" test -e "$dir"
test_done
