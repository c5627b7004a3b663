# tests/lib/certs.sh: a throw-away test PKI made with the openssl CLI.
#
#   certs_make DIR   writes into DIR:
#     ca.pem ca.key          the test CA (trust it with a ca_file setting)
#     good.pem good.key      localhost + IP 127.0.0.1, signed by the CA
#     wronghost.pem/.key     wrong.example only, signed by the CA
#     expired.pem/.key       localhost, valid 2020-01-01..2020-01-02
#     selfsigned.pem/.key    localhost, signed by itself
# All keys are EC P-256; the whole set takes well under a second.

_certs_leaf() {	# DIR NAME SAN [openssl-ca options...]
	local dir=$1 name=$2 san=$3; shift 3
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$dir/$name.key" -out "$dir/$name.csr" \
		-subj "/CN=${san#DNS:}" 2>/dev/null || return 1
	printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
		"$san" >"$dir/$name.ext"
	openssl ca -batch -config "$dir/ca.cnf" -extfile "$dir/$name.ext" \
		-in "$dir/$name.csr" -out "$dir/$name.pem" -notext "$@" 2>/dev/null
}

certs_make() {
	local dir=$1
	mkdir -p "$dir/db" || return 1
	: >"$dir/db/index.txt"
	echo 1000 >"$dir/db/serial"
	cat >"$dir/ca.cnf" <<-CNF
	[ca]
	default_ca = test
	[test]
	dir = $dir
	database = $dir/db/index.txt
	serial = $dir/db/serial
	new_certs_dir = $dir/db
	certificate = $dir/ca.pem
	private_key = $dir/ca.key
	default_md = sha256
	default_days = 30
	policy = anything
	unique_subject = no
	copy_extensions = none
	[anything]
	commonName = supplied
	CNF
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$dir/ca.key" -out "$dir/ca.pem" -days 30 \
		-subj "/CN=mua test CA" 2>/dev/null || return 1
	_certs_leaf "$dir" good "DNS:localhost,IP:127.0.0.1" || return 1
	_certs_leaf "$dir" wronghost "DNS:wrong.example" || return 1
	_certs_leaf "$dir" expired "DNS:localhost,IP:127.0.0.1" \
		-startdate 20200101000000Z -enddate 20200102000000Z || return 1
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$dir/selfsigned.key" -out "$dir/selfsigned.pem" -days 30 \
		-subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
		2>/dev/null || return 1
	chmod 644 "$dir"/*.pem "$dir"/*.key
}
