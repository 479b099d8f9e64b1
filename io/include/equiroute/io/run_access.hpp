#pragma once
// The accessibility part of `run`: demand points from the regions, travel times to the
// facilities, every model of the scenario on every supply field, travel burden and the
// equity of access.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "equiroute/engine/access_model.hpp"
#include "equiroute/io/study_area.hpp"
#include "equiroute/io/travel_costs.hpp"

namespace equiroute::io {

/// Travel burden of one group of demand points (a prefecture, or "all").
struct BurdenRow {
  std::string id;
  std::string name;
  double weight = 0.0;  ///< population (or area) of the reachable and unreachable points
  double mean_min = 0.0;
  double median_min = 0.0;
  double p90_min = 0.0;
  std::vector<double> share_beyond;  ///< per scenario burden threshold, 0..1
  double share_beyond_60 = 0.0;      ///< always computed: the batch summary's headline
  std::size_t unreachable = 0;       ///< demand points with no facility at all
};

/// Inequality of one indicator across demand points (weighted), with its decomposition
/// between and within groups.
struct AccessEquityRow {
  std::string indicator;  ///< "nearest_travel_min" or "<model>_<field>"
  double gini = 0.0;
  std::optional<double> theil_t, theil_t_between, theil_t_within;
  std::optional<double> theil_l, theil_l_between, theil_l_within;
  std::string note;  ///< why a value is undefined
};

struct AccessOutcome {
  bool computed = false;
  std::vector<geodata::LonLat> demand_points;  ///< one per region, by the demand rule
  std::vector<double> weights;                 ///< population, or area when there is none
  std::string weight_name;                     ///< "population" or "area"
  TravelCosts costs;
  std::vector<engine::AccessResult> models;  ///< in scenario order
  std::vector<double> nearest_min;           ///< per demand point; NaN when unreachable
  std::vector<BurdenRow> burden;              ///< one per group, then "all"
  std::vector<AccessEquityRow> equity;        ///< travel time first, then each score

  /// Headline travel figures for summary.json (empty object when not computed).
  nlohmann::ordered_json travel_summary() const;
  /// Gini of each accessibility score, keyed "<model>_<field>".
  nlohmann::ordered_json gini_summary() const;
};

/// Model parameters of the scenario for `model`, with the scenario's threshold_min applied
/// to the single-threshold models unless given explicitly.
engine::ModelParams model_params(const Scenario& scenario, const std::string& model);

/// Computes everything above. Throws equiroute::Error on bad parameters or inputs.
AccessOutcome compute_access(const Scenario& scenario, const StudyArea& area, unsigned threads);

}  // namespace equiroute::io
