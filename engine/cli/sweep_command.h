// `hubsim sweep SWEEP --out DIR`: every point of a sweep file (engine/io/sweep.proto) run
// as a study of replications on common random numbers; a table of the points on stdout and
// DIR/sweep.csv, DIR/sweep.json, DIR/sweep.pb. Under mpirun, the runs are spread over the
// ranks (engine/study/mpi_runner.h) and rank 0 writes the same files.
#ifndef HUBSIM_ENGINE_CLI_SWEEP_COMMAND_H_
#define HUBSIM_ENGINE_CLI_SWEEP_COMMAND_H_

#include <atomic>
#include <iosfwd>
#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace hubsim::cli {

struct SweepArgs {
  // Set when a signal asks the command to stop (interrupt.h); null: never stops.
  const std::atomic<bool>* stop = nullptr;
  std::string sweep;  // the sweep file
  std::string out = "out";
  // Threads per run; 0: every core, or under mpirun the cores shared among the job's ranks
  // on this machine (OMPI_COMM_WORLD_LOCAL_SIZE). Never changes results.
  int threads = 0;
  std::string queue = "auto";  // as RunArgs::queue
};

CLI::App* AddSweepCommand(CLI::App& app, SweepArgs& args);

// Returns the exit code: 0 done; 2 bad input (the sweep file, its base scenario, any
// point's overrides: every problem reported before anything runs, nothing written; or
// started by mpirun with several ranks when built without MPI); 1 the files could not be
// written; 3 an internal error. Under MPI only rank 0 prints and writes.
// Throws Interrupted (hubsim/simulation.h) when args.stop is set before the files are
// written; nothing is then left under a final name.
int RunSweepCommand(const SweepArgs& args, std::ostream& out, std::ostream& err);

}  // namespace hubsim::cli

#endif  // HUBSIM_ENGINE_CLI_SWEEP_COMMAND_H_
