#!/usr/bin/env bash
# mua --demo builds the demo store once, in the XDG cache or --demo-dir,
# and the result is an ordinary notmuch store.
. "$srcdir/tests/lib/testlib.sh"
test_begin
manifest=$srcdir/contrib/demo/MANIFEST
total=$(grep -vc '^#' "$manifest")

out=$("$MUA" --demo 2>&1); rc=$?
is "mua --demo exits 0" 0 "$rc"
like "it reports the store under XDG_CACHE_HOME" "demo store: $XDG_CACHE_HOME/mua/demo/mail" "$out"
like "it reports every message of the corpus" "^$total messages in [0-9]+ threads" "$out"
export NOTMUCH_CONFIG=$XDG_CACHE_HOME/mua/demo/notmuch-config
is "notmuch itself sees every message" "$total" "$(notmuch count '*')"
is "the long thread has 42 messages" 42 "$(notmuch count thread:"{id:release-1.0.0@demo.example}")"
is "mail sent by the user is threaded with the list" \
	"$(notmuch count thread:"{id:release-1.0.0@demo.example}" and tag:sent and not tag:unread)" \
	"$(notmuch count thread:"{id:release-1.0.0@demo.example}" and tag:sent)"
like "a multipart/alternative HTML mail is there" 'text/html' \
	"$(notmuch show --format=text --entire-thread=false id:news.html@demo.example)"
like "attachments are there (notmuch tags them)" '^[1-9]' "$(notmuch count tag:attachment)"
like "an RFC 2231 file name is decoded" 'résumé de Bruno.pdf' \
	"$(notmuch show --format=text id:attach.mixed@demo.example)"
is "the folders are maildirs" 5 "$(notmuch search --output=files '*' | sed 's|/[^/]*/[^/]*$||' | sort -u | wc -l)"
unset NOTMUCH_CONFIG

mtime=$(stat -c %Y "$XDG_CACHE_HOME/mua/demo/ready")
out=$("$MUA" --demo 2>&1); rc=$?
is "a second run exits 0" 0 "$rc"
is "a second run does not rebuild" "$mtime" "$(stat -c %Y "$XDG_CACHE_HOME/mua/demo/ready")"

out=$("$MUA" --demo --demo-dir "$TEST_TMP/elsewhere" 2>&1); rc=$?
is "--demo-dir builds elsewhere" 0 "$rc"
like "and says so" "demo store: $TEST_TMP/elsewhere/mail" "$out"

mkdir -p "$TEST_TMP/mine" && echo keep >"$TEST_TMP/mine/notes"
out=$("$MUA" --demo --demo-dir "$TEST_TMP/mine" 2>&1); rc=$?
is "a foreign directory is refused with exit 1" 1 "$rc"
like "with a message saying why" 'not empty and is not a mua demo store' "$out"
is "nothing in it is touched" keep "$(cat "$TEST_TMP/mine/notes")"

out=$(env -u HOME -u XDG_CACHE_HOME "$MUA" --demo 2>&1); rc=$?
is "no HOME and no XDG_CACHE_HOME: exit 1" 1 "$rc"
like "with advice" 'give the demo a directory with --demo-dir' "$out"

out=$(MUA_DEMO_CORPUS=$TEST_TMP/none "$MUA" --demo --demo-dir "$TEST_TMP/d2" 2>&1); rc=$?
is "a missing corpus: exit 1" 1 "$rc"
like "naming the missing manifest" "$TEST_TMP/none/MANIFEST" "$out"
test_done
