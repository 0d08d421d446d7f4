#!/usr/bin/env bash
# A local Drove cluster with the sample app, for trying things by hand.
#   scripts/demo.sh [up]     deps, dockerd, build, images, controller (:4000) + executor (:3000),
#                            nginx with ngx_http_drove_module (:7000 routes by Host, :7001 status),
#                            drove-dns (UDP+TCP :1053, zone `local`, metrics :9153),
#                            sample app TEST_APP-1 scaled to 2 HEALTHY instances; prints how to reach it
#   scripts/demo.sh down     stops what `up` started (by recorded pids) and removes the demo's containers
#   scripts/demo.sh status   which demo processes run
# State (configs, pids, logs, store) in $DROVE_DEMO_DIR (default /tmp/drove-demo).
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
API=(python3 "$DROVE_ROOT/scripts/demo/demo_api.py" "$CONTROLLER_URL")

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

write_configs() {
  mkdir -p "$STATE/executor-logs"
  render templates/controller.yml "$STATE/controller.yml" \
    controller_host=0.0.0.0 controller_port=$CONTROLLER_PORT store_path="$STATE/controller.db" \
    controller_secret=DefaultControllerSecret executor_secret=DefaultExecutorSecret \
    instance_secret=DEFAULT_SECRET log_level=INFO
  render templates/executor.yml "$STATE/executor.yml" \
    executor_host=0.0.0.0 executor_port=$EXECUTOR_PORT executor_hostname=$EXECUTOR_HOSTNAME \
    controller_url=$CONTROLLER_URL controller_secret=DefaultControllerSecret \
    executor_secret=DefaultExecutorSecret engine_socket=/var/run/docker.sock \
    log_dir="$STATE/executor-logs" cpu_multiplier=8 memory_multiplier=1 log_level=INFO
  render templates/dns.yml "$STATE/dns.yml" zone=$DNS_ZONE listen=0.0.0.0:$DNS_PORT threads=1 \
    controller_url=$CONTROLLER_URL controller_user=admin controller_password=admin \
    metrics_port=$DNS_METRICS_PORT log_level=info
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
  render templates/nginx.conf "$dir/nginx.conf" module_path="$GATEWAY_MODULE" state_dir="$dir" \
    worker_processes=2 listen=0.0.0.0:$GATEWAY_PORT admin_listen=127.0.0.1:$GATEWAY_ADMIN_PORT \
    controllers=$CONTROLLER_URL credentials="basic admin:admin"
  setsid "$NGINX" -p "$dir/" -e "$dir/error.log" -c "$dir/nginx.conf" -g 'daemon off;' \
    >>"$STATE/gateway.log" 2>&1 </dev/null &
  echo $! >"$STATE/gateway.pid"
  local i
  for ((i = 0; i < 50; i++)); do
    curl -fsS -o /dev/null "http://127.0.0.1:$GATEWAY_ADMIN_PORT/status" 2>/dev/null && break
    pid_alive "$(recorded_pid gateway)" || { tail -n 20 "$dir/error.log" >&2; return 1; }
    sleep 0.2
  done
  drove_log "gateway started (pid $(recorded_pid gateway), log $dir/error.log)"
}

start_dns() {
  start_daemon dns "$DNS_BIN" "$STATE/dns.yml"
  local i
  for ((i = 0; i < 50; i++)); do
    curl -fsS -o /dev/null "http://127.0.0.1:$DNS_METRICS_PORT/health" 2>/dev/null && return 0
    pid_alive "$(recorded_pid dns)" || { tail -n 20 "$STATE/dns.log" >&2; return 1; }
    sleep 0.2
  done
  drove_log "dns started but has no data yet (see $STATE/dns.log)"
}

deploy_sample_app() {
  "${API[@]}" deploy "$APP_SPEC" "$APP_INSTANCES" 180
}

print_access() {
  local bin_rel=${BIN#"$DROVE_ROOT"/}
  echo
  echo "Drove demo is up (state: $STATE)"
  echo "  controller:  $CONTROLLER_URL   (users admin/admin read-write, guest/guest read-only)"
  echo "  CLI:         $bin_rel/drove -e $CONTROLLER_URL -u admin -p admin apps list"
  echo "  API:         curl -u admin:admin $CONTROLLER_URL/apis/v1/applications/$APP_ID/instances"
  echo "  instances of $APP_ID (host:port vhost):"
  local first="" first_vhost=""
  while read -r hostport vhost; do
    echo "    $hostport  $vhost"
    [[ -n "$first" ]] || { first=$hostport; first_vhost=$vhost; }
  done < <("${API[@]}" endpoints "$APP_ID")
  [[ -z "$first" ]] || echo "  try:         curl -s http://$first/"
  echo "  gateway:     curl -H 'Host: ${first_vhost:-<vhost>}' http://127.0.0.1:$GATEWAY_PORT/"
  echo "               curl -s http://127.0.0.1:$GATEWAY_ADMIN_PORT/status   (and /metrics)"
  echo "  dns:         dig @127.0.0.1 -p $DNS_PORT SRV ${first_vhost:-<vhost>}   (also A, _http._tcp.<vhost> SRV)"
  echo "               curl -s http://127.0.0.1:$DNS_METRICS_PORT/metrics"
  echo "  logs:        $STATE/controller.log  $STATE/executor.log  $STATE/gateway/error.log  $STATE/dns.log"
  echo "  stop:        scripts/demo.sh down"
}

up() {
  mkdir -p "$STATE"
  bash scripts/install-deps.sh
  drove_start_dockerd
  if [[ "$DROVE_STARTED_DOCKERD" == 1 ]]; then touch "$STATE/dockerd.started"; fi
  drove_log "building ($DROVE_BUILD_DIR)"
  drove_build >"$STATE/build.log" 2>&1 || { tail -n 40 "$STATE/build.log"; exit 1; }
  bash tests/images/build.sh
  write_configs
  start_controller
  start_executor
  start_gateway
  start_dns
  deploy_sample_app
  print_access
}

down() {
  stop_daemon dns
  stop_daemon gateway
  stop_daemon executor
  stop_daemon controller
  if docker info >/dev/null 2>&1; then
    local ids=()
    if [[ -s "$STATE/executor.id" ]]; then
      mapfile -t ids < <(drove_containers_with_label "drove.executor.id=$(cat "$STATE/executor.id")")
    else
      mapfile -t ids < <(drove_containers_with_label drove.instance.id)
    fi
    if ((${#ids[@]})); then
      drove_remove_containers "${ids[@]}"
      drove_log "removed ${#ids[@]} demo container(s)"
    fi
  fi
  rm -f "$STATE/executor.id"
  if [[ -f "$STATE/dockerd.started" ]]; then
    rm -f "$STATE/dockerd.started"
    bash scripts/dockerd.sh stop
  fi
}

status() {
  local name pid
  for name in controller executor gateway dns; do
    pid=$(recorded_pid "$name")
    if pid_alive "$pid"; then echo "$name: running (pid $pid)"; else echo "$name: not running"; fi
  done
  bash scripts/dockerd.sh status || true
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 [up|down|status]" >&2; exit 2 ;;
esac
