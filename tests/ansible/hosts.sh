#!/usr/bin/env bash
# tests/ansible/hosts.sh up|down|status|ip HOST: the eight machines the Ansible converge test deploys to.
#
#   up      fresh hosts: removes leftovers of an earlier run, creates the internal network `drove-test` and
#           one systemd container per host from the mkimage.sh image, then waits until systemd in every
#           host says running/degraded (prints what failed otherwise, exit 1)
#   down    removes the containers (label drove-test=1), the network and the executors' Docker dirs;
#           keeps the image and mkimage.sh's .deb cache
#   status  one line per host: container state, address on drove-test, systemd state
#   ip H    address of host H on drove-test (the test machine reaches hosts there: e.g. gw1:7000)
#
# Why containers with systemd as PID 1: the roles install and restart real systemd units, and this machine
# has no systemd. Why an --internal network: nothing a converge starts can reach beyond the test (no
# egress, no published ports); the test machine still reaches every host at its bridge address.
# Hosts: ctl1-3 (ZooKeeper member + controller each), ex1-2 (executor with its own dockerd), gw1
# (nginx + our module), dns1 (drove-dns), ep1 (drove-epoch). Ansible reaches them with the docker
# connection, by container name; hosts reach each other by name through Docker's DNS.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DROVE_TEST_DIR=${DROVE_TEST_DIR:-/var/lib/drove-test}
NETWORK=drove-test
LABEL=drove-test=1
PLAIN_HOSTS=(ctl1 ctl2 ctl3 gw1 dns1 ep1)
EXECUTOR_HOSTS=(ex1 ex2)
BOOT_TIMEOUT=${DROVE_TEST_BOOT_TIMEOUT:-120}

# systemd needs a writable /run and the cgroup tree; SIGRTMIN+3 is its "shut down cleanly" signal.
# Unprivileged: --privileged cannot work on this machine (root lacks CAP_SYS_RESOURCE; runc refuses).
COMMON_FLAGS=(--detach --label "$LABEL" --network "$NETWORK" --tmpfs /run --tmpfs /run/lock
  --stop-signal SIGRTMIN+3)
PLAIN_FLAGS=(-v /sys/fs/cgroup:/sys/fs/cgroup:ro)
# dockerd inside needs every capability this machine can grant, no seccomp/AppArmor filter, a writable
# cgroup tree in the machine's namespace (cgroup v1 here), and /var/lib/docker on ext4 rather than
# overlayfs so its own overlay2 driver works (the bind mount is added per host).
EXECUTOR_FLAGS=(--cap-add ALL --cap-drop SYS_RESOURCE --security-opt seccomp=unconfined
  --security-opt apparmor=unconfined --security-opt systempaths=unconfined --cgroupns=host
  -v /sys/fs/cgroup:/sys/fs/cgroup:rw)

log() { echo "hosts: $*" >&2; }
die() { log "$*"; exit 1; }

our_containers() { docker ps -aq --filter "label=$LABEL"; }

host_ip() {
  docker inspect -f "{{with index .NetworkSettings.Networks \"$NETWORK\"}}{{.IPAddress}}{{end}}" "$1" 2>/dev/null
}

system_state() {  # systemd's overall state inside HOST; "unreachable" when docker exec fails
  local state
  state=$(timeout 10 docker exec "$1" systemctl is-system-running 2>/dev/null) || true
  echo "${state:-unreachable}"
}

