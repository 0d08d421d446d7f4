#!/usr/bin/env bash
# tests/ansible/mkimage.sh: builds the Docker image every host of the Ansible converge test boots from, and
# prints its name (drove-testhost:<tag>) as the last line of stdout.
#
# Why an image of our own: the converge must run the roles against real systemd units on several hosts, and
# this machine has no systemd (PID 1 is not systemd) and no internet for the hosts. So the image is Debian
# bookworm with systemd as PID 1, made offline-ready: everything the roles install with `apt` (Docker, nginx,
# ZooKeeper, the runtime libraries of our binaries) is already in it, and nothing in it runs on its own.
# Why debootstrap rather than `docker build FROM debian`: no registry is reachable here; the Debian mirror is.
#
# The tag is a short hash of this file (the package list lives here), so an edit makes a new image and an
# unchanged script reuses the existing one (0 s). Downloaded .debs are kept in $DROVE_TEST_DIR/debs, so a
# rebuild after an edit does not download again. Needs root and a running dockerd.
set -euo pipefail

DROVE_TEST_DIR=${DROVE_TEST_DIR:-/var/lib/drove-test}  # on disk, not /tmp: the rootfs is ~0.8 GB
SUITE=bookworm

PACKAGES=(
  # init, and what Ansible needs on a managed host (apt module, uri module)
  systemd systemd-sysv python3 python3-apt python3-requests
  # tools roles and verify.yml call (ss, ps, curl, dig)
  iproute2 procps ca-certificates curl bind9-dnsutils
  # executor hosts run their own Docker engine
  docker.io iptables
  # gateway: Debian's nginx, the build our module is compiled against (nginx-light = this + an echo module)
  nginx
  # ZooKeeper ensemble on ctl1-3: zookeeper brings zookeeper.jar, slf4j-log4j12, log4j-1.2 (JRE: see
  # make_jre_shim)
  zookeeper default-jre-headless
  # runtime libraries of drove-controller/-executor/-epoch/-dns and the gateway module:
  # `readelf -d` NEEDED entries mapped with `dpkg -S` (glibc and libstdc++ come with the base system)
  libc-ares2 libcrypt1 libssl3 libcurl4 libevent-2.1-7 libevent-openssl-2.1-7 libevent-pthreads-2.1-7
  libsqlite3-0 libyaml-cpp0.7 libzookeeper-mt2
)
# Built binaries checked with ldd inside the image (paths under build/).
BINARIES=(orchestrator/drove-controller orchestrator/drove-executor orchestrator/drove-epoch
  dns-server/drove-dns gateway-module/ngx_http_drove_module.so)
# Units that cannot work (or only add noise) in an unprivileged container.
MASK=(
  systemd-udevd.service systemd-udevd-control.socket systemd-udevd-kernel.socket systemd-logind.service
  getty.target console-getty.service systemd-firstboot.service systemd-remount-fs.service
  sys-kernel-config.mount sys-kernel-debug.mount
)
# Services and timers packages enable: the roles decide what runs, and a test must not run apt on its own.
DISABLE=(
  docker.service docker.socket containerd.service nginx.service zookeeper.service
  apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer e2scrub_reap.service fstrim.timer
)

log() { echo "mkimage: $*" >&2; }
die() { log "$*"; exit 1; }

[[ $(id -u) -eq 0 ]] || die "needs root (debootstrap, chroot)"
SCRIPT=$(readlink -f "${BASH_SOURCE[0]}")
REPO=$(cd "$(dirname "$SCRIPT")/../.." && pwd)
TAG=$(sha256sum "$SCRIPT" | cut -c1-12)
IMAGE=drove-testhost:$TAG

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "$IMAGE"
  exit 0
fi

mkdir -p "$DROVE_TEST_DIR/debs"
# One build at a time: two would debootstrap into the same directory.
exec 9>"$DROVE_TEST_DIR/mkimage.lock"
flock 9
if docker image inspect "$IMAGE" >/dev/null 2>&1; then echo "$IMAGE"; exit 0; fi

