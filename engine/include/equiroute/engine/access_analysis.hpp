#pragma once
// One accessibility run on plain data: several models over several supply attributes, the
// travel burden of the time to the nearest facility, region scores (population-weighted
// means of the demand points, methods.md §4) and the equity (Gini, Theil T/L with
// between/within decomposition) of travel time and of every score across demand units.
// This is what `equiroute access` computes; io writes it.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "equiroute/engine/access_model.hpp"
#include "equiroute/engine/burden.hpp"
#include "equiroute/engine/region_scores.hpp"

namespace equiroute::engine {

/// A model to run, by registry name, with parameters (unset ones take their defaults).
struct ModelRequest {
  std::string name;
  ModelParams params;
};

struct AccessAnalysisOptions {
  std::vector<ModelRequest> models;
  BurdenOptions burden;
};

/// One output column across models: "<model>_<column>", e.g. "2sfca_beds", "nearest_travel_s".
struct ScoreColumn {
  std::string name;
  std::size_t model = 0;   ///< index into AccessAnalysis::results
  std::size_t column = 0;  ///< index into that result's columns
};

struct AccessAnalysis {
  std::vector<AccessResult> results;  ///< in request order
  std::vector<ModelParams> params;    ///< resolved parameters, per result
  std::vector<ScoreColumn> columns;   ///< every result column, in order
  /// Time to the nearest facility per demand point (s; NaN when nothing is reachable),
  /// always computed for the burden, whether or not "nearest" was requested.
  std::vector<double> nearest_travel_s;
  TravelBurden burden;
  GroupIndex groups;  ///< empty without group keys
  /// group_scores[c][g]: population-weighted mean of column c over group g's points
  /// (NaN points left out).
  std::vector<std::vector<double>> group_scores;
  std::vector<double> group_population;
  /// Equity across demand units: "nearest_travel_s" first, then each score column.
  std::vector<ValueEquity> equity;
};

/// Runs everything. `unit_ids` name demand points in equity messages; `group_keys` (one
/// per demand point, or empty) give the regions for burden, region scores and the
/// between/within decomposition. Throws equiroute::Error for unknown models or bad
/// parameters, std::invalid_argument for inconsistent sizes.
AccessAnalysis analyse_access(const AccessInput& input, std::span<const std::string> unit_ids,
                              std::span<const std::string> group_keys,
                              const AccessAnalysisOptions& options);

}  // namespace equiroute::engine
