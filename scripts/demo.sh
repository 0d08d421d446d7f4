#!/usr/bin/env bash
# A local Drove cluster with the sample app, for trying things by hand.
#   scripts/demo.sh [up]     deps, dockerd, build, images, controller (:4000, SQLite store) + executor
#                            (:3000), nginx with ngx_http_drove_module (:7000 routes by Host, :7001 status),
#                            drove-dns (UDP+TCP :1053, zone `local`, metrics :9153),
#                            drove-epoch (:8080, users admin/admin and guest/guest) with a topology that
#                            runs a task every minute, sample app TEST_APP-1 scaled to 2 HEALTHY
#                            instances; prints how to reach everything
#   scripts/demo.sh ha       the same as a cluster: a 3-node ZooKeeper ensemble (client ports 2181-2183,
#                            scripts/zookeeper.sh, tickTime 2000), 3 controllers (:4000 :4001 :4002,
#                            ZooKeeper store, one leads), 2 executors (127.0.0.1:3000, 127.0.0.2:3001),
#                            gateway, DNS and drove-epoch following all three controllers; prints how to kill the
#                            leader. Run again, it starts whatever of it is not running (a killed
#                            controller comes back as a standby).
#   scripts/demo.sh tls      `up` with every hop over HTTPS, verified against a throw-away CA
#                            (scripts/tls/make-certs.sh, in $DROVE_DEMO_DIR/tls): controller, executor,
#                            Epoch, the DNS metrics port and the gateway's ports serve HTTPS; executor,
#                            gateway, DNS and Epoch verify the controller, the controller the executor
#                            (transportType HTTPS); prints the curl --cacert and CLI --ca-file lines
#   scripts/demo.sh down     stops what `up`, `ha` or `tls` started (by recorded pids), ZooKeeper included,
#                            removes the demo's containers and its store (SQLite file, ZooKeeper data)
#   scripts/demo.sh status   which demo processes run
# State (configs, pids, logs, store) in $DROVE_DEMO_DIR (default /tmp/drove-demo). One mode at a time:
# `down` before switching.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$DROVE_ROOT" || exit 1

STATE=${DROVE_DEMO_DIR:-/tmp/drove-demo}
BIN=$DROVE_BUILD_DIR/orchestrator
CONTROLLER_PORT=4000
EXECUTOR_PORT=3000
EXECUTOR_HOSTNAME=127.0.0.1
CONTROLLER_URL=http://127.0.0.1:$CONTROLLER_PORT
GATEWAY_PORT=7000
GATEWAY_ADMIN_PORT=7001
GATEWAY_MODULE=$DROVE_BUILD_DIR/gateway-module/ngx_http_drove_module.so
NGINX=/usr/sbin/nginx
DNS_PORT=1053
DNS_METRICS_PORT=9153
DNS_ZONE=local
DNS_BIN=$DROVE_BUILD_DIR/dns-server/drove-dns
APP_SPEC=$DROVE_ROOT/scripts/demo/app.json
APP_ID=TEST_APP-1
APP_INSTANCES=2
EPOCH_PORT=8080
EPOCH_URL=http://127.0.0.1:$EPOCH_PORT
TOPOLOGY_SPEC=$DROVE_ROOT/scripts/demo/topology.json
TOPOLOGY_ID=demo-every-minute
API=(python3 "$DROVE_ROOT/scripts/demo/demo_api.py" "$CONTROLLER_URL")
MODE=single
# tls mode (set_tls_mode): certificates in TLS_DIR, the daemons' `tls:` section as TLS_YAML.
TLS_DIR=$STATE/tls
SCHEME=http
TLS_YAML={}
CURL=(curl)
# ha mode (set_ha_mode): controllers controller-<i> on HA_CONTROLLER_PORTS[i-1], executors
# executor-<i> on HA_EXECUTOR_HOSTS/PORTS[i-1], ZooKeeper in $STATE/zookeeper.
HA_CONTROLLER_PORTS=(4000 4001 4002)
HA_EXECUTOR_HOSTS=(127.0.0.1 127.0.0.2)
HA_EXECUTOR_PORTS=(3000 3001)
ZK_DIR=$STATE/zookeeper
ZK_BASE_PORT=2181
ZK_SESSION_TIMEOUT=4s  # the least tickTime 2000 allows (2 x tickTime)
ALL_DAEMONS=(epoch dns gateway executor executor-1 executor-2 controller controller-1 controller-2 controller-3)

