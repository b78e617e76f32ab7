// Fuzz target: bytes as a scenario file, through the CLI's entry (io::LoadScenarioText: the
// strict text-format parse, then every validation rule).
//
// Fine: a valid scenario, or a ScenarioError whose every message starts with the file name.
// A finding: a crash, a sanitizer report, a hang, any other exception, or a message that
// does not name the file.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/io/scenario_loader.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string name = "fuzz.textproto";
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const hubsim::io::Scenario scenario = hubsim::io::LoadScenarioText(text, name);
    // What `hubsim validate` prints next of a valid scenario.
    (void)hubsim::io::Totals(scenario);
  } catch (const hubsim::io::ScenarioError& e) {
    if (e.messages().empty()) hubsim::fuzz::Finding("ScenarioError without a message");
    for (const std::string& message : e.messages()) {
      hubsim::fuzz::ExpectPrefix(message, name + ":", "scenario message");
    }
  }
  return 0;
}
