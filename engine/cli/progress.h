// The progress line of long commands (run, compare, sweep, size) on stderr, only when
// stderr is a terminal:
//   "hubsim sweep: 37 of 120 runs [########............]  31 %  0:42, ~1:33 left"
// The fraction is of the command's work, measured in simulated days (every run weighs its
// days; a run in progress counts the share of them it has simulated), and the time left is
// estimated from the rate so far: remaining work x elapsed / work done. The line is redrawn
// at most 5 times a second, kept within 79 columns, and erased when the object is
// destroyed, so what the command prints next starts on a clean line.
//
// Thread safety: none; use from one thread (the simulation calls progress callbacks from
// the thread that started it).
#ifndef HUBSIM_ENGINE_CLI_PROGRESS_H_
#define HUBSIM_ENGINE_CLI_PROGRESS_H_

#include <chrono>
#include <functional>
#include <string>

#include "hubsim/sim_time.h"

namespace hubsim::cli {

class ProgressLine {
 public:
  // `total_days`: the simulated days of the whole command. REQUIRES: > 0.
  explicit ProgressLine(double total_days);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  bool enabled() const { return enabled_; }
  // Draws the line for `done_days` of the total, unless it was drawn less than 200 ms ago;
  // `label` is called only to draw.
  void Show(double done_days, const std::function<std::string()>& label);

  // A simulation time in days (what a run's progress callback reports, as work done).
  static double Days(SimTime now);

  // The line for `done` of `total` after `elapsed_seconds` (for tests): the label, a bar,
  // the percentage, the time elapsed and, once there is a rate to go by, the time left.
  static std::string Format(const std::string& label, double done, double total,
                            double elapsed_seconds);

 private:
  double total_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace hubsim::cli

#endif  // HUBSIM_ENGINE_CLI_PROGRESS_H_
