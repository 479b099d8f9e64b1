#pragma once
// What both executors of `equiroute batch` (local child processes, a Slurm job array) and
// `batch plan` share before any run starts — the scenarios of template runs written to
// DIR/scenarios/, --resume's decision, the runs to do in the order they should start — and
// after a run: its outcome, read from the status file it wrote (never from its log).

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "equiroute/batch/batch_manifest.hpp"
#include "equiroute/batch/batch_runner.hpp"
#include "equiroute/pipeline/run_status.hpp"
#include "equiroute/scenario/scenario.hpp"

namespace equiroute::io {

/// A batch made ready to run.
struct PreparedBatch {
  BatchResult result;               ///< one record per run, manifest order; kept runs Skipped
  std::vector<std::size_t> to_run;  ///< indices into result.runs, costliest first
  std::vector<double> cost;         ///< estimated relative cost per run (manifest order)
};

enum class PrepareMode {
  Write,   ///< create the batch directory, write the scenarios, remove stale temporaries
  DryRun,  ///< decide the same without writing or removing anything (`batch plan`)
};

/// Renders every template first (a bad placeholder throws equiroute::Error before anything
/// is written), creates DIR with logs/, results/ and scenarios/, writes the template runs'
/// scenarios that changed, and with `resume` keeps every run whose result in DIR/<name>/ is
/// complete (io::result_is_complete) and whose scenario is unchanged, after removing every
/// stale temporary (`.tmp-…`) of earlier batches in DIR. The runs to do are ordered
/// costliest first (stable: equal estimates keep the manifest's order). Throws
/// equiroute::Error (Io) when DIR cannot be created.
PreparedBatch prepare_batch(const BatchManifest& manifest, const std::filesystem::path& dir,
                            bool resume, PrepareMode mode = PrepareMode::Write);

/// A rough relative cost of a run (docs/batch.md, "Order of the runs"): the size of its
/// regions file × (4 + the number of map files it draws) + 4 × the size of its road network.
double estimated_run_cost(const Scenario& scenario);

/// The summary.json of a result kept by --resume (DIR/<name>/), or nothing when unreadable.
std::optional<RunSummary> read_result_summary(const std::filesystem::path& run_dir);

/// The file DIR/results/<name>.json a run writes its status to (absolute).
std::filesystem::path run_status_path(const std::filesystem::path& dir, const std::string& name);

/// Removes the temporary siblings a killed `run` may have left for `name` in `dir`
/// (geodata::AtomicOutput names them `.tmp-<pid>-<n>-<name>`).
void remove_run_temporaries(const std::filesystem::path& dir, const std::string& name);

/// Removes every `.tmp-…` file or directory in the batch directory `dir` and in its logs/,
/// results/, scenarios/ and slurm/ (left by processes killed before they could clean up);
/// returns how many. Only safe when nothing writes into `dir`.
std::size_t remove_stale_temporaries(const std::filesystem::path& dir);

/// Sets `record` from the status its run wrote: `ok` (with the run's summary; exit code 0),
/// `failed` (step, message, exit code) or `interrupted`. Returns false, leaving `record`
/// unchanged, when there is no status or it claims success without a summary: then the
/// caller says how the run ended.
bool apply_run_status(BatchRunRecord& record, const std::optional<RunStatus>& status);

}  // namespace equiroute::io
