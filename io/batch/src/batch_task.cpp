// `equiroute batch-task DIR INDEX`: the body of one task of a batch's Slurm job array.

#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "batch_signals.hpp"
#include "equiroute/batch/batch_prepare.hpp"
#include "equiroute/batch/child_process.hpp"
#include "equiroute/batch/slurm_executor.hpp"
#include "equiroute/core/error.hpp"
#include "equiroute/pipeline/run_status.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

/// The CPUs Slurm gave this task: SLURM_CPUS_PER_TASK (set with --cpus-per-task), else
/// SLURM_CPUS_ON_NODE, else the hardware's.
unsigned task_threads() {
  for (const char* variable : {"SLURM_CPUS_PER_TASK", "SLURM_CPUS_ON_NODE"}) {
    if (const char* value = std::getenv(variable)) {
      const long n = std::strtol(value, nullptr, 10);
      if (n > 0) return static_cast<unsigned>(n);
    }
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

const SlurmBatchFile::Run& task_run(const SlurmBatchFile& batch, std::size_t index,
                                    const fs::path& dir) {
  for (const auto& run : batch.runs) {
    if (run.array_index == index) return run;
  }
  throw Error("no run has array index " + std::to_string(index),
              {.file = slurm_batch_file_path(dir).string()});
}

/// How the child ended, with its resource use (wait4: the child and anything it waited for).
struct ChildEnd {
  int status = 0;
  rusage usage{};
};

/// Waits for the run; on a signal to this task, passes SIGTERM to the run's process group
/// and, if it has not ended 5 s later, SIGKILL (well inside Slurm's KillWait, 30 s by default).
ChildEnd wait_for_run(pid_t pid) {
  ChildEnd end;
  bool forwarded = false, killed = false;
  Clock::time_point forwarded_at;
  for (;;) {
    const pid_t done = ::wait4(pid, &end.status, WNOHANG, &end.usage);
    if (done == pid || (done < 0 && errno != EINTR)) return end;
    if (SignalGuard::received() != 0 && !forwarded) {
      ::kill(-pid, SIGTERM);
      forwarded = true;
      forwarded_at = Clock::now();
    }
    if (forwarded && !killed && Clock::now() - forwarded_at > std::chrono::seconds(5)) {
      ::kill(-pid, SIGKILL);
      killed = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

double seconds_of(const timeval& t) {
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
}

}  // namespace

int run_batch_task(const fs::path& dir_arg, std::size_t index) {
  const fs::path dir = fs::absolute(dir_arg);
  const SlurmBatchFile batch = read_slurm_batch_file(dir);
  const SlurmBatchFile::Run& run = task_run(batch, index, dir);
  const unsigned threads = task_threads();
  const fs::path status_file = run_status_path(dir, run.name);
  const fs::path log = dir / "logs" / (run.name + ".log");
  std::error_code ec;
  fs::remove(status_file, ec);  // a requeued task must not find the earlier attempt's

  SignalGuard guard(true, {SIGTERM, SIGINT, SIGUSR1});
  RunStatus own{.threads = threads, .started_at = utc_timestamp()};
  const auto start = Clock::now();
  const auto args = run_arguments(batch.run_command, run.scenario, dir / run.name, threads,
                                  status_file, batch.network_cache);
  const pid_t pid = start_run_process(args, log);
  if (pid < 0) {
    own.step = "start";
    own.message = "cannot start '" + args[0] + "': " + std::strerror(-pid);
    own.exit_code = 127;
    own.environment = run_environment();
    write_run_status(status_file, own);
    spdlog::error("run '{}': {}", run.name, own.message);
    return 127;
  }
  spdlog::info("run '{}': started (array task {}, {} thread(s))", run.name, index, threads);
  const ChildEnd end = wait_for_run(pid);
  const auto reported = read_run_status(status_file);
  const int signal = SignalGuard::received();
  if (reported && reported->ok && signal == 0) {
    spdlog::info("run '{}': ok ({:.1f} s)", run.name, reported->seconds);
    return exit_code_of(end.status);
  }
  remove_run_temporaries(dir, run.name);  // a killed run cannot remove its own
  if (reported && !reported->ok && signal == 0) {
    spdlog::warn("run '{}': failed{}: {}", run.name,
                 reported->step.empty() ? "" : " in step '" + reported->step + "'",
                 reported->message);
    return exit_code_of(end.status);
  }
  // Interrupted, or ended without a word: this task writes the run's status itself.
  own.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  own.peak_rss_mb = static_cast<double>(end.usage.ru_maxrss) / 1024.0;
  own.cpu_s = seconds_of(end.usage.ru_utime) + seconds_of(end.usage.ru_stime);
  own.environment = run_environment();
  if (signal != 0) {
    own.interrupted = true;
    own.exit_code = 128 + signal;
    own.message = std::string("terminated by SIG") + sigabbrev_np(signal) +
                  " (a Slurm cancellation or the time limit)";
  } else {
    own.exit_code = std::max(1, exit_code_of(end.status));  // 0 without a status is a failure
    own.message = describe_exit(end.status);
  }
  write_run_status(status_file, own);
  spdlog::warn("run '{}': {}", run.name, own.message);
  return own.exit_code;
}

}  // namespace equiroute::io
