#!/usr/bin/env bash
# Installs what hubsim needs to build and test on Debian 12, idempotently
# (a fast no-op when everything is already there):
#   1. the Debian packages below (apt-get update runs only if something is missing),
#      Chromium for the report's browser test, and Node.js with npm unless already there;
#   2. the report's JavaScript packages (viz/package-lock.json) in viz/node_modules, with
#      npm ci, again only when the lock file changed since the last install;
#   3. a ThreadSanitizer-instrumented oneTBB in build/deps/tbb-tsan, built once from
#      Debian's onetbb source package (see ../shared/BUILD-NOTES.md for why).
#
# Usage: scripts/setup.sh [--no-tsan]
#   --no-tsan (or HUBSIM_SETUP_NO_TSAN=1): only the packages (Debian's and npm's), no
#   instrumented oneTBB.
# apt/cmake output goes to build/setup.log and is shown only when a step fails.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

want_tsan=1
[[ "${HUBSIM_SETUP_NO_TSAN:-0}" != 0 ]] && want_tsan=0
for arg in "$@"; do
  case "$arg" in
    --no-tsan) want_tsan=0 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "setup: unknown argument '$arg' (usage: scripts/setup.sh [--no-tsan])" >&2; exit 2 ;;
  esac
done

PACKAGES=(build-essential cmake pkg-config libboost-graph-dev libboost-dev libtbb-dev
          libprotobuf-dev protobuf-compiler libbenchmark-dev libgtest-dev libgmock-dev
          librandom123-dev libcli11-dev libzstd-dev dpkg-dev xz-utils chromium
          libopenmpi-dev openmpi-bin clang libclang-rt-dev strace)

DEPS="$ROOT/build/deps"
TBB_PREFIX="$DEPS/tbb-tsan"
TBB_CONFIG="$TBB_PREFIX/lib/cmake/TBB/TBBConfig.cmake"
LOG="$ROOT/build/setup.log"

export DEBIAN_FRONTEND=noninteractive
APT_OPTS=(-y -q -o DPkg::Lock::Timeout=300)

die() {
  echo "setup: ERROR: $*" >&2
  if [[ -s "$LOG" ]]; then
    echo "setup: last lines of $LOG:" >&2
    tail -n 40 "$LOG" | sed 's/^/  | /' >&2
  fi
  exit 1
}

# run DESCRIPTION CMD...: runs CMD with its output appended to the log; dies on failure.
run() {
  local what="$1"; shift
  { echo; echo "=== $(date '+%F %T') $what: $*"; } >>"$LOG"
  "$@" >>"$LOG" 2>&1 </dev/null || die "$what failed (exit $?): $*"
}

as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null; then sudo -E "$@"
  else die "need root (or sudo) to run: $*"
  fi
}

mkdir -p "$ROOT/build" || { echo "setup: ERROR: cannot create $ROOT/build" >&2; exit 1; }
: >"$LOG" || { echo "setup: ERROR: cannot write $LOG" >&2; exit 1; }

# ---- 1. Debian packages ------------------------------------------------------------
if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
  die "this script needs a Debian-like system (dpkg-query and apt-get)"
fi

missing=()
for p in "${PACKAGES[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
# Node.js and npm (the report's charting library and browser test): Debian's, unless a
# node and an npm are already installed (from Debian or elsewhere).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]} ..."
  run "apt-get update" as_root apt-get "${APT_OPTS[@]}" update
  run "apt-get install" as_root apt-get "${APT_OPTS[@]}" install --no-install-recommends \
    "${missing[@]}"
fi

# ---- 2. the report's JavaScript packages -------------------------------------------
# Chart.js (inlined into the report at build time) and playwright-core (the browser test),
# exactly as viz/package-lock.json has them. A copy of the lock file in node_modules marks
# a finished install, so an unchanged lock file costs nothing and a changed one reinstalls.
VIZ="$ROOT/viz"
if ! cmp -s "$VIZ/package-lock.json" "$VIZ/node_modules/.hubsim-installed-lock.json"; then
  echo "setup: installing the report's JavaScript packages (npm ci in viz/) ..."
  run "npm ci" bash -c 'cd "$1" && npm ci --no-audit --no-fund' npm-ci "$VIZ"
  cp "$VIZ/package-lock.json" "$VIZ/node_modules/.hubsim-installed-lock.json" ||
    die "cannot write $VIZ/node_modules/.hubsim-installed-lock.json"
fi

if ((!want_tsan)); then
  exit 0
fi

# ---- 3. ThreadSanitizer-instrumented oneTBB ------------------------------------------
if [[ -f "$TBB_CONFIG" ]]; then
  exit 0
