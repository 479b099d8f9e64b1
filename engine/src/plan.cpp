// solve_plan: checks, solver choice, and the heuristic / exact pipelines.

#include "equiroute/engine/plan.hpp"

#include <cmath>

#include "equiroute/core/error.hpp"
#include "plan_solvers.hpp"

namespace equiroute::engine {

namespace {

using detail::Clock;

bool use_exact(const detail::PlanContext& context, PlanObjective objective,
               const PlanOptions& options) {
  const PlanObjectiveInfo& info = plan_objective_info(objective);
  const std::size_t pairs = context.nearest.entries();
  switch (options.solver) {
    case PlanSolver::Heuristic:
      return false;
    case PlanSolver::Exact:
      if (!info.linear) {
        throw Error("plan: objective '" + std::string(info.name) +
                        "' is not linear and has no exact solver",
                    {.field = "solver"}, ErrorKind::BadInput, "use the heuristic solver");
      }
      if (pairs > options.exact_max_pairs) {
        throw Error("plan: the exact model would have " + std::to_string(pairs) +
                        " demand-site pairs, more than the limit of " +
                        std::to_string(options.exact_max_pairs),
                    {.field = "solver"}, ErrorKind::BadInput,
                    "use the heuristic solver, a travel-time cutoff, or a higher limit");
      }
      return true;
    case PlanSolver::Auto:
      return info.linear && pairs <= options.exact_max_pairs;
  }
  return false;
}

std::string heuristic_name(const PlanOptions& options) {
  return "greedy+interchange (" + std::to_string(std::max<std::size_t>(1, options.starts)) +
         " starts)";
}

}  // namespace

namespace detail {

void check_plan_options(const PlanOptions& options) {
  if (!(options.time_limit_s > 0.0)) {
    throw Error("plan: the time limit must be positive", {.field = "time_limit_s"});
  }
  if (!(options.optimality_gap >= 0.0)) {
    throw Error("plan: the optimality gap must be >= 0", {.field = "optimality_gap"});
  }
}

void check_access_reachable(const PlanContext& context) {
  if (context.access && context.access->point_index.empty()) {
    throw Error(
        "plan: maximin-access: no demand point with population is within the catchment "
        "of any site",
        {.field = "threshold_min"});
  }
}

PlanSolution solve_with(const PlanContext& context, PlanObjective objective, std::size_t k,
                        const PlanOptions& options) {
  const auto started = Clock::now();
  const auto deadline = started + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(options.time_limit_s));
  const bool exact = use_exact(context, objective, options);
  if (objective == PlanObjective::Lscp) {
    check_cover_feasible(context);
  } else {
    check_site_count(context.setup, k);
  }
  // The heuristic runs first in both pipelines: it seeds the MIP with an incumbent.
  const auto heuristic_deadline = exact ? started + (deadline - started) / 5 : deadline;
  const SearchSettings settings{options.starts, heuristic_deadline, options.interchange};
  const HeuristicOutcome h = objective == PlanObjective::Lscp
                                 ? run_lscp_heuristic(context, settings)
                                 : run_heuristic(context, objective, k, settings);
  PlanSolution s;
  if (exact) {
    s = solve_exact(context, objective, k, options, h.best, deadline);
  } else {
    const bool maximise = plan_objective_info(objective).maximise;
    s = make_solution(objective, h.best);
    s.bound = heuristic_bound(context, objective, s.k, s.value, options.bound_iterations, deadline);
    s.gap = relative_gap(s.value, s.bound, maximise);
    // A bound that meets the answer proves it optimal, whichever solver found it.
    s.status = !std::isnan(s.gap) && s.gap <= options.optimality_gap ? PlanStatus::Optimal
                                                                     : PlanStatus::Heuristic;
    s.solver = heuristic_name(options);
    // A bound cut short by the time limit is still valid, but then depends on timing.
    s.time_limit_reached = h.deadline_hit || Clock::now() > deadline;
  }
  s.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return s;
}

}  // namespace detail

PlanSolution solve_plan(const PlanInstance& instance, PlanObjective objective, std::size_t k,
                        const PlanOptions& options) {
  detail::check_plan_options(options);
  const detail::PlanContext context(instance, objective == PlanObjective::MaximinAccess);
  detail::check_access_reachable(context);
  return detail::solve_with(context, objective, k, options);
}

std::vector<PlanSolution> solve_plan_range(const PlanInstance& instance, PlanObjective objective,
                                           std::span<const std::size_t> ks,
                                           const PlanOptions& options) {
  detail::check_plan_options(options);
  const detail::PlanContext context(instance, objective == PlanObjective::MaximinAccess);
  detail::check_access_reachable(context);
  std::vector<PlanSolution> out;
  for (std::size_t k : ks) {
    out.push_back(detail::solve_with(context, objective, k, options));
    if (objective == PlanObjective::Lscp) break;
  }
  return out;
}

}  // namespace equiroute::engine
