#include "equiroute/batch/batch_runner.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>
#include <vector>

#include "equiroute/batch/batch_summary.hpp"
#include "equiroute/core/error.hpp"
#include "equiroute/geodata/atomic_output.hpp"
#include "equiroute/pipeline/result_directory.hpp"
#include "equiroute/pipeline/run_status.hpp"
#include "equiroute/scenario/scenario.hpp"
#include "equiroute/scenario/toml_reader.hpp"

extern char** environ;

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

// The signal that interrupted the batch (0: none). Set by the handler only.
volatile sig_atomic_t g_signal = 0;

extern "C" void on_batch_signal(int sig) { g_signal = sig; }

/// Installs SIGINT/SIGTERM handlers for its lifetime. Without SA_RESTART, so that poll()
/// returns EINTR at once.
class SignalGuard {
 public:
  explicit SignalGuard(bool active) : active_(active) {
    g_signal = 0;
    if (!active_) return;
    struct sigaction action {};
    action.sa_handler = on_batch_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &old_int_);
    sigaction(SIGTERM, &action, &old_term_);
  }
  ~SignalGuard() {
    if (!active_) return;
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  SignalGuard(const SignalGuard&) = delete;
  SignalGuard& operator=(const SignalGuard&) = delete;

 private:
  bool active_;
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

/// A running child: `equiroute run` for one run of the batch.
struct Child {
  std::size_t index = 0;  ///< into the result's runs
  pid_t pid = -1;
  Clock::time_point started;
  bool terminated = false;  ///< we sent SIGTERM (interrupt or --fail-fast)
  Clock::time_point terminated_at;
};

/// A kept run's summary.json (--resume), or nothing when it cannot be read.
std::optional<RunSummary> read_summary(const fs::path& path) {
  try {
    return RunSummary::from_json(nlohmann::ordered_json::parse(read_text_file(path)),
                                 path.string());
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

/// How a child that wrote no status file ended (killed before it could).
std::string describe_exit(int status) {
  if (WIFSIGNALED(status)) {
    return std::string("killed by signal ") + std::to_string(WTERMSIG(status)) + " (" +
           strsignal(WTERMSIG(status)) + ")";
  }
  return "exited with code " + std::to_string(WEXITSTATUS(status)) + " without a status file";
}

/// Removes the temporary siblings a killed `run` may have left for `name` in `dir`
/// (geodata::AtomicOutput names them `.tmp-<pid>-<n>-<name>`).
void remove_run_temporaries(const fs::path& dir, const std::string& name) {
  std::error_code ec;
  const std::string suffix = "-" + name;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string file = entry.path().filename().string();
    if (file.rfind(".tmp-", 0) == 0 && file.size() > suffix.size() &&
        file.compare(file.size() - suffix.size(), suffix.size(), suffix) == 0) {
      fs::remove_all(entry.path(), ec);
    }
  }
}

/// A rough relative cost of a run, so that the costliest runs start first: with unequal runs
/// on few workers, longest-first leaves no long run alone at the end. Reading (and repairing)
/// the regions scales with the regions file, and every map file draws them again, so the cost
/// is the regions file's size times (a few + the number of map files); a road network adds
/// its size a few times over (read, project, build the graph). 0 when the scenario cannot be
/// read: the run itself will say why.
double estimated_cost(const fs::path& scenario_file) {
  try {
    const Scenario s = load_scenario(scenario_file);
    std::error_code ec;
    auto size = [&](const fs::path& p) {
      const auto bytes = fs::file_size(p, ec);
      return ec ? 0.0 : static_cast<double>(bytes);
    };
    double resources = 0.0;
    if (s.resources) {
      resources = static_cast<double>(s.resources->fields.size());
    } else if (s.facilities) {
      resources =
          static_cast<double>(std::max<std::size_t>(1, s.facilities->capacity_fields.size()));
    }
    double figures = resources * (static_cast<double>(s.equity.bases.size()) + 2.0);
    if (s.facilities) figures += static_cast<double>(s.access.analysis.models.size());
    const double files =
        s.output.maps ? figures * static_cast<double>(s.output.map_formats.size()) : 0.0;
    double cost = size(s.regions.path) * (4.0 + files);
    if (!s.network.network.path.empty()) cost += 4.0 * size(s.network.network.path);
    return cost;
  } catch (const std::exception&) {
    return 0.0;
  }
}

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
    prepare();
    SignalGuard guard(options_.handle_signals);
    std::size_t next = 0;
    for (;;) {
      if (g_signal != 0 && !stopping_) stop(false);
      while (!stopping_ && children_.size() < jobs_ && next < pending_.size()) {
        launch(pending_[next++]);
      }
      if (children_.empty() && (stopping_ || next >= pending_.size())) break;
      wait_a_little();
      reap();
      escalate();
    }
    result_.signal = g_signal;
    for (auto& run : result_.runs) {
      if (run.status == BatchRunStatus::NotRun && options_.on_run_end) options_.on_run_end(run);
    }
    write_batch_summary(manifest_, result_, options_.output_dir);
    return result_;
  }

 private:
  /// Writes the scenarios of template runs, decides which runs --resume skips.
  void prepare() {
    // Render every template first: a bad placeholder stops the batch before anything is
    // written or started.
    std::vector<std::string> texts(manifest_.runs.size());
    for (std::size_t i = 0; i < manifest_.runs.size(); ++i) {
      if (!manifest_.runs[i].template_path.empty())
        texts[i] = render_template_run(manifest_.runs[i]);
    }
    const fs::path& dir = options_.output_dir;
    std::error_code ec;
    fs::create_directories(dir, ec);
    for (const char* sub : {"", "logs", "results"}) fs::create_directories(dir / sub, ec);
    if (!fs::is_directory(dir / "results")) {
      throw Error("cannot create the batch output directory: " + ec.message(),
                  {.file = dir.string()}, ErrorKind::Io);
    }
    for (std::size_t i = 0; i < manifest_.runs.size(); ++i) {
      const BatchRun& run = manifest_.runs[i];
      BatchRunRecord record;
      record.name = run.name;
      bool scenario_unchanged = true;
      if (run.template_path.empty()) {
        record.scenario = run.scenario;
      } else {
        record.scenario = fs::absolute(dir / "scenarios" / (run.name + ".toml"));
        fs::create_directories(record.scenario.parent_path());
        scenario_unchanged =
            fs::is_regular_file(record.scenario) && read_text_file(record.scenario) == texts[i];
        if (!scenario_unchanged) geodata::write_text_atomic(record.scenario, texts[i]);
      }
      if (options_.resume && scenario_unchanged && result_is_complete(dir / run.name)) {
        record.status = BatchRunStatus::Skipped;
        record.summary = read_summary(dir / run.name / "summary.json");
        spdlog::info("run '{}': complete results kept (--resume)", run.name);
        if (options_.on_run_end) options_.on_run_end(record);
      } else {
        pending_.push_back(i);
      }
      result_.runs.push_back(std::move(record));
    }
    // Costliest first (stable: equal estimates keep the manifest's order).
    std::vector<double> cost(result_.runs.size(), 0.0);
    for (std::size_t i : pending_) cost[i] = estimated_cost(result_.runs[i].scenario);
    std::stable_sort(pending_.begin(), pending_.end(),
                     [&](std::size_t a, std::size_t b) { return cost[a] > cost[b]; });
  }

  /// DIR/results/<name>.json: the child's status file.
  fs::path status_file(const BatchRunRecord& record) const {
    return fs::absolute(options_.output_dir / "results" / (record.name + ".json"));
  }

  void launch(std::size_t index) {
    BatchRunRecord& record = result_.runs[index];
    std::vector<std::string> args = options_.run_command;
    const fs::path out = fs::absolute(options_.output_dir / record.name);
    const fs::path log = fs::absolute(options_.output_dir / "logs" / (record.name + ".log"));
    const fs::path status = status_file(record);
    std::error_code ec;
    fs::remove(status, ec);  // a stale status must not pass for this run's
    for (const std::string& arg :
         {std::string("--quiet"), std::string("run"), record.scenario.string(), std::string("-o"),
          out.string(), std::string("--threads"), std::to_string(threads_),
          std::string("--status-file"), status.string()}) {
      args.push_back(arg);
    }
    const pid_t pid = spawn_child(args, log);
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

  /// Starts `args` with stdin from /dev/null, stdout discarded and stderr appended to `log`,
  /// in its own process group. Returns the pid, or -errno when it cannot be started.
  static pid_t spawn_child(const std::vector<std::string>& args, const fs::path& log) {
    std::vector<std::string> copy = args;
    std::vector<char*> argv;
    for (auto& arg : copy) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    // Own process group: a terminal's Ctrl-C reaches the batch only, which then terminates
    // each run's whole group (a run may have children of its own).
    sigset_t defaults, empty;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGTERM);
    sigaddset(&defaults, SIGPIPE);
    sigemptyset(&empty);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setsigmask(&attr, &empty);
    posix_spawnattr_setflags(
        &attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    pid_t pid = -1;
    const int rc = ::posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    return rc == 0 ? pid : -rc;
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
      record.duration_s = std::chrono::duration<double>(Clock::now() - it->started).count();
      record.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      read_outcome(record, it->terminated, status);
      if (record.status != BatchRunStatus::Ok) {
        // A killed run may leave its temporary result directory behind.
        remove_run_temporaries(options_.output_dir, record.name);
      }
      it = children_.erase(it);
      finished(record);
    }
  }

  /// The run's status from its status file (never from its log).
  void read_outcome(BatchRunRecord& record, bool terminated, int wait_status) {
    const auto status = read_run_status(status_file(record));
    if (status && status->ok && record.exit_code == 0 && status->summary) {
      record.status = BatchRunStatus::Ok;
      record.summary = status->summary;
      return;
    }
    record.status = terminated ? BatchRunStatus::Interrupted : BatchRunStatus::Failed;
    if (status && !status->ok) {
      record.error_step = status->step;
      record.error_message = status->message;
    } else if (record.exit_code == 0) {
      record.error_step = "summary";
      record.error_message = "the run exited 0 but wrote no readable status";
    } else {
      record.error_message = describe_exit(wait_status);
    }
    if (terminated) {
      record.error_message = g_signal != 0 ? "terminated: the batch was interrupted"
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
