#!/usr/bin/env bash
# Runs one benchmark: tests/bench/run.sh NAME  ->  tests/bench/NAME.sh or NAME.py, after building what
# it needs (deps, dockerd, test images, cmake build). The benchmark's last output line is one JSON
# object. Env for the benchmark: DROVE_SOURCE_DIR, DROVE_BUILD_DIR. Unknown NAME exits 2.
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
cd "$DROVE_ROOT" || exit 1
BENCH_DIR=$DROVE_ROOT/tests/bench

available() {
  local f names=()
  for f in "$BENCH_DIR"/*.sh "$BENCH_DIR"/*.py; do
    [[ -f "$f" && "$(basename "$f")" != run.sh ]] && names+=("$(basename "${f%.*}")")
  done
  if ((${#names[@]})); then printf '%s\n' "${names[@]}" | sort -u | paste -sd' '; else echo "(none yet)"; fi
}

name=${1:-}
script=""
if [[ -n "$name" && "$name" != run && "$name" =~ ^[A-Za-z0-9_-]+$ ]]; then
  if [[ -f "$BENCH_DIR/$name.sh" ]]; then
    script=(bash "$BENCH_DIR/$name.sh")
  elif [[ -f "$BENCH_DIR/$name.py" ]]; then
    script=(python3 "$BENCH_DIR/$name.py")
  fi
fi
if [[ -z "${script[*]}" ]]; then
  echo "bench: unknown benchmark '${name}'; available: $(available)" >&2
  exit 2
fi
shift

trap 'drove_stop_engines_if_started >/dev/null' EXIT
{
  bash scripts/install-deps.sh &&
    drove_start_engine docker &&
    bash tests/images/build.sh &&
    drove_build
} >&2 || { echo "bench: setup failed" >&2; exit 1; }

export DROVE_SOURCE_DIR=$DROVE_ROOT DROVE_BUILD_DIR
"${script[@]}" "$@"
