#include "engine/cli/scenario_options.h"

#include <CLI/CLI.hpp>

#include "engine/io/scenario_loader.h"
#include "engine/study/overrides.h"

namespace hubsim::cli {

void AddSetOption(CLI::App& command, const std::string& name, std::vector<std::string>& values,
                  const std::string& help) {
  // One PATH=VALUE per occurrence, so a positional argument after it stays positional.
  command.add_option(name, values, help)->type_name("PATH=VALUE")->allow_extra_args(false);
}

void AddScenarioOptions(CLI::App& command, ScenarioOptions& options) {
  AddSetOption(command, "--set", options.set,
               "change a scenario field, e.g. --set 'outlet[SZX-01].couriers=40' (repeatable)");
  command.add_option(
      "--days", options.days,
      "days to simulate (default: the scenario's; a scenario warm-up of as many days "
      "or more is dropped)");
  command.add_option("--seed", options.seed, "random seed (default: the scenario's)");
  command.add_option("--warmup-days", options.warmup_days,
                     "days simulated first but not counted (default: the scenario's)");
}

QueueKind ChooseQueue(const std::string& name, const io::Scenario& scenario) {
  if (name != "auto") return ParseQueueKind(name);
  return scenario.outlet_size() > 0 ? QueueKind::kQuaternaryHeap : QueueKind::kCalendar;
}

std::string DisplayName(const std::string& path) {
  return path.empty() ? std::string(io::kDefaultScenarioName) : path;
}

std::vector<std::string> OverrideNames(const ScenarioOptions& options,
                                       const std::vector<std::string>& more,
                                       const std::string& more_flag) {
  std::vector<std::string> names;
  for (const std::string& text : options.set) names.push_back("--set " + text);
  for (const std::string& text : more) names.push_back(more_flag + " " + text);
  if (options.days) names.push_back("--days " + std::to_string(*options.days));
  if (options.seed) names.push_back("--seed " + std::to_string(*options.seed));
  if (options.warmup_days) names.push_back("--warmup-days " + std::to_string(*options.warmup_days));
  return names;
}

io::Scenario LoadScenario(const std::string& path, const ScenarioOptions& options,
                          const std::vector<std::string>& more, const std::string& more_flag) {
  io::Scenario scenario = path.empty() ? io::DefaultScenario() : io::LoadScenarioFile(path);
  std::vector<study::Override> overrides;
  std::vector<std::string> messages;
  auto parse = [&](const std::string& text, const std::string& flag) {
    try {
      overrides.push_back(study::ParseOverride(text, flag));
    } catch (const study::OverrideError& e) {
      messages.insert(messages.end(), e.messages().begin(), e.messages().end());
    }
  };
  for (const std::string& text : options.set) parse(text, "--set");
  for (const std::string& text : more) parse(text, more_flag);
  if (!messages.empty()) throw io::ScenarioError(std::move(messages));
  // The flags that set one field come last: they are the most specific.
  if (options.days)
    overrides.push_back(study::FieldOverride("--days", "days", std::to_string(*options.days)));
  if (options.seed)
    overrides.push_back(study::FieldOverride("--seed", "seed", std::to_string(*options.seed)));
  if (options.warmup_days) {
    overrides.push_back(
        study::FieldOverride("--warmup-days", "warmup_days", std::to_string(*options.warmup_days)));
  }
  study::ApplyOverrides(overrides, scenario, DisplayName(path));
  return scenario;
}

}  // namespace hubsim::cli
