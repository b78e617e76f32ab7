// `hubsim run`: load a scenario (or the built-in default), simulate, print the KPI table
// and write the results.
#ifndef HUBSIM_ENGINE_CLI_RUN_COMMAND_H_
#define HUBSIM_ENGINE_CLI_RUN_COMMAND_H_

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

namespace hubsim::cli {

struct RunArgs {
  std::string scenario;              // empty: the built-in default scenario
  std::optional<std::uint32_t> days;  // overrides the scenario's days
  std::optional<std::uint64_t> seed;  // overrides the scenario's seed
  int threads = 1;
  std::string queue = "4-ary-heap";  // the engine's pending-event set (see simulation.h)
  std::string out = "out";           // results directory; empty: write nothing
};

// Returns the process exit code: 0 done, 2 bad input (scenario or flags), 1 failure to
// write the results. Nothing is written unless the run succeeds.
int RunScenario(const RunArgs& args, std::ostream& out, std::ostream& err);

}  // namespace hubsim::cli

#endif  // HUBSIM_ENGINE_CLI_RUN_COMMAND_H_
