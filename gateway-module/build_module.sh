#!/usr/bin/env bash
# Builds ngx_http_drove_module.so against the installed nginx's own sources (Debian's nginx-dev), so
# it loads into /usr/sbin/nginx (nginx refuses modules built for another version or flag set).
#   build_module.sh MODULE_DIR WORK_DIR OUTPUT_SO STATIC_LIB...
# WORK_DIR gets a private copy of /usr/share/nginx/src (configure writes a Makefile into its source
# dir); configure is rerun only when the library list or the module's `config` changed.
set -euo pipefail
module_dir=$1 work=$2 output=$3
shift 3
src=/usr/share/nginx/src
[[ -x $src/configure ]] || { echo "build_module.sh: $src missing: apt-get install nginx-dev" >&2; exit 1; }

mkdir -p "$work"
if [[ ! -x $work/src/configure ]]; then
  rm -rf "$work/src"
  cp -a "$src" "$work/src"
fi

export DROVE_GATEWAY_LIBS="$*"
stamp="$work/configure.stamp"
wanted="$(cat "$module_dir/config") $DROVE_GATEWAY_LIBS"
if [[ ! -f $work/objs/Makefile || ! -f $stamp || "$(cat "$stamp")" != "$wanted" ]]; then
  # shellcheck disable=SC1091
  . "$work/src/conf_flags"
  (cd "$work/src" && ./configure "${NGX_CONF_FLAGS[@]}" --with-cc-opt='-fPIC' --with-ld-opt='-fPIC' \
    --add-dynamic-module="$module_dir" --builddir="$work/objs" >"$work/configure.log" 2>&1) ||
    { tail -n 30 "$work/configure.log" >&2; exit 1; }
  printf '%s' "$wanted" >"$stamp"
fi
# make does not know the static libraries: relink every time this runs.
rm -f "$work/objs/ngx_http_drove_module.so"
make -s -f "$work/objs/Makefile" -C "$work/src" modules
cp "$work/objs/ngx_http_drove_module.so" "$output.tmp"
mv "$output.tmp" "$output"
