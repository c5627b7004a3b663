#!/usr/bin/env bash
# Two-way IMAP against real dovecot: flags changed by another client
# become tags here, tags changed here (by mua or any notmuch program)
# become flags there, mail expunged there goes here, mail moved there
# keeps its tags here. Every case is checked on the server over IMAP, as
# another client would see it. All of it twice: with CONDSTORE (changes
# since a MODSEQ) and on a server without CONDSTORE, QRESYNC and MOVE.
. "$srcdir/tests/lib/testlib.sh"
. "$srcdir/tests/lib/certs.sh"
. "$srcdir/tests/lib/mailhost.sh"
. "$srcdir/tests/lib/store.sh"
. "$srcdir/tests/lib/killsteps.sh"
. "$srcdir/tests/lib/pty.sh"
test_begin
require_program /usr/sbin/dovecot "dovecot serves IMAP"
require_program notmuch
require_program python3 "the other client is a Python script"

ctl() {
	python3 "$srcdir/tests/lib/imapctl.py" "$@"
}

# The tags of message N that stand for flags, sorted.
tags_of() {
	notmuch search --exclude=false --output=tags "id:m$1@example.org" |
		grep -E '^(unread|flagged|replied|passed|draft|keep)$' | tr '\n' ' '
}

# The maildir folder message N's file is in.
folder_of() {
	notmuch search --exclude=false --output=files "id:m$1@example.org" |
		xargs dirname | xargs dirname
}

sync() {
	"$MUA" -F "$TEST_TMP/rc" sync 2>&1
}

# What a --trace file $1 says while INBOX is selected.
inbox_part() {
	awk '/ C: [^ ]+ SELECT /{inbox = / SELECT INBOX/} inbox' "$1"
}

# In the UI: the sidebar lists the account's folders; $ syncs both ways
# and the status line says what changed where.
ui_round() {
	if [ -z "${TMUX_BIN:-}" ] || ! command -v "$TMUX_BIN" >/dev/null; then
		skip "the UI's sidebar and \$" "no tmux"
		return
	fi
	ok_here "UI: starts" pty_start 140 20 "$MUA" -F "$TEST_TMP/rc"
	ok "UI: the sidebar lists the server's folders as kept here" \
		pty_wait_for 'work/Archive'
	like "UI: INBOX first" 'work/INBOX.*' "$(pty_screen | grep -A1 outbox)"
	ctl store INBOX m2@example.org '-\Flagged'
	notmuch tag +flagged -- id:m1@example.org
	pty_keys '$'
	ok "UI: \$ goes both ways and says so" \
		pty_wait_for 'sync: work: 0 new messages \(0 KB\), 1 changed by the server, 1 changed on the server'
	pty_keys q
	pty_wait_exit >/dev/null
	pty_stop
}

