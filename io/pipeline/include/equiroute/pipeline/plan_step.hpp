#pragma once
// The what-if planning step of `run` and `plan` (docs/planning.md): candidate sites from the
// scenario's [plan] (demand points, a point layer or a grid), travel costs demand ×
// (existing facilities ++ candidates) from the same dispatcher as the access step, every
// objective solved for every k by the engine (engine/plan.hpp), and the burden and equity
// of nearest-facility travel time before and after each plan (engine/burden.hpp).
// Computes everything; writes nothing (plan_outputs.hpp does).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "equiroute/core/geo_types.hpp"
#include "equiroute/engine/burden.hpp"
#include "equiroute/engine/plan.hpp"
#include "equiroute/engine/plan_tradeoff.hpp"
#include "equiroute/engine/resource_allocation.hpp"
#include "equiroute/network/travel_costs.hpp"
#include "equiroute/pipeline/access_step.hpp"
#include "equiroute/pipeline/study_area.hpp"
#include "equiroute/scenario/scenario.hpp"

namespace equiroute::io {

struct PlanCandidates {
  std::vector<std::string> ids;
  std::vector<LonLat> points;
};

/// Burden and equity of nearest-facility travel time for one open set (population-weighted
/// over the demand points; unreached points as in engine::travel_burden).
struct PlanIndicators {
  double mean_min = 0.0;  ///< over the reachable population
  double median_min = 0.0;
  double p90_min = 0.0;
  std::vector<double> share_beyond;  ///< per PlanOutcome::thresholds_min
  double unreached_population = 0.0;
  double gini_time = 0.0;              ///< NaN when undefined
  double theil_t_time = 0.0;           ///< NaN when undefined
  double theil_t_between_share = 0.0;  ///< between groups / total; NaN without groups
};

/// One solved plan with the ids of its chosen sites and its indicators after.
struct PlanChoice {
  engine::PlanSolution solution;
  std::vector<std::string> site_ids;    ///< chosen sites, sorted
  std::vector<std::string> site_names;  ///< their names, in the same order ("" unknown)
  /// The objective of the existing facilities alone (engine::evaluate_plan with no new
  /// site); NaN for lscp, with closable existing sites or without existing sites.
  double value_before = 0.0;
  PlanIndicators after;
};

struct PlanOutcome {
  PlanSpec spec;
  /// Sites as columns of the cost matrix: the existing facilities, then the candidates.
  std::vector<std::string> site_ids;
  std::vector<std::string> site_names;  ///< for tables and layers; "" when unknown
  std::vector<LonLat> site_points;
  std::size_t existing_count = 0;
  std::vector<double> population;  ///< per demand point (the weights of every indicator)
  network::TravelCosts costs;      ///< demand × sites
  std::vector<double> thresholds_min;
  PlanIndicators before;  ///< existing facilities only
  std::vector<PlanChoice> choices;
  std::vector<engine::TradeoffPoint> tradeoff;  ///< empty without [plan.tradeoff]
  /// New units shared among the existing facilities ([plan.allocation]); facility j is
  /// site j < existing_count.
  std::optional<engine::AllocationResult> allocation;
};

/// The candidate sites of [plan.candidates]: the demand points, a point layer (read with
/// geodata::read_point_features) or a grid inside `regions`.
PlanCandidates plan_candidates(const PlanCandidatesSpec& spec, const AccessProblem& problem,
                               const geodata::FeatureSet& regions);

/// Costs (from `source`: network, straight line or a cost matrix file whose destinations
/// are the existing and candidate ids), solutions, indicators and trade-off. `scenario_file` names
/// the file in errors about [plan] keys (k larger than the candidates); empty: the command's
/// options are named instead. Throws equiroute::Error
/// (BadInput) for plans the inputs cannot support, as engine::solve_plan does.
PlanOutcome analyse_plan(const PlanSpec& spec, const AccessProblem& problem,
                         const PlanCandidates& candidates, const CostSource& source,
                         const engine::BurdenOptions& burden, const std::string& scenario_file);

/// [plan.allocation] on the existing facilities of `plan` (plan_allocation.cpp): the
/// supply field of `problem`, costs demand × existing from plan.costs. Throws
/// equiroute::Error (BadInput) naming the key for an unknown field and for what the engine
/// refuses (caps below N, no facility with demand in its catchment).
engine::AllocationResult allocate_plan_units(const PlanAllocationSpec& spec,
                                             const AccessProblem& problem, const PlanOutcome& plan,
                                             const std::string& scenario_file);

/// The scenario's plan on its study area and access problem (the `run` step "plan").
PlanOutcome plan_scenario(const Scenario& scenario, const StudyArea& area,
                          const AccessProblem& problem, unsigned threads);

}  // namespace equiroute::io
