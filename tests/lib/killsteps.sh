# tests/lib/killsteps.sh: crash a durable path at every counted step and
# check that resuming ends where an uninterrupted run ends. Needs
# testlib.sh. mua counts its steps itself (src/killpoint.h): no timing.
#
#   killsteps_count PATH CMD...   runs CMD with MUA_KILL_LOG and prints how
#                                 many steps of PATH it took
#   killsteps_each PATH SETUP RUN SNAPSHOT
#       the test's own functions: SETUP DIR makes a fresh start in DIR
#       (store, state, server), RUN DIR performs the operation, SNAPSHOT
#       DIR prints the end state. A reference run (SETUP, RUN, SNAPSHOT)
#       counts the steps; then for each step N: SETUP, RUN killed at step
#       N (it must die by SIGKILL after exactly N steps), RUN again to
#       resume, and SNAPSHOT must equal the reference. Records three
#       results: the count, every run killed where asked, every end state
#       the same (the first differences are shown). KILLSTEPS_EVERY=K
#       tries every Kth step and the last only.
#   killsteps_store STORE FOLDER  a snapshot of the notmuch store in
#                                 STORE (made by store_make) and the sync
#                                 state beside it: FOLDER's files (bytes,
#                                 cur or new, key and maildir flags), the
#                                 tags of every message, the files indexed
#   killsteps_outbox N RC CMD...  "mua -F RC CMD..." killed after outbox
#                                 step N, then "mua send" resuming (its
#                                 trace in $TEST_TMP/resume): sets killed
#                                 and resumed (exit statuses), out (what
#                                 the resume said) and want, what it must
#                                 give: "EXIT unknown|finished ARRIVED
#                                 LEFT-IN-OUTBOX". Until the state says
#                                 sent, the resume can't know whether the
#                                 server has it: "unknown", never sent
#                                 again; from then on it finishes.

killsteps_outbox() {	# N RC CMD...
	local n=$1 rc=$2 step; shift 2
	MUA_KILL_LOG=$TEST_TMP/ks-outbox MUA_KILL_AT="outbox $n" \
		"$MUA" -F "$rc" "$@" >/dev/null 2>&1
	killed=$?
	step=$(sed -n 's/^outbox //p' "$TEST_TMP/ks-outbox" | sed -n "${n}p")
	rm -f "$TEST_TMP/resume" "$TEST_TMP/ks-outbox"
	out=$("$MUA" -F "$rc" --trace "$TEST_TMP/resume" send 2>&1)
	resumed=$?
	case $step in
	sending) want="1 unknown 0 1" ;;	# the data never left
	answered) want="1 unknown 1 1" ;;
	*) want="0 finished 1 0" ;;
	esac
}

killsteps_count() {	# PATH CMD...
	local path=$1 log; shift
	log=$(mktemp "$TEST_TMP/steps.XXXXXX")
	MUA_KILL_LOG=$log "$@" >/dev/null 2>&1
	grep -c "^$path " "$log"
	rm -f "$log"
}

killsteps_each() {	# PATH SETUP RUN SNAPSHOT
	local path=$1 setup=$2 run=$3 snap=$4 dir=$TEST_TMP/ks
	local steps n rc log killed=0 same=0 tried first=""
	rm -rf "$dir.ref" && mkdir -p "$dir.ref"
	"$setup" "$dir.ref"
	log=$TEST_TMP/ks.log
	: >"$log"
	MUA_KILL_LOG=$log "$run" "$dir.ref" >/dev/null 2>&1
	"$snap" "$dir.ref" >"$TEST_TMP/ks.want"
	steps=$(grep -c "^$path " "$log")
	_test_result "$((steps < 2))" "$path: an uninterrupted run counts its steps ($steps)"
	tried=0
	for n in $(seq 1 "$steps"); do
		# KILLSTEPS_EVERY=K: every Kth step and the last only (the
		# CI's distcheck, whose other runs try them all).
		[ $(((n - 1) % ${KILLSTEPS_EVERY:-1})) = 0 ] || [ "$n" = "$steps" ] ||
			continue
		tried=$((tried + 1))
		rm -rf "$dir" && mkdir -p "$dir"
		"$setup" "$dir"
		: >"$log"
		MUA_KILL_AT="$path $n" MUA_KILL_LOG=$log "$run" "$dir" >/dev/null 2>&1
		rc=$?
		[ "$rc" -eq 137 ] && [ "$(grep -c "^$path " "$log")" -eq "$n" ] &&
			killed=$((killed + 1))
		"$run" "$dir" >"$TEST_TMP/ks.out" 2>&1
		"$snap" "$dir" >"$TEST_TMP/ks.got"
		if cmp -s "$TEST_TMP/ks.want" "$TEST_TMP/ks.got"; then
			same=$((same + 1))
		elif [ -z "$first" ]; then
			first=$n
			echo "# killed after step $n ($(grep "^$path " "$log" | sed -n "${n}p")), then resumed:"
			sed 's/^/#   /' "$TEST_TMP/ks.out" | head -5
			diff "$TEST_TMP/ks.want" "$TEST_TMP/ks.got" | head -20 | sed 's/^/#   /'
		fi
	done
	_test_result "$((killed != tried))" "$path: killed right after each step ($killed of $tried)"
	_test_result "$((same != tried))" "$path: each resumed run ends as the uninterrupted one ($same of $tried)"
}

killsteps_store() {	# STORE FOLDER
	local f name dir=$1/mail/$2
	for f in "$dir"/cur/* "$dir"/new/*; do
		[ -f "$f" ] || continue
		name=${f#"$dir"/}
		printf '%s %s %s\n' "$(sha1sum <"$f" | cut -c1-12)" \
			"${name%%/*}" "${name#*,mua=}"
	done | sort
	NOTMUCH_CONFIG=$1/notmuch-config notmuch dump | sort
	NOTMUCH_CONFIG=$1/notmuch-config notmuch search --output=files '*' |
		sed 's/.*,mua=//' | sort
	cat "$1"/../state/mua/sync/*/* 2>/dev/null
}
