// Changes to a scenario from the command line (`--set PATH=VALUE`), checked against the
// schema (engine/io/scenario.proto) through protobuf reflection, then validated by the
// loader's rules. Commands that take --set (run, compare, and later sweep) share this.
//
// PATH is the field names from the Scenario down, joined by '.': "days",
// "promises.pickup_minutes", "call_center.patience.mean_seconds". An element of a list (a
// repeated field) is selected in brackets:
//   outlet[3]           the element at index 3 (from 0)
//   outlet[SZ-001]      the elements whose key is SZ-001. The key is the `id` (hubs,
//                       outlets), else the `name` (call types), else "FROM->TO" (linehauls,
//                       linehaul disruptions, od entries): linehaul[SZX->CAN]
//   outlet["0042"]      a key in quotes ("..." or '...'), for keys that read as an index
//   outlet[*]           every element
// A list of messages must have a selector unless it is set as a whole; a list of numbers or
// strings takes an index or [*] (demand.hourly_profile[9]=1.5), or is set as a whole.
//
// VALUE is read by the type of the field:
//   integers   decimal, within the field's type (uint32: 0..4294967295)
//   reals      decimal or scientific ("0.05", "1e4"); finite
//   booleans   true, false, 1, 0
//   enums      a value's name (LOGNORMAL)
//   strings    as given; in quotes ("..." or '...') to keep surrounding spaces
//   messages   protobuf text format, with or without braces; the message is replaced:
//              call_center.patience={kind: LOGNORMAL mean_seconds: 120 stddev_seconds: 60}
//   lists      a field without selector takes "[v1, v2, ...]" (or one value) and the list
//              is replaced: linehaul[SZX->CAN].departure=[06:00, 22:00]; a list of messages
//              in text format: hub_outage=[{hub: "SZX" start: "08:00" duration_minutes: 60}]
// Overrides apply in order, a later one winning. The fields take the schema's ranges only
// through validation afterwards, which reports what an override broke (ApplyOverrides).
//
// Thread safety: pure functions of their arguments.
#ifndef HUBSIM_ENGINE_STUDY_OVERRIDES_H_
#define HUBSIM_ENGINE_STUDY_OVERRIDES_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/io/scenario.pb.h"
#include "engine/io/scenario_loader.h"

namespace hubsim::study {

// An override that does not fit the schema, or a scenario that an override made invalid.
// A ScenarioError (bad input), so a command reports all of them alike.
class OverrideError : public io::ScenarioError {
 public:
  using io::ScenarioError::ScenarioError;
};

struct Override {
  // How it was given, for messages: "--set", "--set-alt", or a flag that sets one field
  // ("--days").
  std::string flag = "--set";
  std::string text;  // as given: "PATH=VALUE" for --set, the value for a single-field flag
  std::string path;
  std::string value;

  // "FLAG TEXT", as messages name the override.
  std::string Name() const { return flag + " " + text; }
};

// Parses "PATH=VALUE" (split at the first '='). Throws OverrideError when there is no '='
// or no path.
Override ParseOverride(std::string_view text, std::string flag = "--set");

// The override of a flag that sets one field, e.g. FieldOverride("--days", "days", "3").
Override FieldOverride(std::string flag, std::string path, std::string value);

// Applies one override to `scenario`. Returns the paths it changed, in the notation of
// io::ScenarioProblem::path ("outlet[3].couriers"; "call_center.patience" for a message
// replaced as a whole). Throws OverrideError "FLAG TEXT: problem" naming the offending part:
// an unknown field (with the nearest name, "outlet has no field 'courier'; did you mean
// 'couriers'?"), a selector where there is no list or none where one is needed, an index
// out of range, a key no element has, a value that does not fit the field's type. On error
// the scenario is unchanged.
std::vector<std::string> ApplyOverride(const Override& override, io::Scenario& scenario);

// Applies `overrides` in order, then validates the result by the loader's rules
// (io::FindScenarioProblems). A problem is reported as "FLAG TEXT: message" when it lies
// in what one override changed (or when only one override was applied, since the scenario
// was valid before), else as "DISPLAY_NAME with FLAG TEXT, ...: message". Throws
// OverrideError with every message. On error the scenario may hold some overrides.
void ApplyOverrides(std::span<const Override> overrides, io::Scenario& scenario,
                    const std::string& display_name);

}  // namespace hubsim::study

#endif  // HUBSIM_ENGINE_STUDY_OVERRIDES_H_
