// What the commands that simulate a scenario share (run, compare, and later sweep): the
// options that change the scenario (--set, --days, --seed, --warmup-days), loading a
// scenario with them (the progress line is progress.h).
#ifndef HUBSIM_ENGINE_CLI_SCENARIO_OPTIONS_H_
#define HUBSIM_ENGINE_CLI_SCENARIO_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/io/scenario.pb.h"
#include "hubsim/simulation.h"

namespace CLI {
class App;
}  // namespace CLI

namespace hubsim::cli {

struct ScenarioOptions {
  std::vector<std::string> set;              // --set PATH=VALUE, in order
  std::optional<std::uint32_t> days;         // overrides the scenario's days
  std::optional<std::uint64_t> seed;         // overrides the scenario's seed
  std::optional<std::uint32_t> warmup_days;  // overrides the scenario's warmup_days
};

// Adds --set, --days, --seed and --warmup-days to `command`, storing into `options` (which
// must outlive the parse). Each --set takes one PATH=VALUE and may be repeated.
void AddScenarioOptions(CLI::App& command, ScenarioOptions& options);

// Adds a repeatable option like --set (e.g. --set-alt) storing into `values`.
void AddSetOption(CLI::App& command, const std::string& name, std::vector<std::string>& values,
                  const std::string& help);

// The scenario at `path` (empty: the built-in default) with, in order, the --set
// overrides of `options`, then `more` (each given as `more_flag` PATH=VALUE), then --days,
// --seed and --warmup-days; validated again by the loader's rules. Throws
// io::ScenarioError (bad input: a file that cannot be read or parsed, an override that
// does not fit the schema, a scenario it made invalid), every message naming the file or
// the override.
io::Scenario LoadScenario(const std::string& path, const ScenarioOptions& options,
                          const std::vector<std::string>& more = {},
                          const std::string& more_flag = "");

// The event queue for `name` ("auto" or a QueueKind name, see RunArgs::queue) and the
// scenario. Throws std::invalid_argument for an unknown name.
QueueKind ChooseQueue(const std::string& name, const io::Scenario& scenario);

// The name messages give a scenario: its path, or "<built-in default>".
std::string DisplayName(const std::string& path);

// The overrides LoadScenario applies, in its order, as given: "--set outlet[3].couriers=5",
// "--days 2" (for the record a study keeps of what it ran).
std::vector<std::string> OverrideNames(const ScenarioOptions& options,
                                       const std::vector<std::string>& more = {},
                                       const std::string& more_flag = "");

}  // namespace hubsim::cli

#endif  // HUBSIM_ENGINE_CLI_SCENARIO_OPTIONS_H_
