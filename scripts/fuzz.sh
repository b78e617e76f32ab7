#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (build/fuzz: clang, AddressSanitizer +
# UndefinedBehaviorSanitizer) and runs each for SECONDS (default 60), up to $(nproc) at once.
#   scripts/fuzz.sh [SECONDS]
# Each target starts from its seeds (tests/fuzz/seeds/NAME), its regressions
# (tests/fuzz/regressions/NAME) and the corpus it grew in earlier runs (build/fuzz/corpus/NAME).
# Any crash, hang (10 s per input), leak, memory blow-up (2 GB) or sanitizer report fails the
# script: the input is copied into tests/fuzz/regressions/NAME, where ctest -L fuzz replays
# it from then on, and the command that reproduces it is printed. For each target the script
# prints the executions run and the corpus size. Build output: build/fuzz-build.log; each
# target's output: build/fuzz/logs/NAME.log.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SECONDS_EACH="${1:-60}"
if ! [[ "$SECONDS_EACH" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/fuzz.sh [SECONDS]  (a whole number of seconds, default 60)" >&2
  exit 2
fi
BUILD="$ROOT/build/fuzz"
JOBS="$(nproc)"
log="$ROOT/build/fuzz-build.log"
mkdir -p "$BUILD"
: >"$log"

# build STEP CMD...: runs CMD with its output in the build log; on failure shows its tail.
build() {
  local what="$1"; shift
  if ! "$@" >>"$log" 2>&1 </dev/null; then
    echo "fuzz: ERROR: $what failed; last lines of $log:" >&2
    tail -n 40 "$log" | sed 's/^/  | /' >&2
    exit 1
  fi
}

launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
echo "fuzz: building the fuzz targets (build/fuzz) ..."
# -O1 -g without NDEBUG: fast enough to fuzz, assertions on, readable stacks.
build "configure build/fuzz" env CXX=clang++ cmake -S "$ROOT" -B "$BUILD" \
  -DHUBSIM_FUZZ=ON -DHUBSIM_BUILD_TESTS=OFF -DHUBSIM_BUILD_BENCH=OFF -DHUBSIM_WITH_MPI=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" "${launcher[@]}"
mapfile -t fuzzers <"$BUILD/fuzzers.txt"
names=()
for line in "${fuzzers[@]}"; do names+=("${line%% *}"); done
build "build ${names[*]}" cmake --build "$BUILD" --target "${names[@]}" -j"$JOBS"

# run NAME SEEDS REGRESSIONS DICT MAX_LEN: fuzzes one target; its output in logs/NAME.log.
run() {
  local name="$1" seeds="$2" regressions="$3" dict="$4" max_len="$5"
  local corpus="$BUILD/corpus/$name" artifacts="$BUILD/artifacts/$name/"
  mkdir -p "$corpus" "$artifacts"
  rm -f "$artifacts"*
  local args=(-max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len"
              -print_final_stats=1 -artifact_prefix="$artifacts")
  [[ "$dict" != "-" ]] && args+=(-dict="$dict")
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=0" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    "$BUILD/fuzz/$name" "${args[@]}" "$corpus" "$seeds" "$regressions" \
    >"$BUILD/logs/$name.log" 2>&1 </dev/null
}

mkdir -p "$BUILD/logs"
echo "fuzz: running ${#names[@]} targets for ${SECONDS_EACH} s each, $JOBS at a time ..."
declare -A pid_of
running=0
for line in "${fuzzers[@]}"; do
  read -r name seeds regressions dict max_len <<<"$line"
  if ((running >= JOBS)); then wait -n || true; running=$((running - 1)); fi
  run "$name" "$seeds" "$regressions" "$dict" "$max_len" &
  pid_of[$name]=$!
  running=$((running + 1))
done

failed=0
total=0
for line in "${fuzzers[@]}"; do
  read -r name seeds regressions dict max_len <<<"$line"
  status=0
  wait "${pid_of[$name]}" || status=$?
  target_log="$BUILD/logs/$name.log"
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$target_log" | tail -n 1)"
  corpus="$(sed -nE 's/^#[0-9]+.*corp: ([0-9]+)\/([^ ]+).*/\1 inputs (\2)/p' "$target_log" | tail -n 1)"
  printf 'fuzz: %-22s %12s executions, corpus %s\n' "$name" "${execs:-?}" "${corpus:-?}"
  total=$((total + ${execs:-0}))
  if ((status != 0)); then
    failed=1
    echo "fuzz: FINDING in $name (exit $status); last lines of $target_log:" >&2
    { grep -E 'ERROR|SUMMARY|fuzz finding|runtime error|Test unit written|ParseDictionaryFile' "$target_log" || tail -n 5 "$target_log"; } |
      head -n 12 | sed 's/^/  | /' >&2 || true
    for input in "$BUILD/artifacts/$name/"*; do
      [[ -f "$input" ]] || continue
      case "$(basename "$input")" in slow-unit-*) continue ;; esac
      cp "$input" "$regressions/"
      kept="$regressions/$(basename "$input")"
      echo "fuzz:   input kept as ${kept#"$ROOT"/}; reproduce with" >&2
      echo "fuzz:     build/fuzz/fuzz/$name ${kept#"$ROOT"/}" >&2
      echo "fuzz:   or, after fixing, ctest --test-dir build/test -R fuzz.$name.regressions" >&2
    done
  fi
done
if ((failed)); then
  echo "fuzz: FAILED: see above; fix the reader, keep the input as a regression" >&2
  exit 1
fi
echo "fuzz: no finding ($total executions in all)"
