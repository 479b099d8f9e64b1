#include "equiroute/batch/batch_runner.hpp"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstring>
#include <thread>
#include <vector>

#include "batch_signals.hpp"
#include "equiroute/batch/batch_prepare.hpp"
#include "equiroute/batch/batch_summary.hpp"
#include "equiroute/batch/child_process.hpp"
#include "equiroute/core/error.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string to_string(BatchRunStatus status) {
  switch (status) {
    case BatchRunStatus::Ok:
      return "ok";
    case BatchRunStatus::Failed:
      return "failed";
    case BatchRunStatus::Skipped:
      return "skipped";
    case BatchRunStatus::Interrupted:
      return "interrupted";
    case BatchRunStatus::NotRun:
      return "not run";
  }
  return "unknown";
}

std::size_t BatchResult::count(BatchRunStatus status) const {
  return static_cast<std::size_t>(std::count_if(
      runs.begin(), runs.end(), [status](const auto& r) { return r.status == status; }));
}

int BatchResult::exit_code() const {
  if (signal != 0) return 128 + signal;
  return static_cast<int>(std::min<std::size_t>(count(BatchRunStatus::Failed), 125));
}

namespace {

/// A running child: `equiroute run` for one run of the batch.
struct Child {
  std::size_t index = 0;  ///< into the result's runs
  pid_t pid = -1;
  Clock::time_point started;
  bool terminated = false;  ///< we sent SIGTERM (interrupt or --fail-fast)
  Clock::time_point terminated_at;
};

class BatchExecution {
 public:
  BatchExecution(const BatchManifest& manifest, const BatchOptions& options)
      : manifest_(manifest), options_(options) {
    const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
    jobs_ = options.jobs == 0 ? hardware : options.jobs;
    threads_ =
        options.threads_per_run == 0 ? std::max(1u, hardware / jobs_) : options.threads_per_run;
    if (options.run_command.empty()) {
      throw Error("batch: no run command given", {}, ErrorKind::Internal);
    }
  }

  BatchResult execute() {
    PreparedBatch prepared = prepare_batch(manifest_, options_.output_dir, options_.resume);
    result_ = std::move(prepared.result);
    pending_ = std::move(prepared.to_run);
    for (const auto& run : result_.runs) {
      if (run.status == BatchRunStatus::Skipped && options_.on_run_end) options_.on_run_end(run);
    }
    SignalGuard guard(options_.handle_signals, {SIGINT, SIGTERM});
    std::size_t next = 0;
    for (;;) {
      if (SignalGuard::received() != 0 && !stopping_) stop(false);
      while (!stopping_ && children_.size() < jobs_ && next < pending_.size()) {
        launch(pending_[next++]);
      }
      if (children_.empty() && (stopping_ || next >= pending_.size())) break;
      wait_a_little();
      reap();
      escalate();
    }
    result_.signal = SignalGuard::received();
    for (auto& run : result_.runs) {
      if (run.status == BatchRunStatus::NotRun && options_.on_run_end) options_.on_run_end(run);
    }
    write_batch_summary(manifest_, result_, options_.output_dir);
    return result_;
  }

 private:
  void launch(std::size_t index) {
    BatchRunRecord& record = result_.runs[index];
    const fs::path out = fs::absolute(options_.output_dir / record.name);
    const fs::path log = fs::absolute(options_.output_dir / "logs" / (record.name + ".log"));
    const fs::path status = run_status_path(options_.output_dir, record.name);
    std::error_code ec;
    fs::remove(status, ec);  // a stale status must not pass for this run's
    const auto args = run_arguments(options_.run_command, record.scenario, out, threads_, status,
                                    options_.network_cache);
    const pid_t pid = start_run_process(args, log);
    if (pid < 0) {
      record.status = BatchRunStatus::Failed;
      record.exit_code = 127;
      record.error_step = "start";
      record.error_message = "cannot start '" + args[0] + "': " + std::strerror(-pid);
      finished(record);
      return;
    }
    spdlog::info("run '{}': started", record.name);
    children_.push_back({.index = index, .pid = pid, .started = Clock::now()});
  }

