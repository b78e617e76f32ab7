// `hubsim compare BASE [ALT]`: two scenarios run as replications on common random numbers
// (engine/study/), their KPIs compared pair by pair.
#ifndef HUBSIM_ENGINE_CLI_COMPARE_COMMAND_H_
#define HUBSIM_ENGINE_CLI_COMPARE_COMMAND_H_

#include <atomic>
#include <iosfwd>
#include <string>
#include <vector>

#include "engine/cli/scenario_options.h"
#include "engine/report/report.h"

namespace CLI {
class App;
}  // namespace CLI

namespace hubsim::cli {

struct CompareArgs {
  // Set when a signal asks the command to stop (interrupt.h); null: never stops.
  const std::atomic<bool>* stop = nullptr;
  std::string base;                  // a scenario file, required
  std::string alt;                   // empty: BASE itself (changed by --set-alt)
  ScenarioOptions scenario_options;  // --set, --days, --seed, --warmup-days: both scenarios
  std::vector<std::string> set_alt;  // --set-alt: ALT only, after --set
  int replications = 10;
  int threads = 1;
  std::string queue = "auto";  // as RunArgs::queue
  std::string out = "out";     // directory for compare.pb and compare.json; empty: none
  bool report = false;         // also DIR/report.html: the comparison and the base in detail
  report::ReportOptions report_options;
};

// Adds the `compare` subcommand to `app`, its parsed values landing in `args`, which must
// outlive the parse.
CLI::App* AddCompareCommand(CLI::App& app, CompareArgs& args);

// Runs both studies on the same seeds (BASE's, or --seed: ALT's own seed is not used),
// prints the comparison and writes DIR/compare.pb and DIR/compare.json (and, with
// --report, DIR/report.html: the comparison, and the base's first replication in detail). Returns the exit
// code: 0 done; 2 bad input (a scenario, an override, flags, two scenarios of different
// days or warm-up, nothing to compare); 1 the files could not be written; 3 an internal
// error. Nothing is written unless both studies succeed.
// Throws Interrupted (hubsim/simulation.h) when args.stop is set before the files are
// written; nothing is then left under a final name.
int CompareScenarios(const CompareArgs& args, std::ostream& out, std::ostream& err);

}  // namespace hubsim::cli

#endif  // HUBSIM_ENGINE_CLI_COMPARE_COMMAND_H_