# Drafts: postponed here, kept in the server's Drafts and replaced there
# when edited here; a draft another client writes there comes down.
drafts_round() {
	local what=$1 out draft id
	if [ -z "${TMUX_BIN:-}" ] || ! command -v "$TMUX_BIN" >/dev/null; then
		skip "drafts on the server" "no tmux"
		return
	fi
	cat >"$TEST_TMP/editor" <<-'ED'
	#!/bin/sh
	sed -i 's/^To: *$/To: ann@example.org/' "$1"
	printf '%s\n' "${EDIT_BODY:-First words.}" >>"$1"
	ED
	chmod +x "$TEST_TMP/editor"
	sed -i "1i set editor = $TEST_TMP/editor" "$TEST_TMP/rc"
	pty_start 100 30 "$MUA" -F "$TEST_TMP/rc" compose -s later
	pty_wait_for 'q abort' >/dev/null
	pty_keys p
	ok "$what: a draft postponed here" pty_wait_for 'Postponed'
	pty_wait_exit >/dev/null
	pty_stop
	out=$(sync)
	like "$what: the sync saves it to the server's Drafts" \
		'^work: 0 new messages \(0 KB\), 1 draft saved to the server$' "$out"
	id=$(ctl flags Drafts)
	like "$what: there as \\Draft" '^[0-9a-f]{32}@localhost \\Draft \\Seen$' "$id"
	draft=$(find "$TEST_TMP/store/mail/work/Drafts" -type f)
	like "$what: here named for its UID there" ',mua=[0-9]+-[0-9]+:2,DS$' "$draft"
	is "$what: one draft here" 1 "$(notmuch count folder:work/Drafts)"

	pty_start 100 30 env EDIT_BODY="Second words." "$MUA" -F "$TEST_TMP/rc" compose --draft "$draft"
	pty_wait_for 'q abort' >/dev/null
	pty_keys p
	ok "$what: edited and postponed again" pty_wait_for 'Postponed'
	pty_wait_exit >/dev/null
	pty_stop
	out=$(sync)
	like "$what: the new version replaces the old there" \
		'1 draft saved to the server, 1 draft dropped there$' "$out"
	is "$what: one draft there, as one message" "$id" "$(ctl flags Drafts)"
	like "$what: the new version" 'Second words' \
		"$(cat "$TEST_TMP/store/mail/work/Drafts"/cur/*)"

	printf 'From: test@localhost\nTo: bob@example.org\nSubject: from the phone\nMessage-ID: <phone@example.org>\nDate: Mon, 2 Nov 2026 10:00:00 +0000\n\nTyped on a phone.\n' |
		ctl append Drafts '\Draft \Seen'
	out=$(sync)
	like "$what: a draft another client wrote comes down" '^work: 1 new message' "$out"
	is "$what: a draft here too" 1 \
		"$(notmuch count id:phone@example.org and tag:draft and folder:work/Drafts)"
	draft=$(notmuch search --output=files id:phone@example.org)
	pty_start 100 30 env EDIT_BODY="Finished here." "$MUA" -F "$TEST_TMP/rc" compose --draft "$draft"
	ok "$what: the phone's draft opens here" pty_wait_for 'Subject: from the phone'
	pty_keys p
	ok "$what: finished and postponed" pty_wait_for 'Postponed'
	pty_wait_exit >/dev/null
	pty_stop
	out=$(sync)
	like "$what: it replaces the phone's copy there" \
		'1 draft saved to the server, 1 draft dropped there$' "$out"
	is "$what: one copy of it there, under its Message-ID" 1 \
		"$(ctl flags Drafts | grep -c '^phone@example.org \\Draft \\Seen$')"
	is "$what: two drafts there in all" 2 "$(ctl count Drafts)"
	sed -i '/^set editor/d' "$TEST_TMP/rc"
}

