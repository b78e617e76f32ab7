// `hubsim size couriers|agents [SCENARIO]`: the least couriers per outlet for a pickup
// on-time target, or agents per interval for a call service-level goal, found by
// simulation with replications on common random numbers (engine/study/sizing.h). Prints
// the staffing table and writes DIR/couriers.csv or DIR/agents.csv.
#ifndef HUBSIM_ENGINE_CLI_SIZE_COMMAND_H_
#define HUBSIM_ENGINE_CLI_SIZE_COMMAND_H_

#include <atomic>
#include <iosfwd>
#include <string>
#include <vector>

#include "engine/cli/scenario_options.h"

namespace CLI {
class App;
}  // namespace CLI

namespace hubsim::cli {

struct SizeArgs {
  // Set when a signal asks the command to stop (interrupt.h); null: never stops.
  const std::atomic<bool>* stop = nullptr;
  std::string what;                  // "couriers" or "agents"
  std::string scenario;              // empty: the built-in default
  ScenarioOptions scenario_options;  // --set, --days, --seed, --warmup-days
  double target = 0.95;              // couriers: pickup on-time rate
  double goal = 0.8;                 // agents: share answered within the scenario's target
  std::vector<std::string> outlets;  // couriers: the outlets to size (empty: all)
  std::string by = "mean";           // "mean" or "lower": the criterion (sizing.h)
  int replications = 5;
  int rounds = 10; // agents: simulation rounds after the Erlang A start
  int threads = 1;
  std::string queue = "auto";
  std::string out = "out";  // DIR for the CSV; empty: none
};

CLI::App* AddSizeCommand(CLI::App& app, SizeArgs& args);

// Exit code: 0 done (also when a target cannot be met: the table says so), 2 bad input, 1
// the CSV could not be written, 3 an internal error.
// Throws Interrupted (hubsim/simulation.h) when args.stop is set before the files are
// written; nothing is then left under a final name.
int RunSizeCommand(const SizeArgs& args, std::ostream& out, std::ostream& err);

}  // namespace hubsim::cli

#endif  // HUBSIM_ENGINE_CLI_SIZE_COMMAND_H_
