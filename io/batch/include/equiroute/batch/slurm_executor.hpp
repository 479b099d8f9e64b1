#pragma once
// `equiroute batch --executor slurm`: the same batch as the local executor, run by Slurm.
// The runs to do become one job array (a task per run, costliest first; each task runs
// `equiroute batch-task`, which runs `equiroute run` as a child exactly like the local
// executor), and a dependent job (afterany) writes the summary from the runs' status files
// (`equiroute batch-summary`). Nothing is scheduled by equiroute itself. docs/batch.md.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "equiroute/batch/batch_manifest.hpp"
#include "equiroute/batch/batch_runner.hpp"
#include "equiroute/batch/slurm_job_files.hpp"

namespace equiroute::io {

struct SlurmBatchOptions {
  std::filesystem::path output_dir;
  bool resume = false;
  std::filesystem::path equiroute;       ///< the executable the jobs run (absolute)
  std::vector<std::string> run_command;  ///< what runs one scenario; empty: `equiroute`
  std::filesystem::path network_cache;   ///< prepared networks shared by the runs; empty: none
  SlurmOptions slurm;
};

/// What was submitted (DIR/slurm/submission.json).
struct SlurmSubmission {
  std::string array_job_id;
  std::string summary_job_id;
  std::size_t tasks = 0;
  /// Set when there was nothing to submit (every run kept by --resume): the summary was
  /// written by this process.
  std::optional<BatchResult> result;
};

/// Throws equiroute::Error (BadInput) naming what is missing when sbatch, squeue, scontrol
/// or scancel is not on the PATH or `scontrol ping` does not reach the controller.
void check_slurm_reachable();

/// Prepares the batch (batch_prepare.hpp: scenarios, --resume), writes DIR/slurm/batch.json
/// and runs.sbatch, checks the submission (the controller, the partition and its time limit,
/// MaxArraySize, `sbatch --test-only`), removes the status files of the runs to do, submits
/// the array and then the summary job (afterany), and writes DIR/slurm/submission.json.
/// Throws equiroute::Error (BadInput) with one line naming what is missing or refused, with
/// nothing submitted — except when the summary job is refused after the array was
/// accepted: then the array is cancelled before the error.
SlurmSubmission submit_batch_to_slurm(const BatchManifest& manifest,
                                      const SlurmBatchOptions& options);

/// DIR/slurm/submission.json, read (for `batch wait DIR`). Throws equiroute::Error when
/// there is none.
SlurmSubmission read_slurm_submission(const std::filesystem::path& dir);

struct SlurmWaitOptions {
  /// How often squeue is asked (the result files are looked at every second); after 10
  /// minutes of waiting, three times less often.
  std::chrono::milliseconds poll_interval = std::chrono::seconds(10);
  /// Install SIGINT/SIGTERM handlers (the CLI does).
  bool handle_signals = false;
  /// On the first SIGINT/SIGTERM cancel the array (`scancel`: running tasks get SIGTERM and
  /// record `interrupted`, pending ones never start) and go on waiting for the summary job,
  /// as a local batch stops its runs and writes its summary; a second signal stops the
  /// waiting. false (`batch wait`): the first signal stops the waiting, the jobs go on.
  bool cancel_on_signal = false;
};

/// Waits until the summary job has written the summary (or, when it ended without doing so,
/// writes it here), printing a progress line when it changes. Returns the exit code of the
/// batch as the local executor would (0; the number of failed runs, at most 125; 143 when
/// runs were cancelled or reached their time limit), or 128 + the first signal received
/// while waiting (see cancel_on_signal; the message says how to follow or cancel the jobs).
int wait_for_slurm_batch(const std::filesystem::path& dir, const SlurmSubmission& submission,
                         const SlurmWaitOptions& options);

/// The body of array task `index` (`equiroute batch-task DIR INDEX`): runs the run with that
/// array index of DIR/slurm/batch.json as a child `equiroute run` with the CPUs Slurm gave
/// the task (SLURM_CPUS_PER_TASK, else SLURM_CPUS_ON_NODE, else all), its stderr to
/// DIR/logs/<name>.log. On SIGTERM/SIGINT/SIGUSR1 (scancel, the time limit) it terminates
/// the run, removes its temporaries and writes an `interrupted` status; when the run ended
/// without a status, a `failed` one. Returns the run's exit code (128 + signal when
/// interrupted). Throws equiroute::Error for a bad DIR or index.
int run_batch_task(const std::filesystem::path& dir, std::size_t index);

/// The summary job (`equiroute batch-summary DIR`): the record of every run from its status
/// file — and, for runs without one, from what Slurm still knows of their task (cancelled
/// before it started, out of memory, node failure, time limit) — then the summary files and
/// maps exactly as the local executor writes them.
BatchResult summarise_slurm_batch(const std::filesystem::path& dir, const std::string& array_job_id,
                                  const std::string& summary_job_id);

}  // namespace equiroute::io
