#!/usr/bin/env bash
# A ZooKeeper ensemble on loopback for the demo and the tests (Debian's `zookeeper` package, no systemd).
#   scripts/zookeeper.sh start N BASEDIR [BASEPORT [QUORUMPORT [ELECTIONPORT]]]
#       N nodes (1 = standalone) in BASEDIR/n<i>; client ports BASEPORT.. (default 2181), quorum ports
#       QUORUMPORT.. (default BASEPORT+707 = 2888), election ports ELECTIONPORT.. (BASEPORT+1707 = 3888),
#       all on 127.0.0.1. Nodes already running are left alone (start is idempotent). Waits until every
#       node's `srvr` reports a Mode (leader/follower/standalone), then prints the connection string.
#   scripts/zookeeper.sh stop BASEDIR      SIGTERM each node by its pid file (SIGKILL after 10 s)
#   scripts/zookeeper.sh status BASEDIR    one line per node: pid, client port, Mode; exit 1 unless all serve
#   scripts/zookeeper.sh config N BASEDIR [BASEPORT [QUORUMPORT [ELECTIONPORT]]]   only write the configs
#   scripts/zookeeper.sh exec-node BASEDIR I   run node I in the foreground (exec: the pid is the JVM's);
#       the Python harness (tests/integration/harness/zookeeper.py) keeps nodes as its children this way.
# Env: ZK_TICK_MS (tickTime, default 2000; tests use 500), ZK_HEAP (-Xmx, default 128m),
#      ZK_START_TIMEOUT (seconds, default 60), ZK_FORCE_SYNC (yes|no, default yes; `no` for tests only).
# Layout: BASEDIR/ensemble.env (size and ports), BASEDIR/log4j.properties,
#         BASEDIR/n<i>/{zoo.cfg,data/myid,out.log,zk.pid}.
# Why the direct java line: Debian's classpath has no SLF4J binding (the server logs nothing) and
# zkServer.sh writes its .out under /var/log whatever you export (see shared notes, zookeeper.md).
set -euo pipefail

CLASSPATH_JARS=/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-log4j12.jar:/usr/share/java/log4j-1.2.jar
MAIN_CLASS=org.apache.zookeeper.server.quorum.QuorumPeerMain
TICK_MS=${ZK_TICK_MS:-2000}
HEAP=${ZK_HEAP:-128m}
START_TIMEOUT=${ZK_START_TIMEOUT:-60}
FORCE_SYNC=${ZK_FORCE_SYNC:-yes}
STOP_TIMEOUT=10

log() { echo "zookeeper.sh: $*" >&2; }
die() { log "$*"; exit 1; }
usage() { sed -n '2,17p' "$0" >&2; exit 2; }

is_uint() { [[ "$1" =~ ^[0-9]+$ ]]; }

# proc_state PID: the state letter from /proc/PID/stat (R, S, Z, ...), empty when the pid is gone.
proc_state() {
  local stat
  stat=$(cat /proc/"$1"/stat 2>/dev/null) || return 0
  stat=${stat##*) }  # the command name in parentheses may hold spaces
  echo "${stat%% *}"
}

pid_running() {  # PID: the process exists and is not a zombie
  local state
  state=$(proc_state "$1")
  [[ -n "$state" && "$state" != Z ]]
}

# node_pid BASEDIR I: prints the pid of node I when that process runs and is this node's JVM (its
# command line names this node's zoo.cfg; or still `exec-node BASEDIR I` just before the exec), so a
# reused pid is never taken for ours.
node_pid() {
  local dir=$1/n$2 pid cmdline
  pid=$(tr -dc '0-9' 2>/dev/null <"$dir/zk.pid" || true)
  [[ -n "$pid" ]] && pid_running "$pid" || return 1
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ "$cmdline" == *"$MAIN_CLASS $dir/zoo.cfg "* || "$cmdline" == *"exec-node $1 $2 "* ]] || return 1
  echo "$pid"
}

