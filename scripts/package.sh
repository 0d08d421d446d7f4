#!/usr/bin/env bash
# Builds the Debian package drove_<version>_amd64.deb (cmake/packaging.cmake) and prints its
# absolute path on the last line of stdout.
#   scripts/package.sh [BUILD_DIR] [VERSION]
# BUILD_DIR (default: $DROVE_BUILD_DIR, i.e. build/ under the repo root) is configured only when it
# has no CMakeCache.txt, and an already-built tree is reused. VERSION (default: the project's, or
# -DDROVE_PACKAGE_VERSION given at configure time) names a newer package from the same tree, e.g.
# for an upgrade test, without changing the build dir's configuration. The .deb goes to
# $DROVE_PACKAGE_DIR (default: BUILD_DIR). Env: DROVE_JOBS (2).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build_dir=$(realpath -m "${1:-$DROVE_BUILD_DIR}")
version=${2:-}
out_dir=$(realpath -m "${DROVE_PACKAGE_DIR:-$build_dir}")

if [[ ! -f $build_dir/CMakeCache.txt ]]; then
  drove_log "configuring $build_dir" >&2
  DROVE_BUILD_DIR=$build_dir drove_build >&2
fi
command -v dpkg-shlibdeps >/dev/null || {
  echo "package.sh: dpkg-shlibdeps missing: apt-get install dpkg-dev" >&2
  exit 1
}

# `--target package` is a build of `all` then cpack on CPackConfig.cmake; cpack is called here
# itself so that VERSION and the output folder apply to this package only.
drove_log "building $build_dir" >&2
cmake --build "$build_dir" -j "$DROVE_JOBS" >&2
mkdir -p "$out_dir"
cpack_args=(--config "$build_dir/CPackConfig.cmake" -B "$out_dir")
[[ -n $version ]] && cpack_args+=(-D "CPACK_PACKAGE_VERSION=$version")
drove_log "packaging${version:+ version $version} into $out_dir" >&2
log=$(mktemp /tmp/drove-package.XXXXXX)
trap 'rm -f "$log"' EXIT
(cd "$build_dir" && cpack "${cpack_args[@]}") >"$log" 2>&1 || {
  cat "$log" >&2
  exit 1
}
# cpack says `CPack: - package: /abs/path/drove_0.1.0_amd64.deb generated.`
deb=$(sed -n 's/^CPack: - package: \(.*\.deb\) generated\.$/\1/p' "$log" | tail -n 1)
[[ -n $deb && -f $deb ]] || {
  cat "$log" >&2
  echo "package.sh: cpack named no .deb" >&2
  exit 1
}
echo "$deb"
