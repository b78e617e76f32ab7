// Independent replications of a scenario, and their study: every KPI of the registry
// (kpi_registry.h) as a mean with its confidence interval.
//
// Replication i (from 0) is the scenario run with seed ReplicationSeed(seed, i), exactly
// as `hubsim run --seed` that seed would run it (the customers' accounts are drawn from it
// too). Replication 0 keeps the scenario's own seed, so its results are those of a plain
// `hubsim run`; the others' seeds are draws of a counter-based stream keyed by the
// scenario's seed, so they are independent of each other and of the first. Two scenarios
// with the same seed get the same replication seeds: replication i of both draws the same
// random numbers wherever the scenarios agree (common random numbers, compare.h). The
// model keys its streams by the seed and an entity, so this holds where it matters most:
// each outlet's orders, the customers' accounts and decisions, each parcel's loss and
// damage, and the call center's own calls are the same in both as long as the scenarios
// define them alike; the service's draws (travel times, failed deliveries) come from each
// region's stream in the order of its events, and part when the service does.
//
// Replications run one after another, each on `threads` threads (the engine parallelises
// within a run), so the study is identical on any thread count.
#ifndef HUBSIM_ENGINE_STUDY_REPLICATIONS_H_
#define HUBSIM_ENGINE_STUDY_REPLICATIONS_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "engine/io/results.pb.h"
#include "engine/io/scenario.pb.h"
#include "engine/models/parcel_network/network_spec.h"
#include "engine/study/statistics.h"
#include "hubsim/simulation.h"

namespace hubsim::tracking {
class ScanLogWriter;
}  // namespace hubsim::tracking

namespace hubsim::study {

// At most this many replications in one study.
inline constexpr int kMaxReplications = 10'000;

// The seed of replication `index` (from 0) of a scenario whose seed is `scenario_seed`.
// REQUIRES: index >= 0.
std::uint64_t ReplicationSeed(std::uint64_t scenario_seed, int index);

struct ReplicationOptions {
  int replications = 1;  // 1..kMaxReplications
  int threads = 1;       // per replication; never changes results
  QueueKind queue = QueueKind::kQuaternaryHeap;
  // Called from the calling thread with the replication (from 0) and the simulation time it
  // has reached, as RunOptions::progress. Must be cheap; cannot change results.
  std::function<void(int replication, SimTime now)> progress;
  // As RunOptions::stop: when set, the run in progress throws Interrupted. Null: never.
  const std::atomic<bool>* stop = nullptr;
  // What the caller may already have made for the first replication (the scenario as
  // given, its own seed): its compiled spec (parcel_network::CompileScenario), which is
  // then not compiled again, and a tracking log for its scans (made with
  // parcel_network::TrackingHeaderFor; the caller finishes it). Null: none. Both must
  // outlive RunReplications.
  const parcel_network::NetworkSpec* first_spec = nullptr;
  tracking::ScanLogWriter* first_tracking = nullptr;
  // Called from the calling thread with each replication's full results, before they are
  // reduced to the registry's KPIs: for figures the registry does not hold (a sizing
  // study's per-outlet and per-interval figures). Null: none.
  std::function<void(int replication, const io::Results& results)> results;
};

struct Replication {
  std::uint64_t seed = 0;
  // The registry's KPIs, in its order (nullopt where this run has none).
  std::vector<std::optional<double>> kpis;
  bool conserved = false;  // the parcel balance held
  // For throughput figures: engine events, parcels created, calls arrived (counted ones).
  std::uint64_t events = 0;
  std::uint64_t parcels = 0;
  std::uint64_t calls = 0;
};

struct Replications {
  std::uint32_t warmup_days = 0;
  std::vector<Replication> runs;
  io::Results first;  // replication 0's full results

  bool all_conserved() const;
};

// Runs replication `index` (from 0) of `scenario` alone: exactly what RunReplications
// makes of it, so a study may be run a replication at a time, in any order and in any
// process (sweeps, engine/study/sweep.h), and assembled into the same Replications. Uses
// options.threads, queue, progress (with `index`) and results; first_spec and
// first_tracking only for index 0. Throws as RunReplications. `full`, when not null,
// receives the run's Results.
Replication RunReplication(const io::Scenario& scenario, int index,
                           const ReplicationOptions& options, io::Results* full = nullptr);

// Runs `scenario`, which must be valid (io::ValidateScenario), options.replications times.
// Throws std::invalid_argument for bad options, and what parcel_network::CompileScenario
// and RunNetwork throw.
Replications RunReplications(const io::Scenario& scenario, const ReplicationOptions& options);

// The study of `replications`: per KPI that every replication has, the mean, sample sd,
// interval at `confidence` and the values.
io::Study Summarize(const Replications& replications, double confidence = kConfidence);

}  // namespace hubsim::study

#endif  // HUBSIM_ENGINE_STUDY_REPLICATIONS_H_
