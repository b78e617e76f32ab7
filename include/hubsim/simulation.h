// Running a model: the choice of executor and event queue, and what a run reports.
//
// No global state: everything a run needs is in the Simulation object, so two
// simulations (replications) can run side by side in one process.
#ifndef HUBSIM_SIMULATION_H_
#define HUBSIM_SIMULATION_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "hubsim/model.h"
#include "hubsim/sim_time.h"

namespace hubsim {

enum class ExecutorKind {
  kSequential,  // one global queue, one thread: the reference
  kWindowed,    // conservative synchronous windows of one lookahead, oneTBB threads
};

enum class QueueKind {
  kBinaryHeap,     // std::priority_queue: the baseline
  kQuaternaryHeap,  // implicit 4-ary min-heap
  kCalendar,       // calendar queue (Brown 1988), self-resizing
};

// Parses "sequential"/"windowed" and "binary-heap"/"4-ary-heap"/"calendar".
// Throws std::invalid_argument naming the accepted values.
ExecutorKind ParseExecutorKind(std::string_view name);
QueueKind ParseQueueKind(std::string_view name);
std::string_view Name(ExecutorKind kind);
std::string_view Name(QueueKind kind);

struct RunOptions {
  // Events with time < end_time are processed; later ones stay pending.
  SimTime end_time = SimTime::Max();
  std::uint64_t seed = 1;
  ExecutorKind executor = ExecutorKind::kWindowed;
  // Default by measurement on the workloads we run: the 4-ary heap never degrades. The
  // calendar queue wins on PHOLD (1.2x) and on the smooth hold loop (3-5x,
  // bench/queue_bench.cc), but the parcel network's bursty schedules (shuttle waves,
  // daily departures) make it resize over and over: 1.8x slower there than the heap.
  QueueKind queue = QueueKind::kQuaternaryHeap;
  // Worker threads of the windowed executor (>= 1). Never changes results.
  int threads = 1;
  // LPs are grouped into this many blocks, each with its own queue (0: engine default).
  // A block is the unit of parallel work. Never changes results.
  LpId blocks = 0;
  // Called with the simulation time reached so far, from the thread that called Run, never
  // concurrently with a handler: at every window boundary (windowed) or every 65,536
  // events (sequential). Must be cheap; it cannot change results. Empty: not called.
  std::function<void(SimTime)> progress;
  // When not null, read (relaxed) at every window boundary (windowed) or every 4,096
  // events (sequential), from the thread that called Run: once it is true, Run stops
  // and throws Interrupted. Set from a signal handler or another thread to abandon a run;
  // reading it never changes the results of a run that is not stopped. Must outlive Run.
  const std::atomic<bool>* stop = nullptr;
};

// A run abandoned because RunOptions::stop was set: it has no results.
class Interrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RunResult {
  std::uint64_t committed_events = 0;  // events handled, all LPs
  std::uint64_t windows = 0;           // synchronous windows run (windowed executor)
  double wall_seconds = 0;
  // Per LP, in LP order: events handled and the hash of their sequence.
  std::vector<std::uint64_t> lp_events;
  std::vector<std::uint64_t> lp_fingerprints;
  // The per-LP fingerprints combined in LP order: equal runs have equal fingerprints.
  std::uint64_t fingerprint = 0;
};

class Simulation {
 public:
  // `model` must outlive the Simulation.
  Simulation(Model& model, RunOptions options);
  // Runs from time 0 to options.end_time (or until no event is pending).
  // Throws std::invalid_argument for bad options or a bad model declaration,
  // LookaheadViolation if the model breaks its lookahead, and Interrupted when stopped.
  RunResult Run();

 private:
  Model& model_;
  RunOptions options_;
};

}  // namespace hubsim

#endif  // HUBSIM_SIMULATION_H_
