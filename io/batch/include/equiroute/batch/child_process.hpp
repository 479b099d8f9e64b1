#pragma once
// Child processes of a batch: the runs (`equiroute run`, each in its own process group, dying
// with the process that started it) and the short Slurm commands whose output the Slurm
// executor reads (sbatch, squeue, scontrol, scancel).

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace equiroute::io {

/// The arguments of one run: `PROGRAM... --quiet run SCENARIO -o OUT --threads N
/// --status-file STATUS [--network-cache DIR]` (`program` is the runner: this executable, or
/// a test's fake; DIR made absolute, no cache when empty).
std::vector<std::string> run_arguments(const std::vector<std::string>& program,
                                       const std::filesystem::path& scenario,
                                       const std::filesystem::path& out, unsigned threads,
                                       const std::filesystem::path& status,
                                       const std::filesystem::path& network_cache = {});

/// Starts `args` (args[0] looked up on PATH) with stdin from /dev/null, stdout discarded
/// and stderr written to `log` (truncated), in a process group of its own (a terminal's
/// Ctrl-C reaches only the batch, which then terminates each run's whole group), with
/// SIGINT/SIGTERM/SIGPIPE at their defaults and no signal blocked. The child gets SIGKILL
/// when the thread that started it ends (PR_SET_PDEATHSIG), so that no run outlives a
/// batch that was killed — even by SIGKILL, which leaves the batch no chance to clean up.
/// fork/exec rather than posix_spawn, which cannot set the parent-death signal. Returns the
/// pid, or -errno when the program cannot be started.
pid_t start_run_process(const std::vector<std::string>& args, const std::filesystem::path& log);

/// How a child that wrote no status file ended (`status` as from waitpid): "killed by
/// signal 9 (Killed)" or "exited with code 3 without a status file".
std::string describe_exit(int status);

/// 128 + signal for a child killed by a signal, else its exit code.
int exit_code_of(int status);

/// What a short command printed and how it ended.
struct CommandOutput {
  int exit_code = -1;  ///< 127: could not be started; 124: timed out (killed)
  std::string out;
  std::string err;
  /// The first non-empty line of stderr, else of stdout, without a trailing newline.
  std::string first_line() const;
};

/// Runs `args` (args[0] looked up on PATH) to completion, capturing stdout and stderr;
/// stdin is /dev/null. After `timeout` the command is killed (exit code 124).
CommandOutput run_command(const std::vector<std::string>& args,
                          std::chrono::milliseconds timeout = std::chrono::seconds(60));

/// The executable `program` found on PATH (like the shell), or nothing.
std::optional<std::filesystem::path> find_on_path(const std::string& program);

}  // namespace equiroute::io
