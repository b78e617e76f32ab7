// Routing benchmark: HubGraph::FirstLeg and EarliestArrival, the calls the network model
// makes for every parcel at every hub it is sorted in. One call per iteration, so the
// reported time is the cost of one call.
//
// Networks (fixed seed): hubs at random points of a 2,000 km square; a linehaul's transit is
// its straight-line distance at 70 km/h (at least 30 min); each linehaul
// leaves 3 times a day at random half hours; sorting takes 1 h.
// - complete_8: every ordered pair of 8 hubs (56 linehauls).
// - sparse_50: 50 hubs, each joined both ways to its 4 nearest hubs and to 3 gateway hubs,
//   as a regional network with national gateways is (520 linehauls).
// - complete_50: every ordered pair of 50 hubs (2,450 linehauls), the dense worst case.
// Queries are 4,096 random (from, to, ready) with from != to, ready over 3 days.
//
//   routing_bench --benchmark_out=routing.json --benchmark_out_format=json
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include "engine/models/network/hub_graph.h"
#include "hubsim/sim_time.h"

namespace hubsim::network {
namespace {

enum class Shape { kComplete, kSparse };

constexpr double kSquareKm = 2000;
constexpr double kSpeedKmPerHour = 70;
constexpr int kDeparturesPerLinehaul = 3;
constexpr int kNearest = 4;
constexpr std::uint32_t kGateways = 3;
constexpr std::size_t kQueries = 4096;

HubGraph MakeNetwork(Shape shape, std::uint32_t hubs) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> coordinate(0, kSquareKm);
  std::vector<std::pair<double, double>> at(hubs);
  for (auto& p : at) p = {coordinate(rng), coordinate(rng)};
  const auto distance = [&at](std::uint32_t a, std::uint32_t b) {
    return std::hypot(at[a].first - at[b].first, at[a].second - at[b].second);
  };

  std::set<std::pair<std::uint32_t, std::uint32_t>> pairs;
  const auto join = [&pairs](std::uint32_t a, std::uint32_t b) {
    if (a == b) return;
    pairs.insert({a, b});
    pairs.insert({b, a});
  };
  for (std::uint32_t a = 0; a < hubs; ++a) {
    if (shape == Shape::kComplete) {
      for (std::uint32_t b = 0; b < hubs; ++b) join(a, b);
      continue;
    }
    std::vector<std::uint32_t> others;
    for (std::uint32_t b = 0; b < hubs; ++b) {
      if (b != a) others.push_back(b);
    }
    std::sort(others.begin(), others.end(),
              [&](std::uint32_t x, std::uint32_t y) { return distance(a, x) < distance(a, y); });
    for (int k = 0; k < kNearest && k < static_cast<int>(others.size()); ++k) join(a, others[k]);
    for (std::uint32_t g = 0; g < kGateways; ++g) join(a, g);
  }

  std::uniform_int_distribution<int> half_hour(0, 47);
  std::vector<LinehaulSpec> specs;
  for (const auto& [a, b] : pairs) {
    LinehaulSpec s;
    s.from = a;
    s.to = b;
    const auto minutes = static_cast<SimTime::Rep>(distance(a, b) / kSpeedKmPerHour * 60);
    s.transit = SimTime::Minutes(std::max<SimTime::Rep>(30, minutes));
    for (int d = 0; d < kDeparturesPerLinehaul; ++d) {
      s.departures.push_back(SimTime::Minutes(30) * half_hour(rng));
    }
    s.capacity = 1000;
    specs.push_back(std::move(s));
  }
  return HubGraph(hubs, std::move(specs), SimTime::Hours(1));
}

struct Query {
  std::uint32_t from;
  std::uint32_t to;
  SimTime ready;
};

std::vector<Query> MakeQueries(const HubGraph& g) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::uint32_t> hub(0, g.hub_count() - 1);
  std::uniform_int_distribution<SimTime::Rep> ready(0, SimTime::Days(3).ticks());
  std::vector<Query> queries;
  while (queries.size() < kQueries) {
    const Query q{hub(rng), hub(rng), SimTime::FromTicks(ready(rng))};
    if (q.from != q.to) queries.push_back(q);
  }
  return queries;
}

void BM_FirstLeg(benchmark::State& state, Shape shape, std::uint32_t hubs) {
  const HubGraph g = MakeNetwork(shape, hubs);
  const std::vector<Query> queries = MakeQueries(g);
  std::size_t i = 0;
  for (auto _ : state) {
    const Query& q = queries[i++ % kQueries];
    benchmark::DoNotOptimize(g.FirstLeg(q.from, q.to, q.ready));
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["linehauls"] = benchmark::Counter(static_cast<double>(g.linehauls().size()),
                                                   benchmark::Counter::kAvgThreads);
}

void BM_EarliestArrival(benchmark::State& state, Shape shape, std::uint32_t hubs) {
  const HubGraph g = MakeNetwork(shape, hubs);
  const std::vector<Query> queries = MakeQueries(g);
  std::size_t i = 0;
  for (auto _ : state) {
    const Query& q = queries[i++ % kQueries];
    benchmark::DoNotOptimize(g.EarliestArrival(q.from, q.to, q.ready));
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["linehauls"] = benchmark::Counter(static_cast<double>(g.linehauls().size()),
                                                   benchmark::Counter::kAvgThreads);
}

void BM_NextDeparture(benchmark::State& state) {
  const HubGraph g = MakeNetwork(Shape::kComplete, 8);
  const std::vector<Query> queries = MakeQueries(g);
  const auto linehauls = static_cast<std::uint32_t>(g.linehauls().size());
  std::size_t i = 0;
  for (auto _ : state) {
    const Query& q = queries[i++ % kQueries];
    benchmark::DoNotOptimize(g.NextDeparture(q.from * 7 % linehauls, q.ready));
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK_CAPTURE(BM_FirstLeg, complete_8, Shape::kComplete, 8)->Unit(benchmark::kNanosecond);
BENCHMARK_CAPTURE(BM_FirstLeg, sparse_50, Shape::kSparse, 50)->Unit(benchmark::kNanosecond);
BENCHMARK_CAPTURE(BM_FirstLeg, complete_50, Shape::kComplete, 50)->Unit(benchmark::kNanosecond);
// Several threads on one shared const graph, as the windowed executor calls it.
BENCHMARK_CAPTURE(BM_FirstLeg, complete_8, Shape::kComplete, 8)->Threads(2);
BENCHMARK_CAPTURE(BM_EarliestArrival, complete_8, Shape::kComplete, 8);
BENCHMARK_CAPTURE(BM_EarliestArrival, sparse_50, Shape::kSparse, 50);
BENCHMARK_CAPTURE(BM_EarliestArrival, complete_50, Shape::kComplete, 50);
BENCHMARK(BM_NextDeparture);

}  // namespace
}  // namespace hubsim::network

BENCHMARK_MAIN();
