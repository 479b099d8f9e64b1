#pragma once
// Checks before anything is submitted (private to io/batch): each failure is one
// equiroute::Error (BadInput) naming what is missing or refused.

#include <filesystem>

#include "equiroute/batch/slurm_job_files.hpp"

namespace equiroute::io {

/// The partition (or the cluster's default) exists and its MaxTime allows --time-per-run,
/// the array fits MaxArraySize, and `sbatch --test-only` accepts the array script with the
/// --sbatch-arg values (an unknown partition, more memory than any node has, …).
void check_slurm_submission(const SlurmBatchFile& batch, const std::filesystem::path& script);

}  // namespace equiroute::io
