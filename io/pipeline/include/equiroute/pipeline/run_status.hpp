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
  /// Where it ran, e.g. {"slurm_job_id": "123", "slurm_array_task_id": "4"}.
  std::map<std::string, std::string> environment;

  nlohmann::ordered_json to_json() const;
  static RunStatus from_json(const nlohmann::ordered_json& json, const std::string& source);
};

/// Writes the status atomically. Throws equiroute::Error (Io) when it cannot.
void write_run_status(const std::filesystem::path& path, const RunStatus& status);

/// The status in `path`, or nothing when the file is missing or unreadable (a process
/// killed before it could write one).
std::optional<RunStatus> read_run_status(const std::filesystem::path& path);

}  // namespace equiroute::io
