#!/usr/bin/env bash
# Set up, build and run hubsim's main job:
#   scripts/run.sh [hubsim run options...]   (no options: the default job)
# Installs missing packages (scripts/setup.sh --no-tsan), builds the `hubsim` target in
# build/release, then runs `hubsim run "$@"` from the current directory, so relative paths
# among the arguments mean what they say. Build output goes to build/release-build.log and
# is shown only if a step fails; the program's own output is shown as is.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build/release"
LOG="$ROOT/build/release-build.log"

# quiet DESCRIPTION CMD...: runs CMD with its output in $LOG; on failure shows the log's tail.
quiet() {
  local what="$1"; shift
  { echo; echo "=== $(date '+%F %T') $what: $*"; } >>"$LOG"
  if ! "$@" >>"$LOG" 2>&1 </dev/null; then
    echo "run: ERROR: $what failed; last lines of $LOG:" >&2
    tail -n 60 "$LOG" | sed 's/^/  | /' >&2
    exit 1
  fi
}

"$ROOT/scripts/setup.sh" --no-tsan

mkdir -p "$ROOT/build"
: >"$LOG"
echo "run: building hubsim (build/release) ..." >&2
quiet "configure build/release" cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release \
  -DHUBSIM_BUILD_TESTS=OFF
quiet "build hubsim" cmake --build "$BUILD" --target hubsim -j"$(nproc)"

exec "$BUILD/engine/cli/hubsim" run "$@"
