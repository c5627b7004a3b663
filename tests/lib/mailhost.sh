# tests/lib/mailhost.sh: real mail servers on 127.0.0.1 for tests: dovecot
# for IMAP and POP3, postfix for SMTP submission, delivering into the same
# maildirs through dovecot's LMTP. Needs testlib.sh and certs.sh.
#
#   mailhost_start [CERT]   starts both, on ten free ports from a random
#                           base; CERT names the certificate the servers
#                           present (good, wronghost, expired, selfsigned;
#                           default good). Registers mailhost_stop at exit.
#   mailhost_start_imap [CERT]  dovecot only (IMAP, POP3, LMTP)
#   mailhost_maildir USER   prints USER's Maildir path
#   mailhost_put FIRST LAST messages <mFIRST@example.org>.. into test's
#                           INBOX (each also in $TEST_TMP/src-N), the odd
#                           ones read (\Seen)
#   mailhost_stop           stops everything it started
#
# After a start these are set (B = $MH_BASE):
#   MH_IMAP=B (STARTTLS)  MH_IMAPS=B+1  MH_POP3=B+2 (STLS)  MH_POP3S=B+3
#   MH_LMTP=B+6  MH_SUBMIT=B+7 (STARTTLS, AUTH only after TLS)  MH_SUBMITS=B+8
#   MH_CA (the CA file to trust)  MH_DIR (the servers' private directory)
#   MH_SMTP=yes when postfix runs; postfix needs root, so as another user
#   only dovecot starts and MH_SMTP=no says why SMTP tests must skip.
# Users: test/secret and user2/secret2, maildir storage.
# MH_IMAP_CAPS, when set, is all the IMAP capabilities dovecot announces
# (leave CONDSTORE, QRESYNC and MOVE out to test a plainer server).
#
# Dovecot counts a connection whose local and remote addresses are equal
# as secure, so it accepts plaintext logins on 127.0.0.1 even though TLS is
# required: a test that a client refuses plaintext must check the client
# (a proxy that strips STARTTLS), not rely on the server refusing.
#
# Facts this relies on are in shared/TESTENV.md: dovecot refuses to run
# login processes or mail access as root, postfix prints errors only to
# syslog, and both must be able to traverse the run directories.

_MH_MAIL_USER=nobody
_MH_MAIL_GROUP=nogroup

# Prints a base port B such that B..B+9 are all free on 127.0.0.1.
_mh_free_base() {
	local base tries=0 used
	used=$(ss -Htan 2>/dev/null | awk '{ n = split($4, a, ":"); print a[n] }')
	while [ $tries -lt 50 ]; do
		base=$((20000 + (RANDOM % 1200) * 10))	# below the ephemeral ports
		if ! printf '%s\n' "$used" | awk -v b="$base" \
			'$1 >= b && $1 <= b + 9 { found = 1 } END { exit !found }'; then
			echo "$base"
			return 0
		fi
		tries=$((tries + 1))
	done
	return 1
}

# Waits until a server on PORT sends a greeting starting with PREFIX.
_mh_wait_greeting() {
	local port=$1 prefix=$2 i line
	# A minute at most: dovecot and postfix start slowly on a busy machine.
	for i in $(seq 1 1200); do
		if exec 9<>"/dev/tcp/127.0.0.1/$port" 2>/dev/null; then
			line=
			read -r -t 2 line <&9
			exec 9>&-
			case $line in "$prefix"*) return 0 ;; esac
		fi
		sleep 0.05
	done
	echo "# no greeting \"$prefix\" on port $port" >&2
	return 1
}