  void wait_a_little() { std::this_thread::sleep_for(std::chrono::milliseconds(50)); }

  void reap() {
    for (auto it = children_.begin(); it != children_.end();) {
      int status = 0;
      const pid_t done = ::waitpid(it->pid, &status, WNOHANG);
      if (done != it->pid) {
        ++it;
        continue;
      }
      BatchRunRecord& record = result_.runs[it->index];
      read_outcome(record, it->terminated, status);
      record.duration_s = std::chrono::duration<double>(Clock::now() - it->started).count();
      if (record.status != BatchRunStatus::Ok) {
        // A killed run may leave its temporary result directory behind.
        remove_run_temporaries(options_.output_dir, record.name);
      }
      it = children_.erase(it);
      finished(record);
    }
  }

  /// The run's status from its status file (never from its log), checked against how the
  /// child ended (`wait_status`).
  void read_outcome(BatchRunRecord& record, bool terminated, int wait_status) {
    const int exit_code = exit_code_of(wait_status);
    BatchRunRecord reported = record;
    const bool has_status = apply_run_status(
        reported, read_run_status(run_status_path(options_.output_dir, record.name)));
    if (has_status && !terminated && (reported.status != BatchRunStatus::Ok || exit_code == 0)) {
      record = std::move(reported);
      record.exit_code = exit_code;
      return;
    }
    record.exit_code = exit_code;
    record.status = terminated ? BatchRunStatus::Interrupted : BatchRunStatus::Failed;
    if (has_status && reported.status != BatchRunStatus::Ok) {
      record.error_step = reported.error_step;
      record.error_message = reported.error_message;
    } else if (exit_code == 0) {
      record.error_step = "summary";
      record.error_message = "the run exited 0 but wrote no readable status";
    } else {
      record.error_message = describe_exit(wait_status);
    }
    if (terminated) {
      record.error_message = SignalGuard::received() != 0
                                 ? "terminated: the batch was interrupted"
                                 : "terminated: --fail-fast after a failed run";
    }
  }

  void finished(BatchRunRecord& record) {
    if (record.status == BatchRunStatus::Failed) {
      spdlog::warn("run '{}': failed{}: {}", record.name,
                   record.error_step.empty() ? "" : " in step '" + record.error_step + "'",
                   record.error_message);
      if (options_.fail_fast && !stopping_) stop(true);
    } else if (record.status == BatchRunStatus::Ok) {
      spdlog::info("run '{}': ok ({:.1f} s)", record.name, record.duration_s);
    }
    if (options_.on_run_end) options_.on_run_end(record);
  }

  /// Launches nothing more and terminates the running children (their whole process groups).
  void stop(bool fail_fast) {
    stopping_ = true;
    if (!children_.empty()) {
      spdlog::warn("{}: terminating {} running run(s)", fail_fast ? "--fail-fast" : "interrupted",
                   children_.size());
    }
    for (auto& child : children_) {
      ::kill(-child.pid, SIGTERM);
      child.terminated = true;
      child.terminated_at = Clock::now();
    }
  }

  /// A child that ignores SIGTERM for 10 s gets SIGKILL.
  void escalate() {
    for (auto& child : children_) {
      if (child.terminated && Clock::now() - child.terminated_at > std::chrono::seconds(10)) {
        ::kill(-child.pid, SIGKILL);
      }
    }
  }

  const BatchManifest& manifest_;
  const BatchOptions& options_;
  unsigned jobs_ = 1;
  unsigned threads_ = 1;
  BatchResult result_;
  std::vector<std::size_t> pending_;
  std::vector<Child> children_;
  bool stopping_ = false;
};

}  // namespace

BatchResult run_batch(const BatchManifest& manifest, const BatchOptions& options) {
  BatchExecution execution(manifest, options);
  return execution.execute();
}

}  // namespace equiroute::io
