# tests/lib/testlib.sh: the end-to-end tests' TAP library. Source it, then:
#
#   test_begin                 private $TEST_TMP, removed at exit
#   ok "what" CMD...           passes when CMD exits 0
#   ok_here "what" CMD...      as ok, but runs CMD in this shell, uncaptured:
#                              for commands that set variables or start
#                              daemons (which would hold a capture open)
#   not_ok "what" CMD...       passes when CMD exits non-zero
#   is "what" WANT GOT         passes when the strings are equal
#   like "what" REGEX TEXT     passes when TEXT matches the extended REGEX
#   skip "what" "why"          records a skip with its reason
#   at_exit CMD...             runs CMD at exit (last registered first)
#   test_done                  prints the plan; exit 1 if anything failed
#
# The environment from "make check": $MUA (the binary), $srcdir, $builddir.

: "${srcdir:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${builddir:=$PWD}"
: "${MUA:=$builddir/src/mua}"
export srcdir builddir MUA

_test_count=0
_test_failed=0
_test_exit_cmds=()

_test_result() {	# STATUS WHAT
	_test_count=$((_test_count + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_test_count - $2"
	else
		_test_failed=$((_test_failed + 1))
		echo "not ok $_test_count - $2"
	fi
}

# Runs CMD, capturing its output, and passes when it succeeded (WANT is
# success) or failed (WANT is failure); shows the output when it did not.
_test_expect() {	# WANT WHAT CMD...
	local want=$1 what=$2 out rc pass; shift 2
	out=$("$@" 2>&1); rc=$?
	if [ "$want" = success ]; then pass=$((rc == 0)); else pass=$((rc != 0)); fi
	_test_result "$((!pass))" "$what"
	[ "$pass" -eq 1 ] || printf '%s\n' "# command: $*" \
		"# expected $want, got exit $rc; output:" \
		"$(printf '%s\n' "$out" | head -40 | sed 's/^/#   /')"
	[ "$pass" -eq 1 ]
}

ok() {
	_test_expect success "$@"
}

not_ok() {
	_test_expect failure "$@"
}

ok_here() {
	local what=$1; shift
	"$@"; local rc=$?
	_test_result "$rc" "$what"
	[ "$rc" -eq 0 ] || echo "# command: $* (exit $rc)"
	return "$rc"
}

is() {
	local rc=0
	[ "$2" = "$3" ] || rc=1
	_test_result "$rc" "$1"
	[ "$rc" -eq 0 ] || printf '# want: %s\n# got:  %s\n' "$2" "$3"
	return "$rc"
}

like() {
	local rc=0
	printf '%s\n' "$3" | grep -Eq -- "$2" || rc=1
	_test_result "$rc" "$1"
	[ "$rc" -eq 0 ] || printf '%s\n' "# pattern: $2" "# text:" \
		"$(printf '%s\n' "$3" | head -40 | sed 's/^/#   /')"
	return "$rc"
}

unlike() {
	local rc=0
	printf '%s\n' "$3" | grep -Eq -- "$2" && rc=1
	_test_result "$rc" "$1"
	[ "$rc" -eq 0 ] || printf '%s\n' "# pattern (not wanted): $2" "# text:" \
		"$(printf '%s\n' "$3" | head -40 | sed 's/^/#   /')"
	return "$rc"
}

skip() {
	_test_count=$((_test_count + 1))
	echo "ok $_test_count - $1 # SKIP $2"
}

at_exit() {
	_test_exit_cmds+=("$*")
}

# Runs COMMAND... every 50 ms until it succeeds, for at most a minute (a
# ceiling for a loaded machine, never a guess at how long it takes);
# returns its last status.
wait_until() {
	local i
	for i in $(seq 1 1200); do
		"$@" && return 0
		sleep 0.05
	done
	"$@"
}

# Starts COMMAND... in the background: a helper server that prints the
# port it listens on as its first line. Sets $listener_port and
# $listener_pid; the server is killed when the test ends.
start_listener() {
	local out=$TEST_TMP/listener.$RANDOM
	"$@" >"$out" &
	listener_pid=$!
	at_exit "kill $listener_pid 2>/dev/null"
	wait_until test -s "$out"
	listener_port=$(head -n 1 "$out")
	rm -f "$out"
}

# A fault proxy (tests/lib/faultproxy.py: TARGET MODE BYTES); sets
# $proxy_port and $proxy_pid.
proxy() {
	start_listener python3 "$srcdir/tests/lib/faultproxy.py" "$@"
	proxy_port=$listener_port proxy_pid=$listener_pid
}

_test_cleanup() {
	local i
	for ((i = ${#_test_exit_cmds[@]} - 1; i >= 0; i--)); do
		eval "${_test_exit_cmds[$i]}" >/dev/null 2>&1
	done
	if [ -n "${TEST_TMP:-}" ] && [ -z "${MUA_TEST_KEEP:-}" ]; then
		rm -rf "$TEST_TMP"
	fi
}

test_begin() {
	TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/mua-test.XXXXXX")
	export TEST_TMP
	# Tests never touch the real home, cache or notmuch configuration.
	export HOME=$TEST_TMP/home XDG_CACHE_HOME=$TEST_TMP/cache
	export XDG_CONFIG_HOME=$TEST_TMP/config XDG_DATA_HOME=$TEST_TMP/data
	unset NOTMUCH_CONFIG NOTMUCH_PROFILE MUARC
	# Nor the machine's mailcap (installing a browser adds HTML to it);
	# the state directory (journal, histories) is the test's own too.
	export MAILCAPS=/dev/null XDG_STATE_HOME=$TEST_TMP/state
	# A mua that crashes leaves its backtrace here (src/crash-trace.h),
	# shown when the test ends: no core dump, a secret may be in it.
	export MUA_CRASH_TRACE=$TEST_TMP/crashes
	mkdir -p "$HOME"
	trap _test_cleanup EXIT
	trap 'exit 130' INT TERM
}

# Skips the rest of the test when a program it needs is missing.
require_program() {
	command -v "$1" >/dev/null 2>&1 && return 0
	skip "${2:-needs $1}" "$1 is not installed"
	test_done
	exit 0
}

test_done() {
	if [ -s "$MUA_CRASH_TRACE" ]; then
		echo "# a mua crashed; its backtrace (addr2line -e src/mua -f OFFSET):"
		sed 's/^/#   /' "$MUA_CRASH_TRACE" | head -n 80
	fi
	echo "1..$_test_count"
	[ "$_test_failed" -eq 0 ]
}
