#pragma once
// The accessibility step of every command (`run`, `access`, later `plan`): demand and supply
// as plain arrays (an AccessProblem, however they were read), travel costs from a road
// network, the straight line or a cost matrix file, and engine::analyse_access on them.

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "equiroute/core/geo_types.hpp"
#include "equiroute/engine/access_analysis.hpp"
#include "equiroute/network/travel_costs.hpp"
#include "equiroute/pipeline/cost_matrix_csv.hpp"

namespace equiroute::io {

/// Demand points and facilities of one analysis.
struct AccessProblem {
  std::vector<std::string> demand_ids;
  std::vector<LonLat> demand_points;
  std::vector<double> weights;             ///< population, or area when there is none
  std::string weight_name = "population";  ///< "population" or "area_km2"
  /// Per demand point: the region its scores are averaged into; empty when every demand
  /// point stands for a region of its own (its scores are the region's).
  std::vector<std::string> region_keys;
  /// Per demand point: its group for the burden per group and the between/within parts;
  /// empty without groups. Names of the groups for tables, when known.
  std::vector<std::string> group_keys;
  std::map<std::string, std::string> group_names;

  std::vector<std::string> facility_ids;
  std::vector<LonLat> facility_points;
  engine::SupplyMatrix supply;
  /// The two point sets as the log and its warnings name them (e.g. "facilities 'h.csv'").
  std::string demand_label = "demand points";
  std::string facility_label = "facilities";
};

/// Where travel costs come from: a cost matrix file when `matrix_file` is set, else the
/// road network (or, without a network path, the straight line) of `travel`.
struct CostSource {
  network::TravelCostOptions travel;
  std::filesystem::path matrix_file;
  CostCsvOptions matrix_fields;
};

struct AccessOutcome {
  AccessProblem problem;
  network::TravelCosts costs;
  std::optional<CostCsvReport> cost_report;  ///< when costs came from a file
  engine::AccessAnalysis analysis;
};

/// For manifests: every model with its literature source and resolved parameters, and how
/// the travel costs were obtained (with the cost file's counts when there was one).
nlohmann::ordered_json access_parameters(const AccessOutcome& outcome);

/// Travel costs demand × facilities from the source. Throws equiroute::Error.
network::TravelCosts access_costs(const AccessProblem& problem, const CostSource& source,
                                  std::optional<CostCsvReport>& report);

/// Costs, then every model, the burden, region scores and the equity of access; logs the
/// points that reach nothing and the facilities without demand. Throws equiroute::Error,
/// also when no demand point reaches any facility at all (network::require_reachable:
/// a wrong network, CRS or cutoff rather than a result) unless that is allowed.
AccessOutcome analyse_access(AccessProblem problem, const CostSource& source,
                             const engine::AccessAnalysisOptions& options);

/// The same on travel costs already computed for this problem (e.g. once per network
/// setting of a sweep, sweep_step.hpp): every model, the burden, region scores and the
/// equity of access, with the same logs.
AccessOutcome analyse_access(AccessProblem problem, network::TravelCosts costs,
                             const engine::AccessAnalysisOptions& options);

}  // namespace equiroute::io
