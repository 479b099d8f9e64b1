// `equiroute batch-summary DIR`: the summary job of a batch on Slurm.

#include <signal.h>
#include <spdlog/spdlog.h>

#include <map>

#include "equiroute/batch/batch_prepare.hpp"
#include "equiroute/batch/batch_summary.hpp"
#include "equiroute/batch/slurm_executor.hpp"
#include "equiroute/batch/slurm_queue.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;

namespace {

/// The final state of each task of the array that Slurm still remembers, by task index
/// (MinJobAge: a few minutes after the task ended; a pending task cancelled alone is
/// forgotten at once).
std::map<std::size_t, std::string> task_states(const std::string& array_job_id) {
  std::map<std::size_t, std::string> states;
  std::string error;
  const auto all = query_job_states({array_job_id}, error);
  if (!all) {
    spdlog::warn("slurm: {}: runs without a result file are reported as 'not run'", error);
    return states;
  }
  // One line per task that has started; the pending tasks of a cancelled array share one
  // record "4790_[6-30%8] CANCELLED".
  for (const auto& s : *all) {
    for (const std::size_t index : array_task_indices(s.id, array_job_id)) states[index] = s.state;
  }
  return states;
}

/// What the state of an interrupted task says about why.
void explain_interruption(BatchRunRecord& record, const std::string& state) {
  if (state == "TIMEOUT") {
    record.error_message = "terminated at the time limit (--time-per-run)";
  } else if (state == "CANCELLED") {
    record.error_message = "cancelled while running (scancel)";
  }
}

/// A run whose task left no status file: what Slurm knows of the task, if anything.
void record_without_status(BatchRunRecord& record, const std::string& state,
                           const std::string& log) {
  record.exit_code = 0;
  if (state == "CANCELLED") {
    record.status = BatchRunStatus::NotRun;
    record.error_message = "cancelled before it started (scancel)";
  } else if (state == "TIMEOUT") {
    record.status = BatchRunStatus::Interrupted;
    record.error_message = "terminated at the time limit (--time-per-run); see " + log;
  } else if (state == "OUT_OF_MEMORY") {
    record.status = BatchRunStatus::Failed;
    record.error_message = "out of memory (--mem-per-run); see " + log;
  } else if (!state.empty() && state != "PENDING") {
    record.status = BatchRunStatus::Failed;
    record.error_message = "the task ended (" + state + ") without a result file; see " + log;
  } else {
    record.status = BatchRunStatus::NotRun;
    record.error_message = "no result file (never started, or killed without warning); see " + log;
  }
}

}  // namespace

BatchResult summarise_slurm_batch(const fs::path& dir_arg, const std::string& array_job_id,
                                  const std::string& summary_job_id) {
  const fs::path dir = fs::absolute(dir_arg);
  const SlurmBatchFile batch = read_slurm_batch_file(dir);
  BatchResult result;
  result.executor = {"slurm", array_job_id, summary_job_id};
  std::optional<std::map<std::size_t, std::string>> states;  // asked only when needed
  auto state_of = [&](std::size_t index) {
    if (!states) states = task_states(array_job_id);
    const auto found = states->find(index);
    return found == states->end() ? std::string() : found->second;
  };
  for (const auto& run : batch.runs) {
    BatchRunRecord record;
    record.name = run.name;
    record.scenario = run.scenario;
    if (!run.array_index) {
      record.status = BatchRunStatus::Skipped;
      record.summary = read_result_summary(dir / run.name);
    } else if (apply_run_status(record, read_run_status(run_status_path(dir, run.name)))) {
      if (record.status == BatchRunStatus::Interrupted)
        explain_interruption(record, state_of(*run.array_index));
    } else {
      const std::string log =
          "logs/slurm-" + array_job_id + "_" + std::to_string(*run.array_index) + ".out";
      record_without_status(record, state_of(*run.array_index), log);
    }
    result.runs.push_back(std::move(record));
  }
  // Runs stopped from outside (scancel, the time limit: Slurm's SIGTERM) or never run make
  // the batch an interrupted one, as a local batch stopped by SIGTERM.
  if (result.count(BatchRunStatus::Interrupted) + result.count(BatchRunStatus::NotRun) > 0)
    result.signal = SIGTERM;
  write_batch_summary(batch.summary_manifest(), result, dir);
  return result;
}

}  // namespace equiroute::io