# srvr_mode PORT: the Mode line of the four-letter word `srvr` (empty while not serving). bash /dev/tcp:
# there is no nc on these machines. `ruok` answers imok even without quorum, so it is not used.
srvr_mode() {
  local out
  out=$(timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/'"$1"' && printf srvr >&3 && cat <&3' \
    2>/dev/null) || true
  sed -n 's/^Mode: //p' <<<"$out"
}

load_env() {  # reads BASEDIR/ensemble.env: ZK_SIZE ZK_CLIENT_PORT ZK_QUORUM_PORT ZK_ELECTION_PORT
  [[ -f "$1/ensemble.env" ]] || die "$1/ensemble.env not found (no ensemble configured there)"
  # shellcheck disable=SC1091
  source "$1/ensemble.env"
}

write_config() {  # N BASEDIR [BASEPORT [QUORUMPORT [ELECTIONPORT]]]
  local n=${1:-} base=${2:-} client=${3:-2181} quorum=${4:-} election=${5:-}
  if ! is_uint "$n" || ((n < 1)); then usage; fi
  [[ -n "$base" ]] || usage
  is_uint "$client" || die "bad BASEPORT $client"
  quorum=${quorum:-$((client + 707))}
  election=${election:-$((client + 1707))}
  if ! is_uint "$quorum" || ! is_uint "$election"; then die "bad quorum/election port"; fi
  mkdir -p "$base"
  base=$(cd "$base" && pwd)
  if [[ -f "$base/ensemble.env" ]]; then
    local want="$n $client $quorum $election" have
    # shellcheck disable=SC1091
    have=$(source "$base/ensemble.env" && echo "$ZK_SIZE $ZK_CLIENT_PORT $ZK_QUORUM_PORT $ZK_ELECTION_PORT")
    if [[ "$have" != "$want" ]]; then
      local i
      for ((i = 1; i <= ${have%% *}; i++)); do
        node_pid "$base" "$i" >/dev/null &&
          die "$base already runs an ensemble with (size ports) $have; stop it first"
      done
    fi
  fi
  printf 'ZK_SIZE=%s\nZK_CLIENT_PORT=%s\nZK_QUORUM_PORT=%s\nZK_ELECTION_PORT=%s\n' \
    "$n" "$client" "$quorum" "$election" >"$base/ensemble.env"
  cat >"$base/log4j.properties" <<'EOF'
log4j.rootLogger=INFO, CONSOLE
log4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender
log4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout
log4j.appender.CONSOLE.layout.ConversionPattern=%d{ISO8601} %-5p [%t:%C{1}@%L] - %m%n
EOF
  local i j
  for ((i = 1; i <= n; i++)); do
    local dir=$base/n$i
    mkdir -p "$dir/data"
    echo "$i" >"$dir/data/myid"
    {
      echo "tickTime=$TICK_MS"
      echo "initLimit=10"
      echo "syncLimit=5"
      echo "dataDir=$dir/data"
      echo "clientPort=$((client + i - 1))"
      echo "clientPortAddress=127.0.0.1"
      echo "maxClientCnxns=0"
      echo "admin.enableServer=false"   # else Jetty may bind *:8080 (the notes: collides with Epoch)
      echo "4lw.commands.whitelist=*"
      echo "preAllocSize=4096"          # KB; the default preallocates 64 MB of txn log per node
      echo "autopurge.snapRetainCount=3"
      echo "autopurge.purgeInterval=1"
      echo "forceSync=$FORCE_SYNC"
      if ((n > 1)); then
        for ((j = 1; j <= n; j++)); do
          echo "server.$j=127.0.0.1:$((quorum + j - 1)):$((election + j - 1))"
        done
      fi
    } >"$dir/zoo.cfg"
  done
}

exec_node() {  # BASEDIR I: replaces this shell with node I's JVM (foreground)
  local base i=${2:-}
  base=$(cd "${1:?BASEDIR}" && pwd)
  load_env "$base"
  if ! is_uint "$i" || ((i < 1 || i > ZK_SIZE)); then die "no node $i in $base (size $ZK_SIZE)"; fi
  exec java "-Xmx$HEAP" -XX:+ExitOnOutOfMemoryError \
    "-Dlog4j.configuration=file:$base/log4j.properties" \
    -cp "$CLASSPATH_JARS" "$MAIN_CLASS" "$base/n$i/zoo.cfg"
}

connection_string() {  # from the loaded env
  local i out=""
  for ((i = 0; i < ZK_SIZE; i++)); do out+="${out:+,}127.0.0.1:$((ZK_CLIENT_PORT + i))"; done
  echo "$out"
}

start() {
  local n=${1:-} base=${2:-}
  [[ -n "$n" && -n "$base" ]] || usage
  command -v java >/dev/null || die "java not installed (apt-get install default-jre-headless zookeeper)"
  [[ -f /usr/share/java/zookeeper.jar ]] || die "/usr/share/java/zookeeper.jar missing (apt-get install zookeeper)"
  write_config "$@"
  base=$(cd "$base" && pwd)
  load_env "$base"
  local i pid
  for ((i = 1; i <= ZK_SIZE; i++)); do
    if pid=$(node_pid "$base" "$i"); then
      log "node $i already running (pid $pid)"
      continue
    fi
    # setsid: its own session, so a Ctrl-C in the caller's terminal does not reach the JVM.
    setsid bash "$0" exec-node "$base" "$i" >>"$base/n$i/out.log" 2>&1 </dev/null &
    echo $! >"$base/n$i/zk.pid"
    log "node $i started (pid $!, client port $((ZK_CLIENT_PORT + i - 1)), log $base/n$i/out.log)"
  done
  local deadline=$((SECONDS + START_TIMEOUT)) pending
  while :; do
    pending=()
    for ((i = 1; i <= ZK_SIZE; i++)); do
      pid_running "$(tr -dc '0-9' 2>/dev/null <"$base/n$i/zk.pid")" || {
        log "node $i exited during start; last log lines:"
        tail -n 20 "$base/n$i/out.log" >&2 || true
        return 1
      }
      [[ -n "$(srvr_mode $((ZK_CLIENT_PORT + i - 1)))" ]] || pending+=("$i")
    done
    ((${#pending[@]} == 0)) && break
    if ((SECONDS >= deadline)); then
      log "nodes ${pending[*]} not serving after ${START_TIMEOUT}s (logs: $base/n<i>/out.log)"
      return 1
    fi
    sleep 0.2
  done
  connection_string
}

stop() {
  local base=${1:-}
  [[ -n "$base" ]] || usage
  [[ -d "$base" ]] || { log "$base does not exist; nothing to stop"; return 0; }
  base=$(cd "$base" && pwd)
  load_env "$base"
  local i pid pids=()
  for ((i = 1; i <= ZK_SIZE; i++)); do
    if pid=$(node_pid "$base" "$i"); then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
    rm -f "$base/n$i/zk.pid"
  done
  # Wait for each pid to be gone or a zombie: on these machines orphans are re-parented to a PID 1
  # that reaps late, and `kill -0` succeeds on a zombie.
  local deadline=$((SECONDS + STOP_TIMEOUT))
  for pid in "${pids[@]}"; do
    while pid_running "$pid"; do
      if ((SECONDS >= deadline)); then
        log "pid $pid still alive after ${STOP_TIMEOUT}s; SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        deadline=$((SECONDS + STOP_TIMEOUT))
      fi
      sleep 0.1
    done
    log "stopped pid $pid"
  done
}

status() {
  local base=${1:-}
  [[ -n "$base" ]] || usage
  base=$(cd "$base" 2>/dev/null && pwd) || die "$1 does not exist"
  load_env "$base"
  local i pid mode rc=0
  for ((i = 1; i <= ZK_SIZE; i++)); do
    pid=$(node_pid "$base" "$i") || pid=""
    mode=""
    [[ -n "$pid" ]] && mode=$(srvr_mode $((ZK_CLIENT_PORT + i - 1)))
    echo "node $i: pid ${pid:-none} port $((ZK_CLIENT_PORT + i - 1)) mode ${mode:-not-serving}"
    [[ -n "$mode" ]] || rc=1
  done
  echo "connection: $(connection_string)"
  return $rc
}

cmd=${1:-}
shift || true
case "$cmd" in
  start) start "$@" ;;
  stop) stop "$@" ;;
  status) status "$@" ;;
  config) write_config "$@" ;;
  exec-node) exec_node "$@" ;;
  *) usage ;;
esac
