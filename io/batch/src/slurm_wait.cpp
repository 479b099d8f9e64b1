// Waiting for a batch on Slurm: progress from the status files and squeue, the end from the
// summary the summary job writes.

#include <fmt/core.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "batch_signals.hpp"
#include "equiroute/batch/batch_prepare.hpp"
#include "equiroute/batch/child_process.hpp"
#include "equiroute/batch/slurm_executor.hpp"
#include "equiroute/batch/slurm_queue.hpp"
#include "equiroute/scenario/toml_reader.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

/// summary.json when the summary job `summary_job_id` wrote it (an earlier batch's does not
/// count).
std::optional<nlohmann::json> summary_of_job(const fs::path& dir,
                                             const std::string& summary_job_id) {
  try {
    auto j = nlohmann::json::parse(read_text_file(dir / "summary.json"));
    if (j.value("executor", "") == "slurm" &&
        j["slurm"].value("summary_job_id", "") == summary_job_id)
      return j;
  } catch (const std::exception&) {  // not there yet, or being replaced
  }
  return std::nullopt;
}

/// The batch's exit code from its summary (as BatchResult::exit_code()), after the counts.
int exit_code_of_summary(const nlohmann::json& summary) {
  const auto& c = summary["counts"];
  spdlog::info("batch: {} ok, {} failed, {} skipped, {} interrupted, {} not run", c.value("ok", 0),
               c.value("failed", 0), c.value("skipped", 0), c.value("interrupted", 0),
               c.value("not run", 0));
  const int signal = summary.value("signal", 0);
  if (signal != 0) return 128 + signal;
  return std::min(summary["counts"].value("failed", 0), 125);
}

/// "slurm 4790: 12 ok, 1 failed, 8 running, 10 pending (JobArrayTaskLimit)".
std::string progress_line(const fs::path& dir, const SlurmBatchFile& batch,
                          const SlurmSubmission& s, const std::vector<SlurmJobState>& states) {
  std::map<std::string, int> done;
  for (const auto& run : batch.runs) {
    if (!run.array_index) continue;
    if (const auto status = read_run_status(run_status_path(dir, run.name)))
      ++done[status->ok ? "ok" : status->interrupted ? "interrupted" : "failed"];
  }
  int running = 0, pending = 0;
  std::map<std::string, int> reasons;
  bool summary_active = false;
  for (const auto& st : states) {
    if (st.id == s.summary_job_id) {
      summary_active = is_active_state(st.state);
    } else if (st.state == "RUNNING" || st.state == "COMPLETING") {
      ++running;
    } else if (st.state == "PENDING") {
      ++pending;
      ++reasons[st.reason];
    }
  }
  std::string line =
      fmt::format("slurm {}: {} ok, {} failed", s.array_job_id, done["ok"], done["failed"]);
  if (done["interrupted"]) line += fmt::format(", {} interrupted", done["interrupted"]);
  line += fmt::format(", {} running, {} pending", running, pending);
  std::string why;
  for (const auto& [reason, n] : reasons) why += (why.empty() ? "" : ", ") + reason;
  if (!why.empty()) line += " (" + why + ")";
  if (running == 0 && pending == 0 && summary_active)
    line += fmt::format("; summary job {} running", s.summary_job_id);
  return line;
}

bool any_active(const std::vector<SlurmJobState>& states) {
  for (const auto& st : states) {
    if (is_active_state(st.state)) return true;
  }
  return false;
}

