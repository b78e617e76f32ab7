#include "engine/cli/compare_command.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <ostream>
#include <stdexcept>
#include <string>

#include "engine/cli/interrupt.h"
#include "engine/cli/progress.h"
#include "engine/cli/report_command.h"
#include "engine/io/results_writer.h"
#include "engine/io/scenario_loader.h"
#include "engine/models/parcel_network/network_spec.h"
#include "engine/study/compare.h"
#include "engine/study/overrides.h"
#include "engine/study/replications.h"
#include "engine/study/tables.h"

namespace hubsim::cli {
namespace {

std::string Format(const char* format, auto... values) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, format, values...);
  return buffer;
}

std::string Describe(const std::string& file, const io::Scenario& s,
                     const std::vector<std::string>& overrides) {
  std::string text = file + " (\"" + s.name() + "\")";
  for (const std::string& o : overrides) text += " " + o;
  return text;
}

}  // namespace

CLI::App* AddCompareCommand(CLI::App& app, CompareArgs& args) {
  CLI::App* command = app.add_subcommand("compare",
                                         "compare two scenarios on common random numbers: paired "
                                         "differences of every KPI with 95 % intervals");
  command->add_option("BASE", args.base, "the base scenario (.textproto)")->required();
  command->add_option("ALT", args.alt,
                      "the alternative (.textproto; default: BASE, changed by --set-alt)");
  AddScenarioOptions(*command, args.scenario_options);
  AddSetOption(*command, "--set-alt", args.set_alt,
               "change a field of the alternative only, after --set (repeatable)");
  command->add_option("--replications", args.replications, "replications of each scenario")
      ->check(CLI::Range(2, study::kMaxReplications))
      ->capture_default_str();
  command
      ->add_option("--threads", args.threads,
                   "worker threads (default: all cores; never changes results)")
      ->check(CLI::PositiveNumber);
  command
      ->add_option("--queue", args.queue,
                   "pending-event set: auto | calendar | 4-ary-heap | binary-heap")
      ->capture_default_str();
  command
      ->add_option("--out", args.out, "directory for compare.pb and compare.json ('' writes none)")
      ->capture_default_str();
  command->add_flag("--report", args.report,
                    "also write DIR/report.html: the paired differences, and the base in detail");
  AddReportOptions(*command, args.report_options);
  return command;
}