_mh_dovecot_conf() {
	local d=$MH_DIR b=$MH_BASE cert=$1 chroot=
	[ "$(id -u)" -eq 0 ] || chroot='chroot ='
	cat <<-CONF
	base_dir = $d/run
	state_dir = $d/run/state
	instance_name = mua-test-$b
	log_path = $d/log/dovecot.log
	info_log_path = $d/log/dovecot.log
	debug_log_path = $d/log/dovecot.log
	protocols = imap pop3 lmtp
	listen = 127.0.0.1
	ssl = required
	ssl_cert = <$MH_PKI/$cert.pem
	ssl_key = <$MH_PKI/$cert.key
	ssl_min_protocol = TLSv1.2
	disable_plaintext_auth = yes
	auth_mechanisms = plain login${MH_OAUTH_URL:+ ${MH_OAUTH_MECHS:-xoauth2 oauthbearer}}
	auth_failure_delay = 0
	auth_username_format = %Ln
	passdb {
	  driver = passwd-file
	  args = scheme=PLAIN $d/passwd
	}
	$( [ -n "${MH_OAUTH_URL:-}" ] && printf 'passdb {\n  driver = oauth2\n  mechanisms = %s\n  args = %s\n}\n' \
		"${MH_OAUTH_MECHS:-xoauth2 oauthbearer}" "$d/oauth2.conf")
	userdb {
	  driver = passwd-file
	  args = $d/passwd
	}
	mail_location = maildir:~/Maildir
	mail_save_crlf = yes
	first_valid_uid = 0
	$( [ "$(id -u)" -eq 0 ] && printf '%s\n' 'default_internal_user = dovecot' 'default_login_user = dovenull' \
		|| printf '%s\n' "default_internal_user = $(id -un)" "default_login_user = $(id -un)" \
			"default_internal_group = $(id -gn)")
	lmtp_add_received_header = no
	lmtp_hdr_delivery_address = none
	pop3_uidl_format = %08Xu%08Xv
	$( [ -z "${MH_IMAP_CAPS:-}" ] || printf 'imap_capability = %s\n' "$MH_IMAP_CAPS")
	service imap-login {
	  $chroot
	  inet_listener imap {
	    address = 127.0.0.1
	    port = $b
	  }
	  inet_listener imaps {
	    address = 127.0.0.1
	    port = $((b + 1))
	    ssl = yes
	  }
	}
	service pop3-login {
	  $chroot
	  inet_listener pop3 {
	    address = 127.0.0.1
	    port = $((b + 2))
	  }
	  inet_listener pop3s {
	    address = 127.0.0.1
	    port = $((b + 3))
	    ssl = yes
	  }
	}
	service lmtp {
	  inet_listener lmtp {
	    address = 127.0.0.1
	    port = $((b + 6))
	  }
	}
	service anvil {
	  $chroot
	}
	service auth {
	  unix_listener auth-postfix {
	    mode = 0666
	  }
	}
	CONF
}

_mh_start_dovecot() {
	local cert=$1 uid gid user
	mkdir -p "$MH_DIR/run" "$MH_DIR/log" "$MH_DIR/mail"
	if [ "$(id -u)" -eq 0 ]; then
		uid=$(id -u $_MH_MAIL_USER) gid=$(id -g $_MH_MAIL_USER)
	else
		uid=$(id -u) gid=$(id -g)
	fi
	: >"$MH_DIR/passwd"
	for user in test:secret user2:secret2; do
		echo "${user%%:*}:{PLAIN}${user#*:}:$uid:$gid::$MH_DIR/mail/${user%%:*}" >>"$MH_DIR/passwd"
		mkdir -p "$MH_DIR/mail/${user%%:*}/Maildir/"{cur,new,tmp}
	done
	[ "$(id -u)" -ne 0 ] || chown -R "$_MH_MAIL_USER:$_MH_MAIL_GROUP" "$MH_DIR/mail"
	# With MH_OAUTH_URL, tokens are checked by GET MH_OAUTH_URL<token>,
	# for the mechanisms in MH_OAUTH_MECHS (default: both).
	[ -z "${MH_OAUTH_URL:-}" ] || printf '%s\n' \
		"tokeninfo_url = $MH_OAUTH_URL" 'introspection_mode = get' \
		'username_attribute = username' 'active_attribute = active' \
		'active_value = true' >"$MH_DIR/oauth2.conf"
	_mh_dovecot_conf "$cert" >"$MH_DIR/dovecot.conf"
	# Daemons must not inherit the caller's stdout: a $(...) capture
	# around this would never end.
	/usr/sbin/dovecot -c "$MH_DIR/dovecot.conf" </dev/null \
		>>"$MH_DIR/log/start.log" 2>&1 || return 1
	_mh_wait_greeting "$MH_IMAP" '* OK' && _mh_wait_greeting "$MH_POP3" '+OK' &&
		_mh_wait_greeting "$MH_LMTP" '220'
}

