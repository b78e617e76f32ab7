// Sizing: the least resources that keep a promise, found by simulation with replications
// on common random numbers (every evaluation runs the same replication seeds,
// replications.h, so two staffings are compared on the same orders and calls).
//
// A target is met by an estimate when its criterion is >= the target: the mean over the
// replications (Criterion::kMean, the default: the manager's "on average") or the lower end
// of its 95 % interval (kLowerBound: met with confidence; needs 2 replications or more).
// Tables report both the mean and the interval either way.
//
// Couriers (SizeCouriers): per outlet, the fewest couriers whose pickup on-time rate meets
// the target. The outlets are searched together, one simulation of the whole scenario per
// step: each outlet doubles its couriers from the current number while it misses, then
// bisects between the largest number that missed and the smallest that met (from 0 when the
// current number meets). An outlet's pickups depend on its own couriers (its orders are
// its own random stream); the outlets share only the network's deliveries, which the
// couriers also make, so a last simulation of all outlets at their numbers confirms the
// result (an outlet that then misses gets one more courier, and is checked again).
//
// Agents (SizeAgents): per interval of the call center's day, the fewest agents whose
// service level SL(t) (t the scenario's CallCenter.service_level_seconds) meets the goal.
// Start: a simulation of the scenario as it is staffed measures the calls offered per
// interval (baseline, phone orders, failure calls, redials: all that reach the queue) and
// the mix's mean handle time (per call type, its offered calls x its handle time's mean);
// Erlang A (call_center::StaffErlangA, with the callers' mean patience; Erlang C without
// patience) gives each interval's agents for its mean arrival rate, at least one where
// calls are offered. Then simulation: each round runs the staffing, and every interval
// that misses the goal gets more agents, max(1, ceil(agents x shortfall / 2)) (shortfall =
// goal - its service level: one agent near the goal, more where Erlang A's stationary
// rate misses a burst, so that a few rounds suffice), until every interval meets it or the
// rounds run out. Erlang A assumes a stationary interval and exponential handle times; queues
// carry over between intervals in the simulation, hence the adjustment. The search only
// adds agents to the Erlang A start: where Erlang A is generous it is kept (the table shows
// the simulated service level, so a manager sees the margin).
//
// Thread safety: pure functions of their arguments (each runs simulations on
// options.threads threads).
#ifndef HUBSIM_ENGINE_STUDY_SIZING_H_
#define HUBSIM_ENGINE_STUDY_SIZING_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "engine/io/scenario.pb.h"
#include "engine/study/statistics.h"
#include "hubsim/simulation.h"

namespace hubsim::study {

enum class Criterion { kMean, kLowerBound };

struct SizingOptions {
  int replications = 5;  // per evaluation, 1..kMaxReplications (2+ for kLowerBound)
  int threads = 1;
  QueueKind queue = QueueKind::kQuaternaryHeap;
  Criterion criterion = Criterion::kMean;
  int max_rounds = 10;  // agents: simulation rounds after the Erlang A start
  // Called from the calling thread during each simulation: the evaluation (from 1), the
  // replication (from 0) and the simulation time it has reached. Cannot change results.
  std::function<void(int evaluation, int replication, SimTime now)> progress;
  // As RunOptions::stop: when set, the run in progress throws Interrupted. Null: never.
  const std::atomic<bool>* stop = nullptr;
};

struct CourierRow {
  std::string outlet;
  std::uint32_t couriers_now = 0;
  std::uint32_t couriers_needed = 0;  // 0 when `met` is false (no number up to the limit)
  bool met = false;
  MeanEstimate on_time;  // the pickup on-time rate at couriers_needed (all outlets sized)
  // At couriers_needed - 1, from the search step that tried it (empty when 0 couriers).
  std::optional<MeanEstimate> on_time_one_fewer;
};

struct CourierSizing {
  double target = 0;
  Criterion criterion = Criterion::kMean;
  int replications = 0;
  int simulations = 0;  // evaluations run, each of `replications` runs
  std::vector<CourierRow> rows;
};

// REQUIRES: `scenario` valid (io::ValidateScenario) with outlets; `outlets` ids of its
// outlets, empty for all; 0 < target <= 1. Throws std::invalid_argument for an unknown
// outlet, a bad target or options, and what RunReplications throws.
CourierSizing SizeCouriers(const io::Scenario& scenario, const std::vector<std::string>& outlets,
                           double target, const SizingOptions& options);

struct AgentRow {
  std::string start;           // "08:30"
  double offered_per_day = 0;  // calls reaching the queue in this interval, a day's mean
  std::uint32_t agents_now = 0;
  std::uint32_t erlang_a = 0;  // the Erlang A start
  std::uint32_t agents = 0;    // after simulation
  bool met = false;
  MeanEstimate service_level;  // at `agents`, the final staffing
  // When the simulation added agents here: the last staffing that missed the goal (fewer
  // than `agents`) and its service level.
  std::uint32_t agents_missed = 0;
  std::optional<MeanEstimate> service_level_missed;
};

struct AgentSizing {
  double goal = 0;
  double target_seconds = 0;
  Criterion criterion = Criterion::kMean;
  int replications = 0;
  int simulations = 0;  // the measuring one and the rounds
  double mean_handle_seconds = 0;
  std::optional<double> mean_patience_seconds;  // empty: callers never hang up (Erlang C)
  bool all_met = false;
  MeanEstimate overall_service_level;  // all calls, final staffing
  std::vector<AgentRow> rows;
};

// REQUIRES: `scenario` valid with a call center; 0 < goal < 1. Throws std::invalid_argument
// for a bad goal or options, and what RunReplications throws.
AgentSizing SizeAgents(const io::Scenario& scenario, double goal, const SizingOptions& options);

// The tables: text for people, CSV for tools (a header, a row per outlet or interval;
// rates as fractions, shortest round-trip numbers).
void PrintCourierSizing(std::ostream& out, const CourierSizing& sizing);
std::string CourierSizingCsv(const CourierSizing& sizing);
void PrintAgentSizing(std::ostream& out, const AgentSizing& sizing);
std::string AgentSizingCsv(const AgentSizing& sizing);

}  // namespace hubsim::study

#endif  // HUBSIM_ENGINE_STUDY_SIZING_H_
