#pragma once
// Signals a batch process handles while it runs (the local executor: SIGINT/SIGTERM; an
// array task: SIGTERM/SIGINT/SIGUSR1 from Slurm; waiting for Slurm: SIGINT/SIGTERM).
// Private to io/batch.

#include <signal.h>

#include <initializer_list>
#include <vector>

namespace equiroute::io {

/// Installs a handler that records the signal for each of `signals` for its lifetime
/// (restoring the earlier handlers after), without SA_RESTART, so that a blocking wait
/// returns EINTR at once. One guard at a time.
class SignalGuard {
 public:
  SignalGuard(bool active, std::initializer_list<int> signals);
  ~SignalGuard();
  SignalGuard(const SignalGuard&) = delete;
  SignalGuard& operator=(const SignalGuard&) = delete;

  /// The last signal received while a guard was active (0: none). Async-signal-safe.
  static int received();
  /// How many signals were received while a guard was active (a second Ctrl-C).
  static int count();

 private:
  struct Saved {
    int signal;
    struct sigaction action;
  };
  std::vector<Saved> saved_;
};

}  // namespace equiroute::io
