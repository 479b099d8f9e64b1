// The heuristic solvers (multi-start greedy + interchange; lscp by shrinking covers) and
// the exact evaluation that decides between their results.

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "equiroute/core/error.hpp"
#include "plan_solvers.hpp"

namespace equiroute::engine::detail {

PlanContext::PlanContext(const PlanInstance& instance, bool with_access)
    : setup(make_plan_setup(instance)), nearest(make_nearest_problem(setup)) {
  if (with_access) access.emplace(make_access_problem(setup));
}

Evaluated evaluate_local(const PlanContext& context, PlanObjective objective,
                         std::span<const std::uint32_t> local_sites) {
  Evaluated e;
  for (std::uint32_t s : local_sites) e.sites.push_back(context.setup.selectable[s]);
  std::sort(e.sites.begin(), e.sites.end());
  e.measures = measure_plan(context.setup, e.sites);
  e.value = objective_value(context.setup, objective, e.sites, e.measures,
                            context.access ? &*context.access : nullptr);
  const double sense = plan_objective_info(objective).maximise ? -1.0 : 1.0;
  e.score = {sense * e.value, e.measures.person_s};
  return e;
}

bool preferred(const Evaluated& a, const Evaluated& b) {
  if (better(a.score, b.score)) return true;
  if (better(b.score, a.score)) return false;
  return a.sites < b.sites;
}

std::vector<std::uint32_t> local_sites_of(const PlanContext& context, const Evaluated& e) {
  std::vector<std::uint32_t> local;
  const auto& selectable = context.setup.selectable;
  for (std::uint32_t j : e.sites) {
    local.push_back(static_cast<std::uint32_t>(
        std::lower_bound(selectable.begin(), selectable.end(), j) - selectable.begin()));
  }
  return local;
}

namespace {

ObjectiveFactory factory_for(const PlanContext& context, PlanObjective objective) {
  return [&context, objective] {
    return make_search_objective(objective, context.nearest,
                                 context.access ? &*context.access : nullptr);
  };
}

HeuristicOutcome best_of(const PlanContext& context, PlanObjective objective,
                         const std::vector<SearchResult>& results) {
  HeuristicOutcome out;
  bool first = true;
  for (const SearchResult& r : results) {
    out.deadline_hit = out.deadline_hit || r.deadline_hit;
    Evaluated e = evaluate_local(context, objective, r.sites);
    if (first || preferred(e, out.best)) out.best = std::move(e);
    first = false;
  }
  return out;
}

std::string minutes_text(double seconds) {
  std::ostringstream text;
  text << std::setprecision(6) << seconds / 60.0 << " min";
  return text.str();
}

bool covers_everyone(const SearchState& state, double threshold_s) {
  for (double t : state.nearest()) {
    if (!(t <= threshold_s)) return false;
  }
  return true;
}

}  // namespace

HeuristicOutcome run_heuristic(const PlanContext& context, PlanObjective objective, std::size_t k,
                               const SearchSettings& settings) {
  const auto results = search_starts(context.nearest, factory_for(context, objective), k, settings);
  return best_of(context, objective, results);
}

void check_cover_feasible(const PlanContext& context) {
  const NearestProblem& problem = context.nearest;
  for (std::size_t p = 0; p < problem.base_s.size(); ++p) {
    const bool by_existing = problem.base_s[p] <= problem.threshold_s;
    const bool by_candidate = problem.rows.size(p) > 0 &&
                              problem.rows.value[problem.rows.offsets[p]] <= problem.threshold_s;
    if (by_existing || by_candidate) continue;
    const std::string id = context.setup.demand_name(problem.point_index[p]);
    throw Error("plan: lscp is infeasible: demand point '" + id + "' (population " +
                    std::to_string(static_cast<long long>(std::llround(problem.weight[p]))) +
                    ") has no site within " + minutes_text(context.setup.threshold_s),
                {.feature_id = id}, ErrorKind::BadInput,
                "raise the threshold, add candidate sites near it, or use mclp");
  }
}

HeuristicOutcome run_lscp_heuristic(const PlanContext& context, const SearchSettings& settings) {
  check_cover_feasible(context);
  // Greedy cover: add the site that covers the most uncovered population until all are.
  SearchState state(context.nearest);
  auto objective = make_search_objective(PlanObjective::Mclp, context.nearest, nullptr);
  while (!covers_everyone(state, context.nearest.threshold_s)) {
    greedy(state, *objective, state.open_sites().size() + 1);
  }
  HeuristicOutcome out;
  out.best = evaluate_local(context, PlanObjective::Lscp, state.open_sites());
  // Fewer sites while the mclp search still finds a cover.
  // (No site at all when the existing sites already cover everyone.)
  for (std::size_t k = out.best.sites.size(); k-- > 1;) {
    const auto results =
        search_starts(context.nearest, factory_for(context, PlanObjective::Mclp), k, settings);
    HeuristicOutcome smaller = best_of(context, PlanObjective::Mclp, results);
    out.deadline_hit = out.deadline_hit || smaller.deadline_hit;
    SearchState check(context.nearest);
    for (std::uint32_t s : local_sites_of(context, smaller.best)) check.open(s);
    if (!covers_everyone(check, context.nearest.threshold_s)) break;
    out.best = evaluate_local(context, PlanObjective::Lscp, local_sites_of(context, smaller.best));
    if (out.deadline_hit) break;
  }
  return out;
}

double relative_gap(double value, double bound, bool maximise) {
  if (std::isnan(bound)) return bound;
  const double diff = std::max(0.0, maximise ? bound - value : value - bound);
  if (diff == 0.0) return 0.0;
  return value == 0.0 ? std::numeric_limits<double>::infinity() : diff / std::fabs(value);
}

PlanSolution make_solution(PlanObjective objective, const Evaluated& e) {
  const PlanObjectiveInfo& info = plan_objective_info(objective);
  PlanSolution s;
  s.objective = objective;
  s.sites = e.sites;
  s.k = e.sites.size();
  s.value = e.value;
  s.unit = info.unit;
  s.person_s = e.measures.person_s;
  s.covered_population = e.measures.covered_population;
  s.unreached_population = e.measures.unreached_population;
  return s;
}

}  // namespace equiroute::engine::detail