# One round of every case, on a server with the capabilities of $1.
round() {
	local what=$1 out
	rm -rf "$TEST_TMP/store" "$TEST_TMP/state"
	export XDG_STATE_HOME=$TEST_TMP/state
	ok_here "$what: dovecot starts" mailhost_start_imap good || return
	mailhost_put 1 10
	for box in Archive Trash Junk Drafts; do ctl create $box >/dev/null 2>&1; done
	store_make "$TEST_TMP/store"
	cat >"$TEST_TMP/rc" <<-RC
	account work {
		from = "Test <test@localhost>"
		imap = "imaps://localhost:$MH_IMAPS"
		user = test
		pass_command = "echo secret"
		ca_file = "$MH_CA"
		folders = INBOX Trash Junk
		idle = no
	}
	RC
	out=$(sync)
	like "$what: the first sync fetches" '^work: 10 new messages \([0-9]+ KB\)$' "$out"
	is "$what: read there, not unread here" "" "$(tags_of 1)"

	# Another client changes flags: the store follows.
	ctl store INBOX m2@example.org '+\Seen'
	ctl store INBOX m3@example.org '+\Flagged'
	ctl store INBOX m1@example.org '-\Seen'
	ctl store INBOX m4@example.org '+\Answered \Draft'
	out=$(sync)
	like "$what: flags changed by another client come down" \
		'^work: 0 new messages \(0 KB\), 4 changed by the server$' "$out"
	is "$what: \\Seen there: read here" "" "$(tags_of 2)"
	is "$what: \\Flagged there: flagged here (it was read)" "flagged " "$(tags_of 3)"
	is "$what: \\Seen taken away there: unread here" "unread " "$(tags_of 1)"
	is "$what: \\Answered and \\Draft: replied and draft" "draft replied unread " "$(tags_of 4)"
	like "$what: the file's maildir flags follow too" ':2,.*F' \
		"$(notmuch search --output=files id:m3@example.org)"

	# A sync whose only changes to the store were its own starts the
	# next one after them: they are not read again.
	is "$what: the next sync starts after this one's own changes" \
		"$(notmuch count --lastmod '*' | cut -f 2,3)" \
		"$(tr ' ' '\t' <"$XDG_STATE_HOME/mua/sync/work/.revision")"

	# One message in two folders: a flag another client sets on one
	# copy reaches the other by the next sync (tags are the message's).
	mailhost_put 11 11
	ctl copy INBOX m11@example.org Archive
	sync >/dev/null
	ctl store INBOX m11@example.org '+\Flagged'
	sync >/dev/null
	sync >/dev/null
	like "$what: a flag set on one copy there reaches the other copy" \
		'^m11@example.org \\Flagged' "$(ctl flags Archive)"

	# Changes here, by notmuch itself (any notmuch program counts).
	notmuch tag -unread -- id:m6@example.org
	notmuch tag +flagged -- id:m5@example.org
	notmuch tag +replied +passed -- id:m8@example.org
	notmuch tag +unread -- id:m7@example.org
	out=$(sync)
	like "$what: tags changed here go up" \
		'^work: 0 new messages \(0 KB\), 4 changed on the server$' "$out"
	ctl flags INBOX >"$TEST_TMP/flags"
	like "$what: read here: \\Seen there" '^m6@example.org \\Seen$' "$(cat "$TEST_TMP/flags")"
	like "$what: flagged here: \\Flagged there" '^m5@example.org \\Flagged \\Seen$' "$(cat "$TEST_TMP/flags")"
	like "$what: replied and passed: \\Answered and \$Forwarded" \
		'^m8@example.org \$Forwarded \\Answered$' "$(cat "$TEST_TMP/flags")"
	like "$what: unread here: \\Seen taken away there" '^m7@example.org $' "$(cat "$TEST_TMP/flags")"

	# Both sides at once: different flags of one message merge; the
	# same change on both sides is no conflict.
	ctl store INBOX m10@example.org '+\Flagged'
	notmuch tag -unread -- id:m10@example.org
	ctl store INBOX m2@example.org '+\Flagged'
	notmuch tag +flagged -- id:m2@example.org
	out=$(sync)
	like "$what: both sides changed: each side gets the other's change" \
		'changed by the server, 1 changed on the server$' "$out"
	is "$what: here: flagged and read" "flagged " "$(tags_of 10)"
	like "$what: there: \\Flagged and \\Seen" '^m10@example.org \\Flagged \\Seen$' "$(ctl flags INBOX)"
	is "$what: the same change on both sides: as both say" "flagged " "$(tags_of 2)"

	# No base (a store an older mua fetched, one-way): each flag is
	# the union of both sides, and no copy moves.
	rm -rf "$XDG_STATE_HOME/mua/sync/work/.flags" "$XDG_STATE_HOME/mua/sync/work/.revision"
	ctl store INBOX m6@example.org '+\Flagged'
	notmuch tag +replied -- id:m6@example.org
	notmuch tag -unread -- id:m4@example.org
	out=$(sync)
	like "$what: no base: both sides' flags kept, each way" \
		'^work: 0 new messages \(0 KB\), 1 changed by the server, 2 changed on the server$' "$out"
	is "$what: here: the union" "flagged replied " "$(tags_of 6)"
	like "$what: there: the union" '^m6@example.org \\Answered \\Flagged \\Seen$' "$(ctl flags INBOX)"
	like "$what: read here, unread there: read" '^m4@example.org \\Answered \\Draft \\Seen$' "$(ctl flags INBOX)"

	# Tags listed in sync_tags are keywords there, escaped where they
	# are no IMAP atom; other tags stay here.
	sed -i 's|^folders = .*|&\nsync_tags = work café|' "$TEST_TMP/rc"
	notmuch tag +work +café +other -- id:m5@example.org
	out=$(sync)
	like "$what: sync_tags go up as keywords" '1 changed on the server$' "$out"
	like "$what: there: work and caf&C3&A9, not other" \
		'^m5@example.org \\Flagged \\Seen caf&C3&A9 work$' "$(ctl flags INBOX)"
	ctl store INBOX m6@example.org '+work'
	ctl store INBOX m5@example.org '-caf&C3&A9'
	out=$(sync)
	like "$what: keywords set and taken away there come down" \
		'^work: 0 new messages \(0 KB\), 2 changed by the server$' "$out"
	is "$what: here: work on the other message" work \
		"$(notmuch search --output=tags id:m6@example.org | grep -x work)"
	is "$what: and café gone, other kept" "flagged other work " \
		"$(notmuch search --output=tags id:m5@example.org |
			grep -E '^(flagged|other|work|café)$' | tr '\n' ' ')"
	sed -i '/^sync_tags/d' "$TEST_TMP/rc"

	# \$Junk there, from a server-side filter: spam here, and the copy
	# stays where the server put it.
	ctl store INBOX m3@example.org '+$Junk'
	out=$(sync)
	like "$what: \$Junk there: spam here, nothing moved" \
		'^work: 0 new messages \(0 KB\), 1 changed by the server$' "$out"
	is "$what: tagged spam" 1 "$(notmuch count id:m3@example.org and tag:spam)"
	ctl store INBOX m3@example.org '-$Junk'
	out=$(sync)
	is "$what: \$Junk taken away there: spam no more" 0 \
		"$(notmuch count id:m3@example.org and tag:spam)"

	drafts_round "$what"

	# Expunged there: gone here, file and all, though it was flagged
	# here meanwhile (a server expunge wins over a tag change).
	file=$(notmuch search --output=files id:m9@example.org)
	notmuch tag +flagged -- id:m9@example.org
	ctl expunge INBOX m9@example.org
	rm -f "$TEST_TMP/trace"
	out=$("$MUA" -F "$TEST_TMP/rc" --trace "$TEST_TMP/trace" sync 2>&1)
	like "$what: an expunge there comes down" '1 removed \(gone from the server\)$' "$out"
	if [ "$what" = CONDSTORE ]; then
		like "$what: told by QRESYNC's VANISHED" 'S: \* VANISHED \(EARLIER\)' "$(cat "$TEST_TMP/trace")"
		unlike "$what: not by all the UIDs" 'UID SEARCH UID 1:\*' "$(inbox_part "$TEST_TMP/trace")"
	else
		like "$what: found among all the UIDs" 'C: [^ ]+ UID SEARCH UID 1:\*' "$(inbox_part "$TEST_TMP/trace")"
	fi
	is "$what: the message is gone from the store" 0 "$(notmuch count id:m9@example.org)"
	is "$what: and its file from the disk" no "$([ -e "$file" ] && echo yes || echo no)"

	# Moved there (webmail archives it): here it moves, keeping tags.
	notmuch tag +keep -- id:m1@example.org
	out=$(sync)
	ctl move INBOX m1@example.org Archive
	out=$(sync)
	like "$what: a move there is followed here, nothing downloaded" \
		'^work: 0 new messages \(0 KB\), 1 moved by another client$' "$out"
	is "$what: the message keeps its tags" "keep unread " "$(tags_of 1)"
	is "$what: and is only in the new folder" \
		"$TEST_TMP/store/mail/work/Archive" "$(folder_of 1)"

	# Tags that say where a message belongs move its copy there.
	notmuch tag -inbox -- id:m10@example.org
	out=$(sync)
	like "$what: inbox taken away: moved to the archive, nothing downloaded" \
		'^work: 0 new messages \(0 KB\), 1 moved on the server$' "$out"
	like "$what: the server has it in Archive" '^m10@example.org ' "$(ctl flags Archive)"
	unlike "$what: and no more in INBOX" '^m10@example.org' "$(ctl flags INBOX)"
	is "$what: its file followed into the archive's maildir" \
		"$TEST_TMP/store/mail/work/Archive" "$(folder_of 10)"
	is "$what: keeping its tags" "flagged " "$(tags_of 10)"
	notmuch tag +deleted -- id:m8@example.org
	notmuch tag +spam -- id:m7@example.org
	out=$(sync)
	like "$what: deleted goes to the trash, spam to the junk" '2 moved on the server$' "$out"
	like "$what: in Trash there" '^m8@example.org ' "$(ctl flags Trash)"
	like "$what: in Junk there, marked \$Junk" '^m7@example.org \$Junk' "$(ctl flags Junk)"
	is "$what: in Trash here" "$TEST_TMP/store/mail/work/Trash" "$(folder_of 8)"
	notmuch tag -deleted -- id:m8@example.org
	notmuch tag -spam -- id:m7@example.org
	out=$(sync)
	like "$what: undeleted and not spam after all: back to INBOX" \
		'2 moved on the server$' "$out"
	like "$what: both in INBOX there" 'm7@example.org .*m8@example.org ' \
		"$(ctl flags INBOX | tr '\n' ' ')"
	is "$what: and here" "$TEST_TMP/store/mail/work/INBOX" "$(folder_of 8)"
	unlike "$what: spam no more: \$Junk taken away there" 'm7@example.org.*Junk' \
		"$(ctl flags INBOX)"
	sed -i 's|^folders = .*|&\ndelete_policy = expunge|' "$TEST_TMP/rc"
	notmuch tag +deleted -- id:m7@example.org
	out=$(sync)
	like "$what: delete_policy = expunge: expunged there" '1 moved on the server$' "$out"
	unlike "$what: from every folder" 'm7@example.org' \
		"$(ctl flags INBOX; ctl flags Trash)"
	is "$what: and gone here" 0 "$(notmuch count id:m7@example.org)"
	sed -i 's|^delete_policy = .*|archive_folder = ""|' "$TEST_TMP/rc"
	notmuch tag -inbox -- id:m8@example.org
	out=$(sync)
	like "$what: no archive folder: said once" \
		'no archive folder on the server \(archive_folder names one\): archived mail stays in INBOX there' "$out"
	like "$what: and the copy stays" '^m8@example.org ' "$(ctl flags INBOX)"
	sed -i '/archive_folder/d' "$TEST_TMP/rc"

	[ "$what" = CONDSTORE ] && ui_round

	out=$(sync)
	like "$what: then a sync has nothing to do" '^work: 0 new messages \(0 KB\)$' "$out"
	is "$what: both sides as one: the server's flags" \
		"$(ctl flags INBOX | wc -l)" "$(notmuch count folder:work/INBOX)"
	mailhost_stop
}

