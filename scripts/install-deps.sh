#!/usr/bin/env bash
# Installs the Debian 12 packages the build, tests and demo need; idempotent and quiet.
# Runs `apt-get update` only when a package is missing. Needs root (or sudo).
set -euo pipefail

PACKAGES=(
  # build
  build-essential cmake ninja-build ccache pkg-config g++ clang libclang-rt-14-dev
  # the .deb (cmake/packaging.cmake): dpkg-shlibdeps computes its Depends
  dpkg-dev
  # libraries
  libevent-dev nlohmann-json3-dev libyaml-cpp-dev libc-ares-dev libsqlite3-dev libssl-dev
  libboost-test-dev libcrypt-dev libzookeeper-mt-dev
  # drove-epoch's mail (libcurl's SMTP) and the SMTP sink its mail test starts
  libcurl4-openssl-dev python3-aiosmtpd
  # the cluster store: ZooKeeper servers for the HA demo and the tests
  zookeeper default-jre-headless
  # container engines (Docker; Podman with runc for its pass of the lifecycle tests) and test images
  docker.io busybox-static podman runc
  # test harness, scripts, networking tests
  python3 curl iproute2 iptables procps ca-certificates openssl
  # the Ansible roles' tests (tests/ansible): their host image, Ansible and its linters
  debootstrap ansible ansible-lint yamllint ansible-mitogen
  # gateway, its benchmark
  nginx nginx-dev wrk
  # DNS: test clients, the benchmark's load generator and reference server
  knot-dnsutils bind9-dnsutils dnsperf nsd
  # metrics: promtool checks every daemon's /metrics (the package's own server is not used)
  prometheus
  # the operator UI's browser tests: Debian's Chromium driven by npm playwright-core (tests/ui)
  chromium nodejs
)
# Debian's nodejs ships npm apart; a NodeSource nodejs bundles it (and conflicts with the package).
command -v npm >/dev/null || PACKAGES+=(npm)

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then SUDO=(sudo); fi

# Output is kept in a log and shown only when a step fails.
log=$(mktemp /tmp/drove-install-deps.XXXXXX)
trap 'rm -f "$log"' EXIT
run() {
  if ! "$@" >>"$log" 2>&1; then
    echo "install-deps: failed: $*" >&2
    cat "$log" >&2
    exit 1
  fi
}

echo "install-deps: installing ${missing[*]}"
run "${SUDO[@]}" apt-get update -qq
run "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "${missing[@]}"
echo "install-deps: done"
