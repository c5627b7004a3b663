# tests/lib/store.sh: throw-away notmuch stores for tests. Needs testlib.sh.
#
#   store_make DIR FILE...   delivers each message FILE into the maildir
#                            DIR/mail/INBOX, writes DIR/notmuch-config,
#                            indexes with "notmuch new", and exports
#                            NOTMUCH_CONFIG so later notmuch and mua calls
#                            use this store
#   store_demo DIR           builds the demo store in DIR with mua --demo
#                            and exports NOTMUCH_CONFIG for it
#   store_count QUERY        notmuch count of QUERY in the current store
#
# DIR is normally under $TEST_TMP, so the store goes away with the test.

store_make() {
	local dir=$1 file n=0; shift
	mkdir -p "$dir/mail/INBOX/cur" "$dir/mail/INBOX/new" "$dir/mail/INBOX/tmp"
	for file in "$@"; do
		n=$((n + 1))
		cp "$file" "$dir/mail/INBOX/new/test.$n.$(basename "$file")" || return 1
	done
	cat >"$dir/notmuch-config" <<-CONF
	[database]
	path=$dir/mail
	[user]
	name=Test User
	primary_email=test@localhost
	[new]
	tags=unread;inbox;
	[search]
	exclude_tags=deleted;spam;
	[maildir]
	synchronize_flags=true
	CONF
	export NOTMUCH_CONFIG=$dir/notmuch-config
	notmuch new --quiet
}

store_count() {
	notmuch count -- "$@"
}

store_demo() {
	"$MUA" --demo --demo-dir "$1" >/dev/null </dev/null || return 1
	export NOTMUCH_CONFIG=$1/notmuch-config
}
