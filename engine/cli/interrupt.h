// Ctrl-C (SIGINT) and SIGTERM during the long commands (run, compare, sweep, size).
//
// The first signal only sets a flag; the running simulation polls it (RunOptions::stop)
// and throws Interrupted, the command abandons its work, every temporary file is removed
// as the exception unwinds (io::AtomicFile), nothing is written under a final name, and
// main prints one line and exits 128 + the signal's number (130, 143). The handlers are
// installed with SA_RESETHAND: a second signal of the same kind kills at once.
//
// A signal handler can reach nothing but process-wide state, so the flag is the command
// line's one global; the engine sees only a pointer to it.
#ifndef HUBSIM_ENGINE_CLI_INTERRUPT_H_
#define HUBSIM_ENGINE_CLI_INTERRUPT_H_

#include <atomic>
#include <string>

namespace hubsim::cli {

// Installs the handlers of SIGINT and SIGTERM for its lifetime and restores the previous
// actions when destroyed. At most one at a time. Thread safety: construct and destroy on
// the main thread; flag() may be read from any thread.
class InterruptScope {
 public:
  InterruptScope();
  ~InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

  // True once a signal has arrived.
  const std::atomic<bool>* flag() const;
  // The first signal that arrived (0: none).
  int signal() const;
};

// Throws Interrupted (hubsim/simulation.h) if `stop` is set: for the points between a
// run's end and its first write.
void ThrowIfInterrupted(const std::atomic<bool>* stop);

// "SIGINT", "SIGTERM", or "signal N".
std::string SignalName(int signal);

}  // namespace hubsim::cli

#endif  // HUBSIM_ENGINE_CLI_INTERRUPT_H_
