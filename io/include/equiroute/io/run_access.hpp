#pragma once
// The accessibility part of `run`: demand points from the regions, travel times to the
// facilities, every model of the scenario on every supply field, travel burden and the
// equity of access.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "equiroute/engine/access_model.hpp"
#include "equiroute/engine/burden.hpp"
#include "equiroute/io/study_area.hpp"
#include "equiroute/network/travel_costs.hpp"

namespace equiroute::io {

struct AccessOutcome {
  bool computed = false;
  // Demand points: one per region (seat, centroid, point on surface), or the points of a
  // layer (demand.rule = "points"), each in the region containing it.
  std::vector<std::string> demand_ids;
  std::vector<LonLat> demand_points;
  std::vector<std::size_t> demand_region;  ///< index of each point's region
  std::vector<double> weights;             ///< per point: population, or area when there is none
  std::string weight_name;                 ///< "population" or "area_km2"
  network::TravelCosts costs;
  std::vector<engine::AccessResult> models;  ///< per demand point, in scenario order
  std::vector<double> nearest_min;           ///< per demand point; +inf when unreachable
  // Per region: the population-weighted means of its points (methods.md §4), or the
  // values of its one point; NaN for a region without a reachable point.
  std::vector<double> region_weights;
  std::vector<double> region_nearest_min;
  std::vector<std::vector<std::vector<double>>> region_scores;  ///< [model][column][region]
  engine::TravelBurden burden;                                  ///< per group and overall
  double share_beyond_60 = 0.0;             ///< overall, whatever the thresholds: batch headline
  std::vector<engine::ValueEquity> equity;  ///< travel time first, then each score

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