fi

mkdir -p "$DEPS" || die "cannot create $DEPS"
# Two concurrent setups must not build into the same directories.
exec 9>"$DEPS/.setup.lock"
if command -v flock >/dev/null; then
  flock 9 || die "cannot lock $DEPS/.setup.lock"
  [[ -f "$TBB_CONFIG" ]] && exit 0   # another setup finished it while we waited
fi

echo "setup: building ThreadSanitizer oneTBB (once) ..."
start=$SECONDS

# Debian source packages: enable deb-src only if none is configured yet.
has_deb_src() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] && grep -Eq '^[[:space:]]*deb-src[[:space:]]' "$f" && return 0
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] && grep -Eiq '^[[:space:]]*Types:.*\bdeb-src\b' "$f" && return 0
  done
  return 1
}

SRC="$DEPS/src"
mkdir -p "$SRC" || die "cannot create $SRC"
shopt -s nullglob
origs=("$SRC"/onetbb_*.orig.tar.xz)
if ((${#origs[@]} == 0)); then
  if ! has_deb_src; then
    debian_sources=/etc/apt/sources.list.d/debian.sources
    [[ -f "$debian_sources" ]] ||
      die "no deb-src configured and $debian_sources not found; enable Debian source packages"
    echo "setup: enabling Debian source packages (/etc/apt/sources.list.d/hubsim-src.sources)"
    sed -E 's/^([[:space:]]*)Types:.*/\1Types: deb-src/I' "$debian_sources" >"$DEPS/hubsim-src.sources" ||
      die "cannot derive deb-src entries from $debian_sources"
    run "install hubsim-src.sources" as_root install -m 0644 "$DEPS/hubsim-src.sources" \
      /etc/apt/sources.list.d/hubsim-src.sources
    rm -f "$DEPS/hubsim-src.sources"
    run "apt-get update" as_root apt-get "${APT_OPTS[@]}" update
  elif ! apt-cache showsrc onetbb 2>/dev/null | grep -q '^Package:'; then
    # deb-src is configured but its index was never downloaded (fresh machine).
    run "apt-get update" as_root apt-get "${APT_OPTS[@]}" update
  fi
  # apt-get source may warn that it cannot verify signatures or download unsandboxed as root.
  cd "$SRC"
  run "apt-get source onetbb" apt-get "${APT_OPTS[@]}" source --download-only onetbb
  cd "$ROOT"
  origs=("$SRC"/onetbb_*.orig.tar.xz)
  ((${#origs[@]})) || die "apt-get source onetbb did not produce onetbb_*.orig.tar.xz in $SRC"
fi
orig="${origs[-1]}"

# Unpack into a fresh directory (a half-unpacked tree from an interrupted run is discarded).
unpack="$SRC/unpacked"
rm -rf "$unpack" || die "cannot remove $unpack"
mkdir -p "$unpack" || die "cannot create $unpack"
run "unpack $(basename "$orig")" tar -xJf "$orig" -C "$unpack"
tops=("$unpack"/*/CMakeLists.txt)
((${#tops[@]} == 1)) || die "unexpected layout of $(basename "$orig") (no single top directory)"
tbb_src="$(dirname "${tops[0]}")"

tbb_build="$DEPS/tbb-tsan-build"
rm -rf "$tbb_build"
run "configure oneTBB" cmake -S "$tbb_src" -B "$tbb_build" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTBB_SANITIZE=thread \
  -DTBB_TEST=OFF -DTBB_EXAMPLES=OFF -DTBB_STRICT=OFF \
  -DCMAKE_INSTALL_PREFIX="$TBB_PREFIX" -DCMAKE_INSTALL_LIBDIR=lib
run "build oneTBB" cmake --build "$tbb_build" -j2

# Install into a staging directory and move it into place, so that an interrupted
# install never leaves a TBBConfig.cmake that makes later runs skip the build.
stage="$DEPS/.tbb-tsan-stage"
rm -rf "$stage" "$TBB_PREFIX"
run "install oneTBB" env DESTDIR="$stage" cmake --install "$tbb_build"
[[ -f "$stage$TBB_CONFIG" ]] || die "oneTBB install did not produce $TBB_CONFIG"
mv "$stage$TBB_PREFIX" "$TBB_PREFIX" || die "cannot move the installed oneTBB to $TBB_PREFIX"
rm -rf "$stage" "$tbb_build"

echo "setup: ThreadSanitizer oneTBB installed in build/deps/tbb-tsan ($((SECONDS - start)) s)"