pid_alive() { [[ -n "${1:-}" ]] && [[ -n "$(tr -d '\0' 2>/dev/null </proc/"$1"/cmdline)" ]]; }
recorded_pid() { cat "$STATE/$1.pid" 2>/dev/null || true; }

# start_daemon NAME BINARY CONFIG: starts BINARY --config CONFIG in the background unless running.
start_daemon() {
  local name=$1 binary=$2 config=$3 pid
  pid=$(recorded_pid "$name")
  if pid_alive "$pid"; then
    drove_log "$name already running (pid $pid)"
    return 0
  fi
  [[ -x "$binary" ]] || { echo "demo: $binary not built" >&2; return 1; }
  setsid "$binary" --config "$config" >>"$STATE/$name.log" 2>&1 </dev/null &
  echo $! >"$STATE/$name.pid"
  drove_log "$name started (pid $!, log $STATE/$name.log)"
}

# stop_daemon NAME: SIGTERM by recorded pid, SIGKILL after 10 s.
stop_daemon() {
  local name=$1 pid i
  pid=$(recorded_pid "$name")
  rm -f "$STATE/$name.pid"
  pid_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    pid_alive "$pid" || { drove_log "$name stopped (pid $pid)"; return 0; }
    sleep 0.2
  done
  kill -KILL "$pid" 2>/dev/null || true
  drove_log "$name killed (pid $pid)"
}

render() {  # render TEMPLATE OUTPUT name=value...
  python3 "$DROVE_ROOT/scripts/render_template.py" "$@"
}

# Switches the variables to ha mode: every client (executors, gateway, DNS, the API steps) gets all
# three controllers and follows the one that leads.
set_ha_mode() {
  MODE=ha
  local port urls=() quoted=()
  for port in "${HA_CONTROLLER_PORTS[@]}"; do urls+=("http://127.0.0.1:$port"); done
  for port in "${urls[@]}"; do quoted+=("\"$port\""); done
  CONTROLLER_URLS_CSV=$(IFS=,; echo "${urls[*]}")
  CONTROLLER_URLS_SPACED="${urls[*]}"
  CONTROLLER_URLS_YAML="[$(IFS=,; echo "${quoted[*]}")]"
  API=(python3 "$DROVE_ROOT/scripts/demo/demo_api.py" "$CONTROLLER_URLS_CSV")
}

# Switches the variables to tls mode: the same one-node demo, every URL https, every client
# verifying against the demo CA (demo_api.py's urllib through SSL_CERT_FILE).
set_tls_mode() {
  MODE=tls SCHEME=https
  CONTROLLER_URL=https://127.0.0.1:$CONTROLLER_PORT
  EPOCH_URL=https://127.0.0.1:$EPOCH_PORT
  API=(python3 "$DROVE_ROOT/scripts/demo/demo_api.py" "$CONTROLLER_URL")
  TLS_YAML="{certFile: $TLS_DIR/node.crt, keyFile: $TLS_DIR/node.key, caFile: $TLS_DIR/ca.crt}"
  CURL=(curl --cacert "$TLS_DIR/ca.crt")
  export SSL_CERT_FILE=$TLS_DIR/ca.crt
}

