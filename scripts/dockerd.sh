#!/usr/bin/env bash
# Starts, stops and reports a local dockerd for tests and the demo (no systemd on these machines).
#   scripts/dockerd.sh start    start dockerd unless an engine already answers on the socket
#   scripts/dockerd.sh stop     stop the dockerd this script started (by its recorded pid), nothing else
#   scripts/dockerd.sh status   say whether an engine answers and whether this script started it
# State (pid file, log) lives in $DROVE_DOCKERD_DIR, default ${DROVE_STATE_DIR:-/tmp}/drove-dockerd.
# `start` exits 0 and prints "started <pid>" or "already running"; callers that must stop only what
# they started can compare with `started`.
set -euo pipefail

STATE_DIR=${DROVE_DOCKERD_DIR:-${DROVE_STATE_DIR:-/tmp}/drove-dockerd}
SOCKET=/var/run/docker.sock
PID_FILE=$STATE_DIR/dockerd.pid
LOG_FILE=$STATE_DIR/dockerd.log
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
    echo "dockerd.sh: removing stale $file (pid ${pid:-none} is dead)"
    rm -f "$file"
  elif [[ "$(cat /proc/"$pid"/comm 2>/dev/null)" != "$name" ]]; then
    echo "dockerd.sh: removing stale $file (pid $pid is not $name)"
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

start() {
  if engine_answers; then
    echo "already running"
    return 0
  fi
  mkdir -p "$STATE_DIR"
  local pid
  if pid=$(our_pid); then
    echo "dockerd.sh: our dockerd (pid $pid) is alive but does not answer yet; waiting"
  else
    rm -f "$PID_FILE"
    remove_stale_pid_file /var/run/docker.pid dockerd
    remove_stale_pid_file /var/run/docker/containerd/containerd.pid containerd
    command -v dockerd >/dev/null || { echo "dockerd.sh: dockerd not installed" >&2; return 1; }
    # setsid: dockerd gets its own session so a Ctrl-C in the caller's terminal does not reach it.
    setsid dockerd >>"$LOG_FILE" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$PID_FILE"
  fi
  local deadline=$((SECONDS + START_TIMEOUT))
  until engine_answers; do
    if ! pid_alive "$pid"; then
      echo "dockerd.sh: dockerd exited during start; last log lines:" >&2
      tail -n 20 "$LOG_FILE" >&2 || true
      rm -f "$PID_FILE"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      echo "dockerd.sh: dockerd (pid $pid) did not answer within ${START_TIMEOUT}s; log: $LOG_FILE" >&2
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
  # dockerd stops its containers (10 s each at most in parallel) and containerd; allow a while.
  local deadline=$((SECONDS + 40))
  while pid_alive "$pid"; do
    if ((SECONDS >= deadline)); then
      echo "dockerd.sh: dockerd (pid $pid) still alive after 40s; sending SIGKILL" >&2
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

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