down() {
  local ids
  ids=$(our_containers)
  if [[ -n "$ids" ]]; then
    # Executors first get a clean shutdown so their dockerd stops its containers: a SIGKILLed host would
    # leave the inner containers' cgroups behind in the machine's (shared) cgroup tree.
    local ex running=()
    for ex in "${EXECUTOR_HOSTS[@]}"; do
      [[ "$(docker inspect -f '{{.State.Running}}' "$ex" 2>/dev/null)" != true ]] || running+=("$ex")
    done
    ((${#running[@]} == 0)) || docker stop -t 20 "${running[@]}" >/dev/null || true
    # shellcheck disable=SC2086  # one id per word
    docker rm -f -v $ids >/dev/null
  fi
  if docker network inspect "$NETWORK" >/dev/null 2>&1; then docker network rm "$NETWORK" >/dev/null; fi
  local dir
  for dir in "$DROVE_TEST_DIR"/*-docker; do
    [[ -d "$dir" ]] || continue
    # Inner mounts die with the container's mount namespace; never delete through one that did not.
    if findmnt -rn -o TARGET | grep -qF "$dir/"; then die "mounts left under $dir; not deleting it"; fi
    rm -rf "$dir"
  done
}

run_host() {  # HOST IMAGE: create and start one host
  local host=$1 image=$2 flags
  if [[ " ${EXECUTOR_HOSTS[*]} " == *" $host "* ]]; then
    mkdir -p "$DROVE_TEST_DIR/$host-docker"
    flags=("${EXECUTOR_FLAGS[@]}" -v "$DROVE_TEST_DIR/$host-docker:/var/lib/docker")
  else
    flags=("${PLAIN_FLAGS[@]}")
  fi
  docker run "${COMMON_FLAGS[@]}" "${flags[@]}" --name "$host" --hostname "$host" "$image" >/dev/null
}

wait_booted() {  # waits until every host's systemd is up; prints the failed ones' details and returns 1
  local deadline=$((SECONDS + BOOT_TIMEOUT)) host state pending
  local -A states=()
  while :; do
    pending=()
    for host in "${PLAIN_HOSTS[@]}" "${EXECUTOR_HOSTS[@]}"; do
      [[ "${states[$host]:-}" == running || "${states[$host]:-}" == degraded ]] && continue
      state=$(system_state "$host")
      states[$host]=$state
      [[ "$state" == running || "$state" == degraded ]] || pending+=("$host")
    done
    ((${#pending[@]} == 0)) && break
    if ((SECONDS >= deadline)); then
      for host in "${pending[@]}"; do
        log "$host: systemd is '${states[$host]}' after ${BOOT_TIMEOUT}s; failed units and pending jobs:"
        docker exec "$host" systemctl --failed --no-legend --no-pager >&2 || true
        docker exec "$host" systemctl list-jobs --no-legend --no-pager >&2 || true
      done
      return 1
    fi
    sleep 0.5
  done
  # Degraded is good enough to converge, but say which unit failed: the roles may care.
  for host in "${!states[@]}"; do
    [[ "${states[$host]}" == degraded ]] || continue
    log "$host is degraded: $(docker exec "$host" systemctl --failed --no-legend --plain --no-pager |
      awk '{print $1}' | tr '\n' ' ')"
  done
}

# The executor hosts' systemd (cgroupns=host, /sys/fs/cgroup writable) mounts every cgroup v1
# controller it finds unmounted (hugetlb, perf_event, net_cls,net_prio here), in its own mount
# namespace. Those hierarchies outlive the hosts, and this machine's containerd, finding no mount
# for them, then reports no container stats at all ("cannot find cgroup mount destination"), which
# broke the executor's metrics test in later runs. Mounting every controller here first, as a
# systemd machine has them, keeps both sides consistent.
mount_cgroup_controllers() {
  [[ $(stat -fc %T /sys/fs/cgroup) == tmpfs ]] || return 0  # cgroup v2: one hierarchy, nothing to do
  local -A groups=()
  local name hierarchy enabled key options remounted=0
  while read -r name hierarchy _ enabled; do
    [[ $name == \#* || $enabled != 1 ]] && continue
    key=$hierarchy
    [[ $hierarchy == 0 ]] && key=new-$name  # not attached yet: a hierarchy of its own
    groups[$key]+=${groups[$key]:+,}$name
  done </proc/cgroups
  for key in "${!groups[@]}"; do
    options=${groups[$key]}
    if findmnt -rn -t cgroup -o OPTIONS | tr ',' '\n' | grep -qx "${options%%,*}"; then continue; fi
    if [[ ! -d /sys/fs/cgroup/$options ]]; then
      ((remounted)) || mount -o remount,rw /sys/fs/cgroup
      remounted=1
      mkdir -p "/sys/fs/cgroup/$options"
    fi
    mount -t cgroup -o "$options" cgroup "/sys/fs/cgroup/$options" || die "mounting cgroup $options"
    log "mounted cgroup controllers $options (as a systemd machine has them)"
  done
  ((remounted == 0)) || mount -o remount,ro /sys/fs/cgroup
}

up() {
  local image=${DROVE_TESTHOST_IMAGE:-}
  [[ -n "$image" ]] || image=$(bash "$HERE/mkimage.sh" | tail -n 1)
  [[ -n "$(our_containers)" ]] && log "removing leftovers of an earlier run"
  down
  mount_cgroup_controllers
  # No subnet given: Docker picks a free one, so the test never collides with the machine's networks.
  docker network create --internal --label "$LABEL" "$NETWORK" >/dev/null
  local host pids=() failed=0
  for host in "${PLAIN_HOSTS[@]}" "${EXECUTOR_HOSTS[@]}"; do
    run_host "$host" "$image" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  ((failed == 0)) || die "docker run failed for some host (see above)"
  wait_booted || die "hosts did not boot"
  status
}

status() {
  local host any=0
  for host in "${PLAIN_HOSTS[@]}" "${EXECUTOR_HOSTS[@]}"; do
    local cstate
    cstate=$(docker inspect -f '{{.State.Status}}' "$host" 2>/dev/null) || { echo "$host absent"; continue; }
    any=1
    printf '%-5s %-8s %-15s %s\n' "$host" "$cstate" "$(host_ip "$host")" \
      "$([[ "$cstate" == running ]] && system_state "$host" || echo -)"
  done
  ((any == 1))
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  ip)
    [[ -n "${2:-}" ]] || die "usage: $0 ip HOST"
    ip=$(host_ip "$2") || true
    [[ -n "$ip" ]] || die "$2: no address on $NETWORK"
    echo "$ip"
    ;;
  *) echo "usage: $0 up|down|status|ip HOST" >&2; exit 2 ;;
esac
