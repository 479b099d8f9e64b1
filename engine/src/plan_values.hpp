#pragma once
// Private to the engine: exact measures of one open set (plan_objectives.cpp).

#include <cstdint>
#include <span>
#include <vector>

#include "plan_problem.hpp"

namespace equiroute::engine::detail {

/// Measures of an open set over all demand points.
struct PlanMeasures {
  std::vector<double> capped_times;  ///< t_i = min(P, nearest open site), P when unreached
  double person_s = 0.0;             ///< Σ w_i t_i
  double covered_population = 0.0;   ///< Σ w_i [nearest time in the matrix ≤ T]
  double unreached_population = 0.0;
  double max_time_s = 0.0;  ///< max t_i over w_i > 0 and some site in the matrix
};

/// `sites`: chosen selectable sites (destination indices, any order).
PlanMeasures measure_plan(const PlanSetup& setup, std::span<const std::uint32_t> sites);

/// The objective's value in the unit of its definition. `access`: the instance's
/// AccessProblem when already built (maximin-access builds it otherwise).
double objective_value(const PlanSetup& setup, PlanObjective objective,
                       std::span<const std::uint32_t> sites, const PlanMeasures& measures,
                       const AccessProblem* access = nullptr);

/// Gini (methods.md §2, engine::gini) of `times` weighted by `population`: resource
/// w_i·t_i against weight w_i; 0 when every time is 0.
double gini_of_times(std::span<const double> times, std::span<const double> population);

}  // namespace equiroute::engine::detail