if ! command -v debootstrap >/dev/null; then
  log "installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends \
    debootstrap >&2 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends debootstrap >&2; }
fi

# The Debian mirror this machine's apt already uses (works for sources.list and deb822 .sources alike).
# shellcheck disable=SC2016  # $(RELEASE) is apt's placeholder, not a shell expansion
repo_for() { apt-get indextargets --format '$(RELEASE) $(REPO_URI)' | awk -v r="$1" '$1 == r {print $2; exit}'; }
MIRROR=$(repo_for "$SUITE")
SECURITY=$(repo_for "$SUITE-security")
[[ -n "$MIRROR" ]] || die "no $SUITE repository in this machine's apt sources"

ROOT=$DROVE_TEST_DIR/rootfs-$TAG
LOG=$DROVE_TEST_DIR/mkimage.log  # the last build's
: >"$LOG"

# debootstrap and our install mount /proc (and the .deb cache) inside ROOT: unmount before deleting
# anything, or `rm -rf` walks into the host's /proc and the bind-mounted cache.
unmount_all() {
  local m
  for m in $(findmnt -rn -o TARGET | grep -F "$ROOT/" | sort -r); do umount -l "$m" || true; done
}
remove_root() {
  unmount_all
  if findmnt -rn -o TARGET | grep -qF "$ROOT/"; then die "mounts left under $ROOT; not deleting it"; fi
  rm -rf "$ROOT"
}
in_root() {
  chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"
}
trap 'status=$?; unmount_all; ((status == 0)) || log "failed; log: $LOG (rootfs left in $ROOT)"' EXIT

# Debian's zookeeper Depends on default-jre, the desktop JRE (GTK, Mesa, LLVM: ~250 MB) although the server
# needs only the headless one. A local package that Provides default-jre and Depends on the headless JRE
# keeps all that out of the image; zookeeper itself is Debian's, unchanged.
make_jre_shim() {
  local deb=$1 dir
  dir=$(mktemp -d)
  mkdir "$dir/DEBIAN"
  printf '%s\n' 'Package: drove-testhost-jre-shim' 'Version: 1' 'Architecture: all' \
    'Maintainer: Drove tests <root@localhost>' 'Depends: default-jre-headless' 'Provides: default-jre' \
    'Description: headless JRE standing in for default-jre in the Drove test image' >"$dir/DEBIAN/control"
  dpkg-deb --build "$dir" "$deb" >>"$LOG"
  rm -rf "$dir"
}

