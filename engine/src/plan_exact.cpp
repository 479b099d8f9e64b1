// Exact planning with CBC: one MIP per objective (pcenter: a search over radii with set
// covering tests), then a second MIP that breaks ties by person-seconds among the optima.

#include <algorithm>
#include <cmath>

#include "plan_mip_models.hpp"
#include "plan_solvers.hpp"

namespace equiroute::engine::detail {

namespace {

struct ExactRun {
  Evaluated best;
  double bound = std::numeric_limits<double>::quiet_NaN();  ///< in the objective's unit
  bool proven = false;                                      ///< primary proven optimal
  bool ties_proven = false;  ///< the person-seconds tie-break proven as well
  bool time_limit = false;
};

double seconds_left(Clock::time_point deadline) {
  return std::max(0.05, std::chrono::duration<double>(deadline - Clock::now()).count());
}

bool time_left(Clock::time_point deadline) { return Clock::now() < deadline; }

MipOutcome run(const MipProblem& model, const PlanOptions& options, Clock::time_point deadline,
               std::vector<double> start) {
  return solve_mip(model, {seconds_left(deadline), options.optimality_gap, std::move(start)});
}

/// Keeps the MIP's answer when it is preferred (and has the expected number of sites).
void consider(const PlanContext& context, PlanObjective objective, const MipOutcome& out,
              std::size_t k, ExactRun& r) {
  if (!out.has_solution) return;
  const auto sites = open_sites_of(out.x, context.nearest.site_count);
  if (k > 0 && sites.size() != k) return;
  Evaluated e = evaluate_local(context, objective, sites);
  if (preferred(e, r.best)) r.best = std::move(e);
}

/// Vertex substitution from r.best with the search objective (primary, then
/// person-seconds): a quick, deterministic improvement of the tie-break before the MIP.
void polish(const PlanContext& context, PlanObjective objective, ExactRun& r) {
  const PlanObjective search = objective == PlanObjective::Lscp ? PlanObjective::Mclp : objective;
  SearchState state(context.nearest);
  for (std::uint32_t s : local_sites_of(context, r.best)) state.open(s);
  auto scorer =
      make_search_objective(search, context.nearest, context.access ? &*context.access : nullptr);
  interchange(state, *scorer, Clock::time_point::max());
  Evaluated e = evaluate_local(context, objective, state.open_sites());
  if (preferred(e, r.best)) r.best = std::move(e);
}

/// Second phase: the p-median among solutions at least as good as r.best on the primary,
/// started from r.best after a polish.
void break_ties(const PlanContext& context, PlanObjective objective, std::size_t k,
                const PMedianExtras& extras, const PlanOptions& options, Clock::time_point deadline,
                ExactRun& r) {
  polish(context, objective, r);
  if (!time_left(deadline)) return;
  const MipProblem model = pmedian_model(context.nearest, k, extras);
  const MipOutcome out =
      run(model, options, deadline, start_vector(model, local_sites_of(context, r.best)));
  r.time_limit = r.time_limit || out.time_limit_reached;
  consider(context, objective, out, k, r);
  r.ties_proven = out.proven_optimal;
}

ExactRun exact_pmedian(const PlanContext& context, std::size_t k, const PlanOptions& options,
                       Clock::time_point deadline, ExactRun r) {
  const MipProblem model = pmedian_model(context.nearest, k);
  const MipOutcome out =
      run(model, options, deadline, start_vector(model, local_sites_of(context, r.best)));
  consider(context, PlanObjective::PMedian, out, k, r);
  r.bound = out.bound;
  r.proven = out.proven_optimal;
  r.ties_proven = r.proven;  // pmedian is its own tie-break
  r.time_limit = out.time_limit_reached;
  return r;
}

ExactRun exact_coverage(const PlanContext& context, PlanObjective objective, std::size_t k,
                        const PlanOptions& options, Clock::time_point deadline, ExactRun r) {
  const MipProblem model = coverage_model(context.nearest, k);
  const MipOutcome out =
      run(model, options, deadline, start_vector(model, local_sites_of(context, r.best)));
  consider(context, objective, out, k, r);
  const double covered_bound = -out.bound;
  const double total = context.setup.total_population;
  r.bound = objective == PlanObjective::Mclp ? covered_bound : (total - covered_bound) / total;
  r.proven = out.proven_optimal;
  r.time_limit = out.time_limit_reached;
  if (r.proven) {
    break_ties(context, objective, k, {.coverage_floor = r.best.measures.covered_population},
               options, deadline, r);
  }
  return r;
}

/// Distinct capped times that the largest time can take, ascending.
std::vector<double> center_levels(const NearestProblem& problem) {
  std::vector<double> levels;
  for (std::size_t p = 0; p < problem.base_s.size(); ++p) {
    const bool reachable = std::isfinite(problem.base_s[p]) || problem.rows.size(p) > 0;
    if (!reachable) continue;
    levels.push_back(std::min(problem.penalty_s, problem.base_s[p]));
    for (std::size_t e = problem.rows.offsets[p]; e < problem.rows.offsets[p + 1]; ++e) {
      levels.push_back(std::min(problem.penalty_s, problem.rows.value[e]));
    }
  }
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  return levels;
}

/// The sites of `cover` plus the lowest-index closed sites up to k.
std::vector<std::uint32_t> pad_sites(std::vector<std::uint32_t> cover, std::size_t k,
                                     std::size_t site_count) {
  std::vector<std::uint8_t> open(site_count, 0);
  for (std::uint32_t s : cover) open[s] = 1;
  for (std::uint32_t s = 0; s < site_count && cover.size() < k; ++s) {
    if (!open[s]) cover.push_back(s);
  }
  std::sort(cover.begin(), cover.end());
  return cover;
}

/// Minieka (1970): the p-center radius is the smallest travel time R for which k sites
/// cover every point within R; binary search over the candidate times, each test a set
/// covering MIP with at most k sites.
ExactRun exact_center(const PlanContext& context, std::size_t k, const PlanOptions& options,
                      Clock::time_point deadline, ExactRun r) {
  const NearestProblem& problem = context.nearest;
  const std::vector<double> levels = center_levels(problem);
  double lowest = 0.0;  // max over points of the best time any site could give
  for (std::size_t p = 0; p < problem.base_s.size(); ++p) {
    double best = std::min(problem.penalty_s, problem.base_s[p]);
    if (problem.rows.size(p) > 0)
      best = std::min(best, problem.rows.value[problem.rows.offsets[p]]);
    if (std::isfinite(problem.base_s[p]) || problem.rows.size(p) > 0)
      lowest = std::max(lowest, best);
  }
  auto index_of = [&](double v) {
    return static_cast<std::size_t>(std::lower_bound(levels.begin(), levels.end(), v) -
                                    levels.begin());
  };
  std::size_t lo = index_of(lowest);
  std::size_t hi = std::min(index_of(r.best.value), levels.size() - 1);
  std::vector<std::uint32_t> cover = local_sites_of(context, r.best);
  bool decided = true;
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    const double radius = levels[mid];
    if (radius >= problem.penalty_s) {
      hi = mid;  // every time is capped at P: any k sites do
      continue;
    }
    bool impossible = false;
    const MipProblem model = cover_model(problem, radius, k, false, impossible);
    if (impossible) {
      lo = mid + 1;
      continue;
    }
    if (!time_left(deadline)) {
      decided = false;
      break;
    }
    const MipOutcome out = run(model, options, deadline, {});
    r.time_limit = r.time_limit || out.time_limit_reached;
    if (out.has_solution) {
      hi = mid;
      cover = open_sites_of(out.x, problem.site_count);
    } else if (out.proven_infeasible) {
      lo = mid + 1;
    } else {
      decided = false;
      break;
    }
  }
  r.bound = levels[lo];
  r.proven = decided;
  const double radius = levels[hi];
  Evaluated padded =
      evaluate_local(context, PlanObjective::PCenter, pad_sites(cover, k, problem.site_count));
  if (preferred(padded, r.best)) r.best = std::move(padded);
  const double limit =
      radius < problem.penalty_s ? radius : std::numeric_limits<double>::infinity();
  if (decided)
    break_ties(context, PlanObjective::PCenter, k, {.radius_s = limit}, options, deadline, r);
  return r;
}

ExactRun exact_cover(const PlanContext& context, const PlanOptions& options,
                     Clock::time_point deadline, ExactRun r) {
  bool impossible = false;
  const MipProblem model =
      cover_model(context.nearest, context.nearest.threshold_s, 0, true, impossible);
  const MipOutcome out =
      run(model, options, deadline, start_vector(model, local_sites_of(context, r.best)));
  consider(context, PlanObjective::Lscp, out, 0, r);
  r.bound = std::ceil(out.bound - 1e-6);
  r.proven = out.proven_optimal;
  r.time_limit = out.time_limit_reached;
  if (r.proven) {
    break_ties(context, PlanObjective::Lscp, r.best.sites.size(),
               {.radius_s = context.nearest.threshold_s}, options, deadline, r);
  }
  return r;
}

ExactRun exact_maximin(const PlanContext& context, std::size_t k, const PlanOptions& options,
                       Clock::time_point deadline, ExactRun r) {
  double scale = 1.0;
  const AccessProblem& access = *context.access;
  const MipProblem model = maximin_model(access, context.nearest.site_count, k, scale);
  const MipOutcome out =
      run(model, options, deadline, start_vector(model, local_sites_of(context, r.best)));
  consider(context, PlanObjective::MaximinAccess, out, k, r);
  r.bound = -out.bound * scale;
  r.proven = out.proven_optimal;
  r.time_limit = out.time_limit_reached;
  if (r.proven) {
    break_ties(context, PlanObjective::MaximinAccess, k,
               {.access = &access, .access_floor = r.best.value}, options, deadline, r);
  }
  return r;
}

}  // namespace

