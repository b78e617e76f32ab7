// Reading and validating scenarios (the schema is engine/io/scenario.proto).
//
// A scenario is protobuf text format. Loading first counts the elements of every list on
// the text, so that no list over its limit is ever parsed (parsing allocates every
// element); then parses it strictly (unknown fields and syntax errors are errors, each
// naming the field it is in: "FILE:LINE:COLUMN: hub[2].lat: message"), then checks every
// rule the schema's comments state: ids,
// names and references, ranges, times of day, size limits, that parcels can travel between
// any two hubs that have outlets, and the call center's call types, staffing and the call
// types it refers to. A scenario with a call center may leave out the network (no hubs and
// no outlets). Every problem found is reported, each as
// "FILE:LINE: message" naming the offending field (or, for a missing field, the line of the
// message that lacks it), up to kMaxReportedErrors.
//
// Thread safety: all functions are safe to call concurrently; they share no mutable state.
#ifndef HUBSIM_ENGINE_IO_SCENARIO_LOADER_H_
#define HUBSIM_ENGINE_IO_SCENARIO_LOADER_H_

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/io/scenario.pb.h"

namespace hubsim::io {

// A scenario that cannot be read, parsed or validated. what() is every message, one per
// line, each "FILE:LINE: message" (parse errors "FILE:LINE:COLUMN: message"; a file that
// cannot be read "FILE: cannot read: reason").
class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(std::vector<std::string> messages);
  const std::vector<std::string>& messages() const { return messages_; }

 private:
  std::vector<std::string> messages_;
};

// Validation stops collecting after this many problems (and says so in a last message).
inline constexpr int kMaxReportedErrors = 50;
// Larger files are refused before they are read (by their size): a generated network of
// 10,000 outlets, the most a scenario may have, is 2.3 MB of text; a full od matrix of
// 1,000 x 1,000 hubs about 45 MB.
inline constexpr std::uint64_t kMaxScenarioFileBytes = 64u << 20;

// Reads, parses and validates the file at `path`; messages name `path` as given.
// Throws ScenarioError.
Scenario LoadScenarioFile(const std::string& path);

// Parses and validates `text`; messages name `display_name`. Throws ScenarioError.
Scenario LoadScenarioText(std::string_view text, const std::string& display_name);

// A problem validation found: the path of the offending field and the message, which
// names the field itself (e.g. "outlet 'SZ-01' couriers must be in 1..10000 (got 0)").
// Paths are field names joined by '.', with the 0-based index of an element of a list in
// brackets: "outlet[3].couriers", "demand.hourly_profile[5]", "call_center.patience";
// a list as a whole is named by its field ("outlet"), the scenario as a whole by "".
struct ScenarioProblem {
  std::string path;
  std::string message;
};

// Every problem of a scenario built or changed in memory, by the same rules as
// LoadScenarioText, in the order of the checks (up to kMaxReportedErrors, then a last one,
// with an empty path, saying that there were more). Empty when the scenario is valid.
std::vector<ScenarioProblem> FindScenarioProblems(const Scenario& scenario);

// Validates a scenario built or changed in memory by the same rules as LoadScenarioText.
// It has no text, so messages have no line: "DISPLAY_NAME: message". Throws ScenarioError.
void ValidateScenario(const Scenario& scenario, const std::string& display_name);

// The built-in default scenario: the bytes of scenarios/prd.textproto, embedded at build
// time. Its messages name "<built-in default>".
inline constexpr std::string_view kDefaultScenarioName = "<built-in default>";
std::string_view DefaultScenarioText();
// The default scenario, parsed and validated once (on first use).
const Scenario& DefaultScenario();

// "HH:MM" (two digits each, 00:00..24:00) as minutes after midnight, 0..1440; nullopt for
// anything else ("8:00", "12:60", "24:01", " 08:00").
std::optional<int> ParseClock(std::string_view hh_mm);

// What `hubsim validate` reports about a valid scenario.
struct ScenarioTotals {
  int hubs = 0;
  int outlets = 0;
  int linehauls = 0;
  std::int64_t couriers = 0;
  double orders_per_day = 0;  // on a day of multiplier 1
  // The call center (all 0 without one).
  int call_types = 0;
  double calls_per_day = 0;  // baseline over all call types, before self-service
  int peak_agents = 0;       // the most agents in any interval of the day
};
ScenarioTotals Totals(const Scenario& scenario);

}  // namespace hubsim::io

#endif  // HUBSIM_ENGINE_IO_SCENARIO_LOADER_H_
