// The hubsim command: run a scenario (or replications of it), compare two, sweep one over
// a grid or list of changes (on MPI under mpirun), size couriers or agents, validate one,
// report on a run's results, track a parcel in a run's tracking log, generate a scenario
// from real city data, or run the PHOLD engine benchmark.
//
// Exit codes: 0 done, 2 bad input (scenario, flags), 1 could not write the output,
// 3 an internal error (a bug), 130 / 143 stopped by SIGINT / SIGTERM (nothing written).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <exception>
#include <iostream>
#include <string>
#include <thread>

#include "bench/phold/phold_cli.h"
#include "engine/cli/compare_command.h"
#include "engine/cli/generate_command.h"
#include "engine/cli/interrupt.h"
#include "engine/cli/report_command.h"
#include "engine/cli/run_command.h"
#include "engine/cli/size_command.h"
#include "engine/cli/sweep_command.h"
#include "engine/cli/track_command.h"
#include "engine/io/scenario_loader.h"
#include "engine/study/mpi_runner.h"
#include "engine/study/replications.h"

int main(int argc, char** argv) {
  CLI::App app{"hubsim: parallel discrete-event simulation of an express-parcel network"};
  app.require_subcommand(1);

  CLI::App* run = app.add_subcommand(
      "run", "simulate a scenario (default: the built-in Pearl River Delta network)");
  hubsim::cli::RunArgs run_args;
  run_args.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  run->add_option("SCENARIO", run_args.scenario, "a .textproto scenario (default: built-in)");
  hubsim::cli::AddScenarioOptions(*run, run_args.scenario_options);
  run->add_option("--replications", run_args.replications,
                  "independent replications: every KPI as a mean with its 95 % interval")
      ->check(CLI::Range(1, hubsim::study::kMaxReplications))
      ->capture_default_str();
  run->add_option("--threads", run_args.threads, "worker threads (default: all cores; never changes results)")
      ->check(CLI::PositiveNumber)->capture_default_str();
  run->add_option("--queue", run_args.queue, "pending-event set: auto | calendar | 4-ary-heap | binary-heap")
      ->capture_default_str();
  run->add_option("--out", run_args.out, "directory for results.pb and results.json ('' writes none)")
      ->capture_default_str();
  run->add_flag("--report", run_args.report, "also write DIR/report.html, the manager's report");
  run->add_option("--tracking", run_args.tracking,
                  "write every scan (of the first replication) to this tracking log (and its index "
                  "FILE.idx) for hubsim track");
  run->add_option("--tracking-sample", run_args.tracking_sample,
                  "track this share of the parcels, chosen by tracking number (0 < rate <= 1)")
      ->capture_default_str();
  hubsim::cli::AddReportOptions(*run, run_args.report_options);

  hubsim::cli::CompareArgs compare_args;
  compare_args.threads = run_args.threads;
  CLI::App* compare = hubsim::cli::AddCompareCommand(app, compare_args);

  hubsim::cli::SweepArgs sweep_args;
  CLI::App* sweep = hubsim::cli::AddSweepCommand(app, sweep_args);

  hubsim::cli::SizeArgs size_args;
  size_args.threads = run_args.threads;
  CLI::App* size = hubsim::cli::AddSizeCommand(app, size_args);

  hubsim::cli::ReportArgs report_args;
  CLI::App* report = hubsim::cli::AddReportCommand(app, report_args);

  hubsim::cli::TrackArgs track_args;
  CLI::App* track = hubsim::cli::AddTrackCommand(app, track_args);

  CLI::App* validate = app.add_subcommand("validate", "check a scenario file against the schema");
  std::string scenario_path;
  validate->add_option("SCENARIO", scenario_path, "a .textproto scenario")->required();

  CLI::App* generate = app.add_subcommand(
      "generate", "write a national network scenario built from real city data (GeoNames)");
  hubsim::cli::GenerateArgs generate_args;
  hubsim::cli::AddGenerateOptions(*generate, generate_args);

  CLI::App* phold_cmd = app.add_subcommand("phold", "run the PHOLD engine benchmark");
  hubsim::phold::PholdCli phold;
  phold.AddOptions(*phold_cmd);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help prints and exits 0; any other parse error is bad flags: exit 2 as documented,
    // not CLI11's own codes (105, 109, ...).
    return app.exit(e) == 0 ? 0 : 2;
  }
  // Standard output that cannot take the text (a full disk, a closed pipe) is a failure
  // to write, not a success.
  const auto dispatch = [&]() -> int {
    if (*run || *compare || (*sweep && !hubsim::study::StartedByMpirun()) || *size) {
      // The long commands stop cleanly on SIGINT and SIGTERM (interrupt.h).
      hubsim::cli::InterruptScope interrupt;
      run_args.stop = compare_args.stop = sweep_args.stop = size_args.stop = interrupt.flag();
      try {
        if (*run) return hubsim::cli::RunScenario(run_args, std::cout, std::cerr);
        if (*compare) return hubsim::cli::CompareScenarios(compare_args, std::cout, std::cerr);
        if (*sweep) return hubsim::cli::RunSweepCommand(sweep_args, std::cout, std::cerr);
        return hubsim::cli::RunSizeCommand(size_args, std::cout, std::cerr);
      } catch (const hubsim::Interrupted&) {
        // Every temporary has been removed as the exception unwound.
        std::cout << std::flush;
        std::cerr << "hubsim: interrupted (" << hubsim::cli::SignalName(interrupt.signal())
                  << "); nothing written\n";
        return 128 + interrupt.signal();
      }
    }
    if (*sweep) return hubsim::cli::RunSweepCommand(sweep_args, std::cout, std::cerr);
    if (*report) return hubsim::cli::MakeReport(report_args, std::cout, std::cerr);
    if (*track) return hubsim::cli::Track(track_args, std::cout, std::cerr);
    if (*generate) return hubsim::cli::GenerateScenario(generate_args, std::cout, std::cerr);
    if (*validate) {
      // Exit 0 and a one-line summary, or every problem ("FILE:LINE: message") and exit 2.
      try {
        const hubsim::io::ScenarioTotals t =
            hubsim::io::Totals(hubsim::io::LoadScenarioFile(scenario_path));
        std::cout << scenario_path << ": ok (" << t.hubs << " hubs, " << t.outlets << " outlets, "
                  << t.linehauls << " linehauls, " << t.couriers << " couriers, "
                  << std::llround(t.orders_per_day) << " orders/day";
        if (t.call_types > 0) {
          std::cout << "; call center: " << t.call_types << " call types, "
                    << std::llround(t.calls_per_day) << " baseline calls/day, up to " << t.peak_agents
                    << " agents";
        }
        std::cout << ")\n";
        return 0;
      } catch (const hubsim::io::ScenarioError& e) {
        std::cerr << e.what() << "\n";
        return 2;
      }
    }
    try {
      hubsim::phold::PrintReport(std::cout, phold.Run(), phold.json);
    } catch (const std::exception& e) {
      std::cerr << "hubsim: " << e.what() << "\n";
      return 2;
    }
    return 0;
  };
  const int code = dispatch();
  std::cout.flush();
  if (code == 0 && !std::cout) {
    std::cerr << "hubsim: cannot write to standard output\n";
    return 1;
  }
  return code;
}
