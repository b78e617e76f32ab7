#include "hubsim/simulation.h"

#include <stdexcept>
#include <string>

#include "engine/kernel/executors/executor.h"
#include "engine/kernel/executors/lp_table.h"

namespace hubsim {

ExecutorKind ParseExecutorKind(std::string_view name) {
  if (name == "sequential") return ExecutorKind::kSequential;
  if (name == "windowed") return ExecutorKind::kWindowed;
  throw std::invalid_argument("unknown executor '" + std::string(name) +
                              "' (expected sequential or windowed)");
}

QueueKind ParseQueueKind(std::string_view name) {
  if (name == "binary-heap") return QueueKind::kBinaryHeap;
  if (name == "4-ary-heap") return QueueKind::kQuaternaryHeap;
  if (name == "calendar") return QueueKind::kCalendar;
  throw std::invalid_argument("unknown queue '" + std::string(name) +
                              "' (expected binary-heap, 4-ary-heap or calendar)");
}

std::string_view Name(ExecutorKind kind) {
  switch (kind) {
    case ExecutorKind::kSequential: return "sequential";
    case ExecutorKind::kWindowed: return "windowed";
  }
  return "?";
}

std::string_view Name(QueueKind kind) {
  switch (kind) {
    case QueueKind::kBinaryHeap: return "binary-heap";
    case QueueKind::kQuaternaryHeap: return "4-ary-heap";
    case QueueKind::kCalendar: return "calendar";
  }
  return "?";
}

Simulation::Simulation(Model& model, RunOptions options) : model_(model), options_(options) {}

RunResult Simulation::Run() {
  internal::CheckModel(model_, options_);
  switch (options_.executor) {
    case ExecutorKind::kSequential: return RunSequential(model_, options_);
    case ExecutorKind::kWindowed: return RunWindowed(model_, options_);
  }
  throw std::invalid_argument("unknown executor");
}

}  // namespace hubsim
