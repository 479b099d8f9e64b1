#pragma once
// `equiroute plan --demand D --existing E --candidates C [--cost COST.csv] …`: what-if
// siting on point files and a user cost matrix, without a scenario, so that others can
// check the results (issue 14 item 6). Writes DIR/solutions.csv (one row per objective and
// k, with the solve time `seconds`), DIR/before_after.csv and DIR/manifest.json.

#include <filesystem>
#include <vector>

#include "equiroute/geodata/point_layer.hpp"
#include "equiroute/pipeline/access_inputs.hpp"
#include "equiroute/pipeline/access_step.hpp"
#include "equiroute/scenario/plan_spec.hpp"

namespace equiroute::io {

struct PlanFilesOptions {
  DemandOptions demand;                   ///< layer and population field (required)
  SupplyOptions existing;                 ///< existing facilities (capacities unused)
  geodata::PointLayerOptions candidates;  ///< candidate sites
  /// A cost matrix file whose destinations are the existing and candidate ids, else the
  /// network or straight line of `costs.travel`.
  CostSource costs;
  PlanSpec spec;  ///< objectives, ks, threshold, solver (candidates.source is ignored)
  std::vector<double> burden_thresholds_min{30.0, 60.0, 90.0, 120.0};
  std::filesystem::path output_dir;
};

/// Reads, solves and writes; the directory appears only when complete. Returns the files
/// written, relative to it. Throws equiroute::Error.
std::vector<std::filesystem::path> run_plan_files(const PlanFilesOptions& options);

}  // namespace equiroute::io
