#pragma once
// `equiroute batch plan MANIFEST` (or `batch --dry-run`): what a batch would do, without
// doing it — the runs in the order they would start with their estimated cost, the runs
// --resume would keep, and the resources the executor would use or request.

#include <filesystem>
#include <string>

#include "equiroute/batch/batch_manifest.hpp"
#include "equiroute/batch/slurm_job_files.hpp"

namespace equiroute::io {

struct BatchPlanOptions {
  std::filesystem::path output_dir;
  bool resume = false;
  bool slurm = false;  ///< --executor slurm
  unsigned jobs = 0;   ///< local: concurrent runs (0: cores)
  SlurmOptions slurm_options;
  std::filesystem::path equiroute;  ///< the executable the Slurm jobs would run
};

/// The plan as text (several lines). Writes and submits nothing; throws equiroute::Error
/// for a bad template, as the batch would before starting.
std::string batch_plan_text(const BatchManifest& manifest, const BatchPlanOptions& options);

}  // namespace equiroute::io
