#pragma once
// The cross-run summary of a batch: one row per run with its headline indicators (from the
// run's summary.json), status, error and duration, as summary.csv, summary.md and
// summary.json in the batch directory (each written atomically).

#include <filesystem>
#include <nlohmann/json.hpp>

#include "equiroute/batch/batch_manifest.hpp"
#include "equiroute/batch/batch_runner.hpp"
#include "equiroute/report/text_table.hpp"

namespace equiroute::io {

/// The summary as JSON: {"manifest", "interrupted", "signal", "counts": {status: n},
/// "runs": [{"name", "status", "scenario", "exit_code", "duration_s", "error": {"step",
/// "message"} | null, "indicators": <the run's summary.json> | null}]}.
nlohmann::ordered_json batch_summary_json(const BatchManifest& manifest, const BatchResult& result);

/// The summary as a table, one row per run in manifest order. Columns: run, status, title,
/// regions, then per resource (in order of first appearance over the runs) Gini, Theil T
/// and Theil L by population and by area, then mean_nearest_min, share_beyond_<T>_min for
/// every burden threshold T of the runs,
/// travel_weight, travel_approximate, one access Gini column per <model>_<field> key, and
/// duration_s, error_step, error_message. A value a run does not have is empty (NaN).
TextTable batch_summary_table(const BatchResult& result);

/// Writes summary.csv, summary.md and summary.json into `dir` (atomically, each).
void write_batch_summary(const BatchManifest& manifest, const BatchResult& result,
                         const std::filesystem::path& dir);

}  // namespace equiroute::io
