// One simulated day of the national China network (scenarios/cn-national.textproto: 50
// hubs, 5,000 outlets, 50,000 couriers, 5,000,000 parcels) as a Google Benchmark. Issue
// targets on a 2-core machine: under 60 s wall and 3 GiB peak RSS with tracking off; with
// the tracking log on, at most 2x the time.
//
//   national_bench --benchmark_out=national.json --benchmark_out_format=json
//
// BM_NationalDay/threads:T/tracking:K runs the day on T threads, with the full tracking
// log written to a temporary file (K = 1) or not (K = 0). Counters: parcels and events per
// second of wall time, the process's peak RSS so far (the largest run up to this one; runs
// are ordered tracking-off first), and for the log its bytes per scan and merge seconds.
// BM_NationalSpeedup runs the day on 1 and then 2 threads and reports the ratio.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "engine/io/scenario_loader.h"
#include "engine/models/parcel_network/network_model.h"
#include "engine/tracking/scan_log.h"

namespace hubsim {
namespace {

const parcel_network::NetworkSpec& NationalSpec() {
  static const parcel_network::NetworkSpec spec =
      parcel_network::CompileScenario(io::LoadScenarioFile(HUBSIM_SCENARIOS_DIR "/cn-national.textproto"));
  return spec;
}

double PeakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

void BM_NationalDay(benchmark::State& state) {
  const parcel_network::NetworkSpec& spec = NationalSpec();
  RunOptions options;
  options.threads = static_cast<int>(state.range(0));
  options.seed = 1;
  const bool tracking = state.range(1) != 0;
  const std::string log = (std::filesystem::temp_directory_path() /
                           ("hubsim-national-bench-" + std::to_string(::getpid()) + ".trk")).string();
  std::uint64_t parcels = 0, events = 0;
  tracking::LogStats stats;
  double merge_seconds = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    std::unique_ptr<tracking::ScanLogWriter> writer;
    if (tracking) {
      writer = std::make_unique<tracking::ScanLogWriter>(
          log, parcel_network::TrackingHeaderFor(spec, options.seed, 1.0), spec.hubs.size() + (spec.call_center ? 1 : 0));
    }
    const io::Results results = parcel_network::RunNetwork(spec, options, writer.get());
    if (writer) {
      const auto merge = std::chrono::steady_clock::now();
      stats = writer->Finish(options.threads);
      merge_seconds = Seconds(merge);
    }
    state.SetIterationTime(Seconds(start));
    parcels += results.conservation().created();
    events += results.events();
  }
  std::filesystem::remove(log);
  std::filesystem::remove(tracking::IndexPath(log));
  state.counters["parcels_per_second"] = benchmark::Counter(static_cast<double>(parcels), benchmark::Counter::kIsRate);
  state.counters["events_per_second"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["peak_rss_mb"] = PeakRssMb();
  if (tracking) {
    state.counters["scans"] = static_cast<double>(stats.scans);
    state.counters["bytes_per_scan"] = stats.bytes_per_scan();
    state.counters["merge_seconds"] = merge_seconds;
  }
}
BENCHMARK(BM_NationalDay)
    ->Args({2, 0})
    ->Args({1, 0})
    ->Args({2, 1})
    ->ArgNames({"threads", "tracking"})
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kSecond);

void BM_NationalSpeedup(benchmark::State& state) {
  const parcel_network::NetworkSpec& spec = NationalSpec();
  double one = 0, two = 0;
  for (auto _ : state) {
    for (int threads : {1, 2}) {
      RunOptions options;
      options.threads = threads;
      options.seed = 1;
      const auto start = std::chrono::steady_clock::now();
      benchmark::DoNotOptimize(parcel_network::RunNetwork(spec, options));
      (threads == 1 ? one : two) = Seconds(start);
    }
    state.SetIterationTime(one + two);
  }
  state.counters["seconds_1_thread"] = one;
  state.counters["seconds_2_threads"] = two;
  state.counters["speedup"] = two > 0 ? one / two : 0;
}
BENCHMARK(BM_NationalSpeedup)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);

}  // namespace
}  // namespace hubsim

BENCHMARK_MAIN();
