#include "equiroute/batch/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>

extern char** environ;

namespace equiroute::io {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::vector<std::string> run_arguments(const std::vector<std::string>& program,
                                       const fs::path& scenario, const fs::path& out,
                                       unsigned threads, const fs::path& status,
                                       const fs::path& network_cache) {
  std::vector<std::string> args = program;
  for (const std::string& arg :
       {std::string("--quiet"), std::string("run"), scenario.string(), std::string("-o"),
        out.string(), std::string("--threads"), std::to_string(threads),
        std::string("--status-file"), status.string()}) {
    args.push_back(arg);
  }
  if (!network_cache.empty()) {
    args.push_back("--network-cache");
    args.push_back(fs::absolute(network_cache).string());
  }
  return args;
}

std::optional<fs::path> find_on_path(const std::string& program) {
  if (program.find('/') != std::string::npos) {
    if (::access(program.c_str(), X_OK) == 0) return fs::path(program);
    return std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const fs::path candidate = fs::path(dir.empty() ? "." : dir) / program;
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0)
      return candidate;
  }
  return std::nullopt;
}

namespace {

/// In the child between fork and exec: only async-signal-safe calls. Reports a failure to
/// start through `report` (errno) and exits 127.
[[noreturn]] void become_run(const char* program, char* const* argv, const char* log, pid_t parent,
                             int report) {
  ::setpgid(0, 0);
  // SIGKILL when the parent (the thread that forked) ends; if it already has, do not start.
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || ::getppid() != parent) ::_exit(127);
  struct sigaction defaults {};
  defaults.sa_handler = SIG_DFL;
  sigemptyset(&defaults.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGPIPE, SIGUSR1}) ::sigaction(sig, &defaults, nullptr);
  const int null_fd = ::open("/dev/null", O_RDWR);
  const int log_fd = ::open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int error = 0;
  if (null_fd < 0 || log_fd < 0 || ::dup2(null_fd, STDIN_FILENO) < 0 ||
      ::dup2(null_fd, STDOUT_FILENO) < 0 || ::dup2(log_fd, STDERR_FILENO) < 0) {
    error = errno;
  } else {
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execv(program, argv);
    error = errno;
  }
  [[maybe_unused]] const auto written = ::write(report, &error, sizeof error);
  ::_exit(127);
}

}  // namespace

pid_t start_run_process(const std::vector<std::string>& args, const fs::path& log) {
  if (args.empty()) return -EINVAL;
  // Everything the child needs is prepared before fork: the parent may have other threads,
  // so the child may not allocate.
  const auto program = find_on_path(args[0]);
  if (!program) return -ENOENT;
  const std::string program_path = program->string();
  const std::string log_path = log.string();
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (auto& arg : copy) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::array<int, 2> report{};
  if (::pipe2(report.data(), O_CLOEXEC) != 0) return -errno;
  // No signal handler of the parent may run in the child before exec resets them.
  sigset_t all, previous;
  sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &previous);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) become_run(program_path.c_str(), argv.data(), log_path.c_str(), parent, report[1]);
  const int fork_errno = errno;
  ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  ::close(report[1]);
  if (pid < 0) {
    ::close(report[0]);
    return -fork_errno;
  }
  ::setpgid(pid, pid);  // also here, so that kill(-pid) works at once (EACCES after exec)
  // exec closes the pipe (O_CLOEXEC): end of file means it started; an errno that it failed.
  int child_errno = 0;
  ssize_t got = 0;
  do {
    got = ::read(report[0], &child_errno, sizeof child_errno);
  } while (got < 0 && errno == EINTR);
  ::close(report[0]);
  if (got == static_cast<ssize_t>(sizeof child_errno)) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return -(child_errno != 0 ? child_errno : ECHILD);
  }
  return pid;
}

std::string describe_exit(int status) {
  if (WIFSIGNALED(status)) {
    return std::string("killed by signal ") + std::to_string(WTERMSIG(status)) + " (" +
           strsignal(WTERMSIG(status)) + ")";
  }
  return "exited with code " + std::to_string(WEXITSTATUS(status)) + " without a status file";
}

int exit_code_of(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string CommandOutput::first_line() const {
  for (const std::string* text : {&err, &out}) {
    std::stringstream lines(*text);
    std::string line;
    while (std::getline(lines, line)) {
      if (line.find_first_not_of(" \t\r") != std::string::npos) return line;
    }
  }
  return {};
}

namespace {

/// Reads from both pipes until both are closed or `deadline`; false on timeout.
bool drain(int out_fd, int err_fd, CommandOutput& output, Clock::time_point deadline) {
  std::array<pollfd, 2> fds{{{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}}};
  std::array<std::string*, 2> into{&output.out, &output.err};
  std::array<char, 4096> buffer{};
  int open = 2;
  while (open > 0) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buffer.data(), buffer.size());
      if (n > 0) {
        into[i]->append(buffer.data(), static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        fds[i].fd = -1;  // poll ignores negative descriptors
        --open;
      }
    }
  }
  return true;
}

}  // namespace

CommandOutput run_command(const std::vector<std::string>& args, std::chrono::milliseconds timeout) {
  CommandOutput output;
  std::array<int, 2> out_pipe{}, err_pipe{};
  if (args.empty() || ::pipe2(out_pipe.data(), O_CLOEXEC) != 0) return output;
  if (::pipe2(err_pipe.data(), O_CLOEXEC) != 0) {
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return output;
  }
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (auto& arg : copy) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults, none;
  sigemptyset(&defaults);
  for (int sig : {SIGINT, SIGTERM, SIGPIPE, SIGUSR1}) sigaddset(&defaults, sig);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (rc != 0) {
    output.exit_code = 127;
    output.err = std::string("cannot run '") + args[0] + "': " + std::strerror(rc);
  } else {
    const bool finished = drain(out_pipe[0], err_pipe[0], output, Clock::now() + timeout);
    if (!finished) ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    output.exit_code = finished ? exit_code_of(status) : 124;
  }
  ::close(out_pipe[0]);
  ::close(err_pipe[0]);
  return output;
}

}  // namespace equiroute::io
