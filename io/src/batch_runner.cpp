#include "equiroute/io/batch_runner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/atomic_output.hpp"
#include "equiroute/io/batch_summary.hpp"
#include "equiroute/io/file_hash.hpp"
#include "equiroute/io/scenario.hpp"

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

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

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
  int stderr_fd = -1;
  std::string stderr_text;
  Clock::time_point started;
  bool terminated = false;  ///< we sent SIGTERM (interrupt or --fail-fast)
  Clock::time_point terminated_at;
};

/// Keeps the last 64 KiB of a child's stderr: enough for its error line, bounded for chatty runs.
void append_bounded(std::string& text, const char* data, std::size_t size) {
  text.append(data, size);
  constexpr std::size_t kKeep = 64 * 1024;
  if (text.size() > kKeep) text.erase(0, text.size() - kKeep);
}

/// Reads what is available without blocking; returns false at end of file.
bool drain(Child& child) {
  char buffer[4096];
  for (;;) {
    ssize_t n = ::read(child.stderr_fd, buffer, sizeof buffer);
    if (n > 0) {
      append_bounded(child.stderr_text, buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0) return false;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK;
  }
}

/// Fills error_step/error_message from the child's stderr, following the `run` contract:
/// one line `error: step '<step>': <message>` (or `error: <message>`, `internal error: ...`).
void parse_child_error(const std::string& stderr_text, BatchRunRecord& record) {
  std::istringstream lines(stderr_text);
  std::string line, error_line;
  std::vector<std::string> last_lines;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    last_lines.push_back(line);
    if (last_lines.size() > 3) last_lines.erase(last_lines.begin());
    if (line.rfind("error: ", 0) == 0 || line.rfind("internal error: ", 0) == 0) error_line = line;
  }
  if (error_line.empty()) {
    // Not the `run` contract (e.g. an argument error): the end of what it said.
    record.error_message.clear();
    for (const auto& l : last_lines)
      record.error_message += (record.error_message.empty() ? "" : "; ") + l;
    return;
  }
  std::string rest = error_line.substr(error_line.find(": ") + 2);
  const std::string prefix = "step '";
  if (rest.rfind(prefix, 0) == 0) {
    const std::size_t close = rest.find("': ", prefix.size());
    if (close != std::string::npos) {
      record.error_step = rest.substr(prefix.size(), close - prefix.size());
      rest = rest.substr(close + 3);
    }
  }
  record.error_message = rest;
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
    if (s.facilities) figures += static_cast<double>(s.access.models.size());
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
      wait_for_output();
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
    if (!fs::is_directory(dir)) {
      throw Error("cannot create the batch output directory: " + ec.message(),
                  {.file = dir.string()});
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
            fs::is_regular_file(record.scenario) && read_text(record.scenario) == texts[i];
        if (!scenario_unchanged) geodata::write_text_atomic(record.scenario, texts[i]);
      }
      if (options_.resume && scenario_unchanged && run_is_complete(dir / run.name)) {
        record.status = BatchRunStatus::Skipped;
        record.summary =
            nlohmann::json::parse(read_text(dir / run.name / "summary.json"), nullptr, false);
        if (record.summary.is_discarded()) record.summary = nullptr;
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

  void launch(std::size_t index) {
    BatchRunRecord& record = result_.runs[index];
    std::vector<std::string> args = options_.run_command;
    const fs::path out = fs::absolute(options_.output_dir / record.name);
    for (const std::string& arg :
         {std::string("--quiet"), std::string("run"), record.scenario.string(), std::string("-o"),
          out.string(), std::string("--threads"), std::to_string(threads_)}) {
      args.push_back(arg);
    }
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);

    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      throw Error(std::string("cannot create a pipe: ") + std::strerror(errno), {},
                  ErrorKind::Internal);
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
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
    ::close(fds[1]);
    if (rc != 0) {
      ::close(fds[0]);
      record.status = BatchRunStatus::Failed;
      record.exit_code = 127;
      record.error_step = "start";
      record.error_message = "cannot start '" + args[0] + "': " + std::strerror(rc);
      finished(record);
      return;
    }
    ::fcntl(fds[0], F_SETFL, ::fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    spdlog::info("run '{}': started", record.name);
    Child child;
    child.index = index;
    child.pid = pid;
    child.stderr_fd = fds[0];
    child.started = Clock::now();
    children_.push_back(std::move(child));
  }

  void wait_for_output() {
    std::vector<pollfd> fds;
    for (const auto& child : children_) {
      if (child.stderr_fd >= 0) fds.push_back({child.stderr_fd, POLLIN, 0});
    }
    // A short timeout: children are reaped with waitpid, and a grandchild may keep the pipe open.
    ::poll(fds.data(), fds.size(), 100);
    for (auto& child : children_) {
      if (child.stderr_fd >= 0 && !drain(child)) {
        ::close(child.stderr_fd);
        child.stderr_fd = -1;
      }
    }
  }

  void reap() {
    for (auto it = children_.begin(); it != children_.end();) {
      int status = 0;
      const pid_t done = ::waitpid(it->pid, &status, WNOHANG);
      if (done != it->pid) {
        ++it;
        continue;
      }
      if (it->stderr_fd >= 0) {
        drain(*it);
        ::close(it->stderr_fd);
      }
      BatchRunRecord& record = result_.runs[it->index];
      record.duration_s = std::chrono::duration<double>(Clock::now() - it->started).count();
      if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        record.status = BatchRunStatus::Ok;
        const fs::path summary = options_.output_dir / record.name / "summary.json";
        record.summary = nlohmann::json::parse(read_text(summary), nullptr, false);
        if (record.summary.is_discarded()) {
          record.summary = nullptr;
          record.status = BatchRunStatus::Failed;
          record.error_step = "summary";
          record.error_message = "the run succeeded but its summary.json is missing or unreadable";
        }
      } else {
        record.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        record.status = it->terminated ? BatchRunStatus::Interrupted : BatchRunStatus::Failed;
        parse_child_error(it->stderr_text, record);
        if (it->terminated) {
          record.error_message = g_signal != 0 ? "terminated: the batch was interrupted"
                                               : "terminated: --fail-fast after a failed run";
        } else if (WIFSIGNALED(status)) {
          const std::string how = std::string("killed by signal ") +
                                  std::to_string(WTERMSIG(status)) + " (" +
                                  strsignal(WTERMSIG(status)) + ")";
          record.error_message =
              record.error_message.empty() ? how : how + "; " + record.error_message;
        } else if (record.error_message.empty()) {
          record.error_message = "exited with code " + std::to_string(record.exit_code);
        }
        // A killed run may leave its temporary result directory behind.
        remove_run_temporaries(options_.output_dir, record.name);
      }
      it = children_.erase(it);
      finished(record);
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

bool run_is_complete(const fs::path& run_dir) {
  try {
    const fs::path manifest_file = run_dir / "manifest.json";
    if (!fs::is_regular_file(manifest_file) || !fs::is_regular_file(run_dir / "summary.json"))
      return false;
    const nlohmann::json manifest = nlohmann::json::parse(read_text(manifest_file));
    // Relative input paths are taken relative to the scenario's directory, as `run` reads them.
    fs::path base = fs::current_path();
    if (manifest.contains("scenario") && manifest["scenario"].is_string()) {
      base = fs::absolute(fs::path(manifest["scenario"].get<std::string>())).parent_path();
    }
    for (const auto& input : manifest.at("inputs")) {
      fs::path path(input.at("path").get<std::string>());
      if (path.is_relative()) path = base / path;
      if (!fs::is_regular_file(path) ||
          file_sha256(path) != input.at("sha256").get<std::string>()) {
        return false;
      }
    }
    for (const auto& output : manifest.at("outputs")) {
      const fs::path path = run_dir / output.at("path").get<std::string>();
      if (!fs::is_regular_file(path) ||
          file_sha256(path) != output.at("sha256").get<std::string>()) {
        return false;
      }
    }
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

BatchResult run_batch(const BatchManifest& manifest, const BatchOptions& options) {
  BatchExecution execution(manifest, options);
  return execution.execute();
}

}  // namespace equiroute::io
