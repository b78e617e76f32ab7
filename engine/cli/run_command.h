// `hubsim run`: load a scenario (or the built-in default), apply the command line's
// changes, simulate it (as independent replications with --replications), print the KPI
// table (and the study's means and intervals) and write the results.
#ifndef HUBSIM_ENGINE_CLI_RUN_COMMAND_H_
#define HUBSIM_ENGINE_CLI_RUN_COMMAND_H_

#include <atomic>
#include <cstdint>
#include <iosfwd>
#include <string>

#include "engine/cli/scenario_options.h"
#include "engine/report/report.h"

namespace hubsim::cli {

struct RunArgs {
  std::string scenario;              // empty: the built-in default scenario
  ScenarioOptions scenario_options;  // --set, --days, --seed, --warmup-days
  // Independent replications (engine/study/replications.h). Above 1, or with warm-up days,
  // the results carry the study: every KPI's mean and 95 % interval.
  int replications = 1;
  int threads = 1;
  // The engine's pending-event set (simulation.h), or "auto": chosen by measurement, the
  // 4-ary heap for scenarios with a network (the calendar queue is 1.8x slower on its
  // bursty schedules), the calendar queue for call-center-only ones (its cost per call
  // stays flat up to 3,000 agents, where the heap's grows by a quarter).
  std::string queue = "auto";
  std::string out = "out";           // results directory; empty: write nothing
  bool report = false;               // also write out/report.html (needs an `out`)
  std::string tracking;              // the tracking log to write; empty: none
  double tracking_sample = 1;        // share of parcels tracked, (0, 1]
  report::ReportOptions report_options;
  // Set when a signal asks the command to stop (interrupt.h); null: never stops.
  const std::atomic<bool>* stop = nullptr;
};

// Returns the process exit code: 0 done, 2 bad input (scenario, flags, overrides), 1
// failure to write the results, 3 an internal error (a bug). Nothing is written unless
// every replication succeeds. DIR/results.pb holds the first replication's results (those
// of a plain run of the scenario's seed) and the study.
// Throws Interrupted (hubsim/simulation.h) when args.stop is set before the files are
// written; nothing is then left under a final name.
int RunScenario(const RunArgs& args, std::ostream& out, std::ostream& err);

}  // namespace hubsim::cli

#endif  // HUBSIM_ENGINE_CLI_RUN_COMMAND_H_
