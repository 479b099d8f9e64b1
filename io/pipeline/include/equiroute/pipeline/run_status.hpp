#pragma once
// What one `equiroute run` process reports to whoever started it (a local batch, a Slurm
// array task): a small JSON file written atomically at the end, on success and on failure,
// so that the batch never has to parse a child's log.

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "equiroute/pipeline/run_summary.hpp"

namespace equiroute::io {

struct RunStatus {
  bool ok = false;
  std::string step;     ///< the failed step ("" when the failure came before any step)
  std::string message;  ///< one line, without the "step '…': " prefix
  int exit_code = 0;    ///< the process's exit code (docs/errors.md)
  double seconds = 0.0;
  double peak_rss_mb = 0.0;
  std::optional<RunSummary> summary;  ///< on success
  /// Where it ran: "host" and, under Slurm, "slurm_job_id", "slurm_array_job_id" and
  /// "slurm_array_task_id" (see run_environment()).
  std::map<std::string, std::string> environment;
  /// Terminated from outside (SIGTERM: a Slurm cancellation or time limit), written by the
  /// batch task that ran the run rather than by the run; "status": "interrupted".
  bool interrupted = false;
  double cpu_s = 0.0;      ///< user + system CPU time of the run process, seconds
  unsigned threads = 0;    ///< worker threads the run was given (0: unknown)
  std::string started_at;  ///< UTC, ISO 8601 ("2026-11-30T12:00:03Z"); "" when unknown

  nlohmann::ordered_json to_json() const;
  /// Reads a status; the fields after `environment` are optional (older writers).
  static RunStatus from_json(const nlohmann::ordered_json& json, const std::string& source);
};

/// The "environment" of a status written by this process: the host name and the Slurm job
/// ids from SLURM_JOB_ID, SLURM_ARRAY_JOB_ID and SLURM_ARRAY_TASK_ID when set.
std::map<std::string, std::string> run_environment();

/// Now in UTC as ISO 8601 with seconds ("2026-11-30T12:00:03Z").
std::string utc_timestamp();

/// Writes the status atomically. Throws equiroute::Error (Io) when it cannot.
void write_run_status(const std::filesystem::path& path, const RunStatus& status);

/// The status in `path`, or nothing when the file is missing or unreadable (a process
/// killed before it could write one).
std::optional<RunStatus> read_run_status(const std::filesystem::path& path);

}  // namespace equiroute::io
