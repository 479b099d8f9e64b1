#include "batch_signals.hpp"

namespace equiroute::io {

namespace {

// The signal that interrupted the batch (0: none). Set by the handler only.
volatile sig_atomic_t g_signal = 0;
volatile sig_atomic_t g_count = 0;

extern "C" void on_batch_signal(int sig) {
  g_signal = sig;
  g_count = g_count + 1;
}

}  // namespace

SignalGuard::SignalGuard(bool active, std::initializer_list<int> signals) {
  g_signal = 0;
  g_count = 0;
  if (!active) return;
  struct sigaction action {};
  action.sa_handler = on_batch_signal;
  sigemptyset(&action.sa_mask);
  for (int sig : signals) {
    Saved saved{sig, {}};
    ::sigaction(sig, &action, &saved.action);
    saved_.push_back(saved);
  }
}

SignalGuard::~SignalGuard() {
  for (const auto& saved : saved_) ::sigaction(saved.signal, &saved.action, nullptr);
}

int SignalGuard::received() { return g_signal; }

int SignalGuard::count() { return g_count; }

}  // namespace equiroute::io
