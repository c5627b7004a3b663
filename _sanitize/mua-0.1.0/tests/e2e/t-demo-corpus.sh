#!/usr/bin/env bash
# The committed demo corpus is exactly what contrib/make-demo-corpus
# writes, so every message in it is reproducible from the script.
. "$srcdir/tests/lib/testlib.sh"
test_begin
require_program python3 "the corpus generator is a Python script"

ok "the generator runs" python3 "$srcdir/contrib/make-demo-corpus" "$TEST_TMP/corpus"
ok "it reproduces the committed corpus byte for byte" \
	diff -r "$srcdir/contrib/demo" "$TEST_TMP/corpus"
total=$(grep -vc '^#' "$srcdir/contrib/demo/MANIFEST")
ok "the corpus has at least 200 messages ($total)" test "$total" -ge 200
ok "it has encoded-word subjects in several charsets" bash -c \
	"for cs in UTF-8 ISO-8859-1 KOI8-R ISO-2022-JP GB2312; do grep -lq \"^Subject: =?\$cs?\" $srcdir/contrib/demo/*.eml || exit 1; done"
ok "it has a multipart/alternative mail" grep -lq 'multipart/alternative' "$srcdir"/contrib/demo/*.eml
ok "it has attachments" grep -lq 'Content-Disposition: attachment' "$srcdir"/contrib/demo/*.eml
ok "it has mailing-list mail" grep -lq '^List-Id:' "$srcdir"/contrib/demo/*.eml
test_done
