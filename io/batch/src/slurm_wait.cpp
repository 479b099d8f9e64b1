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

/// Sleeps up to `duration`, returning early on a signal.
void pause(std::chrono::milliseconds duration) {
  const auto until = Clock::now() + duration;
  while (Clock::now() < until && SignalGuard::received() == 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

/// The summary of jobs that ended without the summary job writing it (cancelled, failed):
/// a shared filesystem may show the file late, so look again for 10 s first.
int finish_without_summary_job(const fs::path& dir, const SlurmSubmission& s) {
  for (int i = 0; i < 10 && SignalGuard::received() == 0; ++i) {
    if (const auto summary = summary_of_job(dir, s.summary_job_id))
      return exit_code_of_summary(*summary);
    pause(std::chrono::seconds(1));
  }
  spdlog::warn(
      "slurm: the summary job {} ended without writing the summary (see "
      "logs/slurm-summary-{}.out): writing it here",
      s.summary_job_id, s.summary_job_id);
  return summarise_slurm_batch(dir, s.array_job_id, s.summary_job_id).exit_code();
}

}  // namespace

int wait_for_slurm_batch(const fs::path& dir_arg, const SlurmSubmission& s,
                         const SlurmWaitOptions& options) {
  const fs::path dir = fs::absolute(dir_arg);
  const SlurmBatchFile batch = read_slurm_batch_file(dir);
  SignalGuard guard(options.handle_signals, {SIGINT, SIGTERM});
  const auto start = Clock::now();
  auto next_query = start;
  std::string last_line, last_error;
  bool failing = false;
  Clock::time_point failing_since;
  for (;;) {
    if (const auto summary = summary_of_job(dir, s.summary_job_id))
      return exit_code_of_summary(*summary);
    if (const int sig = SignalGuard::received()) {
      spdlog::warn(
          "stopped waiting; the jobs go on. Follow them with `squeue -j {},{}`, cancel "
          "them with `scancel {} {}`; the summary job writes {}",
          s.array_job_id, s.summary_job_id, s.array_job_id, s.summary_job_id,
          (dir / "summary.md").string());
      return 128 + sig;
    }
    if (Clock::now() >= next_query) {
      std::string error;
      const auto states = query_job_states({s.array_job_id, s.summary_job_id}, error);
      if (!states) {
        if (error != last_error) spdlog::warn("slurm: {} (still waiting)", error);
        last_error = error;
        if (!failing) failing_since = Clock::now();
        failing = true;
        if (Clock::now() - failing_since > std::chrono::minutes(30)) {
          spdlog::error(
              "slurm: squeue has failed for 30 minutes: stopped waiting; the summary "
              "job writes {}",
              (dir / "summary.md").string());
          return 1;
        }
      } else {
        failing = false;
        if (!any_active(*states)) return finish_without_summary_job(dir, s);
        const std::string line = progress_line(dir, batch, s, *states);
        if (line != last_line) spdlog::info("{}", line);
        last_line = line;
      }
      const bool long_wait = Clock::now() - start > std::chrono::minutes(10);
      next_query = Clock::now() + (long_wait ? 3 * options.poll_interval : options.poll_interval);
    }
    pause(std::min<std::chrono::milliseconds>(options.poll_interval, std::chrono::seconds(1)));
  }
}

}  // namespace equiroute::io
