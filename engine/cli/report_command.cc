#include "engine/cli/report_command.h"

#include <CLI/CLI.hpp>
#include <optional>
#include <ostream>
#include <string>

#include "engine/io/results_writer.h"
#include "engine/tracking/digest.h"

namespace hubsim::cli {

CLI::App* AddReportCommand(CLI::App& app, ReportArgs& args) {
  CLI::App* command = app.add_subcommand(
      "report", "write the manager's report of a run: one self-contained HTML file");
  command->add_option("RESULTS", args.results, "results.pb or results.json written by hubsim run")
      ->required();
  command->add_option("-o,--output", args.output, "the HTML file to write")->capture_default_str();
  command->add_option("--tracking", args.tracking,
                      "the run's tracking log: the report gets a parcel lookup with some of its parcels");
  AddReportOptions(*command, args.options);
  return command;
}

void AddReportOptions(CLI::App& command, report::ReportOptions& options) {
  command
      .add_option("--target-pickup", options.target_pickup,
                  "report: target share of pickups within the promise")
      ->capture_default_str();
  command
      .add_option("--target-delivery", options.target_delivery,
                  "report: target share of deliveries within the promise")
      ->capture_default_str();
  command
      .add_option("--target-next-day", options.target_next_day,
                  "report: target share of next-day deliveries")
      ->capture_default_str();
  command
      .add_option("--target-calls", options.target_calls,
                  "report: target share of calls answered within the service-level time")
      ->capture_default_str();
}

int MakeReport(const ReportArgs& args, std::ostream& out, std::ostream& err) {
  if (const std::string problem = report::CheckOptions(args.options); !problem.empty()) {
    err << "hubsim report: " << problem << "\n";
    return 2;
  }
  io::Results results;
  try {
    results = report::LoadResults(args.results);
  } catch (const report::InputError& e) {
    err << "hubsim report: " << e.what() << "\n";
    return 2;
  }
  std::optional<io::TrackingDigest> digest;
  if (!args.tracking.empty()) {
    try {
      digest = tracking::MakeDigest(tracking::ScanLogReader(args.tracking), args.tracking, kReportLookupParcels);
    } catch (const tracking::TrackingError& e) {
      err << "hubsim report: " << e.what() << "\n";
      return 2;
    }
  }
  try {
    report::WriteReport(args.output, results, args.options, report::ReportExtras{digest ? &*digest : nullptr, nullptr});
  } catch (const io::OutputError& e) {
    err << "hubsim report: " << e.what() << "\n";
    return 1;
  }
  out << "hubsim report: " << args.output << "\n";
  return 0;
}

}  // namespace hubsim::cli
