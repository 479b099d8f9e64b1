#pragma once
// Outputs of `equiroute access`: per-demand-point scores (CSV, and a GeoPackage/GeoJSON
// layer when the demand input has geometry), per-group results, per-facility ratios and
// summary.json (burden indices and equity of access). Schema in docs/accessibility.md.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "equiroute/engine/access_analysis.hpp"
#include "equiroute/engine/cost_matrix.hpp"
#include "equiroute/io/access_points.hpp"
#include "equiroute/io/cost_matrix_csv.hpp"

namespace equiroute::io {

/// Everything the writers need besides the analysis itself.
struct AccessReportContext {
  const DemandPoints& demand;
  const SupplyPoints& supply;
  const engine::CostMatrix& costs;
  std::string cost_method;                    ///< one sentence: network, cost file or straight line
  std::optional<CostCsvReport> cost_report;   ///< when costs came from a CSV
  std::string group_field;                    ///< empty: no groups
  std::vector<std::filesystem::path> inputs;  ///< never overwritten
  /// "gpkg", "geojson" or "none": the format of the demand layer with the scores.
  std::string layer_format = "gpkg";
};

/// summary.json content.
nlohmann::ordered_json access_summary_json(const engine::AccessAnalysis& analysis,
                                           const AccessReportContext& context);

/// Writes into `dir` (created if missing): access_demand.csv, access_supply.csv,
/// access_groups.csv (with a group field), access_demand.<gpkg|geojson> (when the demand
/// input has geometry and layer_format is not "none") and summary.json. Every file is
/// written atomically. Returns the paths written. Throws equiroute::Error on write failures
/// or when an output would overwrite an input.
std::vector<std::filesystem::path> write_access_outputs(const engine::AccessAnalysis& analysis,
                                                        const AccessReportContext& context,
                                                        const std::filesystem::path& dir);

}  // namespace equiroute::io
