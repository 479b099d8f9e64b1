#pragma once
// Private to the engine: the planning solvers behind solve_plan (heuristic, exact, bounds)
// and what they share.

#include <optional>
#include <span>
#include <vector>

#include "mip_solver.hpp"
#include "plan_problem.hpp"
#include "plan_search.hpp"
#include "plan_values.hpp"

namespace equiroute::engine::detail {

/// Everything a solve needs, built once per instance (and reused over k).
struct PlanContext {
  PlanSetup setup;
  NearestProblem nearest;
  std::optional<AccessProblem> access;  ///< built for maximin-access only
  PlanContext(const PlanInstance& instance, bool with_access);
  PlanContext(const PlanContext&) = delete;
  PlanContext& operator=(const PlanContext&) = delete;
};

/// An open set evaluated exactly.
struct Evaluated {
  std::vector<std::uint32_t> sites;  ///< destination indices, ascending
  double value = 0.0;
  PlanMeasures measures;
  Score score;  ///< {sense × value, person-seconds}
};

/// `local_sites`: local selectable indices (any order).
Evaluated evaluate_local(const PlanContext& context, PlanObjective objective,
                         std::span<const std::uint32_t> local_sites);

/// The better of two evaluated sets by the documented rule (score, then lexicographic).
bool preferred(const Evaluated& a, const Evaluated& b);

/// Local indices of an evaluated set.
std::vector<std::uint32_t> local_sites_of(const PlanContext& context, const Evaluated& e);

/// Multi-start greedy + interchange for objectives with fixed k (not lscp).
struct HeuristicOutcome {
  Evaluated best;
  bool deadline_hit = false;
};
HeuristicOutcome run_heuristic(const PlanContext& context, PlanObjective objective, std::size_t k,
                               const SearchSettings& settings);

/// lscp: greedy cover, then fewer sites while the mclp search still covers everyone.
HeuristicOutcome run_lscp_heuristic(const PlanContext& context, const SearchSettings& settings);

/// Throws BadInput naming the first demand point that no site covers within T.
void check_cover_feasible(const PlanContext& context);

/// Best known bound of `objective` with k sites that needs no MIP (Lagrangian relaxation
/// for pmedian / mclp / min-share-beyond, nearest-possible time for pcenter, the k largest
/// contributions per point for maximin-access); NaN when none (min-gini-time, lscp).
/// `incumbent`: the value of a known solution (for the subgradient step).
double heuristic_bound(const PlanContext& context, PlanObjective objective, std::size_t k,
                       double incumbent, std::size_t iterations, Clock::time_point deadline);

/// Relative gap |value − bound| / |value| in the improving direction, ≥ 0; NaN when the
/// bound is NaN.
double relative_gap(double value, double bound, bool maximise);

/// Exact solution with CBC (linear objectives). `incumbent` seeds the search.
PlanSolution solve_exact(const PlanContext& context, PlanObjective objective, std::size_t k,
                         const PlanOptions& options, const Evaluated& incumbent,
                         Clock::time_point deadline);

/// solve_plan on a built context (plan.cpp).
PlanSolution solve_with(const PlanContext& context, PlanObjective objective, std::size_t k,
                        const PlanOptions& options);
void check_plan_options(const PlanOptions& options);
/// maximin-access needs some demand point within some site's catchment.
void check_access_reachable(const PlanContext& context);

/// Fills a PlanSolution from an evaluated set.
PlanSolution make_solution(PlanObjective objective, const Evaluated& e);

}  // namespace equiroute::engine::detail