PlanSolution solve_exact(const PlanContext& context, PlanObjective objective, std::size_t k,
                         const PlanOptions& options, const Evaluated& incumbent,
                         Clock::time_point deadline) {
  ExactRun start;
  start.best = incumbent;
  ExactRun r;
  switch (objective) {
    case PlanObjective::PMedian:
      r = exact_pmedian(context, k, options, deadline, start);
      break;
    case PlanObjective::Mclp:
    case PlanObjective::MinShareBeyond:
      r = exact_coverage(context, objective, k, options, deadline, start);
      break;
    case PlanObjective::PCenter:
      r = exact_center(context, k, options, deadline, start);
      break;
    case PlanObjective::Lscp:
      r = exact_cover(context, options, deadline, start);
      break;
    case PlanObjective::MaximinAccess:
      r = exact_maximin(context, k, options, deadline, start);
      break;
    case PlanObjective::MinGiniTime:
      break;  // not linear: rejected by solve_plan
  }
  const bool maximise = plan_objective_info(objective).maximise;
  PlanSolution s = make_solution(objective, r.best);
  s.bound = r.bound;
  s.gap = relative_gap(s.value, r.bound, maximise);
  s.time_limit_reached = r.time_limit;
  s.tie_break_proven = r.proven && r.ties_proven;
  const bool within = !std::isnan(s.gap) && s.gap <= options.optimality_gap;
  s.status = (r.proven || within)  ? PlanStatus::Optimal
             : std::isnan(s.bound) ? PlanStatus::Heuristic
                                   : PlanStatus::Gap;
  s.solver = mip_solver_name();
  return s;
}

}  // namespace equiroute::engine::detail