_mh_postfix_main_cf() {
	local d=$MH_DIR
	cat <<-CONF
	compatibility_level = 3.6
	queue_directory = $d/pfqueue
	data_directory = $d/pfdata
	mail_owner = postfix
	setgid_group = postdrop
	maillog_file_prefixes = $d/log
	maillog_file = $d/log/postfix.log
	inet_interfaces = 127.0.0.1
	inet_protocols = ipv4
	myhostname = localhost
	mydestination =
	relay_domains =
	mynetworks = 127.0.0.1/32
	alias_maps =
	alias_database =
	default_transport = lmtp:inet:127.0.0.1:$MH_LMTP
	relay_transport = lmtp:inet:127.0.0.1:$MH_LMTP
	local_header_rewrite_clients =
	always_add_missing_headers = no
	disable_mime_output_conversion = yes
	lmtp_line_length_limit = 0
	smtp_line_length_limit = 0
	header_checks = regexp:$d/postfix/header_checks
	smtpd_tls_cert_file = $MH_PKI/$1.pem
	smtpd_tls_key_file = $MH_PKI/$1.key
	smtpd_tls_security_level = may
	smtpd_tls_auth_only = yes
	smtpd_sasl_auth_enable = yes
	smtpd_sasl_type = dovecot
	smtpd_sasl_path = $d/run/auth-postfix
	smtpd_relay_restrictions = permit_sasl_authenticated, reject
	smtpd_recipient_restrictions = check_recipient_access regexp:$d/postfix/rcpt_access
	message_size_limit = 2000000
	queue_run_delay = 1s
	minimal_backoff_time = 1s
	maximal_backoff_time = 2s
	CONF
}

_mh_postfix_master_cf() {
	# chroot is "n" everywhere: Debian's "y" would chroot into the queue.
	cat <<-CONF
	127.0.0.1:$MH_SUBMIT inet n - n - - smtpd -o smtpd_tls_security_level=encrypt
	127.0.0.1:$MH_SUBMITS inet n - n - - smtpd -o smtpd_tls_wrappermode=yes
	127.0.0.1:$MH_SMTP_PLAIN inet n - n - - smtpd -o smtpd_tls_security_level=none -o smtpd_tls_auth_only=no -o smtpd_discard_ehlo_keywords=8bitmime
	pickup fifo n - n 60 1 pickup
	cleanup unix n - n - 0 cleanup
	qmgr fifo n - n 300 1 qmgr
	tlsmgr unix - - n 1000? 1 tlsmgr
	rewrite unix - - n - - trivial-rewrite
	bounce unix - - n - 0 bounce
	defer unix - - n - 0 bounce
	trace unix - - n - 0 bounce
	verify unix - - n - 1 verify
	flush unix n - n 1000? 0 flush
	proxymap unix - - n - - proxymap
	smtp unix - - n - - smtp
	lmtp unix - - n - - lmtp
	anvil unix - - n - 1 anvil
	scache unix - - n - 1 scache
	postlog unix-dgram n - n - 1 postlogd
	CONF
}

_mh_start_postfix() {
	local cert=$1 pf=$MH_DIR/postfix q=$MH_DIR/pfqueue sub
	mkdir -p "$pf"
	_mh_postfix_main_cf "$cert" >"$pf/main.cf"
	_mh_postfix_master_cf >"$pf/master.cf"
	# Postfix prepends a Received: line for our own submission: drop it so
	# tests can compare stored mail with what was sent, byte for byte.
	echo '/^Received: from [^ ]+ \(localhost \[127\.0\.0\.1\]\)/ IGNORE' \
		>"$pf/header_checks"
	# Recipients the tests use to get a refusal and a deferral.
	printf '%s\n' '/^refuse@/ 550 5.1.1 <refuse@localhost>: no such user here' \
		'/^later@/ 450 4.2.1 <later@localhost>: try again later' >"$pf/rcpt_access"
	# A fresh main.cf makes postfix sleep until its mtime is in the past.
	touch -d '-5 seconds' "$pf/main.cf" "$pf/master.cf"
	install -d -o postfix -g postfix -m 700 "$MH_DIR/pfdata"
	install -d -o root -g root -m 755 "$q" "$q/pid"
	for sub in active bounce corrupt defer deferred flush hold incoming \
		private saved trace; do
		install -d -o postfix -g root -m 700 "$q/$sub"
	done
	install -d -o postfix -g postdrop -m 730 "$q/maildrop"
	install -d -o postfix -g postdrop -m 710 "$q/public"
	# master -w returns once the daemon is ready (postfix start takes 2 s).
	/usr/lib/postfix/sbin/master -c "$pf" -w </dev/null \
		>>"$MH_DIR/log/start.log" 2>&1 || {
		script -qc "postfix -c $pf check" /dev/null >&2
		return 1
	}
	_mh_wait_greeting "$MH_SUBMIT" '220'
}

_mh_set_ports() {
	MH_BASE=$1
	MH_IMAP=$1 MH_IMAPS=$(($1 + 1)) MH_POP3=$(($1 + 2)) MH_POP3S=$(($1 + 3))
	MH_LMTP=$(($1 + 6)) MH_SUBMIT=$(($1 + 7)) MH_SUBMITS=$(($1 + 8))
	MH_SMTP_PLAIN=$(($1 + 9))	# submission without TLS or 8BITMIME, for fault proxies
	export MH_BASE MH_IMAP MH_IMAPS MH_POP3 MH_POP3S MH_LMTP MH_SUBMIT MH_SUBMITS MH_SMTP_PLAIN
}

