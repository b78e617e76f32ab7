// The PHOLD command-line options, shared by hubsim-phold and `hubsim phold`.
#ifndef HUBSIM_BENCH_PHOLD_PHOLD_CLI_H_
#define HUBSIM_BENCH_PHOLD_PHOLD_CLI_H_

#include <CLI/CLI.hpp>

#include <algorithm>
#include <string>
#include <thread>

#include "bench/phold/phold_model.h"

namespace hubsim::phold {

struct PholdCli {
  PholdConfig config;
  RunOptions options;
  std::string executor = "windowed";
  std::string queue = "calendar";  // fastest on PHOLD (1.2x the 4-ary heap, measured)
  bool json = false;

  PholdCli() { options.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

  void AddOptions(CLI::App& app) {
    app.add_option("--nlp", config.lps, "number of LPs")->capture_default_str();
    app.add_option("--start-events", config.start_events, "starting events per LP")
        ->capture_default_str();
    app.add_option("--remote", config.remote, "share of events sent to a random LP")
        ->capture_default_str();
    app.add_option("--mean", config.mean, "mean delay (PHOLD time units)")->capture_default_str();
    app.add_option("--lookahead", config.lookahead, "minimum delay (PHOLD time units)")
        ->capture_default_str();
    app.add_option("--end", config.end, "end time (PHOLD time units)")->capture_default_str();
    app.add_option("--threads", options.threads, "worker threads (default: all cores; never changes results)")
        ->capture_default_str()->check(CLI::PositiveNumber);
    app.add_option("--seed", options.seed, "random seed")->capture_default_str();
    app.add_option("--executor", executor, "sequential | windowed")->capture_default_str();
    app.add_option("--queue", queue, "binary-heap | 4-ary-heap | calendar")->capture_default_str();
    app.add_option("--blocks", options.blocks, "LP blocks (0: engine default)")
        ->capture_default_str();
    app.add_flag("--json", json, "print one JSON object");
  }

  // Throws std::invalid_argument for bad values.
  PholdReport Run() {
    options.executor = ParseExecutorKind(executor);
    options.queue = ParseQueueKind(queue);
    return RunPhold(config, options);
  }
};

}  // namespace hubsim::phold

#endif  // HUBSIM_BENCH_PHOLD_PHOLD_CLI_H_
