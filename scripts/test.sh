#!/usr/bin/env bash
# The whole test run, as CI does it (.ci/run): deps, dockerd and podman, test images, build, ctest
# (unit + integration, a Podman pass of the lifecycle tests), the Ansible converge (tests/ansible),
# a short libFuzzer run of every fuzz_* target; ends with "N passed, M failed".
# Works from a fresh clone on a fresh Debian 12 machine as root. Env: DROVE_FUZZ_SECONDS (20),
# DROVE_SKIP_FUZZ=1, DROVE_SKIP_ANSIBLE=1, DROVE_JOBS (2), DROVE_BUILD_DIR (build), DROVE_FUZZ_BUILD_DIR (build-fuzz).
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$DROVE_ROOT" || exit 1

FUZZ_SECONDS=${DROVE_FUZZ_SECONDS:-20}
FUZZ_BUILD_DIR=${DROVE_FUZZ_BUILD_DIR:-$DROVE_ROOT/build-fuzz}
PODMAN_HOST=unix:///run/podman/podman.sock  # the podman_* ctest tests use this socket
passed=0
failed=0
preexisting_containers=""

finish() {
  local code=$?
  # Containers the tests left behind: every drove.instance.id container that was not there before.
  local engine_host
  for engine_host in "" "$PODMAN_HOST"; do
    DOCKER_HOST=$engine_host docker info >/dev/null 2>&1 || continue
    local leftovers=() id
    for id in $(DOCKER_HOST=$engine_host drove_containers_with_label drove.instance.id); do
      grep -qx "$id" <<<"$preexisting_containers" || leftovers+=("$id")
    done
    if ((${#leftovers[@]})); then
      drove_log "removing ${#leftovers[@]} container(s) left by the tests"
      DOCKER_HOST=$engine_host drove_remove_containers "${leftovers[@]}"
    fi
  done
  drove_stop_engines_if_started >/dev/null
  echo "${passed} passed, ${failed} failed"
  if ((failed > 0 && code == 0)); then code=1; fi
  exit "$code"
}
trap finish EXIT
trap 'exit 130' INT TERM

fatal() {  # a setup step failed: count it and stop
  drove_log "FAILED: $*"
  failed=$((failed + 1))
  exit 1
}

drove_log "installing dependencies"
bash scripts/install-deps.sh || fatal "install-deps.sh"

drove_start_engine docker || fatal "starting dockerd"
drove_start_engine podman || fatal "starting podman"
preexisting_containers=$(drove_containers_with_label drove.instance.id;
                         DOCKER_HOST=$PODMAN_HOST drove_containers_with_label drove.instance.id)

drove_log "building test images (dockerd, podman)"
bash tests/images/build.sh || fatal "building test images"
DOCKER_HOST=$PODMAN_HOST bash tests/images/build.sh || fatal "building test images for podman"

drove_log "building (cmake, $DROVE_BUILD_DIR)"
drove_build || fatal "build"

# --- ctest: unit + integration ---------------------------------------------------------------------
drove_log "running ctest"
ctest_log=$DROVE_BUILD_DIR/ctest.log
ctest --test-dir "$DROVE_BUILD_DIR" --output-on-failure 2>&1 | tee "$ctest_log"
ctest_rc=${PIPESTATUS[0]}
summary=$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$ctest_log" | tail -n 1)
if [[ -n "$summary" ]]; then
  ctest_failed=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$summary")
  ctest_total=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$summary")
  passed=$((passed + ctest_total - ctest_failed))
  failed=$((failed + ctest_failed))
elif grep -q 'No tests were found' "$ctest_log"; then
  drove_log "ctest found no tests"
fi
if ((ctest_rc != 0)) && [[ -z "$summary" ]]; then
  drove_log "ctest exited $ctest_rc without a summary"
  failed=$((failed + 1))
fi

# --- the Ansible roles, converged for real (tests/ansible) --------------------------------------------
run_ansible() {
  if [[ "${DROVE_SKIP_ANSIBLE:-0}" == 1 ]]; then
    drove_log "ansible skipped (DROVE_SKIP_ANSIBLE=1)"
    return 0
  fi
  drove_log "running tests/ansible/run.sh"
  local log=$DROVE_BUILD_DIR/ansible.log counts
  bash tests/ansible/run.sh 2>&1 | tee "$log"
  counts=$(grep -E '^ansible: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
  if [[ -z "$counts" ]]; then
    drove_log "FAILED: tests/ansible/run.sh printed no result line"
    failed=$((failed + 1))
    return 0
  fi
  passed=$((passed + $(sed -E 's/ansible: ([0-9]+) passed.*/\1/' <<<"$counts")))
  failed=$((failed + $(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$counts")))
}
run_ansible

# --- fuzzers -----------------------------------------------------------------------------------------
run_fuzzers() {
  if [[ "${DROVE_SKIP_FUZZ:-0}" == 1 ]]; then
    drove_log "fuzzing skipped (DROVE_SKIP_FUZZ=1)"
    return 0
  fi
  if [[ ! -f tests/fuzz/CMakeLists.txt ]]; then
    drove_log "no fuzz targets (tests/fuzz/CMakeLists.txt absent)"
    return 0
  fi
  drove_log "building fuzz targets ($FUZZ_BUILD_DIR, clang)"
  mkdir -p "$FUZZ_BUILD_DIR"
  if ! cmake -S . -B "$FUZZ_BUILD_DIR" -DDROVE_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang >"$FUZZ_BUILD_DIR/configure.log" 2>&1; then
    cat "$FUZZ_BUILD_DIR/configure.log"
    drove_log "FAILED: configuring the fuzz build"
    failed=$((failed + 1))
    return 0
  fi
  local targets=()
  mapfile -t targets < <(cmake --build "$FUZZ_BUILD_DIR" --target help 2>/dev/null |
    grep -oE '\bfuzz_[A-Za-z0-9_]+' | sort -u)
  if ((${#targets[@]} == 0)); then
    drove_log "no fuzz_* targets defined"
    return 0
  fi
  if ! cmake --build "$FUZZ_BUILD_DIR" -j "$DROVE_JOBS" --target "${targets[@]}"; then
    drove_log "FAILED: building fuzz targets"
    failed=$((failed + ${#targets[@]}))
    return 0
  fi
  local target bin corpus log rc
  for target in "${targets[@]}"; do
    bin=$(find "$FUZZ_BUILD_DIR" -type f -executable -name "$target" | head -n 1)
    if [[ -z "$bin" ]]; then
      drove_log "FAILED: fuzz target $target built no executable"
      failed=$((failed + 1))
      continue
    fi
    corpus=$(mktemp -d /tmp/drove-fuzz-corpus.XXXXXX)
    mkdir -p "$FUZZ_BUILD_DIR/artifacts"
    log=$FUZZ_BUILD_DIR/$target.log
    drove_log "fuzzing $target for ${FUZZ_SECONDS}s"
    "$bin" -max_total_time="$FUZZ_SECONDS" -print_final_stats=1 \
      -artifact_prefix="$FUZZ_BUILD_DIR/artifacts/$target-" "$corpus" >"$log" 2>&1 </dev/null
    rc=$?
    rm -rf "$corpus"
    if ((rc == 0)); then
      passed=$((passed + 1))
      drove_log "fuzz $target: ok ($(grep -m1 -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?') runs)"
    else
      failed=$((failed + 1))
      drove_log "FAILED: fuzz $target exited $rc; last lines of $log:"
      tail -n 40 "$log"
    fi
  done
}
run_fuzzers
