#!/usr/bin/env bash
# Set up, build and run every test (this is what CI runs, via .ci/run):
#   1. scripts/setup.sh: packages, and a ThreadSanitizer oneTBB in build/deps/tbb-tsan;
#   2. build/tsan: a ThreadSanitizer build of kernel_tests and parcel_network_tests, linked
#      against that oneTBB;
#   3. build/test: a Release build of everything (tests and benchmarks), whose ctest also
#      runs build/tsan's tests (HUBSIM_TSAN_BUILD_DIR, tests/CMakeLists.txt);
#   4. build/asan: an AddressSanitizer + UndefinedBehaviorSanitizer build of the program and
#      every test, and its ctest (but the golden fingerprints): any report fails the script;
#   5. scripts/fuzz.sh: the libFuzzer targets (build/fuzz, clang), 60 s each;
#   6. ctest, last, so the output ends with its summary and its exit code is the script's.
# Build output goes to build/tsan-build.log, build/test-build.log and build/asan-build.log,
# shown only on failure; the ASan ctest's output goes to build/asan-test.log.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TBB_TSAN="$ROOT/build/deps/tbb-tsan"
TSAN_BUILD="$ROOT/build/tsan"
TEST_BUILD="$ROOT/build/test"
ASAN_BUILD="$ROOT/build/asan"
JOBS="$(nproc)"

# quiet LOG DESCRIPTION CMD...: runs CMD with its output in LOG; on failure shows LOG's tail.
quiet() {
  local log="$1" what="$2"; shift 2
  { echo; echo "=== $(date '+%F %T') $what: $*"; } >>"$log"
  if ! "$@" >>"$log" 2>&1 </dev/null; then
    echo "test: ERROR: $what failed; last lines of $log:" >&2
    tail -n 60 "$log" | sed 's/^/  | /' >&2
    exit 1
  fi
}

scripts/setup.sh

# ---- ThreadSanitizer build of the engine and parcel network tests ----------------------
# The parcel network model needs the scenario format (engine/io, protobuf), which is built
# with the CLI's libraries: HUBSIM_BUILD_CLI=ON, but only the two test targets are built.
log="$ROOT/build/tsan-build.log"
: >"$log"
tsan_targets=(kernel_tests parcel_network_tests)
echo "test: building ThreadSanitizer ${tsan_targets[*]} (build/tsan) ..."
quiet "$log" "configure build/tsan" cmake -S "$ROOT" -B "$TSAN_BUILD" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHUBSIM_SANITIZE=thread \
  -DHUBSIM_BUILD_BENCH=OFF -DHUBSIM_BUILD_CLI=ON \
  -DTBB_DIR="$TBB_TSAN/lib/cmake/TBB" -DCMAKE_BUILD_RPATH="$TBB_TSAN/lib"
quiet "$log" "build ${tsan_targets[*]} (tsan)" \
  cmake --build "$TSAN_BUILD" --target "${tsan_targets[@]}" -j"$JOBS"

# Without the instrumented libtbb, TSan reports false races inside TBB (BUILD-NOTES.md).
for tsan_bin in "$TSAN_BUILD/tests/kernel/kernel_tests" \
                "$TSAN_BUILD/tests/models/parcel_network/parcel_network_tests"; do
  tbb_lib="$(ldd "$tsan_bin" | awk '$1 ~ /^libtbb\.so/ {print $3}')"
  if [[ "$tbb_lib" != "$TBB_TSAN/lib/"* ]]; then
    echo "test: ERROR: $tsan_bin loads libtbb from '${tbb_lib:-nowhere}'," \
         "not the ThreadSanitizer build in $TBB_TSAN/lib" >&2
    exit 1
  fi
done

# ---- Release build of everything ---------------------------------------------------
log="$ROOT/build/test-build.log"
: >"$log"
echo "test: building tests and benchmarks (build/test) ..."
quiet "$log" "configure build/test" cmake -S "$ROOT" -B "$TEST_BUILD" \
  -DCMAKE_BUILD_TYPE=Release -DHUBSIM_BUILD_TESTS=ON -DHUBSIM_BUILD_BENCH=ON \
  -DHUBSIM_TSAN_BUILD_DIR="$TSAN_BUILD"
