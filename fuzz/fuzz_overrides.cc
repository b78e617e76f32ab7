// Fuzz target: `--set PATH=VALUE` overrides on the built-in default scenario, one per line
// of the input (up to kMaxOverrides), parsed and applied the way the CLI does
// (study::ParseOverride, then study::ApplyOverrides, which validates the result).
//
// Fine: the overrides are accepted and the scenario is valid, or an OverrideError whose every
// message names "--set". A finding: a crash, a sanitizer report, a hang, any other exception,
// a message that does not name "--set", or an accepted scenario that the loader refuses
// when it reads it back as text (what `hubsim run` would then simulate must be a scenario
// the loader accepts).
#include <google/protobuf/text_format.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/io/scenario_loader.h"
#include "engine/study/overrides.h"
#include "fuzz/fuzz_support.h"

namespace {

constexpr std::size_t kMaxOverrides = 16;

void ExpectNamesSet(const hubsim::io::ScenarioError& e) {
  if (e.messages().empty()) hubsim::fuzz::Finding("OverrideError without a message");
  for (const std::string& message : e.messages()) {
    if (message.find("--set") == std::string::npos) {
      hubsim::fuzz::Finding("override message does not name --set: " + message);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<hubsim::study::Override> overrides;
  try {
    std::size_t start = 0;
    while (start <= input.size() && overrides.size() < kMaxOverrides) {
      std::size_t end = input.find('\n', start);
      if (end == std::string_view::npos) end = input.size();
      const std::string_view line = input.substr(start, end - start);
      if (!line.empty()) overrides.push_back(hubsim::study::ParseOverride(line));
      start = end + 1;
    }
  } catch (const hubsim::study::OverrideError& e) {
    ExpectNamesSet(e);
    return 0;
  }
  const std::string name(hubsim::io::kDefaultScenarioName);
  hubsim::io::Scenario scenario = hubsim::io::DefaultScenario();
  try {
    hubsim::study::ApplyOverrides(overrides, scenario, name);
  } catch (const hubsim::study::OverrideError& e) {
    ExpectNamesSet(e);
    return 0;
  }
  // Accepted: the scenario must read back as a valid scenario.
  std::string text;
  if (!google::protobuf::TextFormat::PrintToString(scenario, &text)) {
    hubsim::fuzz::Finding("an accepted scenario cannot be printed as text");
  }
  try {
    (void)hubsim::io::LoadScenarioText(text, "accepted.textproto");
  } catch (const hubsim::io::ScenarioError& e) {
    hubsim::fuzz::Finding(std::string("an accepted scenario does not load back: ") + e.what());
  }
  return 0;
}