# Killed after each step of a sync that goes both ways and removes one,
# then resumed: it must end as an uninterrupted run, and a further sync
# must find nothing to do. Each start is a copy of one template: the
# server's maildir, the store and the state after a first sync, then
# changes on both sides.
crash() {
	local tpl=$TEST_TMP/tpl box
	rm -rf "$tpl" && mkdir -p "$tpl"
	export XDG_STATE_HOME=$tpl/state
	ok_here "crash: dovecot starts" mailhost_start_imap good || return
	box=$(mailhost_maildir test)
	mailhost_put 1 12
	for f in Archive Trash Drafts; do ctl create $f >/dev/null 2>&1; done
	store_make "$tpl/store" >/dev/null
	sed 's|^\t*folders = .*||' "$TEST_TMP/rc" | sed "s|localhost:[0-9]*\"|localhost:$MH_IMAPS\"|" >"$tpl/rc"
	# A draft, saved to the server by the first sync.
	mkdir -p "$tpl/store/mail/work/Drafts/cur" "$tpl/store/mail/work/Drafts/new" "$tpl/store/mail/work/Drafts/tmp"
	printf 'From: test@localhost\nTo: ann@example.org\nSubject: later\nMessage-ID: <d1@example.org>\nDate: Mon, 2 Nov 2026 10:00:00 +0000\n\nFirst words.\n' \
		>"$tpl/store/mail/work/Drafts/cur/d1:2,DS"
	NOTMUCH_CONFIG=$tpl/store/notmuch-config notmuch new >/dev/null 2>&1
	NOTMUCH_CONFIG=$tpl/store/notmuch-config "$MUA" -F "$tpl/rc" sync >/dev/null 2>&1
	ctl store INBOX m2@example.org '+\Seen \Flagged'
	ctl store INBOX m3@example.org '-\Seen'
	ctl expunge INBOX m4@example.org
	ctl expunge INBOX m6@example.org
	cp -a "$box" "$tpl/server"
	unset XDG_STATE_HOME
}
crash_setup() {
	rm -rf "$box" && cp -a "$TEST_TMP/tpl/server" "$box"
	cp -a "$TEST_TMP/tpl/store" "$TEST_TMP/tpl/state" "$TEST_TMP/tpl/rc" "$1/"
	sed -i "s|$TEST_TMP/tpl/|$1/|" "$1/store/notmuch-config"
	NOTMUCH_CONFIG=$1/store/notmuch-config notmuch tag -unread -- id:m8@example.org
	NOTMUCH_CONFIG=$1/store/notmuch-config notmuch tag +flagged +replied -- id:m5@example.org
	NOTMUCH_CONFIG=$1/store/notmuch-config notmuch tag +unread -- id:m7@example.org
	NOTMUCH_CONFIG=$1/store/notmuch-config notmuch tag -inbox -- id:m9@example.org
	NOTMUCH_CONFIG=$1/store/notmuch-config notmuch tag +deleted -- id:m10@example.org
	# The draft edited here, as compose does it: a new version under a
	# new name, and a note that the server's copy is to go.
	local d key
	d=$(find "$1/store/mail/work/Drafts/cur" -name '*,mua=*')
	key=${d##*,mua=} && key=${key%%:*}
	mkdir -p "$1/state/mua/drafts/work" && : >"$1/state/mua/drafts/work/$key"
	sed 's/First words/Second words/' "$d" >"$1/store/mail/work/Drafts/cur/d2:2,DS"
	rm "$d"
	NOTMUCH_CONFIG=$1/store/notmuch-config notmuch new >/dev/null 2>&1
}
crash_run() {
	NOTMUCH_CONFIG=$1/store/notmuch-config XDG_STATE_HOME=$1/state \
		"$MUA" -F "$1/rc" sync
}
crash_snapshot() {
	ctl folders INBOX Archive Trash Drafts | tr ',' '\n'
	killsteps_store "$1/store" work/INBOX
	(cd "$1/store/mail/work" && find . -type f | sed 's/[^/]*,mua=/ /' | sort)
	echo "a further sync: $(crash_run "$1" 2>&1)"
}

round "CONDSTORE"
crash
box=$(mailhost_maildir test)
killsteps_each twoway crash_setup crash_run crash_snapshot
like "the uninterrupted run: both ways, two removed" \
	' m8@example.org \\Seen$' "$(cat "$TEST_TMP/ks.want")"
# The moved copies arrive in Archive and Trash by the fetch's own steps.
killsteps_each fetch crash_setup crash_run crash_snapshot
# The edited draft replaces the old one on the server.
killsteps_each drafts crash_setup crash_run crash_snapshot
like "the draft's new version is the one there" '^Drafts: d1@example.org \\Draft \\Seen$' \
	"$(cat "$TEST_TMP/ks.want")"
like "and the one here" 'Second words' "$(cat "$TEST_TMP"/ks.ref/store/mail/work/Drafts/cur/*)"
# The link cut after N bytes from the server, for N across the whole
# sync (below TLS, so a cut lands inside whatever was going): the run
# says the connection was lost or finishes, and the next run over a good
# link ends as the uninterrupted one.
cuts=0 said=0 same=0 tries=0
for n in $(seq 2500 600 7000); do
	tries=$((tries + 1))
	rm -rf "$TEST_TMP/cut" && mkdir -p "$TEST_TMP/cut"
	crash_setup "$TEST_TMP/cut"
	proxy "$MH_IMAPS" cut "$n"
	sed "s|localhost:$MH_IMAPS|localhost:$proxy_port|" "$TEST_TMP/cut/rc" >"$TEST_TMP/cut/rc.cut"
	out=$(NOTMUCH_CONFIG=$TEST_TMP/cut/store/notmuch-config \
		XDG_STATE_HOME=$TEST_TMP/cut/state \
		"$MUA" -F "$TEST_TMP/cut/rc.cut" sync 2>&1) || {
		cuts=$((cuts + 1))
		grep -q 'connection was lost\|server stopped answering\|no IMAP greeting\|TLS' <<<"$out" &&
			said=$((said + 1))
	}
	kill "$proxy_pid" 2>/dev/null
	crash_run "$TEST_TMP/cut" >/dev/null 2>&1
	crash_snapshot "$TEST_TMP/cut" >"$TEST_TMP/cut.got"
	if cmp -s "$TEST_TMP/ks.want" "$TEST_TMP/cut.got"; then
		same=$((same + 1))
	else
		echo "# cut after $n bytes: $(tail -n 1 <<<"$out")"
		diff "$TEST_TMP/ks.want" "$TEST_TMP/cut.got" | head -10 | sed 's/^/#   /'
	fi
done
ok "cut links: most runs were cut ($cuts of $tries)" [ "$cuts" -ge $((tries / 2)) ]
is "each cut run said why" "$cuts" "$said"
is "after each, a good run ends as the uninterrupted one" "$tries" "$same"
like "one archived" '^Archive: m9@example.org' "$(cat "$TEST_TMP/ks.want")"
like "one deleted" '^Trash: m10@example.org' "$(cat "$TEST_TMP/ks.want")"
like "and a further sync had nothing to do" \
	'^work: 0 new messages \(0 KB\)$' "$(cat "$TEST_TMP/ks.want")"
mailhost_stop
MH_IMAP_CAPS="IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 SPECIAL-USE" \
	round "no CONDSTORE, QRESYNC or MOVE"
test_done
