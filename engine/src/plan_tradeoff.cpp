// Efficiency–equity trade-off: single-objective optima per k, then weighted sums of the
// normalised measures searched by the heuristic; non-dominated points flagged.

#include "equiroute/engine/plan_tradeoff.hpp"

#include <algorithm>
#include <cmath>

#include "equiroute/core/error.hpp"
#include "plan_solvers.hpp"

namespace equiroute::engine {

namespace {

using detail::Evaluated;
using detail::PlanContext;

void check_tradeoff(const TradeoffOptions& options) {
  if (options.efficiency == PlanObjective::Lscp || options.equity == PlanObjective::Lscp) {
    throw Error("plan trade-off: lscp has no k to trade over", {.field = "objective"});
  }
  if (options.efficiency == options.equity) {
    throw Error("plan trade-off: the two objectives must differ", {.field = "objective"});
  }
  if (options.weights < 2) {
    throw Error("plan trade-off: the weight grid needs at least 2 values (0 and 1)",
                {.field = "weights"});
  }
  detail::check_plan_options(options.options);
}

/// Exact values of both measures for one set.
TradeoffPoint point_of(const PlanContext& context, const TradeoffOptions& options, std::size_t k,
                       double weight, const std::vector<std::uint32_t>& sites) {
  const std::vector<std::uint32_t> local =
      detail::local_sites_of(context, Evaluated{.sites = sites});
  TradeoffPoint p;
  p.k = k;
  p.weight = weight;
  p.sites = sites;
  p.efficiency = detail::evaluate_local(context, options.efficiency, local).value;
  p.equity = detail::evaluate_local(context, options.equity, local).value;
  return p;
}

double min_form(PlanObjective objective, double value) {
  return plan_objective_info(objective).maximise ? -value : value;
}

/// Heuristic minimum of the weighted sum for one λ.
std::vector<std::uint32_t> weighted_search(const PlanContext& context,
                                           const TradeoffOptions& options, std::size_t k,
                                           const detail::CompositeScales& scales) {
  const detail::AccessProblem* access = context.access ? &*context.access : nullptr;
  const detail::ObjectiveFactory factory = [&] {
    return detail::make_composite_objective(
        detail::make_search_objective(options.efficiency, context.nearest, access),
        detail::make_search_objective(options.equity, context.nearest, access), scales);
  };
  const auto deadline =
      detail::Clock::now() + std::chrono::duration_cast<detail::Clock::duration>(
                                 std::chrono::duration<double>(options.options.time_limit_s));
  const auto results = detail::search_starts(
      context.nearest, factory, k, {options.options.starts, deadline, options.options.interchange});
  // The best start by the exact weighted sum (ties: person-seconds, then lexicographic).
  Evaluated best;
  bool first = true;
  for (const auto& r : results) {
    Evaluated e = detail::evaluate_local(context, options.efficiency, r.sites);
    const double q = detail::evaluate_local(context, options.equity, r.sites).value;
    const double ne = (min_form(options.efficiency, e.value) - scales.efficiency_best) /
                      (scales.efficiency_worst - scales.efficiency_best);
    const double nq = (min_form(options.equity, q) - scales.equity_best) /
                      (scales.equity_worst - scales.equity_best);
    e.score = {(1.0 - scales.weight) * ne + scales.weight * nq, e.measures.person_s};
    if (first || detail::preferred(e, best)) best = std::move(e);
    first = false;
  }
  return best.sites;
}

void mark_dominated(std::vector<TradeoffPoint>& points, const TradeoffOptions& options) {
  auto at_least = [](double a, double b) {  // a no worse than b (min-form)
    return a <= b + 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)});
  };
  auto strictly = [](double a, double b) {
    return a < b - 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)});
  };
  for (auto& a : points) {
    const double ae = min_form(options.efficiency, a.efficiency);
    const double aq = min_form(options.equity, a.equity);
    for (const auto& b : points) {
      if (&a == &b || a.k != b.k) continue;
      const double be = min_form(options.efficiency, b.efficiency);
      const double bq = min_form(options.equity, b.equity);
      if (at_least(be, ae) && at_least(bq, aq) && (strictly(be, ae) || strictly(bq, aq))) {
        a.non_dominated = false;
        break;
      }
    }
  }
}

/// The points of one k.
void trade_one_k(const PlanContext& context, const TradeoffOptions& options, std::size_t k,
                 std::vector<TradeoffPoint>& out) {
  const std::size_t begin = out.size();
  auto add = [&](double weight, const std::vector<std::uint32_t>& sites) {
    for (std::size_t i = begin; i < out.size(); ++i) {
      if (out[i].sites == sites) return;
    }
    out.push_back(point_of(context, options, k, weight, sites));
  };
  const PlanSolution e = detail::solve_with(context, options.efficiency, k, options.options);
  const PlanSolution q = detail::solve_with(context, options.equity, k, options.options);
  add(0.0, e.sites);
  add(1.0, q.sites);
  detail::CompositeScales scales;
  scales.efficiency_best = min_form(options.efficiency, out[begin].efficiency);
  scales.equity_worst = min_form(options.equity, out[begin].equity);
  const TradeoffPoint& last = out.back();
  scales.efficiency_worst = min_form(options.efficiency, last.efficiency);
  scales.equity_best = min_form(options.equity, last.equity);
  // One solution is best in both measures: nothing to trade.
  if (!(scales.efficiency_worst > scales.efficiency_best) ||
      !(scales.equity_worst > scales.equity_best)) {
    return;
  }
  for (std::size_t m = 1; m + 1 < options.weights; ++m) {
    scales.weight = static_cast<double>(m) / static_cast<double>(options.weights - 1);
    add(scales.weight, weighted_search(context, options, k, scales));
  }
}

}  // namespace

std::vector<TradeoffPoint> plan_tradeoff(const PlanInstance& instance,
                                         const TradeoffOptions& options) {
  check_tradeoff(options);
  const bool access = options.efficiency == PlanObjective::MaximinAccess ||
                      options.equity == PlanObjective::MaximinAccess;
  const PlanContext context(instance, access);
  detail::check_access_reachable(context);
  std::vector<TradeoffPoint> out;
  for (std::size_t k : options.ks) trade_one_k(context, options, k, out);
  mark_dominated(out, options);
  std::stable_sort(out.begin(), out.end(), [&](const TradeoffPoint& a, const TradeoffPoint& b) {
    if (a.k != b.k) return a.k < b.k;
    return min_form(options.efficiency, a.efficiency) < min_form(options.efficiency, b.efficiency);
  });
  return out;
}

}  // namespace equiroute::engine
