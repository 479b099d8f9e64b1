#pragma once
// What the Slurm executor asks Slurm: job states from squeue, partition and
// configuration values from scontrol. Without accounting (no sacct), squeue and scontrol
// know a finished job only for MinJobAge (300 s by default): the status files are the truth,
// these only add what Slurm still remembers.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace equiroute::io {

/// One line of `squeue --array -t all`: "4790_3" or "4791", its state and reason.
struct SlurmJobState {
  std::string id;
  std::string state;   ///< PENDING, RUNNING, COMPLETED, CANCELLED, TIMEOUT, …
  std::string reason;  ///< why pending (e.g. JobArrayTaskLimit), "None" otherwise
};

/// The states of `job_ids` and of each task of those that are arrays, finished ones included
/// while Slurm remembers them. Empty when Slurm knows none of them any more; nothing (and
/// `error` set) when squeue failed otherwise.
std::optional<std::vector<SlurmJobState>> query_job_states(const std::vector<std::string>& job_ids,
                                                           std::string& error);

/// The array task indices a squeue id of `array_job_id` stands for: "4790_3" → {3}; a record
/// of several pending tasks, "4790_[6-8,11%2]" → {6, 7, 8, 11}; another job's id → {}.
std::vector<std::size_t> array_task_indices(const std::string& id, const std::string& array_job_id);

/// Whether a job in `state` may still run or is running (pending, running, completing, …).
bool is_active_state(const std::string& state);

/// The value of `key` in `text` of the form "Key=value Key2=value2" or "Key = value" lines
/// (scontrol's output), or "".
std::string scontrol_value(const std::string& text, const std::string& key);

/// A Slurm time limit in minutes: "UNLIMITED"/"INFINITE"/"NONE" → nothing; "MM", "MM:SS",
/// "HH:MM:SS", "D-HH", "D-HH:MM", "D-HH:MM:SS" → minutes (seconds rounded up).
std::optional<double> parse_slurm_minutes(const std::string& text);

/// The job id in what `sbatch --parsable` printed ("4790" or "4790;cluster"), or "".
std::string parse_sbatch_job_id(const std::string& out);

}  // namespace equiroute::io
