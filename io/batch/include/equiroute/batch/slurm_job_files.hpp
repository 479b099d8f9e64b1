#pragma once
// The files a batch on Slurm is made of (docs/batch.md, "On a Slurm cluster"): what the jobs
// need (DIR/slurm/batch.json), the job array script (DIR/slurm/runs.sbatch, one task per run
// to do, costliest first) and the summary job's script (DIR/slurm/summary.sbatch).

#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "equiroute/batch/batch_manifest.hpp"

namespace equiroute::io {

/// The resources of a batch on Slurm; each becomes an sbatch option.
struct SlurmOptions {
  std::string partition;                     ///< --partition (empty: the cluster's default)
  std::string account;                       ///< --account (empty: the user's default)
  std::optional<unsigned> time_per_run_min;  ///< --time of each run, minutes
  std::optional<unsigned> mem_per_run_mb;    ///< --mem of each run, MB
  unsigned cpus_per_run = 1;                 ///< --cpus-per-task; the run's threads
  unsigned max_parallel = 0;                 ///< the array's %N throttle (0: none)
  /// Passed to sbatch as is, on its command line (after the script's #SBATCH lines, so they
  /// win), for the array and the summary job.
  std::vector<std::string> sbatch_args;
};

/// The summary job's resources: maps are drawn on up to 2 threads; 30 minutes is ample even
/// for the 31-province example (about 45 s of maps on a busy machine).
inline constexpr unsigned kSummaryJobCpus = 2;
inline constexpr unsigned kSummaryJobMinutes = 30;

/// DIR/slurm/batch.json: everything the array tasks and the summary job need.
struct SlurmBatchFile {
  struct Run {
    std::string name;
    std::string label;
    std::filesystem::path scenario;          ///< absolute
    std::optional<std::size_t> array_index;  ///< none: kept by --resume
    double estimated_cost = 0.0;
  };
  std::string manifest;                  ///< the manifest file as given on the command line
  std::string title;                     ///< the manifest's title (summary maps)
  std::filesystem::path equiroute;       ///< the executable the job scripts run (absolute)
  std::vector<std::string> run_command;  ///< what runs one scenario (normally `equiroute`)
  std::filesystem::path network_cache;   ///< prepared networks shared by the runs; empty: none
  SlurmOptions options;
  std::vector<Run> runs;  ///< manifest order

  nlohmann::ordered_json to_json() const;
  static SlurmBatchFile from_json(const nlohmann::ordered_json& json, const std::string& source);
  /// The manifest as far as the summary needs it (file, title, names, labels, scenarios).
  BatchManifest summary_manifest() const;
  /// The number of array tasks (runs with an array index).
  std::size_t tasks() const;
};

/// DIR/slurm/batch.json, read. Throws equiroute::Error (BadInput) naming the file when it is
/// missing or not such a file.
SlurmBatchFile read_slurm_batch_file(const std::filesystem::path& dir);

/// The file's path: DIR/slurm/batch.json.
std::filesystem::path slurm_batch_file_path(const std::filesystem::path& dir);

/// `text` quoted for bash: in single quotes, a quote written as '\''.
std::string shell_quote(const std::string& text);

/// Throws equiroute::Error (BadInput) when `dir` cannot be written into an #SBATCH line
/// (it contains `%`, `\`, `"` or a line break: Slurm reads `%` and `\` in --output as patterns).
void check_slurm_path(const std::filesystem::path& dir);

/// The #SBATCH options of the job array (without "#SBATCH "), e.g. "--array=0-30%8".
std::vector<std::string> array_job_options(const SlurmBatchFile& batch,
                                           const std::filesystem::path& dir);

/// The job array script: the options above, then `exec EQUIROUTE batch-task DIR
/// "$SLURM_ARRAY_TASK_ID"`. `dir` absolute.
std::string array_job_script(const SlurmBatchFile& batch, const std::filesystem::path& dir,
                             const std::string& created_at);

/// The #SBATCH options of the summary job (without "#SBATCH ").
std::vector<std::string> summary_job_options(const SlurmBatchFile& batch,
                                             const std::filesystem::path& dir);

/// The summary job's script: `exec EQUIROUTE batch-summary DIR --array-job ID`.
std::string summary_job_script(const SlurmBatchFile& batch, const std::filesystem::path& dir,
                               const std::string& array_job_id);

}  // namespace equiroute::io
