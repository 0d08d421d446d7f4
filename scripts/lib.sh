# shellcheck shell=bash
# Shared helpers for scripts/*.sh and tests/bench/run.sh (source it; it sets no shell options).

DROVE_ROOT=${DROVE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
DROVE_BUILD_DIR=${DROVE_BUILD_DIR:-$DROVE_ROOT/build}
DROVE_JOBS=${DROVE_JOBS:-2}
DROVE_STARTED_ENGINES=""
# ccache: every clone shares one cache (CI clones into a new folder each run).
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$DROVE_ROOT} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}

drove_log() { echo "[$(date +%H:%M:%S)] $*"; }

# Starts a container engine (docker|podman) unless one answers on its socket, and remembers in
# DROVE_STARTED_ENGINES whether it was us, so that only what we started is stopped.
drove_start_engine() {
  local engine=$1 out
  out=$(bash "$DROVE_ROOT/scripts/engine.sh" "$engine" start) || { echo "$out"; return 1; }
  echo "$out" | grep -v '^started\|^already running' || true
  if grep -q '^started' <<<"$out"; then
    DROVE_STARTED_ENGINES="$DROVE_STARTED_ENGINES $engine"
    drove_log "$engine ${out}"
  else
    drove_log "$engine already running; leaving it alone"
  fi
}

drove_stop_engines_if_started() {
  local engine
  for engine in $DROVE_STARTED_ENGINES; do bash "$DROVE_ROOT/scripts/engine.sh" "$engine" stop; done
  DROVE_STARTED_ENGINES=""
}

# Configures and builds the C++ tree in $DROVE_BUILD_DIR (RelWithDebInfo, $DROVE_JOBS jobs).
# DROVE_SKIP_BUILD=1 uses the binaries already there.
drove_build() {
  if [[ "${DROVE_SKIP_BUILD:-0}" == 1 ]]; then
    drove_log "build skipped (DROVE_SKIP_BUILD=1)"
    return 0
  fi
  mkdir -p "$DROVE_BUILD_DIR"
  local generator=()
  # Ninja schedules the two cores better than make; an existing make-configured dir stays as it is.
  if command -v ninja >/dev/null && [[ ! -f "$DROVE_BUILD_DIR/Makefile" ]]; then generator=(-G Ninja); fi
  cmake -S "$DROVE_ROOT" -B "$DROVE_BUILD_DIR" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    >"$DROVE_BUILD_DIR/configure.log" 2>&1 || { cat "$DROVE_BUILD_DIR/configure.log"; return 1; }
  cmake --build "$DROVE_BUILD_DIR" -j "$DROVE_JOBS"
}

# Ids of containers carrying a label ("key" or "key=value"), one per line.
drove_containers_with_label() {
  docker ps -aq --no-trunc --filter "label=$1" 2>/dev/null
}

# Force-removes the given container ids (arguments); silent.
drove_remove_containers() {
  (($# == 0)) && return 0
  docker rm -f -v "$@" >/dev/null 2>&1 || true
}
