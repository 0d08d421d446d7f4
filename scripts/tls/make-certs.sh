#!/usr/bin/env bash
# A throw-away CA and certificates signed by it, for tests and `scripts/demo.sh tls`. Never for
# production: the CA key sits next to the certificates, unencrypted.
#   scripts/tls/make-certs.sh OUT_DIR [NAME|IP ...]
# Makes in OUT_DIR:
#   ca.crt ca.key            the CA (reused when present)
#   <name>.crt <name>.key    per NAME (default: node), for serving and as a client certificate
#                            (mutual TLS); SANs: the name, localhost, 127.0.0.1 and every IP given
#   client.crt client.key    a client-only certificate (CN client), for curl --cert and the like
# Idempotent: a certificate is made again only when missing, not signed by ca.crt, expiring within
# a day, or not covering every name and IP asked for. Prints each file it made.
set -euo pipefail

usage() { echo "usage: $0 OUT_DIR [NAME|IP ...]" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
out=$1
shift
command -v openssl >/dev/null || { echo "$0: openssl not found (apt-get install openssl)" >&2; exit 1; }

names=() ips=(127.0.0.1)
for arg in "$@"; do
  if [[ $arg =~ ^[0-9.]+$ || $arg == *:* ]]; then
    [[ " ${ips[*]} " == *" $arg "* ]] || ips+=("$arg")
  elif [[ $arg =~ ^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$ ]]; then
    names+=("$arg")
  else
    echo "$0: '$arg' is neither a host name nor an IP address" >&2
    exit 2
  fi
done
((${#names[@]})) || names=(node)

mkdir -p "$out"
umask 077  # keys are private to their owner; certificates are made world-readable below
days=825   # the longest validity clients accept for a leaf certificate

made() { echo "made $out/$1"; }

# new_key FILE: an EC P-256 key.
new_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

if [[ ! -s $out/ca.crt || ! -s $out/ca.key ]]; then
  new_key "$out/ca.key"
  openssl req -x509 -new -key "$out/ca.key" -sha256 -days 3650 -subj "/CN=Drove throw-away CA $(openssl rand -hex 4)" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$out/ca.crt" 2>/dev/null
  chmod 644 "$out/ca.crt"
  made ca.crt
  made ca.key
fi

# fresh NAME HOST... -- IP...: the certificate exists, is signed by ca.crt, is not about to expire
# and names every host and IP.
fresh() {
  local cert=$out/$1.crt arg check=-checkhost
  shift
  [[ -s $cert && -s ${cert%.crt}.key ]] || return 1
  openssl verify -CAfile "$out/ca.crt" "$cert" >/dev/null 2>&1 || return 1
  openssl x509 -in "$cert" -noout -checkend 86400 >/dev/null || return 1
  for arg in "$@"; do
    if [[ $arg == -- ]]; then check=-checkip; continue; fi
    openssl x509 -in "$cert" -noout "$check" "$arg" | grep -q ' does match ' || return 1
  done
}

# issue NAME EXTENDED_KEY_USAGE SAN: a key and a certificate signed by the CA.
issue() {
  local name=$1 usage=$2 san=$3 ext
  ext=$(mktemp)
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=%s\n%s\n' \
    "$usage" "${san:+subjectAltName=$san}" >"$ext"
  new_key "$out/$name.key"
  openssl req -new -key "$out/$name.key" -subj "/CN=$name" 2>/dev/null |
    openssl x509 -req -CA "$out/ca.crt" -CAkey "$out/ca.key" -CAcreateserial -days "$days" -sha256 \
      -extfile "$ext" -out "$out/$name.crt" 2>/dev/null
  rm -f "$ext" "$out/ca.srl"
  chmod 644 "$out/$name.crt"
  made "$name.crt"
  made "$name.key"
}

for name in "${names[@]}"; do
  hosts=("$name" localhost)
  san=$(printf 'DNS:%s,' "${hosts[@]}")$(printf 'IP:%s,' "${ips[@]}")
  fresh "$name" "${hosts[@]}" -- "${ips[@]}" || issue "$name" serverAuth,clientAuth "${san%,}"
done
fresh client || issue client clientAuth ""
