// `hubsim report`: the manager's HTML report of a run's results (engine/report/report.h),
// and the report options it shares with `hubsim run --report`.
#ifndef HUBSIM_ENGINE_CLI_REPORT_COMMAND_H_
#define HUBSIM_ENGINE_CLI_REPORT_COMMAND_H_

#include <cstddef>
#include <iosfwd>
#include <string>

#include "engine/report/report.h"

namespace CLI {
class App;
}  // namespace CLI

namespace hubsim::cli {

struct ReportArgs {
  std::string results;  // results.pb or results.json written by `hubsim run`
  std::string output = "report.html";
  std::string tracking;  // a tracking log of the same run, for the parcel lookup; empty: none
  report::ReportOptions options;
};

// Parcels a report embeds for its lookup box (tracking::MakeDigest).
inline constexpr std::size_t kReportLookupParcels = 200;

// Adds the `report` subcommand to `app`, its parsed values landing in `args`, which must
// outlive the parse.
CLI::App* AddReportCommand(CLI::App& app, ReportArgs& args);

// Adds --target-pickup, --target-delivery, --target-next-day and --target-calls to
// `command` (the report subcommand, and run for --report).
void AddReportOptions(CLI::App& command, report::ReportOptions& options);

// Returns the exit code: 0 written, 2 bad input (the results file, the tracking log, a
// target), 1 the report could not be written. Nothing is written unless the report is complete.
int MakeReport(const ReportArgs& args, std::ostream& out, std::ostream& err);

}  // namespace hubsim::cli

#endif  // HUBSIM_ENGINE_CLI_REPORT_COMMAND_H_
