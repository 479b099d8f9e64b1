#pragma once
// `equiroute batch`: runs the scenarios of a batch manifest in parallel, each as a child
// process (`equiroute run`), so that a crash or a bad input stays inside its run. Failures
// are recorded and the others continue; an interrupted batch leaves only complete run
// directories and can be resumed.

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "equiroute/batch/batch_manifest.hpp"
#include "equiroute/pipeline/run_summary.hpp"

namespace equiroute::io {

enum class BatchRunStatus {
  Ok,           ///< the run completed now
  Failed,       ///< the child exited non-zero or was killed by a signal
  Skipped,      ///< --resume: complete results were already there
  Interrupted,  ///< terminated because the batch was interrupted or stopped by --fail-fast
  NotRun,       ///< never started (interruption or --fail-fast)
};

/// "ok", "failed", "skipped", "interrupted", "not run".
std::string to_string(BatchRunStatus status);

struct BatchRunRecord {
  std::string name;
  BatchRunStatus status = BatchRunStatus::NotRun;
  std::string error_step;             ///< the failed step, from the child's status file
  std::string error_message;          ///< its one-line message, or how the child ended
  int exit_code = 0;                  ///< the child's exit code (128 + signal when killed)
  double duration_s = 0.0;            ///< wall time of the child; for skipped runs, 0
  std::filesystem::path scenario;     ///< the scenario file the run read
  std::optional<RunSummary> summary;  ///< the run's summary (ok and skipped runs)
};

struct BatchOptions {
  std::filesystem::path output_dir;
  unsigned jobs = 0;  ///< concurrent runs; 0: hardware threads
  bool resume = false;
  bool fail_fast = false;
  /// The program and leading arguments that run one scenario; the runner appends
  /// `--quiet run SCENARIO -o DIR --threads N --status-file DIR/results/NAME.json` and sends
  /// its stderr to DIR/logs/NAME.log. The CLI passes {"/proc/self/exe"}; tests substitute a
  /// fake.
  std::vector<std::string> run_command;
  /// Threads per run; 0: max(1, hardware threads / jobs).
  unsigned threads_per_run = 0;
  /// Install SIGINT/SIGTERM handlers for the duration of the batch (the CLI does): on a
  /// signal the children are terminated, their temporary directories removed and the
  /// summary of what finished written.
  bool handle_signals = false;
  /// Called after each run ends (also for skipped runs); may be empty.
  std::function<void(const BatchRunRecord&)> on_run_end;
};

struct BatchResult {
  std::vector<BatchRunRecord> runs;  ///< in manifest order
  int signal = 0;                    ///< SIGINT/SIGTERM when interrupted, else 0
  std::size_t count(BatchRunStatus status) const;
  /// 128 + signal when interrupted; else the number of failed runs, capped at 125.
  int exit_code() const;
};

/// Runs the batch. Writes DIR/scenarios/<name>.toml for template runs, DIR/<name>/ per run
/// (by the child), DIR/logs/<name>.log and DIR/results/<name>.json (the child's stderr and
/// status), and the summary files (see batch_summary.hpp). Throws equiroute::Error
/// for a bad manifest template (before any run starts) or an unusable output directory.
BatchResult run_batch(const BatchManifest& manifest, const BatchOptions& options);

}  // namespace equiroute::io
