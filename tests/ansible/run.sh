#!/usr/bin/env bash
# tests/ansible/run.sh: issue 15's acceptance. Builds two drove packages from this tree (its version,
# and the same binaries as 9.9.9 for upgrade.yml), boots eight systemd hosts (hosts.sh, image from
# mkimage.sh), and runs run.py: lint, converge of ansible/site.yml with the example inventory,
# idempotence, check mode, the cluster end to end and the drills. Removes the hosts at the end (the
# image and the .deb cache stay). Last line: `ansible: N passed, M failed`.
# Needs root, a running dockerd with the test images (tests/images/build.sh) and a built tree
# ($DROVE_BUILD_DIR). Env: DROVE_ANSIBLE_KEEP=1 leaves the hosts up.
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
HERE=$DROVE_ROOT/tests/ansible
PACKAGES_DIR=$DROVE_BUILD_DIR/ansible-packages

fail() { drove_log "tests/ansible: $*"; echo "ansible: 0 passed, 1 failed"; exit 1; }

finish() {
  if [[ "${DROVE_ANSIBLE_KEEP:-0}" != 1 ]]; then bash "$HERE/hosts.sh" down >/dev/null 2>&1; fi
}
trap finish EXIT

export DROVE_PACKAGE_DIR=$PACKAGES_DIR DROVE_ANSIBLE_LOGS=$DROVE_BUILD_DIR/ansible-logs
rm -rf "$DROVE_ANSIBLE_LOGS"
package=$(bash "$DROVE_ROOT/scripts/package.sh" "$DROVE_BUILD_DIR" | tail -n 1) ||
  fail "scripts/package.sh failed"
upgrade=$(bash "$DROVE_ROOT/scripts/package.sh" "$DROVE_BUILD_DIR" 9.9.9 | tail -n 1) ||
  fail "scripts/package.sh (9.9.9) failed"
drove_log "packages: $(basename "$package") $(basename "$upgrade")"

started=$(date +%s)
bash "$HERE/hosts.sh" up || fail "hosts.sh up failed"
drove_log "8 hosts up in $(($(date +%s) - started)) s"

python3 "$HERE/run.py" "$package" "$upgrade"
