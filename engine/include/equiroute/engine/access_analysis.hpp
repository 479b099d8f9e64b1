#pragma once
// One accessibility run on plain data: several models over several supply attributes, the
// travel burden of the time to the nearest facility, region scores (population-weighted
// means of the demand points, docs/accessibility.md) and the equity (Gini, Theil T/L with
// between/within decomposition) of travel time and of every score across demand units.
// This is what `equiroute access` computes; io writes it.

#include <map>
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

/// Requests for the models called `names` (validated against the registry), each with its
/// parameters from `params` (by model name) and the common catchment d0 (minutes) set on
/// the models that take one (AccessModel::takes_catchment) unless their own parameters set
/// `threshold_min`; without a common catchment those models keep their default. Every
/// parameter is resolved here, so a bad one fails before any work. Throws equiroute::Error.
std::vector<ModelRequest> model_requests(const std::vector<std::string>& names,
                                         const std::map<std::string, ModelParams>& params,
                                         std::optional<double> catchment_min);

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

/// Who the demand points are: ids for messages, and two optional groupings (one key per
/// point, or empty).
struct DemandUnits {
  std::span<const std::string> ids;
  /// The units scores are averaged into (population-weighted means, docs/accessibility.md): e.g.
  /// the region containing each point of a point layer, or the `access` command's group.
  std::span<const std::string> regions;
  /// The groups of the travel burden per group and of the between/within decomposition of
  /// every Theil index (e.g. prefectures).
  std::span<const std::string> groups;
};

struct AccessAnalysis {
  std::vector<AccessResult> results;  ///< in request order
  std::vector<ModelParams> params;    ///< resolved parameters, per result
  std::vector<ScoreColumn> columns;   ///< every result column, in order
  /// Time to the nearest facility per demand point (s; NaN when nothing is reachable),
  /// always computed for the burden, whether or not "nearest" was requested.
  std::vector<double> nearest_travel_s;
  TravelBurden burden;
  /// Regions (DemandUnits::regions) in order of first appearance; empty without keys.
  GroupIndex regions;
  std::vector<double> region_population;        ///< Σ population per region
  std::vector<double> region_nearest_travel_s;  ///< weighted mean over reachable points
  /// region_scores[c][r]: population-weighted mean of column c over region r's points
  /// (NaN points left out).
  std::vector<std::vector<double>> region_scores;
  /// Equity across demand units: "nearest_travel_s" first, then each score column (a
  /// model column that repeats it — "nearest_travel_s" itself — is not repeated).
  std::vector<ValueEquity> equity;
};

/// Runs everything: the only place where models, burden, region scores and the equity of
/// access are computed, for `run`, `access` and `plan` alike. Throws equiroute::Error for
/// unknown models or bad parameters, std::invalid_argument for inconsistent sizes.
AccessAnalysis analyse_access(const AccessInput& input, const DemandUnits& units,
                              const AccessAnalysisOptions& options);

}  // namespace equiroute::engine
