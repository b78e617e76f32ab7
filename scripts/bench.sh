#!/usr/bin/env bash
# Set up, build and run the Google Benchmark suite; JSON results go to build/bench/:
#   scripts/bench.sh [extra Google Benchmark flags, e.g. --benchmark_filter=Hold]
# queue_bench: the event queues' hold loop; phold_bench: PHOLD on 1 and 2 threads (the
# ROSS comparison configuration and a short run per queue); routing_bench: earliest-arrival
# routing; scenario_bench: the default scenario, parcels and events per second;
# national_bench: one day of the 5-million-parcel national network (about 2 minutes):
# parcels/s, events/s, peak RSS, the tracking log's bytes per scan and cost, 1 vs 2 threads.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build/release"
OUT="$ROOT/build/bench"
LOG="$ROOT/build/bench-build.log"

"$ROOT/scripts/setup.sh" --no-tsan
mkdir -p "$OUT"
echo "bench: building benchmarks (build/release) ..." >&2
if ! { cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DHUBSIM_BUILD_TESTS=OFF \
         -DHUBSIM_BUILD_BENCH=ON &&
       cmake --build "$BUILD" --target queue_bench phold_bench routing_bench scenario_bench national_bench hubsim-phold -j"$(nproc)"; } \
     >"$LOG" 2>&1; then
  echo "bench: ERROR: build failed; last lines of $LOG:" >&2
  tail -n 60 "$LOG" | sed 's/^/  | /' >&2
  exit 1
fi

for bench in queue_bench phold_bench routing_bench scenario_bench national_bench; do
  echo "bench: $bench -> build/bench/$bench.json" >&2
  "$BUILD/bench/$bench" --benchmark_out="$OUT/$bench.json" --benchmark_out_format=json "$@"
done
