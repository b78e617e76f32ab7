#include "engine/cli/interrupt.h"

#include <signal.h>

#include "hubsim/simulation.h"

namespace hubsim::cli {
namespace {

// Lock-free atomics: the only things a handler may touch (async-signal-safe).
std::atomic<bool> stop_requested{false};
std::atomic<int> first_signal{0};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free);

struct sigaction previous_int {};
struct sigaction previous_term {};

extern "C" void OnSignal(int signal) {
  int none = 0;
  first_signal.compare_exchange_strong(none, signal);
  stop_requested.store(true);
}

}  // namespace

InterruptScope::InterruptScope() {
  stop_requested.store(false);
  first_signal.store(0);
  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  // SA_RESTART: a system call the signal lands in resumes, so no write fails with EINTR.
  // SA_RESETHAND: the next signal of the kind takes its default action (terminate).
  action.sa_flags = SA_RESTART | SA_RESETHAND;
  ::sigaction(SIGINT, &action, &previous_int);
  ::sigaction(SIGTERM, &action, &previous_term);
}

InterruptScope::~InterruptScope() {
  ::sigaction(SIGINT, &previous_int, nullptr);
  ::sigaction(SIGTERM, &previous_term, nullptr);
}

const std::atomic<bool>* InterruptScope::flag() const {
  return &stop_requested;
}

int InterruptScope::signal() const {
  return first_signal.load();
}

void ThrowIfInterrupted(const std::atomic<bool>* stop) {
  if (stop != nullptr && stop->load(std::memory_order_relaxed)) throw Interrupted("interrupted");
}

std::string SignalName(int signal) {
  switch (signal) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    default: return "signal " + std::to_string(signal);
  }
}

}  // namespace hubsim::cli
