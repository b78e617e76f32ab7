#include "engine/cli/sweep_command.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <thread>

#include "engine/cli/interrupt.h"
#include "engine/cli/progress.h"
#include "engine/cli/scenario_options.h"
#include "engine/io/results_writer.h"
#include "engine/io/scenario_loader.h"
#include "engine/study/mpi_runner.h"
#include "engine/study/sweep.h"
#include "engine/study/tables.h"

namespace hubsim::cli {
namespace {

std::string Format(const char* format, auto... values) {
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, format, values...);
  return buffer;
}

// An integer from the environment, or `fallback`.
int EnvInt(const char* name, int fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr) return fallback;
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  return end != text && *end == '\0' && value > 0 && value < 1'000'000 ? static_cast<int>(value)
                                                                       : fallback;
}

int DefaultThreads(bool mpi) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // The ranks on this machine share its cores.
  return mpi ? std::max(1, cores / EnvInt("OMPI_COMM_WORLD_LOCAL_SIZE", 1)) : cores;
}

}  // namespace

CLI::App* AddSweepCommand(CLI::App& app, SweepArgs& args) {
  CLI::App* command = app.add_subcommand(
      "sweep",
      "run every point of a sweep file (a grid or a list of --set overrides) as a study of "
      "replications on common random numbers; on MPI under mpirun");
  command->add_option("SWEEP", args.sweep, "a .textproto sweep (engine/io/sweep.proto)")
      ->required();
  command->add_option("--out", args.out, "directory for sweep.csv, sweep.json and sweep.pb")
      ->capture_default_str();
  command
      ->add_option("--threads", args.threads,
                   "worker threads per run (default: all cores; under mpirun, the cores shared "
                   "among the ranks of this machine); never changes results")
      ->check(CLI::PositiveNumber);
  command
      ->add_option("--queue", args.queue,
                   "pending-event set: auto | calendar | 4-ary-heap | binary-heap")
      ->capture_default_str();
  return command;
}

int RunSweepCommand(const SweepArgs& args, std::ostream& out, std::ostream& err) {
  // MPI only when started by mpirun: a plain hubsim needs no MPI runtime.
  std::unique_ptr<study::MpiSession> mpi;
  if (study::StartedByMpirun()) {
    if (study::MpiBuilt()) {
      try {
        mpi = std::make_unique<study::MpiSession>();
      } catch (const std::runtime_error& e) {
        err << "hubsim sweep: " << e.what() << "\n";
        return 3;
      }
    } else if (EnvInt("OMPI_COMM_WORLD_SIZE", 1) > 1) {
      // Every rank would run the whole sweep and write the same files.
      err << "hubsim sweep: started by mpirun with several ranks, but this hubsim was built "
             "without MPI (install libopenmpi-dev and build again)\n";
      return 2;
    }
  }
  const bool coordinator = mpi == nullptr || mpi->rank() == 0;
  std::ostream* say = coordinator ? &out : nullptr;
  std::ostream* complain = coordinator ? &err : nullptr;

  // Every rank plans the sweep (cheap, and the same everywhere); rank 0 reports.
  study::SweepPlan plan;
  study::SweepRunOptions options;
  try {
    plan = study::PlanSweep(args.sweep);
    options.queue = ChooseQueue(args.queue, plan.base);
  } catch (const io::ScenarioError& e) {
    if (complain) *complain << e.what() << "\n";
    return 2;
  } catch (const std::invalid_argument& e) {
    if (complain) *complain << "hubsim sweep: " << e.what() << "\n";
    return 2;
  }
  options.threads = args.threads > 0 ? args.threads : DefaultThreads(mpi != nullptr);
  // Under mpirun a rank cannot leave alone (the others would wait for it): mpirun's own
  // handling of signals stops the job; main installs no handler then.
  if (mpi == nullptr) options.stop = args.stop;
  // An unwritable --out fails before the sweep (one process: under mpirun a rank cannot
  // leave alone, and the end is checked as ever).
  if (mpi == nullptr) {
    try {
      io::CheckOutputDirectory(args.out, "sweep.pb");
    } catch (const io::OutputError& e) {
      err << "hubsim sweep: " << e.what() << "\n";
      return 1;
    }
  }

  if (say) {
    *say << "hubsim sweep: " << (plan.sweep.has_name() ? plan.sweep.name() : args.sweep) << "\n"
         << Format("  %zu point%s x %d replication%s = %zu runs of %u day(s)", plan.points.size(),
                   plan.points.size() == 1 ? "" : "s", plan.replications,
                   plan.replications == 1 ? "" : "s", plan.items(), plan.base.days())
         << (plan.base.warmup_days() > 0 ? Format(" (%u warm-up)", plan.base.warmup_days()) : "")
         << Format(" on %s (\"%s\"), seed %llu; %d thread(s) per run", plan.scenario_file.c_str(),
                   plan.base.name().c_str(), static_cast<unsigned long long>(plan.base.seed()),
                   options.threads)
         << (mpi ? Format(", %d MPI rank(s)", mpi->size()) : "") << "\n";
  }

  std::vector<study::Replication> runs;
  double wall_seconds = 0;
  {
    double total_days = 0;
    for (std::size_t i = 0; i < plan.items(); ++i) total_days += plan.DaysOf(i);
    std::optional<ProgressLine> progress;
    if (coordinator) progress.emplace(total_days);
    if (progress && progress->enabled()) {
      options.progress = [&progress, &plan](double done, double total) {
        progress->Show(done, [&] {
          // Runs finished, counted by days (every run of a sweep usually has the same).
          const double per_run = total / static_cast<double>(plan.items());
          return Format("hubsim sweep: %zu of %zu runs",
                        static_cast<std::size_t>(done / per_run + 1e-9), plan.items());
        });
      };
    }
    try {
      const auto start = std::chrono::steady_clock::now();
      runs =
          mpi ? study::RunSweepItemsMpi(*mpi, plan, options) : study::RunSweepItems(plan, options);
      wall_seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    } catch (const Interrupted&) {
      throw;  // main reports it
    } catch (const std::exception& e) {
      if (complain) {
        *complain << "hubsim sweep: internal error (a bug in hubsim, please report it): "
                  << e.what() << "\n";
      }
      return 3;
    }
  }
  if (!coordinator) return 0;
  if (!study::AllConserved(runs)) {
    err << "hubsim sweep: internal error: parcel conservation violated (a bug in the model); "
           "nothing written\n";
    return 3;
  }
  const io::SweepResult result = study::AssembleSweep(plan, runs);
  study::PrintSweep(out, result);
  std::uint64_t events = 0;
  for (const study::Replication& r : runs) events += r.events;
  out << Format("  %zu runs, %llu events in %.2f s (%.2f M events/s)\n", runs.size(),
                static_cast<unsigned long long>(events), wall_seconds,
                wall_seconds > 0 ? static_cast<double>(events) / wall_seconds / 1e6 : 0.0);
  ThrowIfInterrupted(options.stop);
  try {
    study::WriteSweep(args.out, result);
  } catch (const io::OutputError& e) {
    err << "hubsim sweep: " << e.what() << "\n";
    return 1;
  }
  out << "  sweep: " << args.out << "/sweep.csv, " << args.out << "/sweep.json, " << args.out
      << "/sweep.pb\n";
  return 0;
}

}  // namespace hubsim::cli
