// Route planning benchmark: PlanRoute (nearest neighbour + 2-opt + Or-opt) for a courier's
// day of n = 25..200 stops, and CheapestInsertion of a new pickup into a 100-stop route, the
// call made for every pickup request during the day. One call per iteration.
//
// Instances (fixed seeds): stops uniform in a 10 km x 10 km square with the outlet at its
// centre, start = end = the outlet; 16 instances per n, taken in turn, so the time is an
// average over instances rather than one lucky layout. Insertion: 4,096 random pickups.
//
//   route_bench --benchmark_out=route.json --benchmark_out_format=json
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/models/couriers/route.h"
#include "hubsim/rng.h"

namespace hubsim::couriers {
namespace {

constexpr double kSideKm = 10;
constexpr Point kOutlet{kSideKm / 2, kSideKm / 2};
constexpr std::size_t kInstances = 16;
constexpr std::size_t kPickups = 4096;

std::vector<Point> Stops(RngStream& rng, std::size_t n) {
  std::vector<Point> stops(n);
  for (Point& p : stops) {
    p.x = rng.Uniform(0, kSideKm);
    p.y = rng.Uniform(0, kSideKm);
  }
  return stops;
}

void BM_PlanRoute(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  RngStream rng(42, n);
  std::vector<std::vector<Point>> instances;
  for (std::size_t i = 0; i < kInstances; ++i) instances.push_back(Stops(rng, n));
  std::size_t next = 0;
  for (auto _ : state) {
    std::vector<std::uint32_t> order = PlanRoute(kOutlet, instances[next], kOutlet);
    benchmark::DoNotOptimize(order.data());
    next = (next + 1) % kInstances;
  }
  // The routes' mean length relative to the BHH estimate (n + 1 points with the outlet), as a
  // check of the timed work's quality; computed outside the timed loop.
  double length = 0;
  for (const std::vector<Point>& stops : instances) {
    length += RouteLength(kOutlet, stops, PlanRoute(kOutlet, stops, kOutlet), kOutlet);
  }
  state.counters["length_per_bhh"] = length / kInstances / BhhEstimate(n + 1, kSideKm * kSideKm);
}
BENCHMARK(BM_PlanRoute)->Arg(25)->Arg(50)->Arg(100)->Arg(200)->Unit(benchmark::kMicrosecond);

void BM_CheapestInsertion(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  RngStream rng(43, n);
  const std::vector<Point> stops = Stops(rng, n);
  const std::vector<std::uint32_t> order = PlanRoute(kOutlet, stops, kOutlet);
  std::vector<Point> path;
  for (const std::uint32_t s : order) path.push_back(stops[s]);
  const std::vector<Point> pickups = Stops(rng, kPickups);
  std::size_t next = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(CheapestInsertion(kOutlet, path, kOutlet, pickups[next]));
    next = (next + 1) % kPickups;
  }
}
BENCHMARK(BM_CheapestInsertion)->Arg(100);

}  // namespace
}  // namespace hubsim::couriers

BENCHMARK_MAIN();
