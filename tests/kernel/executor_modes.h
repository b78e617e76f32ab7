// The executor configurations every executor test runs under: each queue with the
// sequential executor and the windowed one on 1, 2, 4 and 8 threads, plus odd block counts.
#ifndef HUBSIM_TESTS_KERNEL_EXECUTOR_MODES_H_
#define HUBSIM_TESTS_KERNEL_EXECUTOR_MODES_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "hubsim/simulation.h"

namespace hubsim::testing_modes {

struct Mode {
  ExecutorKind executor;
  QueueKind queue;
  int threads;
  LpId blocks;
};

inline std::string ModeName(const testing::TestParamInfo<Mode>& info) {
  std::string name = std::string(Name(info.param.executor)) + "_" +
                     std::string(Name(info.param.queue)) + "_t" +
                     std::to_string(info.param.threads) + "_b" + std::to_string(info.param.blocks);
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

inline std::vector<Mode> AllModes() {
  std::vector<Mode> modes;
  for (QueueKind q : {QueueKind::kBinaryHeap, QueueKind::kQuaternaryHeap, QueueKind::kCalendar}) {
    modes.push_back({ExecutorKind::kSequential, q, 1, 0});
    for (int threads : {1, 2, 4, 8}) modes.push_back({ExecutorKind::kWindowed, q, threads, 0});
  }
  modes.push_back({ExecutorKind::kWindowed, QueueKind::kQuaternaryHeap, 2, 1});
  modes.push_back({ExecutorKind::kWindowed, QueueKind::kQuaternaryHeap, 3, 7});
  modes.push_back({ExecutorKind::kWindowed, QueueKind::kQuaternaryHeap, 4, 1000});
  return modes;
}

inline RunOptions OptionsFor(const Mode& mode, SimTime end, std::uint64_t seed = 1) {
  RunOptions options;
  options.executor = mode.executor;
  options.queue = mode.queue;
  options.threads = mode.threads;
  options.blocks = mode.blocks;
  options.end_time = end;
  options.seed = seed;
  return options;
}

}  // namespace hubsim::testing_modes

#endif  // HUBSIM_TESTS_KERNEL_EXECUTOR_MODES_H_
