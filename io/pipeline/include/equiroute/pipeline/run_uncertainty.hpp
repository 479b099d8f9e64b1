#pragma once
// How sure a run's numbers are (docs/uncertainty.md): the bootstrap intervals of the equity
// of resources and of access ([equity] bootstrap) and the parameter sweep ([sweep]), and
// what `run` writes of them — tables, charts, report sections, manifest parameters.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "equiroute/engine/equity.hpp"
#include "equiroute/pipeline/access_step.hpp"
#include "equiroute/pipeline/bootstrap_step.hpp"
#include "equiroute/pipeline/sweep_step.hpp"
#include "equiroute/report/report.hpp"
#include "equiroute/scenario/scenario.hpp"

namespace equiroute::io {

struct RunUncertainty {
  std::optional<EquityIntervals> equity;  ///< equity of resources
  std::optional<AccessIntervals> access;  ///< equity of access
  std::optional<SweepOutcome> sweep;
};

/// The scenario's bootstrap options with the run's threads; nothing without a bootstrap.
std::optional<engine::BootstrapOptions> run_bootstrap_options(const Scenario& scenario,
                                                              unsigned threads);

/// tables/access_equity_intervals.csv (and .md) and the sweep tables. (The intervals of the
/// equity of resources are written with the equity tables: write_equity_report.)
void write_uncertainty_tables(const RunUncertainty& uncertainty, const Scenario& scenario,
                              const std::optional<AccessOutcome>& access,
                              const std::filesystem::path& tables_dir);

/// The report's intervals of the equity of resources (after the Gini and Theil table): the
/// Gini table with intervals (Table 5 layout), the note on B, seed and small samples, and
/// the population/area contrast.
void add_equity_intervals_section(Report& report, const Scenario& scenario,
                                  const engine::EquityAnalysis& equity,
                                  const RunUncertainty& uncertainty);

/// The report's Gini intervals of the equity of access (after its table).
void add_access_intervals_section(Report& report, const Scenario& scenario,
                                  const AccessOutcome& access, const RunUncertainty& uncertainty);

/// For manifest.json: "bootstrap" (settings) and "sweep" (parameters, combinations,
/// network settings, travel-cost matrices computed), when present.
void add_uncertainty_parameters(const RunUncertainty& uncertainty, nlohmann::ordered_json& p);

}  // namespace equiroute::io