int CompareScenarios(const CompareArgs& args, std::ostream& out, std::ostream& err) {
  if (args.report) {
    const std::string problem = args.out.empty() ? "--report needs an output directory (--out DIR)"
                                                 : report::CheckOptions(args.report_options);
    if (!problem.empty()) {
      err << "hubsim compare: " << problem << "\n";
      return 2;
    }
  }
  if (args.alt.empty() && args.set_alt.empty()) {
    err << "hubsim compare: nothing to compare: give ALT, or change BASE with --set-alt "
           "PATH=VALUE\n";
    return 2;
  }
  // Common random numbers need one seed for both: a seed of ALT's own would make the pairs
  // independent runs.
  for (const std::string& text : args.set_alt) {
    try {
      if (study::ParseOverride(text, "--set-alt").path == "seed") {
        err << "--set-alt " << text
            << ": both scenarios run on the same seeds (common random numbers); use --seed for "
               "both\n";
        return 2;
      }
    } catch (const study::OverrideError&) {
      // Reported with the other problems when ALT is loaded.
    }
  }
  const std::string alt_path = args.alt.empty() ? args.base : args.alt;
  io::Scenario base, alt;
  try {
    base = LoadScenario(args.base, args.scenario_options);
    alt = LoadScenario(alt_path, args.scenario_options, args.set_alt, "--set-alt");
  } catch (const io::ScenarioError& e) {
    err << e.what() << "\n";
    return 2;
  }
  if (alt.days() != base.days() || alt.warmup_days() != base.warmup_days()) {
    err << Format(
        "hubsim compare: BASE simulates %u day(s) with %u warm-up, ALT %u with %u: the KPIs would "
        "not be comparable; give --days (and --warmup-days) for both\n",
        base.days(), base.warmup_days(), alt.days(), alt.warmup_days());
    return 2;
  }
  const bool alt_seed_differs = alt.seed() != base.seed();
  alt.set_seed(base.seed());

  study::ReplicationOptions base_options, alt_options;
  for (study::ReplicationOptions* o : {&base_options, &alt_options}) {
    o->replications = args.replications;
    o->threads = args.threads;
  }
  try {
    base_options.queue = ChooseQueue(args.queue, base);
    alt_options.queue = ChooseQueue(args.queue, alt);
  } catch (const std::invalid_argument& e) {
    err << "hubsim compare: " << e.what() << "\n";
    return 2;
  }
  // Each first replication's spec, compiled here: a scenario the model refuses is bad input.
  parcel_network::NetworkSpec base_spec, alt_spec;
  try {
    base_spec = parcel_network::CompileScenario(base);
    alt_spec = parcel_network::CompileScenario(alt);
  } catch (const std::invalid_argument& e) {
    err << "hubsim compare: " << e.what() << "\n";
    return 2;
  }
  if (!args.out.empty()) {
    try {
      io::CheckOutputDirectory(args.out, "compare.pb");
    } catch (const io::OutputError& e) {
      err << "hubsim compare: " << e.what() << "\n";
      return 1;
    }
  }
  base_options.stop = args.stop;
  alt_options.stop = args.stop;
  base_options.first_spec = &base_spec;
  alt_options.first_spec = &alt_spec;

  study::Replications base_runs, alt_runs;
  {
    // Both studies' days: the base's runs first, then the alternative's.
    const double days = base.days();
    ProgressLine progress(2 * days * args.replications);
    auto label = [&](const char* which, int before) {
      return [&progress, &args, which, before, days](int replication, SimTime now) {
        progress.Show((before + replication) * days + ProgressLine::Days(now), [&] {
          return Format("hubsim compare: %s, replication %d of %d", which, replication + 1,
                        args.replications);
        });
      };
    };
    if (progress.enabled()) {
      base_options.progress = label("base", 0);
      alt_options.progress = label("alt", args.replications);
    }
    try {
      base_runs = study::RunReplications(base, base_options);
      alt_runs = study::RunReplications(alt, alt_options);
    } catch (const Interrupted&) {
      throw;  // main reports it
    } catch (const std::exception& e) {
      err << "hubsim compare: internal error (a bug in hubsim, please report it): " << e.what()
          << "\n";
      return 3;
    }
  }
  if (!base_runs.all_conserved() || !alt_runs.all_conserved()) {
    err << "hubsim compare: internal error: parcel conservation violated (a bug in the model); "
           "nothing written\n";
    return 3;
  }

  io::Comparison comparison;
  try {
    comparison = study::Compare(study::Summarize(base_runs), study::Summarize(alt_runs));
  } catch (const std::invalid_argument& e) {
    err << "hubsim compare: internal error (a bug in hubsim, please report it): " << e.what()
        << "\n";
    return 3;
  }
  comparison.set_base_file(DisplayName(args.base));
  comparison.set_alt_file(DisplayName(alt_path));
  comparison.set_base_name(base.name());
  comparison.set_alt_name(alt.name());
  for (const std::string& o : OverrideNames(args.scenario_options)) comparison.add_base_override(o);
  for (const std::string& o : OverrideNames(args.scenario_options, args.set_alt, "--set-alt")) {
    comparison.add_alt_override(o);
  }
  comparison.set_days(base.days());

  out << Format("hubsim compare: %u day(s)", base.days())
      << (base.warmup_days() > 0 ? Format(" (%u warm-up day%s not counted)", base.warmup_days(),
                                          base.warmup_days() == 1 ? "" : "s")
                                 : "")
      << Format(", %d replications each (seed %llu, then seeds derived from it), %d thread(s)\n",
                args.replications, static_cast<unsigned long long>(base.seed()), args.threads)
      << "  base: "
      << Describe(comparison.base_file(), base,
                  {comparison.base_override().begin(), comparison.base_override().end()})
      << "\n  alt:  "
      << Describe(comparison.alt_file(), alt,
                  {comparison.alt_override().begin(), comparison.alt_override().end()})
      << "\n";
  if (alt_seed_differs) out << "  (ALT's own seed is not used: both run on BASE's seeds)\n";
  study::PrintComparison(out, comparison);
  if (!args.out.empty()) {
    ThrowIfInterrupted(args.stop);
    try {
      // The comparison and the report appear together, or neither does.
      io::FileSet files;
      io::AddComparison(files, args.out, comparison);
      if (args.report) {
        io::Results base_results = base_runs.first;
        *base_results.mutable_study() = comparison.base();
        files.Add(args.out + "/report.html",
                  report::RenderReport(base_results, args.report_options,
                                       report::ReportExtras{nullptr, &comparison}));
      }
      files.Commit();
    } catch (const io::OutputError& e) {
      err << "hubsim compare: " << e.what() << "\n";
      return 1;
    }
    out << "  comparison: " << args.out << "/compare.pb, " << args.out << "/compare.json"
        << (args.report ? ", " + args.out + "/report.html\n" : "\n");
  }
  return 0;
}

}  // namespace hubsim::cli
