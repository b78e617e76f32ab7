#include "engine/cli/size_command.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <optional>
#include <ostream>
#include <stdexcept>

#include "engine/cli/interrupt.h"
#include "engine/cli/progress.h"
#include "engine/io/results_writer.h"
#include "engine/io/scenario_loader.h"
#include "engine/study/replications.h"
#include "engine/study/sizing.h"

namespace hubsim::cli {

CLI::App* AddSizeCommand(CLI::App& app, SizeArgs& args) {
  CLI::App* command = app.add_subcommand(
      "size",
      "the least couriers per outlet for a pickup on-time target, or agents per interval for "
      "a call service level, by Erlang A and simulation");
  command->add_option("WHAT", args.what, "couriers | agents")
      ->required()
      ->check(CLI::IsMember({"couriers", "agents"}));
  command->add_option("SCENARIO", args.scenario, "a .textproto scenario (default: built-in)");
  AddScenarioOptions(*command, args.scenario_options);
  command->add_option("--target", args.target, "couriers: the pickup on-time rate to reach")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  command
      ->add_option("--goal", args.goal,
                   "agents: the share of calls to answer within the scenario's "
                   "call_center.service_level_seconds")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  command->add_option("--outlet", args.outlets,
                      "couriers: an outlet to size (repeatable; "
                      "default: every outlet)");
  command
      ->add_option("--by", args.by,
                   "the target is met by the replications' mean, or by the 95 % interval's "
                   "lower bound")
      ->check(CLI::IsMember({"mean", "lower"}))
      ->capture_default_str();
  command->add_option("--replications", args.replications, "replications of every simulation")
      ->check(CLI::Range(1, study::kMaxReplications))
      ->capture_default_str();
  command->add_option("--rounds", args.rounds, "agents: simulation rounds after Erlang A")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  command->add_option("--threads", args.threads, "worker threads (never changes results)")
      ->check(CLI::PositiveNumber);
  command
      ->add_option("--queue", args.queue,
                   "pending-event set: auto | calendar | 4-ary-heap | binary-heap")
      ->capture_default_str();
  command
      ->add_option("--out", args.out, "directory for couriers.csv or agents.csv ('' writes none)")
      ->capture_default_str();
  return command;
}

int RunSizeCommand(const SizeArgs& args, std::ostream& out, std::ostream& err) {
  io::Scenario scenario;
  study::SizingOptions options;
  try {
    scenario = LoadScenario(args.scenario, args.scenario_options);
    options.queue = ChooseQueue(args.queue, scenario);
  } catch (const io::ScenarioError& e) {
    err << e.what() << "\n";
    return 2;
  } catch (const std::invalid_argument& e) {
    err << "hubsim size: " << e.what() << "\n";
    return 2;
  }
  const bool couriers = args.what == "couriers";
  if (couriers && scenario.outlet_size() == 0) {
    err << "hubsim size couriers: " << DisplayName(args.scenario) << " has no outlets\n";
    return 2;
  }
  if (!couriers && !scenario.has_call_center()) {
    err << "hubsim size agents: " << DisplayName(args.scenario) << " has no call center\n";
    return 2;
  }
  if (!couriers && !(args.goal > 0 && args.goal < 1)) {
    err << "hubsim size agents: --goal must be in (0, 1), got " << args.goal << "\n";
    return 2;
  }
  if (couriers && !(args.target > 0)) {
    err << "hubsim size couriers: --target must be in (0, 1], got " << args.target << "\n";
    return 2;
  }
  for (const std::string& id : args.outlets) {
    bool found = false;
    for (const io::Outlet& o : scenario.outlet()) found = found || o.id() == id;
    if (!found) {
      err << "hubsim size couriers: --outlet " << id << ": " << DisplayName(args.scenario)
          << " has no outlet '" << id << "'\n";
      return 2;
    }
  }
  if (args.by == "lower" && args.replications < 2) {
    err << "hubsim size: --by lower needs --replications 2 or more\n";
    return 2;
  }
  options.replications = args.replications;
  options.threads = args.threads;
  options.stop = args.stop;
  options.max_rounds = args.rounds;
  options.criterion = args.by == "lower" ? study::Criterion::kLowerBound : study::Criterion::kMean;

  out << "hubsim size " << args.what << ": " << DisplayName(args.scenario) << " (\""
      << scenario.name() << "\"), " << scenario.days() << " day(s)"
      << (scenario.warmup_days() > 0 ? " (" + std::to_string(scenario.warmup_days()) + " warm-up)"
                                     : std::string())
      << ", " << args.replications << " replications a simulation, " << args.threads
      << " thread(s)\n";
  if (!args.out.empty()) {
    try {
      io::CheckOutputDirectory(args.out, args.what + ".csv");
    } catch (const io::OutputError& e) {
      err << "hubsim size: " << e.what() << "\n";
      return 1;
    }
  }
  std::string csv;
  const auto start = std::chrono::steady_clock::now();
  try {
    // The number of simulations is not known in advance: the bar shows the current one,
    // with a fresh bar (and clock) for each.
    const double days = scenario.days();
    std::optional<ProgressLine> bar;
    int shown = 0;
    if (ProgressLine(days).enabled()) {
      options.progress = [&](int evaluation, int replication, SimTime now) {
        if (evaluation != shown) {
          shown = evaluation;
          bar.reset();
          bar.emplace(days * args.replications);
        }
        bar->Show(replication * days + ProgressLine::Days(now), [&] {
          return "hubsim size " + args.what + ": simulation " + std::to_string(evaluation);
        });
      };
    }
    if (couriers) {
      const study::CourierSizing sizing =
          study::SizeCouriers(scenario, args.outlets, args.target, options);
      bar.reset();
      study::PrintCourierSizing(out, sizing);
      csv = study::CourierSizingCsv(sizing);
    } else {
      const study::AgentSizing sizing = study::SizeAgents(scenario, args.goal, options);
      bar.reset();
      study::PrintAgentSizing(out, sizing);
      csv = study::AgentSizingCsv(sizing);
    }
  } catch (const Interrupted&) {
    throw;  // main reports it
  } catch (const std::exception& e) {
    err << "hubsim size: internal error (a bug in hubsim, please report it): " << e.what() << "\n";
    return 3;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  char line[64];
  std::snprintf(line, sizeof line, "  sized in %.1f s\n", seconds);
  out << line;
  if (!args.out.empty()) {
    ThrowIfInterrupted(args.stop);
    const std::string file = args.out + "/" + args.what + ".csv";
    try {
      std::error_code error;
      std::filesystem::create_directories(args.out, error);
      if (error) throw io::OutputError(args.out + ": cannot create directory: " + error.message());
      io::WriteFileAtomically(file, csv);
    } catch (const io::OutputError& e) {
      err << "hubsim size: " << e.what() << "\n";
      return 1;
    }
    out << "  table: " << file << "\n";
  }
  return 0;
}

}  // namespace hubsim::cli