build_rootfs() {
  local step=$SECONDS
  remove_root
  log "debootstrap $SUITE from $MIRROR (log: $LOG)"
  debootstrap --variant=minbase --cache-dir="$DROVE_TEST_DIR/debs" "$SUITE" "$ROOT" "$MIRROR" >>"$LOG" 2>&1 \
    || { tail -n 30 "$LOG" >&2; die "debootstrap failed"; }
  log "debootstrap done in $((SECONDS - step)) s"

  # apt inside the rootfs: same mirrors as the host; no daemon may start during installs (policy-rc.d 101);
  # the host's resolver for downloads (Docker replaces resolv.conf at run time).
  {
    echo "deb $MIRROR $SUITE main"
    echo "deb $MIRROR $SUITE-updates main"
    [[ -z "$SECURITY" ]] || echo "deb $SECURITY $SUITE-security main"
  } >"$ROOT/etc/apt/sources.list"
  # Mirror snapshots may carry an expired Valid-Until; the host's apt is configured the same way.
  printf '%s\n' 'Acquire::Check-Valid-Until "false";' 'Acquire::Languages "none";' \
    'APT::Install-Recommends "false";' >"$ROOT/etc/apt/apt.conf.d/90drove-testhost"
  printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
  chmod 755 "$ROOT/usr/sbin/policy-rc.d"
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  mount -t proc proc "$ROOT/proc"
  mount --bind "$DROVE_TEST_DIR/debs" "$ROOT/var/cache/apt/archives"

  step=$SECONDS
  make_jre_shim "$ROOT/tmp/jre-shim.deb"
  log "apt-get install ${#PACKAGES[@]} packages"
  { in_root apt-get update -q && in_root apt-get -y -q upgrade &&
    in_root apt-get install -y -q /tmp/jre-shim.deb && in_root apt-get install -y -q "${PACKAGES[@]}"; } \
    >>"$LOG" 2>&1 || { tail -n 30 "$LOG" >&2; die "apt-get failed"; }
  log "apt-get done in $((SECONDS - step)) s"

  # systemctl mask/disable/list-unit-files work offline in a chroot (cat does not); units no package
  # shipped are skipped.
  in_root systemctl mask "${MASK[@]}" >>"$LOG" 2>&1
  local shipped
  shipped=$(in_root systemctl list-unit-files --no-legend "${DISABLE[@]}" | awk '{print $1}')
  # shellcheck disable=SC2086  # one unit name per word
  in_root systemctl disable $shipped >>"$LOG" 2>&1
  # zookeeperd-style SysV scripts, if any, would be started by systemd's generator: disable those too.
  for svc in zookeeper nginx docker; do
    [[ ! -x "$ROOT/etc/init.d/$svc" ]] || in_root update-rc.d "$svc" disable >>"$LOG" 2>&1 || true
  done

  # The jars scripts/zookeeper.sh puts on the classpath must be there, and our binaries (when built) must
  # find every library: a missing one would only show up as a failed unit in the middle of a converge.
  for jar in zookeeper.jar slf4j-log4j12.jar log4j-1.2.jar; do
    [[ -e "$ROOT/usr/share/java/$jar" ]] || die "/usr/share/java/$jar missing in the image"
  done
  mkdir -p "$ROOT/tmp/ldd"
  for bin in "${BINARIES[@]}"; do
    [[ ! -f "$REPO/build/$bin" ]] || cp "$REPO/build/$bin" "$ROOT/tmp/ldd/"
  done
  for bin in "$ROOT"/tmp/ldd/*; do
    [[ -f "$bin" ]] || continue
    missing=$(in_root ldd "/tmp/ldd/${bin##*/}" | grep 'not found' || true)
    [[ -z "$missing" ]] || die "${bin##*/} lacks libraries in the image: $missing"
  done

  unmount_all
  # Each container gets its own machine-id at boot; an empty file tells systemd to make one.
  : >"$ROOT/etc/machine-id"
  rm -f "$ROOT/var/lib/dbus/machine-id" "$ROOT/usr/sbin/policy-rc.d" "$ROOT/etc/resolv.conf"
  rm -f "$ROOT"/var/cache/apt/archives/*.deb "$ROOT"/var/cache/apt/*.bin
  rm -rf "$ROOT"/var/log/apt/* "$ROOT"/tmp/* "$ROOT"/var/tmp/*
  touch "$ROOT.done"
}

start=$SECONDS
# A finished rootfs whose import failed (dockerd down, say) is imported again rather than rebuilt.
if [[ -f "$ROOT.done" ]]; then log "reusing finished rootfs $ROOT"; else build_rootfs; fi

step=$SECONDS
# container=docker: what systemd reads to know it runs in a container (skips units meant for real machines).
tar --numeric-owner -C "$ROOT" -c . |
  docker import -c 'CMD ["/lib/systemd/systemd"]' -c 'ENV container=docker' \
    -c "LABEL drove-testhost=$TAG" - "$IMAGE" >>"$LOG"
log "docker import done in $((SECONDS - step)) s; $IMAGE built in $((SECONDS - start)) s," \
  "rootfs $(du -sh "$ROOT" | cut -f1)"
remove_root
rm -f "$ROOT.done"
# Images of earlier versions of this script are dead weight (~0.8 GB each); one still in use stays.
docker images drove-testhost --format '{{.Repository}}:{{.Tag}}' | grep -vxF "$IMAGE" |
  xargs -r docker rmi >/dev/null 2>&1 || true
echo "$IMAGE"
