// Sweeps (engine/io/sweep.proto): a base scenario run at many points, each point a study
// of R replications, every point's replication r on the same seed (common random numbers).
//
// The unit of work is an item, (point, replication), numbered point-major: item i is
// replication i % R of point i / R. An item's outcome (a study::Replication) depends on the
// plan and the item alone, never on which process or how many threads ran it, so items may
// run in any order, anywhere (RunSweepItems here, one after another; under MPI,
// mpi_runner.h), and AssembleSweep makes the same SweepResult of them.
//
// Thread safety: the functions are pure or touch only their arguments; a SweepPlan is
// immutable once made and may be read from any number of threads.
#ifndef HUBSIM_ENGINE_STUDY_SWEEP_H_
#define HUBSIM_ENGINE_STUDY_SWEEP_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/io/scenario.pb.h"
#include "engine/io/sweep.pb.h"
#include "engine/study/overrides.h"
#include "engine/study/replications.h"
#include "hubsim/simulation.h"

namespace hubsim::study {

// Limits of a sweep, checked before anything is expanded or run.
inline constexpr int kMaxSweepAxes = 16;
inline constexpr int kMaxAxisValues = 10'000;
inline constexpr std::int64_t kMaxSweepPoints = 100'000;
inline constexpr std::int64_t kMaxSweepItems = 1'000'000;  // points x replications
// Larger sweep files are refused before they are read.
inline constexpr std::size_t kMaxSweepFileBytes = 16u << 20;

// Parses and checks a sweep file's text: the schema's rules (sweep.proto) with
// "DISPLAY_NAME:LINE: message" naming the field, every problem reported. Throws
// io::ScenarioError (bad input).
io::Sweep LoadSweepText(std::string_view text, const std::string& display_name);
// The same for the file at `path` (messages name `path` as given).
io::Sweep LoadSweepFile(const std::string& path);

// One point: its name and overrides. Its scenario (PointScenario) is built when it runs,
// so that a plan of 100,000 points of a national network does not hold them all.
struct SweepPlanPoint {
  std::string name;
  std::vector<std::string> set;     // "PATH=VALUE", in the order applied
  std::vector<Override> overrides;  // the same, flagged "SWEEP:LINE:" for messages
  std::vector<std::string> cell;    // a value per SweepPlan::columns ("" where unset)
  std::uint32_t days = 0;           // of its scenario
  std::uint32_t warmup_days = 0;
};

// A sweep made ready to run: the base scenario loaded, every point expanded and validated.
struct SweepPlan {
  io::Sweep sweep;
  std::string sweep_file;     // as given
  std::string scenario_file;  // the base's path as resolved, or "<built-in default>"
  io::Scenario base;          // with the sweep's days, warm-up and seed
  int replications = 1;
  std::vector<std::string> columns;
  std::vector<SweepPlanPoint> points;

  std::size_t items() const { return points.size() * static_cast<std::size_t>(replications); }
  // Item `item`'s point and replication. REQUIRES: item < items().
  std::size_t PointOf(std::size_t item) const { return item / replications; }
  int ReplicationOf(std::size_t item) const { return static_cast<int>(item % replications); }
  // The simulated days of an item (its point's days): the weight of its work.
  double DaysOf(std::size_t item) const { return points[PointOf(item)].days; }
};

// Loads the sweep file (LoadSweepFile) and the base scenario (Sweep.scenario relative to
// the sweep file's directory), applies the sweep's days, warm-up and seed, expands the
// grid or the list, and checks every point by the scenario loader's rules, all before
// anything runs. Throws io::ScenarioError with every problem: the sweep file's, the base
// scenario's, or every point's, each message naming the sweep file's line of the
// offending override ("SWEEP:LINE: PATH=VALUE: problem (point 'NAME' and N more)").
SweepPlan PlanSweep(const std::string& sweep_file);

// The scenario of point `point`: the base with its overrides. REQUIRES: point < points.size().
io::Scenario PointScenario(const SweepPlan& plan, std::size_t point);

struct SweepRunOptions {
  int threads = 1;  // per run; never changes results
  QueueKind queue = QueueKind::kQuaternaryHeap;
  // Called from the calling thread after each item with the work done (simulated days of
  // the finished items plus the running one's fraction) and the sweep's total, both in
  // days; cheap, cannot change results.
  std::function<void(double done_days, double total_days)> progress;
  // As RunOptions::stop: when set, the run in progress throws Interrupted. Null: never.
  const std::atomic<bool>* stop = nullptr;
};

// Runs item `item` of `plan`. `progress_days`, when set, is called during the run with the
// simulated days of this item done so far. Throws what RunReplication throws.
Replication RunSweepItem(const SweepPlan& plan, std::size_t item, const SweepRunOptions& options,
                         const std::function<void(double days)>& progress_days = {});

// Runs every item of `plan` in item order in this process.
std::vector<Replication> RunSweepItems(const SweepPlan& plan, const SweepRunOptions& options);

// The SweepResult of `plan` from every item's outcome, in item order. Throws
// std::invalid_argument when `runs` has not exactly plan.items() entries.
io::SweepResult AssembleSweep(const SweepPlan& plan, const std::vector<Replication>& runs);

// Whether every run kept the parcel balance.
bool AllConserved(const std::vector<Replication>& runs);

// An item's outcome as sent between processes, and back. FromRecord throws
// std::invalid_argument for a record that does not fit the registry (another build).
io::ReplicationRecord ToRecord(std::size_t item, const Replication& run);
Replication FromRecord(const io::ReplicationRecord& record);

// sweep.csv: a header, then a row per point: "point", "name", the columns, then per KPI of
// the registry that any point has "KPI_mean", "KPI_ci_low", "KPI_ci_high" (empty cells
// where a point lacks the KPI or its interval). Numbers in the shortest form that reads
// back to the same double; fields quoted when they hold a comma, quote or line break.
std::string SweepCsv(const io::SweepResult& result);

// Writes DIR/sweep.csv, DIR/sweep.json and DIR/sweep.pb, each under a temporary name and
// renamed into place together (io::FileSet); creates DIR if needed. Throws
// io::OutputError.
void WriteSweep(const std::string& dir, const io::SweepResult& result);

}  // namespace hubsim::study

#endif  // HUBSIM_ENGINE_STUDY_SWEEP_H_
