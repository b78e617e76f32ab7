// The built-in default scenario (Pearl River Delta) as a Google Benchmark: simulated
// parcels and engine events per second of wall time, on 1 and 2 threads.
//
//   scenario_bench --benchmark_out=scenario.json --benchmark_out_format=json
#include <benchmark/benchmark.h>

#include <chrono>

#include "engine/io/scenario_loader.h"
#include "engine/models/parcel_network/network_model.h"

namespace hubsim {
namespace {

void BM_DefaultScenario(benchmark::State& state) {
  io::Scenario scenario = io::DefaultScenario();
  scenario.set_days(static_cast<std::uint32_t>(state.range(1)));
  const parcel_network::NetworkSpec spec = parcel_network::CompileScenario(scenario);
  RunOptions options;
  options.threads = static_cast<int>(state.range(0));
  options.seed = scenario.seed();
  std::uint64_t parcels = 0, events = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    const io::Results results = parcel_network::RunNetwork(spec, options);
    state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    parcels += results.conservation().created();
    events += results.events();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(parcels));
  state.counters["parcels_per_second"] = benchmark::Counter(static_cast<double>(parcels), benchmark::Counter::kIsRate);
  state.counters["events_per_second"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DefaultScenario)
    ->ArgsProduct({{1, 2}, {3, 30}})
    ->ArgNames({"threads", "days"})
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace hubsim

BENCHMARK_MAIN();