_mh_start() {	# WITH_POSTFIX CERT
	local with_postfix=$1 cert=${2:-good} try
	MH_SMTP=$with_postfix
	[ "$(id -u)" -eq 0 ] || MH_SMTP=no
	export MH_SMTP
	MH_DIR=$TEST_TMP/mailhost MH_PKI=$TEST_TMP/mailhost-pki
	MH_CA=$MH_PKI/ca.pem
	export MH_DIR MH_PKI MH_CA
	# Everything the servers' users open must be reachable from /.
	chmod 755 "$TEST_TMP"
	[ -f "$MH_CA" ] || certs_make "$MH_PKI" || return 1
	at_exit mailhost_stop
	# Another test may take a port between our check and our bind: retry.
	for try in 1 2 3 4 5; do
		rm -rf "$MH_DIR"
		mkdir -p "$MH_DIR" && chmod 755 "$MH_DIR"
		_mh_set_ports "$(_mh_free_base)" || return 1
		if _mh_start_dovecot "$cert" &&
			{ [ "$MH_SMTP" = no ] || _mh_start_postfix "$cert"; }; then
			return 0
		fi
		mailhost_stop
	done
	echo "# mail servers did not start; logs:" >&2
	tail -n 20 "$MH_DIR"/log/* >&2
	return 1
}

mailhost_start() {
	_mh_start yes "$@"
}

# For tests that send: without dovecot, postfix or root the whole test
# is skipped, saying why (WHAT it would have tested); else both start.
mailhost_start_smtp() {	# WHAT
	require_program /usr/sbin/dovecot "dovecot stores what postfix delivers"
	require_program /usr/lib/postfix/sbin/master "postfix takes the submission"
	if [ "$(id -u)" -ne 0 ]; then
		skip "$1" "the mail servers need root"
		test_done
		exit 0
	fi
	ok_here "postfix and dovecot start" mailhost_start good || { test_done; exit 1; }
}

mailhost_start_imap() {
	_mh_start no "$@"
}

# Waits (a minute at most) until postfix's queue is empty: each message
# it took is then delivered, or bounced. Fails if it never empties.
mailhost_drained() {
	local q=$MH_DIR/pfqueue i
	for i in $(seq 1 1200); do
		[ -z "$(find "$q/maildrop" "$q/incoming" "$q/active" \
			"$q/deferred" -type f 2>/dev/null | head -n 1)" ] && return 0
		sleep 0.05
	done
	return 1
}

mailhost_maildir() {
	echo "$MH_DIR/mail/$1/Maildir"
}

mailhost_put() {	# FIRST LAST
	local box i
	box=$(mailhost_maildir test)
	for i in $(seq "$1" "$2"); do
		printf 'From: Sender %d <s%d@example.org>\nTo: test@localhost\nSubject: message %d\nMessage-ID: <m%d@example.org>\nDate: Mon, 02 Nov 2026 10:%02d:00 +0000\n\nBody %d\nwith 8-bit bytes \xc3\xa9.\n' \
			"$i" "$i" "$i" "$i" $((i % 60)) "$i" >"$TEST_TMP/src-$i"
		if [ $((i % 2)) = 1 ]; then
			cp "$TEST_TMP/src-$i" "$box/cur/src$i.host:2,S"
		else
			cp "$TEST_TMP/src-$i" "$box/new/src$i.host"
		fi
	done
}

# Kills the process group of the master whose pid is in FILE.
_mh_kill_group() {
	local pid
	[ -f "$1" ] || return 0
	pid=$(head -n 1 "$1" | tr -d ' ')
	[ -n "$pid" ] || return 0
	kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
	sleep 0.2
	kill -KILL -- "-$pid" 2>/dev/null
	rm -f "$1"
}

mailhost_stop() {
	[ -n "${MH_DIR:-}" ] || return 0
	_mh_kill_group "$MH_DIR/pfqueue/pid/master.pid"
	_mh_kill_group "$MH_DIR/run/master.pid"
	# Children can hold the ports a few ms after the master died.
	local i
	for i in $(seq 1 400); do
		ss -Htln 2>/dev/null | awk -v b="$MH_BASE" \
			'{ n = split($4, a, ":"); if (a[n] >= b && a[n] <= b + 9) found = 1 }
			END { exit !found }' || return 0
		sleep 0.05
	done
	return 0
}
