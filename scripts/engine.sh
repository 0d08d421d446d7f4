#!/usr/bin/env bash
# Starts, stops and reports a local container engine for tests and the demo (no systemd here):
# dockerd, or Podman's Docker-compatible API service (`podman system service`).
#   scripts/engine.sh docker|podman start    start it unless an engine already answers on its socket
#   scripts/engine.sh docker|podman stop     stop the one this script started (by its recorded pid)
#   scripts/engine.sh docker|podman status   say whether it answers and whether this script started it
# State (pid file, log) lives in $DROVE_ENGINE_STATE_DIR, default ${DROVE_STATE_DIR:-/tmp}/drove-<engine>
# (drove-dockerd for docker). `start` exits 0 and prints "started <pid>" or "already running"; callers
# that must stop only what they started can compare with `started`.
set -euo pipefail

ENGINE=${1:-}
ACTION=${2:-}
case "$ENGINE" in
  docker)
    NAME=dockerd
    SOCKET=/var/run/docker.sock
    STOP_TIMEOUT=40  # dockerd stops its containers (10 s each, in parallel) and containerd
    ;;
  podman)
    NAME=podman
    SOCKET=/run/podman/podman.sock
    STOP_TIMEOUT=20
    ;;
  *) echo "usage: $0 docker|podman start|stop|status" >&2; exit 2 ;;
esac
STATE_DIR=${DROVE_ENGINE_STATE_DIR:-${DROVE_STATE_DIR:-/tmp}/drove-$NAME}
PID_FILE=$STATE_DIR/$NAME.pid
LOG_FILE=$STATE_DIR/$NAME.log
START_TIMEOUT=30

engine_answers() {
  curl -sf --max-time 2 --unix-socket "$SOCKET" http://x/_ping >/dev/null 2>&1
}

pid_alive() {  # a pid whose /proc entry has a command line is a live process
  local pid=$1
  [[ -n "$pid" ]] && [[ -n "$(tr -d '\0' 2>/dev/null </proc/"$pid"/cmdline)" ]]
}

remove_stale_pid_file() {  # FILE NAME: remove FILE unless its pid is a live process called NAME
  local file=$1 name=$2 pid
  [[ -f "$file" ]] || return 0
  pid=$(tr -dc '0-9' <"$file" || true)
  if ! pid_alive "$pid"; then
    echo "engine.sh: removing stale $file (pid ${pid:-none} is dead)"
    rm -f "$file"
  elif [[ "$(cat /proc/"$pid"/comm 2>/dev/null)" != "$name" ]]; then
    echo "engine.sh: removing stale $file (pid $pid is not $name)"
    rm -f "$file"
  fi
}

our_pid() {  # prints the pid this script started, if that process still lives
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid=$(tr -dc '0-9' <"$PID_FILE" || true)
  pid_alive "$pid" || return 1
  echo "$pid"
}

prepare_docker() {
  remove_stale_pid_file /var/run/docker.pid dockerd
  remove_stale_pid_file /var/run/docker/containerd/containerd.pid containerd
  command -v dockerd >/dev/null || { echo "engine.sh: dockerd not installed" >&2; return 1; }
}

# Root cannot raise hard rlimits here and crun refuses hybrid cgroups (docs/notes: runtime.md), so
# Podman needs runc and explicit ulimits; an existing containers.conf is the operator's and is kept.
prepare_podman() {
  command -v podman >/dev/null || { echo "engine.sh: podman not installed" >&2; return 1; }
  mkdir -p "$(dirname "$SOCKET")"
  if [[ ! -f /etc/containers/containers.conf ]]; then
    mkdir -p /etc/containers
    printf '%s\n' '[containers]' \
      'default_ulimits = ["nofile=16384:16384", "nproc=16384:16384"]' \
      '[engine]' 'runtime = "runc"' >/etc/containers/containers.conf
  fi
}

start() {
  if engine_answers; then
    echo "already running"
    return 0
  fi
  mkdir -p "$STATE_DIR"
  local pid
  if pid=$(our_pid); then
    echo "engine.sh: our $NAME (pid $pid) is alive but does not answer yet; waiting"
  else
    rm -f "$PID_FILE"
    prepare_"$ENGINE" || return 1
    # setsid: the engine gets its own session so a Ctrl-C in the caller's terminal does not reach it.
    if [[ "$ENGINE" == docker ]]; then
      setsid dockerd >>"$LOG_FILE" 2>&1 </dev/null &
    else
      setsid podman system service --time=0 "unix://$SOCKET" >>"$LOG_FILE" 2>&1 </dev/null &
    fi
    pid=$!
    echo "$pid" >"$PID_FILE"
  fi
  local deadline=$((SECONDS + START_TIMEOUT))
  until engine_answers; do
    if ! pid_alive "$pid"; then
      echo "engine.sh: $NAME exited during start; last log lines:" >&2
      tail -n 20 "$LOG_FILE" >&2 || true
      rm -f "$PID_FILE"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      echo "engine.sh: $NAME (pid $pid) did not answer within ${START_TIMEOUT}s; log: $LOG_FILE" >&2
      tail -n 20 "$LOG_FILE" >&2 || true
      return 1
    fi
    sleep 0.2
  done
  echo "started $pid"
}

stop() {
  local pid
  if ! pid=$(our_pid); then
    rm -f "$PID_FILE"
    echo "not started by this script; nothing to stop"
    return 0
  fi
  kill -TERM "$pid"
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while pid_alive "$pid"; do
    if ((SECONDS >= deadline)); then
      echo "engine.sh: $NAME (pid $pid) still alive after ${STOP_TIMEOUT}s; sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.2
  done
  rm -f "$PID_FILE"
  echo "stopped $pid"
}

status() {
  local pid=""
  pid=$(our_pid) || pid=""
  if engine_answers; then
    if [[ -n "$pid" ]]; then echo "running (started by this script, pid $pid)"; else echo "running (not ours)"; fi
  else
    if [[ -n "$pid" ]]; then echo "not answering (our pid $pid alive)"; else echo "not running"; fi
    return 1
  fi
}

case "$ACTION" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 docker|podman start|stop|status" >&2; exit 2 ;;
esac