quiet "$log" "build build/test" cmake --build "$TEST_BUILD" -j"$JOBS"

# ---- AddressSanitizer + UndefinedBehaviorSanitizer build of everything --------------
log="$ROOT/build/asan-build.log"
: >"$log"
echo "test: building the AddressSanitizer + UBSan suite (build/asan) ..."
quiet "$log" "configure build/asan" cmake -S "$ROOT" -B "$ASAN_BUILD" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHUBSIM_SANITIZE=address,undefined \
  -DHUBSIM_BUILD_TESTS=ON -DHUBSIM_BUILD_BENCH=OFF -DHUBSIM_BUILD_CLI=ON
quiet "$log" "build build/asan" cmake --build "$ASAN_BUILD" -j"$JOBS"

# GCC 12's ThreadSanitizer dies with "unexpected memory mapping" on kernels that use more
# than 28 bits of mmap randomisation, and sanitizer runtimes of its age can fail the same
# way under ASan; run both ctests without ASLR there if that is allowed.
wrap=()
rnd_bits="$(cat /proc/sys/vm/mmap_rnd_bits 2>/dev/null || echo 0)"
if ((rnd_bits > 28)) && setarch "$(uname -m)" -R true 2>/dev/null; then
  echo "test: vm.mmap_rnd_bits=$rnd_bits; running ctest without ASLR for the sanitizers"
  wrap=(setarch "$(uname -m)" -R)
fi

# Every test but the golden fingerprints (they check determinism, not memory, and the
# national scenario takes minutes under ASan; the Release ctest runs them). Reports go to
# files under build/asan/sanitizer-reports as well as failing the process (abort_on_error),
# so a report in a subprocess whose failure a test expects (bad input, exit 2) still fails.
# Open MPI's own leaks in MPI_Init are suppressed (tests/sanitizers/lsan.supp); they match
# only with full stacks (fast_unwind_on_malloc=0: Open MPI has no frame pointers).
reports="$ASAN_BUILD/sanitizer-reports"
rm -rf "$reports" && mkdir -p "$reports"
san_common="halt_on_error=1:abort_on_error=1:print_stacktrace=1"
asan_log="$ROOT/build/asan-test.log"
echo "test: running ctest under AddressSanitizer + UBSan (build/asan) ..."
asan_rc=0
ASAN_OPTIONS="$san_common:detect_leaks=1:fast_unwind_on_malloc=0:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1:log_path=$reports/asan" \
UBSAN_OPTIONS="$san_common:log_path=$reports/ubsan" \
LSAN_OPTIONS="suppressions=$ROOT/tests/sanitizers/lsan.supp:print_suppressions=0" \
  "${wrap[@]}" ctest --test-dir "$ASAN_BUILD" --output-on-failure -j2 -LE golden >"$asan_log" 2>&1 \
  || asan_rc=$?
if ((asan_rc != 0)) || compgen -G "$reports/*" >/dev/null; then
  echo "test: ERROR: the AddressSanitizer + UBSan suite failed (ctest exit $asan_rc); $asan_log:" >&2
  sed -n '/tests passed/,$p' "$asan_log" | sed 's/^/  | /' >&2
  for report in "$reports"/*; do
    [[ -e "$report" ]] || continue
    echo "test: sanitizer report $report:" >&2
    head -n 60 "$report" | sed 's/^/  | /' >&2
  done
  exit 1
fi
echo "test: ASan+UBSan: $(grep -m1 'tests passed' "$asan_log")"

# ---- fuzzing: every reader of outside data for 60 s (prints executions and corpus sizes) ----
scripts/fuzz.sh 60

# ---- every test, last ----------------------------------------------------------------
exec "${wrap[@]}" ctest --test-dir "$TEST_BUILD" --output-on-failure -j2
