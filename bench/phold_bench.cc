// PHOLD on the engine, as a Google Benchmark: committed events per second for each
// executor and thread count. The "ross" cases are the ROSS comparison configuration
// (16,384 LPs, one event each, remote 0.1, mean 1.0, lookahead 0.1, end 1500); the
// "small" cases are a shorter run of the same shape for quick checks.
//
//   phold_bench --benchmark_out=phold.json --benchmark_out_format=json
#include <benchmark/benchmark.h>

#include "bench/phold/phold_model.h"

namespace hubsim {
namespace {

void RunPholdBenchmark(benchmark::State& state, double end, ExecutorKind executor,
                       QueueKind queue) {
  phold::PholdConfig config;
  config.end = end;
  RunOptions options;
  options.executor = executor;
  options.queue = queue;
  options.threads = static_cast<int>(state.range(0));
  std::uint64_t events = 0;
  std::uint64_t fingerprint = 0;
  for (auto _ : state) {
    const phold::PholdReport report = phold::RunPhold(config, options);
    events += report.result.committed_events;
    fingerprint = report.result.fingerprint;
    state.SetIterationTime(report.result.wall_seconds);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
  state.counters["events_per_second"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["fingerprint_low32"] = static_cast<double>(fingerprint & 0xffffffffu);
}

void BM_PholdRoss(benchmark::State& state) {
  RunPholdBenchmark(state, 1500, ExecutorKind::kWindowed, QueueKind::kQuaternaryHeap);
}
BENCHMARK(BM_PholdRoss)->Arg(1)->Arg(2)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);

void BM_PholdRossSequential(benchmark::State& state) {
  RunPholdBenchmark(state, 1500, ExecutorKind::kSequential, QueueKind::kQuaternaryHeap);
}
BENCHMARK(BM_PholdRossSequential)->Arg(1)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);

void BM_PholdSmall(benchmark::State& state) {
  RunPholdBenchmark(state, 100, ExecutorKind::kWindowed,
                    static_cast<QueueKind>(state.range(1)));
}
BENCHMARK(BM_PholdSmall)
    ->ArgsProduct({{1, 2},
                   {static_cast<int>(QueueKind::kBinaryHeap),
                    static_cast<int>(QueueKind::kQuaternaryHeap),
                    static_cast<int>(QueueKind::kCalendar)}})
    ->ArgNames({"threads", "queue"})
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace hubsim

BENCHMARK_MAIN();