/// Sleeps up to `duration`, returning early when a signal arrives after `signals_seen`.
void pause(std::chrono::milliseconds duration, int signals_seen) {
  const auto until = Clock::now() + duration;
  while (Clock::now() < until && SignalGuard::count() == signals_seen)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

/// The summary of jobs that ended without the summary job writing it (cancelled, failed):
/// a shared filesystem may show the file late, so look again for 10 s first.
int finish_without_summary_job(const fs::path& dir, const SlurmSubmission& s) {
  const int signals = SignalGuard::count();
  for (int i = 0; i < 10 && SignalGuard::count() == signals; ++i) {
    if (const auto summary = summary_of_job(dir, s.summary_job_id))
      return exit_code_of_summary(*summary);
    pause(std::chrono::seconds(1), signals);
  }
  spdlog::warn(
      "slurm: the summary job {} ended without writing the summary (see "
      "logs/slurm-summary-{}.out): writing it here",
      s.summary_job_id, s.summary_job_id);
  return summarise_slurm_batch(dir, s.array_job_id, s.summary_job_id).exit_code();
}

/// Follows the jobs of one submission until the summary is there.
class SlurmWait {
 public:
  SlurmWait(const fs::path& dir, const SlurmSubmission& s, const SlurmWaitOptions& options)
      : dir_(dir), s_(s), options_(options), batch_(read_slurm_batch_file(dir)) {}

  int run() {
    SignalGuard guard(options_.handle_signals, {SIGINT, SIGTERM});
    start_ = Clock::now();
    auto next_query = start_;
    for (;;) {
      if (const auto summary = summary_of_job(dir_, s_.summary_job_id)) {
        const int code = exit_code_of_summary(*summary);
        return first_signal_ != 0 ? 128 + first_signal_ : code;
      }
      if (SignalGuard::count() != signals_seen_ && on_signal()) return 128 + first_signal_;
      if (Clock::now() >= next_query) {
        if (const auto code = query()) return first_signal_ != 0 ? 128 + first_signal_ : *code;
        const bool long_wait = Clock::now() - start_ > std::chrono::minutes(10);
        next_query =
            Clock::now() + (long_wait ? 3 * options_.poll_interval : options_.poll_interval);
      }
      pause(std::min<std::chrono::milliseconds>(options_.poll_interval, std::chrono::seconds(1)),
            signals_seen_);
    }
  }

 private:
  /// A SIGINT/SIGTERM: the first cancels the jobs (cancel_on_signal) and waits for the
  /// summary job; otherwise, or at the second, stops waiting. True: stop now.
  bool on_signal() {
    signals_seen_ = SignalGuard::count();
    if (first_signal_ == 0) first_signal_ = SignalGuard::received();
    if (options_.cancel_on_signal && !cancelled_) {
      cancelled_ = true;
      spdlog::warn(
          "interrupted: cancelling array job {} (`scancel {}`); the summary job {} then writes "
          "the summary of what finished (interrupt again to stop waiting for it)",
          s_.array_job_id, s_.array_job_id, s_.summary_job_id);
      const CommandOutput out = run_command({"scancel", s_.array_job_id});
      if (out.exit_code != 0) spdlog::warn("slurm: scancel failed: {}", out.first_line());
      return false;
    }
    spdlog::warn(
        "stopped waiting{}. Follow the jobs with `squeue -j {},{}`, cancel them with `scancel "
        "{} {}`; the summary job writes {}",
        cancelled_ ? "" : "; the jobs go on", s_.array_job_id, s_.summary_job_id, s_.array_job_id,
        s_.summary_job_id, (dir_ / "summary.md").string());
    return true;
  }

  /// Asks squeue: the exit code when every job has ended, else nothing (progress printed).
  std::optional<int> query() {
    std::string error;
    const auto states = query_job_states({s_.array_job_id, s_.summary_job_id}, error);
    if (!states) {
      if (error != last_error_) spdlog::warn("slurm: {} (still waiting)", error);
      last_error_ = error;
      if (!failing_) failing_since_ = Clock::now();
      failing_ = true;
      if (Clock::now() - failing_since_ > std::chrono::minutes(30)) {
        spdlog::error(
            "slurm: squeue has failed for 30 minutes: stopped waiting; the summary job "
            "writes {}",
            (dir_ / "summary.md").string());
        return 1;
      }
      return std::nullopt;
    }
    failing_ = false;
    if (!any_active(*states)) return finish_without_summary_job(dir_, s_);
    const std::string line = progress_line(dir_, batch_, s_, *states);
    if (line != last_line_) spdlog::info("{}", line);
    last_line_ = line;
    return std::nullopt;
  }

  fs::path dir_;
  const SlurmSubmission& s_;
  const SlurmWaitOptions& options_;
  SlurmBatchFile batch_;
  Clock::time_point start_;
  int signals_seen_ = 0;
  int first_signal_ = 0;
  bool cancelled_ = false;
  std::string last_line_, last_error_;
  bool failing_ = false;
  Clock::time_point failing_since_;
};

}  // namespace

int wait_for_slurm_batch(const fs::path& dir, const SlurmSubmission& s,
                         const SlurmWaitOptions& options) {
  return SlurmWait(fs::absolute(dir), s, options).run();
}

}  // namespace equiroute::io
