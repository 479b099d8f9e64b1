#pragma once
// Outputs of `equiroute equity`: equity.json, equity.csv, densities.csv and equity.md
// (Markdown tables in the layout of Luo et al. 2022, Tables 4–6). Schema: docs/equity.md.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "equiroute/engine/equity.hpp"
#include "equiroute/report/bootstrap_tables.hpp"
#include "equiroute/report/text_table.hpp"

namespace equiroute::io {

/// Provenance printed into the outputs.
struct EquityReportContext {
  std::string table;     ///< path of the table
  std::string regions;   ///< path of the polygons, or empty
  std::string area_crs;  ///< equal-area CRS of the areas, or empty
  double population_scale = 1.0;
  std::string key_field;
  std::string population_field;
  std::string group_field;  ///< empty: no decomposition
  std::size_t dissolve_prefix = 0;
};

/// equity.json (schema in docs/equity.md): undefined values are null with a
/// "<index>_undefined_reason" beside them; with `intervals`, also "bootstrap"
/// (equity_intervals_json).
nlohmann::ordered_json equity_json(const engine::EquityAnalysis& analysis,
                                   const EquityReportContext& context,
                                   const EquityIntervals* intervals = nullptr);

/// densities.csv: key, name, population, area_km2, then <resource>_per_10k and
/// <resource>_per_km2 for each resource (area columns only when areas are known).
TextTable densities_table(const engine::EquityAnalysis& analysis);

/// equity.csv: one row per basis and resource with gini, band, theil_t, theil_l (and the
/// between/within parts with groups) and the log base.
TextTable indices_table(const engine::EquityAnalysis& analysis);

/// equity.md: the inputs, then densities, Gini and Theil tables; with `intervals`, the Gini
/// table shows them, followed by the population/area contrast.
std::string equity_markdown(const engine::EquityAnalysis& analysis,
                            const EquityReportContext& context,
                            const EquityIntervals* intervals = nullptr);

/// A short table for the terminal: basis, resource, Gini, band, Theil T, Theil L.
TextTable summary_table(const engine::EquityAnalysis& analysis);

/// Creates `directory` if needed and writes the four files into it, each atomically; with
/// `intervals` also equity_intervals.csv and (both bases) equity_contrasts.csv.
/// Throws equiroute::Error when an output would overwrite one of `inputs`.
void write_equity_report(const engine::EquityAnalysis& analysis, const EquityReportContext& context,
                         const std::filesystem::path& directory,
                         const std::vector<std::filesystem::path>& inputs = {},
                         const EquityIntervals* intervals = nullptr);

}  // namespace equiroute::io