# The other modes must not run: they all use ports 4000, 3000, 7000 and 1053.
check_mode() {
  local recorded name others=()
  recorded=$(cat "$STATE/mode" 2>/dev/null || echo single)
  if [[ "$recorded" != "$MODE" ]]; then
    for name in "${ALL_DAEMONS[@]}"; do
      pid_alive "$(recorded_pid "$name")" && others+=("$name")
    done
    if ((${#others[@]})); then
      echo "demo: the $recorded demo is running (${others[*]}); run scripts/demo.sh down first" >&2
      exit 1
    fi
  fi
  echo "$MODE" >"$STATE/mode"
}

# The demo's users (printed with the addresses at the end).
DEMO_USERS='[{username: admin, password: admin, role: EXTERNAL_READ_WRITE, encoding: PLAIN}, {username: guest, password: guest, role: EXTERNAL_READ_ONLY, encoding: PLAIN}]'

write_configs() {
  mkdir -p "$STATE/executor-logs"
  render templates/controller.yml "$STATE/controller.yml" users="$DEMO_USERS" \
    controller_host=0.0.0.0 controller_port=$CONTROLLER_PORT store_path="$STATE/controller.db" \
    controller_secret=DefaultControllerSecret executor_secret=DefaultExecutorSecret \
    instance_secret=DEFAULT_SECRET log_level=INFO tls="$TLS_YAML"
  render templates/executor.yml "$STATE/executor.yml" \
    executor_host=0.0.0.0 executor_port=$EXECUTOR_PORT executor_hostname=$EXECUTOR_HOSTNAME \
    controller_urls="[\"$CONTROLLER_URL\"]" controller_secret=DefaultControllerSecret \
    executor_secret=DefaultExecutorSecret engine_socket=/var/run/docker.sock \
    log_dir="$STATE/executor-logs" cpu_multiplier=8 memory_multiplier=1 log_level=INFO \
    tls="$TLS_YAML"
  render templates/dns.yml "$STATE/dns.yml" zone=$DNS_ZONE listen=0.0.0.0:$DNS_PORT threads=1 \
    controller_urls="[\"$CONTROLLER_URL\"]" controller_user=admin controller_password=admin \
    metrics_port=$DNS_METRICS_PORT log_level=info tls="$TLS_YAML"
}

write_ha_configs() {
  local i zk_connection=""
  for ((i = 0; i < 3; i++)); do zk_connection+="${zk_connection:+,}127.0.0.1:$((ZK_BASE_PORT + i))"; done
  for i in 1 2 3; do
    render templates/controller-ha.yml "$STATE/controller-$i.yml" users="$DEMO_USERS" \
      controller_host=0.0.0.0 controller_port="${HA_CONTROLLER_PORTS[i - 1]}" \
      zookeeper_connection="$zk_connection" zookeeper_session_timeout=$ZK_SESSION_TIMEOUT \
      controller_secret=DefaultControllerSecret executor_secret=DefaultExecutorSecret \
      instance_secret=DEFAULT_SECRET log_level=INFO tls="$TLS_YAML"
  done
  for i in 1 2; do
    mkdir -p "$STATE/executor-$i-logs"
    render templates/executor.yml "$STATE/executor-$i.yml" \
      executor_host="${HA_EXECUTOR_HOSTS[i - 1]}" executor_port="${HA_EXECUTOR_PORTS[i - 1]}" \
      executor_hostname="${HA_EXECUTOR_HOSTS[i - 1]}" controller_urls="$CONTROLLER_URLS_YAML" \
      controller_secret=DefaultControllerSecret executor_secret=DefaultExecutorSecret \
      engine_socket=/var/run/docker.sock log_dir="$STATE/executor-$i-logs" cpu_multiplier=8 \
      memory_multiplier=1 log_level=INFO tls="$TLS_YAML"
  done
  render templates/dns.yml "$STATE/dns.yml" zone=$DNS_ZONE listen=0.0.0.0:$DNS_PORT threads=1 \
    controller_urls="$CONTROLLER_URLS_YAML" controller_user=admin controller_password=admin \
    metrics_port=$DNS_METRICS_PORT log_level=info tls="$TLS_YAML"
}

write_epoch_config() {
  render templates/epoch.yml "$STATE/epoch.yml" epoch_host=0.0.0.0 epoch_port=$EPOCH_PORT \
    store_path="$STATE/epoch.db" controller_urls="${CONTROLLER_URLS_YAML:-[\"$CONTROLLER_URL\"]}" \
    drove_user=admin drove_password=admin app_name=EPOCH admin_password=admin \
    guest_password=guest log_level=INFO tls="$TLS_YAML"
}

# drove-epoch, then the sample topology (created once; a restarted demo keeps its runs).
start_epoch() {
  start_daemon epoch "$BIN/drove-epoch" "$STATE/epoch.yml"
  local i code
  for ((i = 0; i < 50; i++)); do
    code=$("${CURL[@]}" -s -o /dev/null -w '%{http_code}' -u admin:admin \
      "$EPOCH_URL/apis/v1/topologies/$TOPOLOGY_ID" 2>/dev/null || true)
    [[ "$code" != 000 ]] && break  # it answers (404: no such topology yet)
    pid_alive "$(recorded_pid epoch)" || { tail -n 20 "$STATE/epoch.log" >&2; return 1; }
    sleep 0.2
  done
  if ! "${CURL[@]}" -fsS -u admin:admin "$EPOCH_URL/apis/v1/topologies/$TOPOLOGY_ID" 2>/dev/null |
    grep -q '"SUCCESS"'; then
    "${CURL[@]}" -fsS -u admin:admin -H 'Content-Type: application/json' -d @"$TOPOLOGY_SPEC" \
      "$EPOCH_URL/apis/v1/topologies" >/dev/null ||
      { echo "demo: could not create the sample topology" >&2; return 1; }
    drove_log "epoch: topology $TOPOLOGY_ID created (a task every minute)"
  fi
}

start_controller() {
  start_daemon controller "$BIN/drove-controller" "$STATE/controller.yml"
  "${API[@]}" wait-ping 60 "$(recorded_pid controller)" ||
    { tail -n 20 "$STATE/controller.log" >&2; return 1; }
}

start_executor() {
  start_daemon executor "$BIN/drove-executor" "$STATE/executor.yml"
  "${API[@]}" wait-executor "$EXECUTOR_HOSTNAME" "$EXECUTOR_PORT" 60 "$(recorded_pid executor)" \
    >"$STATE/executor.id" || { tail -n 20 "$STATE/executor.log" >&2; return 1; }
  drove_log "executor registered (id $(cat "$STATE/executor.id"))"
}

start_zookeeper() {
  drove_log "zookeeper: 3 nodes in $ZK_DIR (client ports $ZK_BASE_PORT-$((ZK_BASE_PORT + 2)))"
  ZK_TICK_MS=2000 bash scripts/zookeeper.sh start 3 "$ZK_DIR" "$ZK_BASE_PORT" >/dev/null ||
    { echo "demo: zookeeper did not start (logs: $ZK_DIR/n<i>/out.log)" >&2; return 1; }
}

# All three, then each must answer ping (200 or a standby's 400), then one must lead.
start_ha_controllers() {
  local i
  for i in 1 2 3; do
    start_daemon "controller-$i" "$BIN/drove-controller" "$STATE/controller-$i.yml"
  done
  for i in 1 2 3; do
    python3 "$DROVE_ROOT/scripts/demo/demo_api.py" "http://127.0.0.1:${HA_CONTROLLER_PORTS[i - 1]}" \
      wait-up 60 "$(recorded_pid "controller-$i")" ||
      { tail -n 20 "$STATE/controller-$i.log" >&2; return 1; }
  done
  "${API[@]}" wait-ping 60 || return 1
  drove_log "leader: $("${API[@]}" leader)"
}

start_ha_executors() {
  local i host port
  for i in 1 2; do
    start_daemon "executor-$i" "$BIN/drove-executor" "$STATE/executor-$i.yml"
  done
  for i in 1 2; do
    host=${HA_EXECUTOR_HOSTS[i - 1]} port=${HA_EXECUTOR_PORTS[i - 1]}
    "${API[@]}" wait-executor "$host" "$port" 60 "$(recorded_pid "executor-$i")" \
      >"$STATE/executor-$i.id" || { tail -n 20 "$STATE/executor-$i.log" >&2; return 1; }
    drove_log "executor-$i registered ($host:$port, id $(cat "$STATE/executor-$i.id"))"
  done
}

# nginx in the foreground (so its pid is the master's) under setsid, like the other daemons.
start_gateway() {
  local dir=$STATE/gateway pid
  pid=$(recorded_pid gateway)
  if pid_alive "$pid"; then
    drove_log "gateway already running (pid $pid)"
    return 0
  fi
  [[ -f "$GATEWAY_MODULE" ]] || { echo "demo: $GATEWAY_MODULE not built" >&2; return 1; }
  mkdir -p "$dir"
  local ssl=""
  if [[ $MODE == tls ]]; then ssl=" ssl"; fi
  render templates/nginx.conf "$dir/nginx.conf" module_path="$GATEWAY_MODULE" state_dir="$dir" \
    worker_processes=2 listen="0.0.0.0:$GATEWAY_PORT$ssl" \
    admin_listen="127.0.0.1:$GATEWAY_ADMIN_PORT$ssl" \
    controllers="${CONTROLLER_URLS_SPACED:-$CONTROLLER_URL}" credentials="basic admin:admin"
  # The template has no TLS lines (the tests render it too): tls mode adds them after the
  # credentials, for both servers and for the module's calls to the controller.
  if [[ $MODE == tls ]]; then
    sed -i "/^    drove_credentials /a\\
    drove_tls_trusted_certificate $TLS_DIR/ca.crt;\\
    ssl_certificate $TLS_DIR/node.crt;\\
    ssl_certificate_key $TLS_DIR/node.key;" "$dir/nginx.conf"
  fi
  setsid "$NGINX" -p "$dir/" -e "$dir/error.log" -c "$dir/nginx.conf" -g 'daemon off;' \
    >>"$STATE/gateway.log" 2>&1 </dev/null &
  echo $! >"$STATE/gateway.pid"
  local i
  for ((i = 0; i < 50; i++)); do
    "${CURL[@]}" -fsS -o /dev/null "$SCHEME://127.0.0.1:$GATEWAY_ADMIN_PORT/status" 2>/dev/null && break
    pid_alive "$(recorded_pid gateway)" || { tail -n 20 "$dir/error.log" >&2; return 1; }
    sleep 0.2
  done
  drove_log "gateway started (pid $(recorded_pid gateway), log $dir/error.log)"
}

start_dns() {
  start_daemon dns "$DNS_BIN" "$STATE/dns.yml"
  local i
  for ((i = 0; i < 50; i++)); do
    "${CURL[@]}" -fsS -o /dev/null "$SCHEME://127.0.0.1:$DNS_METRICS_PORT/health" 2>/dev/null && return 0
    pid_alive "$(recorded_pid dns)" || { tail -n 20 "$STATE/dns.log" >&2; return 1; }
    sleep 0.2
  done
  drove_log "dns started but has no data yet (see $STATE/dns.log)"
}

deploy_sample_app() {
  "${API[@]}" deploy "$APP_SPEC" "$APP_INSTANCES" 180
}

print_access() {
  local bin_rel=${BIN#"$DROVE_ROOT"/} ca="" cli_ca=""
  if [[ $MODE == tls ]]; then ca="--cacert $TLS_DIR/ca.crt " cli_ca=" --ca-file $TLS_DIR/ca.crt"; fi
  echo
  echo "Drove demo is up (state: $STATE)"
  if [[ $MODE == tls ]]; then
    echo "  TLS:         every hop is HTTPS, verified against $TLS_DIR/ca.crt (node.crt/.key serve on"
    echo "               every port; client.crt/.key for curl --cert). New files: kill -HUP <pid>"
  fi
  echo "  controller:  $CONTROLLER_URL   (users admin/admin read-write, guest/guest read-only)"
  echo "  web UI:      $CONTROLLER_URL/ui/   (log in as admin/admin; guest/guest sees no actions)"
  echo "  CLI:         $bin_rel/drove -e $CONTROLLER_URL$cli_ca -u admin -p admin apps list"
  echo "  API:         curl ${ca}-u admin:admin $CONTROLLER_URL/apis/v1/applications/$APP_ID/instances"
  echo "  instances of $APP_ID (host:port vhost):"
  local first="" first_vhost=""
  while read -r hostport vhost; do
    echo "    $hostport  $vhost"
    [[ -n "$first" ]] || { first=$hostport; first_vhost=$vhost; }
  done < <("${API[@]}" endpoints "$APP_ID")
  [[ -z "$first" ]] || echo "  try:         curl -s http://$first/"
  echo "  gateway:     curl ${ca}-H 'Host: ${first_vhost:-<vhost>}' $SCHEME://127.0.0.1:$GATEWAY_PORT/"
  echo "               curl -s ${ca}$SCHEME://127.0.0.1:$GATEWAY_ADMIN_PORT/status   (and /metrics)"
  echo "  dns:         dig @127.0.0.1 -p $DNS_PORT SRV ${first_vhost:-<vhost>}   (also A, _http._tcp.<vhost> SRV)"
  echo "               curl -s ${ca}$SCHEME://127.0.0.1:$DNS_METRICS_PORT/metrics"
  print_epoch_access "$ca"
  echo "  logs:        $STATE/controller.log  $STATE/executor.log  $STATE/gateway/error.log  $STATE/dns.log"
  echo "               $STATE/epoch.log"
  echo "  stop:        ${DROVE_DEMO_DIR:+DROVE_DEMO_DIR=$STATE }scripts/demo.sh down"
}

print_epoch_access() {  # print_epoch_access [CURL_CA_OPTION]
  local e="curl ${1:-}-u admin:admin $EPOCH_URL/apis/v1/topologies"
  echo "  epoch:       $EPOCH_URL   (admin/admin read-write, guest/guest read-only); $TOPOLOGY_ID runs"
  echo "               a task every minute. Create: $e -H 'Content-Type: application/json' -d @spec.json"
  echo "               run now: $e/$TOPOLOGY_ID/run -X PUT     runs: $e/$TOPOLOGY_ID/runs"
  echo "               pause:   $e/$TOPOLOGY_ID/pause -X PUT   (unpause likewise)"
}

print_ha_access() {
  local bin_rel=${BIN#"$DROVE_ROOT"/} leader i url pid role leader_name="" leader_pid=""
  leader=$("${API[@]}" leader || true)
  echo
  echo "Drove HA demo is up (state: $STATE)"
  echo "  zookeeper:   $(bash scripts/zookeeper.sh status "$ZK_DIR" | sed -n 's/^connection: //p')" \
    "  (scripts/zookeeper.sh status $ZK_DIR)"
  for i in 1 2 3; do
    url=http://127.0.0.1:${HA_CONTROLLER_PORTS[i - 1]}
    pid=$(recorded_pid "controller-$i")
    role=standby
    if [[ "$url" == "$leader" ]]; then role=LEADER leader_name=controller-$i leader_pid=$pid; fi
    echo "  controller-$i: $url  pid $pid  $role"
  done
  echo "               (users admin/admin read-write, guest/guest read-only; a standby answers every"
  echo "               /apis call 400 \"This node is not the leader controller\")"
  echo "  web UI:      ${leader:-http://127.0.0.1:4000}/ui/   (any controller: a standby redirects to the leader)"
  echo "  executors:   ${HA_EXECUTOR_HOSTS[0]}:${HA_EXECUTOR_PORTS[0]}  ${HA_EXECUTOR_HOSTS[1]}:${HA_EXECUTOR_PORTS[1]}" \
    "(both list the three controllers and send to the leader)"
  echo "  CLI:         $bin_rel/drove -e $CONTROLLER_URLS_CSV -u admin -p admin apps list"
  echo "  API:         curl -u admin:admin ${leader:-http://127.0.0.1:4000}/apis/v1/applications/$APP_ID/instances"
  echo "  instances of $APP_ID (host:port vhost):"
  local first="" first_vhost="" hostport vhost
  while read -r hostport vhost; do
    echo "    $hostport  $vhost"
    [[ -n "$first" ]] || { first=$hostport; first_vhost=$vhost; }
  done < <("${API[@]}" endpoints "$APP_ID")
  [[ -z "$first" ]] || echo "  try:         curl -s http://$first/"
  echo "  gateway:     curl -H 'Host: ${first_vhost:-<vhost>}' http://127.0.0.1:$GATEWAY_PORT/   (follows the leader)"
  echo "               curl -s http://127.0.0.1:$GATEWAY_ADMIN_PORT/status   (and /metrics)"
  echo "  dns:         dig @127.0.0.1 -p $DNS_PORT SRV ${first_vhost:-<vhost>}   (also A, _http._tcp.<vhost> SRV)"
  echo "  failover:    kill -9 ${leader_pid:-<leader pid>}   # SIGKILL the leader (${leader_name:-?}); a standby leads"
  echo "               # 4-6 s later (session timeout ${ZK_SESSION_TIMEOUT}, expired on a 2 s tick); the app keeps serving. Watch:"
  echo "               for p in ${HA_CONTROLLER_PORTS[*]}; do curl -s -u admin:admin http://127.0.0.1:\$p/apis/v1/ping; echo; done"
  echo "               $bin_rel/drove -e $CONTROLLER_URLS_CSV -u admin -p admin cluster summary"
  echo "               scripts/demo.sh ha   # starts the killed controller again (as a standby)"
  print_epoch_access
  echo "  logs:        $STATE/controller-{1,2,3}.log  $STATE/executor-{1,2}.log  $STATE/gateway/error.log"
  echo "               $STATE/dns.log  $STATE/epoch.log  $ZK_DIR/n{1,2,3}/out.log"
  echo "  stop:        ${DROVE_DEMO_DIR:+DROVE_DEMO_DIR=$STATE }scripts/demo.sh down"
}

prepare() {  # deps, dockerd, build, test images
  mkdir -p "$STATE"
  check_mode
  bash scripts/install-deps.sh
  drove_start_engine docker
  if [[ -n "$DROVE_STARTED_ENGINES" ]]; then touch "$STATE/dockerd.started"; fi
  drove_log "building ($DROVE_BUILD_DIR)"
  drove_build >"$STATE/build.log" 2>&1 || { tail -n 40 "$STATE/build.log"; exit 1; }
  bash tests/images/build.sh
}

up() {
  prepare
  if [[ $MODE == tls ]]; then bash scripts/tls/make-certs.sh "$TLS_DIR" node | sed 's/^/[tls] /'; fi
  write_configs
  write_epoch_config
  start_controller
  start_executor
  start_gateway
  start_dns
  start_epoch
  deploy_sample_app
  print_access
}

ha() {
  set_ha_mode
  prepare
  write_ha_configs
  write_epoch_config
  start_zookeeper
  start_ha_controllers
  start_ha_executors
  start_gateway
  start_dns
  start_epoch
  deploy_sample_app
  print_ha_access
}

down() {
  local name id leader="" ids=() containers=()
  # Edge and executors first, then the controllers (in ha mode the standbys before the leader, so
  # none takes over meanwhile), then ZooKeeper. Both modes: whatever runs.
  for name in controller-1 controller-2 controller-3; do
    if pid_alive "$(recorded_pid "$name")"; then
      set_ha_mode
      leader=$("${API[@]}" leader 2>/dev/null || true)
      break
    fi
  done
  for name in "${ALL_DAEMONS[@]}"; do
    if [[ -n "$leader" && "$name" == controller-* ]] &&
      [[ "$leader" == "http://127.0.0.1:${HA_CONTROLLER_PORTS[${name#controller-} - 1]}" ]]; then
      continue
    fi
    stop_daemon "$name"
  done
  for name in controller-1 controller-2 controller-3; do stop_daemon "$name"; done  # the leader
  if [[ -f "$ZK_DIR/ensemble.env" ]]; then
    bash scripts/zookeeper.sh stop "$ZK_DIR" 2>&1 | sed 's/^/[zookeeper] /'
  fi
  for name in executor executor-1 executor-2; do
    [[ -s "$STATE/$name.id" ]] && ids+=("$(cat "$STATE/$name.id")")
  done
  if docker info >/dev/null 2>&1; then
    if ((${#ids[@]})); then
      for id in "${ids[@]}"; do
        mapfile -t -O "${#containers[@]}" containers < <(drove_containers_with_label "drove.executor.id=$id")
      done
    else
      mapfile -t containers < <(drove_containers_with_label drove.instance.id)
    fi
    if ((${#containers[@]})); then
      drove_remove_containers "${containers[@]}"
      drove_log "removed ${#containers[@]} demo container(s)"
    fi
  fi
  rm -f "$STATE/executor.id" "$STATE/executor-1.id" "$STATE/executor-2.id" "$STATE/mode"
  # The stores describe the containers just removed: a next `up`/`ha` starts from an empty cluster
  # (else the controller would list those instances HEALTHY until instanceLostTimeout, 60 s).
  rm -f "$STATE/epoch.db" "$STATE/epoch.db-wal" "$STATE/epoch.db-shm"
  if [[ -e "$STATE/controller.db" ]]; then
    rm -f "$STATE/controller.db" "$STATE/controller.db-wal" "$STATE/controller.db-shm"
    drove_log "removed the demo's store ($STATE/controller.db)"
  fi
  if [[ -d "$ZK_DIR" ]]; then
    rm -rf "$ZK_DIR"
    drove_log "removed the demo's store (ZooKeeper data, $ZK_DIR)"
  fi
  if [[ -f "$STATE/dockerd.started" ]]; then
    rm -f "$STATE/dockerd.started"
    bash scripts/dockerd.sh stop
  fi
}

status() {
  local name pid mode names
  mode=$(cat "$STATE/mode" 2>/dev/null || echo single)
  names=(controller executor gateway dns epoch)
  [[ "$mode" == ha ]] && names=(controller-1 controller-2 controller-3 executor-1 executor-2 gateway dns
                                epoch)
  echo "mode: $mode"
  for name in "${names[@]}"; do
    pid=$(recorded_pid "$name")
    if pid_alive "$pid"; then echo "$name: running (pid $pid)"; else echo "$name: not running"; fi
  done
  if [[ "$mode" == ha && -f "$ZK_DIR/ensemble.env" ]]; then
    bash scripts/zookeeper.sh status "$ZK_DIR" || true
  fi
  bash scripts/dockerd.sh status || true
}

case "${1:-up}" in
  up) up ;;
  ha) ha ;;
  tls) set_tls_mode; up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 [up|ha|tls|down|status]" >&2; exit 2 ;;
esac
