#pragma once
// Two-objective trade-off of what-if planning (issue 14): efficiency (e.g. pmedian) against
// one equity measure (e.g. min-gini-time), reported as the non-dominated solutions for each
// k. For every k the two single-objective optima fix the ideal and the worst value of each
// measure; weighted sums of the two normalised measures, (1 − λ)·ê + λ·q̂ over a grid of λ
// in (0, 1), are then minimised by the heuristic (weighted-sum scalarisation, Cohon 1978,
// "Multiobjective Programming and Planning"). Weighted sums find the supported
// (convex-hull) points of the front; every distinct solution found is returned, flagged
// when another solution of the same k is at least as good in both measures and better in
// one (1e-9 relative).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "equiroute/engine/plan.hpp"

namespace equiroute::engine {

struct TradeoffOptions {
  PlanObjective efficiency = PlanObjective::PMedian;
  PlanObjective equity = PlanObjective::MinGiniTime;
  std::vector<std::size_t> ks{1};  ///< e.g. 1..K
  /// λ grid size including 0 and 1 (≥ 2): λ_m = m / (weights − 1). 2 gives just the two
  /// single-objective optima per k (a trade-off over k).
  std::size_t weights = 5;
  /// Solver options of every solve (λ = 0 and 1 use solve_plan's choice; 0 < λ < 1 the
  /// heuristic).
  PlanOptions options;
};

struct TradeoffPoint {
  std::size_t k = 0;
  double weight = 0.0;               ///< λ of the first scalarisation that found the solution
  std::vector<std::uint32_t> sites;  ///< destination indices, ascending
  double efficiency = 0.0;           ///< exact value of TradeoffOptions::efficiency
  double equity = 0.0;               ///< exact value of TradeoffOptions::equity
  bool non_dominated = true;         ///< among the points of the same k
};

/// All distinct solutions, ordered by k, then efficiency (best first). Throws
/// equiroute::Error (BadInput) when an objective is lscp, the two are the same, weights < 2,
/// or as solve_plan.
std::vector<TradeoffPoint> plan_tradeoff(const PlanInstance& instance,
                                         const TradeoffOptions& options);

}  // namespace equiroute::engine
