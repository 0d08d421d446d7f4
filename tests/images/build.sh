#!/usr/bin/env bash
# Builds the local test images from the busybox-static binary (no registry needed) and tags them.
#   tests/images/build.sh [--force] [IMAGE_DIR...]     (default: every folder here with a `tags` file)
# Each image folder holds `rootfs/` (start script at /start.sh, CGI scripts, ...) and `tags` (one image
# name per line, the first is the primary). `common/` is copied into every rootfs. busybox and its applet
# symlinks are added at build time. An image is skipped when every tag already carries the content hash
# of its sources (label drove.test.image.hash), unless --force.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUSYBOX=${BUSYBOX:-/bin/busybox}
[[ -x "$BUSYBOX" ]] || BUSYBOX=/usr/bin/busybox
HASH_LABEL=drove.test.image.hash

force=0
images=()
for arg in "$@"; do
  case "$arg" in
    --force|-f) force=1 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) images+=("${arg%/}") ;;
  esac
done
if ((${#images[@]} == 0)); then
  for dir in "$HERE"/*/; do
    [[ -f "$dir/tags" ]] && images+=("$(basename "$dir")")
  done
fi

command -v docker >/dev/null || { echo "build.sh: docker client not found (install docker.io)" >&2; exit 1; }
[[ -x "$BUSYBOX" ]] || { echo "build.sh: busybox not found (install busybox-static)" >&2; exit 1; }
if ! "$BUSYBOX" ls /dev/null >/dev/null 2>&1 || ldd "$BUSYBOX" >/dev/null 2>&1; then
  echo "build.sh: $BUSYBOX is not a static busybox (install busybox-static)" >&2
  exit 1
fi

source_hash() {  # content hash of everything that goes into the image
  local name=$1
  {
    (cd "$HERE" && find common "$name" -print0 | LC_ALL=C sort -z |
      tar --null --no-recursion -T - --mtime=@0 --owner=0 --group=0 --numeric-owner -cf -)
    cat "$BUSYBOX" "$HERE/build.sh"  # contents only: the hash must not depend on the checkout path
  } | sha256sum | cut -c1-16
}

tag_hashes() {  # the hash label of each given image, one line each ("missing" for a missing image)
  local tag
  for tag in "$@"; do
    docker image inspect -f "{{index .Config.Labels \"$HASH_LABEL\"}}" "$tag" 2>/dev/null || echo missing
  done
}

build_one() {
  local name=$1 dir=$HERE/$1
  [[ -d "$dir/rootfs" && -f "$dir/tags" ]] || { echo "build.sh: $dir needs rootfs/ and tags" >&2; return 1; }
  local tags=()
  mapfile -t tags < <(grep -v '^[[:space:]]*$' "$dir/tags")
  local hash
  hash=$(source_hash "$name")

  if ((force == 0)); then
    local existing
    existing=$(tag_hashes "${tags[@]}")
    if ! grep -qvx "$hash" <<<"$existing"; then
      echo "images: ${tags[0]} up to date"
      return 0
    fi
  fi

  local work
  work=$(mktemp -d /tmp/drove-image.XXXXXX)
  local root=$work/rootfs
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,proc,sys,dev,root,var/run}
  chmod 1777 "$root/tmp"
  cp -a "$HERE/common/." "$root/"
  cp -a "$dir/rootfs/." "$root/"
  cp "$BUSYBOX" "$root/bin/busybox"
  local applet
  for applet in $("$BUSYBOX" --list-full); do
    [[ -e "$root/$applet" || -L "$root/$applet" ]] || ln -s /bin/busybox "$root/$applet"
  done
  # Scripts must be executable whatever the checkout did to their modes.
  find "$root" -type f \( -name '*.sh' -o -path '*/cgi-bin/*' \) -exec chmod 0755 {} +

  tar -C "$root" --numeric-owner --owner=0 --group=0 -cf "$work/rootfs.tar" .
  docker import \
    -c 'CMD ["/start.sh"]' \
    -c 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' \
    -c "LABEL $HASH_LABEL=$hash" \
    "$work/rootfs.tar" "${tags[0]}" >/dev/null
  local tag
  for tag in "${tags[@]:1}"; do
    docker tag "${tags[0]}" "$tag"
  done
  rm -rf "$work"
  echo "images: built ${tags[*]} (hash $hash)"
}

for image in "${images[@]}"; do
  build_one "$image"
done
