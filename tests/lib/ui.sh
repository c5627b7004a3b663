# tests/lib/ui.sh: how a test of the UI starts: the libraries, the test
# begun, tmux required, and the demo store made in $demo (NOTMUCH_CONFIG
# names it).
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/pty.sh"
. "$srcdir/tests/lib/store.sh"
test_begin
require_program "${TMUX_BIN:-tmux}" "the UI is driven through tmux"
demo=$TEST_TMP/demo
store_demo "$demo"
