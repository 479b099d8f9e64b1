#pragma once
// The headline indicators of one run (summary.json), typed: written by `run` and `access`,
// read back by `batch` (its summary table and maps) — to and from JSON in this one place.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "equiroute/engine/bootstrap.hpp"
#include "equiroute/engine/equity.hpp"
#include "equiroute/report/bootstrap_tables.hpp"

namespace equiroute::io {

struct ResourceEquity {
  std::string resource;
  engine::EquityBasis basis = engine::EquityBasis::Population;
  double gini = 0.0;
  std::string band;
  std::optional<double> theil_t;
  std::optional<double> theil_l;  ///< undefined when a unit has zero resource
};

struct TravelSummary {
  double mean_nearest_min = 0.0;    ///< over the reachable population; NaN when undefined
  double median_nearest_min = 0.0;  ///< +inf when unreachable, NaN when undefined
  double p90_nearest_min = 0.0;
  std::vector<double> thresholds_min;  ///< the run's burden thresholds
  std::vector<double> share_beyond;    ///< share of the weight beyond each threshold
  std::size_t unreachable_units = 0;
  bool approximate = false;           ///< straight-line travel times
  std::string weight = "population";  ///< or "area"

  /// The share beyond `minutes`, NaN when that is not one of the thresholds.
  double share_beyond_min(double minutes) const;
};

/// A bootstrap interval of one index of one resource and basis ("gini", "theil_t",
/// "theil_l"), written under equity.<resource>.<basis>.intervals.
struct ResourceInterval {
  std::string resource;
  engine::EquityBasis basis = engine::EquityBasis::Population;
  std::string statistic;
  StatisticInterval interval;
};

/// Gini(area) − Gini(population) of one resource (Luo et al. 2022, Table 5).
struct ContrastSummary {
  std::string resource;
  StatisticInterval difference;
  bool significant = false;
};

struct RunSummary {
  std::string title;
  std::size_t regions = 0;
  std::size_t groups = 0;
  std::vector<ResourceEquity> equity;  ///< per resource and basis, in analysis order
  std::optional<TravelSummary> travel;
  /// Gini of travel time and of each accessibility score across demand points, by
  /// indicator name ("nearest_travel_s", "2sfca_beds", …); NaN when undefined.
  std::vector<std::pair<std::string, double>> access_gini;
  std::vector<std::string> notes;
  /// With a bootstrap (docs/uncertainty.md): its settings (replicates, seed, level), the
  /// intervals of the indices above and the population/area contrasts; none without.
  std::optional<engine::BootstrapOptions> bootstrap;
  std::vector<ResourceInterval> equity_intervals;
  std::vector<ContrastSummary> contrasts;
  std::vector<std::pair<std::string, StatisticInterval>> access_gini_intervals;

  nlohmann::ordered_json to_json() const;
  /// Throws equiroute::Error (BadInput, naming `source`) when the JSON is not a summary.
  static RunSummary from_json(const nlohmann::ordered_json& json, const std::string& source);
};

}  // namespace equiroute::io
