// Executors: how the next events are chosen and run. Internal to the engine; models and
// users reach them through Simulation (simulation.h).
#ifndef HUBSIM_ENGINE_KERNEL_EXECUTORS_EXECUTOR_H_
#define HUBSIM_ENGINE_KERNEL_EXECUTORS_EXECUTOR_H_

#include "hubsim/model.h"
#include "hubsim/simulation.h"

namespace hubsim {

// One global event queue, one thread, events strictly in total order: the reference that
// every other executor must match event for event.
RunResult RunSequential(Model& model, const RunOptions& options);

// Conservative synchronous windows (see window_executor.cc).
RunResult RunWindowed(Model& model, const RunOptions& options);

}  // namespace hubsim

#endif  // HUBSIM_ENGINE_KERNEL_EXECUTORS_EXECUTOR_H_
