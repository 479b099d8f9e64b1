// Bounds for heuristic answers without a MIP: Lagrangian relaxation for p-median
// (Cornuéjols, Fisher & Nemhauser 1977; Beasley 1993, EJOR 65:383–399) and for maximal
// covering (Galvão & ReVelle 1996, EJOR 88:114–123), subgradient optimisation with the
// step of Held, Wolfe & Crowder (1974). Every iterate gives a valid bound; the best is kept
// (also when the time limit stops the iterations).

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "plan_solvers.hpp"

namespace equiroute::engine::detail {

namespace {

/// Σ of the k smallest values (ties by index), and which they are.
double k_smallest(const std::vector<double>& values, std::size_t k,
                  std::vector<std::uint32_t>& chosen) {
  chosen.resize(values.size());
  std::iota(chosen.begin(), chosen.end(), 0u);
  const auto by_value = [&](std::uint32_t a, std::uint32_t b) {
    return values[a] < values[b] || (values[a] == values[b] && a < b);
  };
  std::nth_element(chosen.begin(), chosen.begin() + static_cast<std::ptrdiff_t>(k) - 1,
                   chosen.end(), by_value);
  chosen.resize(k);
  std::sort(chosen.begin(), chosen.end());
  double sum = 0.0;
  for (std::uint32_t s : chosen) sum += values[s];
  return sum;
}

/// Subgradient step control (Beasley 1993): halve the step factor after 20 iterations
/// without a better bound; stop once it falls below 0.005.
struct StepControl {
  double factor = 2.0;
  std::size_t stale = 0;
  void update(bool improved) {
    stale = improved ? 0 : stale + 1;
    if (stale >= 20) {
      factor /= 2.0;
      stale = 0;
    }
  }
  bool exhausted() const { return factor < 0.005; }
};

/// L(λ) = Σ_p λ_p + Σ_p min(0, c_p0 − λ_p) + min_{|S|=k} Σ_{s∈S} Σ_p min(0, c_ps − λ_p),
/// with c = w·min(P, time) and c_p0 the base assignment (always available).
double pmedian_bound(const NearestProblem& problem, std::size_t k, double upper,
                     std::size_t iterations, Clock::time_point deadline) {
  const std::size_t points = problem.base_s.size();
  const double P = problem.penalty_s;
  auto cost = [&](std::size_t p, double t) { return problem.weight[p] * std::min(P, t); };
  std::vector<double> lambda(points);
  for (std::size_t p = 0; p < points; ++p) lambda[p] = cost(p, problem.base_s[p]);
  std::vector<double> rho(problem.site_count), g(points);
  std::vector<std::uint32_t> chosen;
  double best = -std::numeric_limits<double>::infinity();
  StepControl step;
  for (std::size_t it = 0; it < iterations; ++it) {
    const SparseLists& cols = problem.columns;
    tbb::parallel_for(std::size_t{0}, problem.site_count, [&](std::size_t s) {
      double sum = 0.0;
      for (std::size_t e = cols.offsets[s]; e < cols.offsets[s + 1]; ++e) {
        sum += std::min(0.0, cost(cols.index[e], cols.value[e]) - lambda[cols.index[e]]);
      }
      rho[s] = sum;
    });
    double value = k_smallest(rho, k, chosen);
    for (std::size_t p = 0; p < points; ++p) {
      const double base = cost(p, problem.base_s[p]);
      value += lambda[p] + std::min(0.0, base - lambda[p]);
      g[p] = base < lambda[p] ? 0.0 : 1.0;
    }
    for (std::uint32_t s : chosen) {
      for (std::size_t e = cols.offsets[s]; e < cols.offsets[s + 1]; ++e) {
        if (cost(cols.index[e], cols.value[e]) < lambda[cols.index[e]]) g[cols.index[e]] -= 1.0;
      }
    }
    step.update(value > best);
    best = std::max(best, value);
    double norm = 0.0;
    for (double x : g) norm += x * x;
    if (norm == 0.0 || upper - best <= 1e-9 * std::fabs(upper) || step.exhausted() ||
        Clock::now() > deadline) {
      break;
    }
    const double t = step.factor * (upper - value) / norm;
    for (std::size_t p = 0; p < points; ++p) lambda[p] += t * g[p];
  }
  return best;
}

/// U(μ) = W_base + Σ_p max(0, w_p − μ_p) + max_{|S|=k} Σ_{s∈S} Σ_{p ∈ N(s)} μ_p over the
/// points that existing sites do not cover; N(s): points within T of s. μ ≥ 0.
double coverage_bound(const NearestProblem& problem, std::size_t k, double lower,
                      std::size_t iterations, Clock::time_point deadline) {
  const std::size_t points = problem.base_s.size();
  const double T = problem.threshold_s;
  double covered_by_base = 0.0;
  std::vector<double> mu(points, 0.0);
  std::vector<std::uint8_t> open_point(points, 0);
  for (std::size_t p = 0; p < points; ++p) {
    if (problem.base_s[p] <= T) {
      covered_by_base += problem.weight[p];
    } else {
      open_point[p] = 1;
      mu[p] = 0.5 * problem.weight[p];
    }
  }
  std::vector<double> sigma(problem.site_count), h(points);
  std::vector<std::uint32_t> chosen;
  double best = std::numeric_limits<double>::infinity();
  StepControl step;
  const SparseLists& cols = problem.columns;
  for (std::size_t it = 0; it < iterations; ++it) {
    tbb::parallel_for(std::size_t{0}, problem.site_count, [&](std::size_t s) {
      double sum = 0.0;
      for (std::size_t e = cols.offsets[s]; e < cols.offsets[s + 1]; ++e) {
        if (cols.value[e] <= T && open_point[cols.index[e]]) sum -= mu[cols.index[e]];
      }
      sigma[s] = sum;  // negated: the k largest are the k smallest
    });
    double value = covered_by_base - k_smallest(sigma, k, chosen);
    for (std::size_t p = 0; p < points; ++p) {
      h[p] = 0.0;
      if (!open_point[p]) continue;
      value += std::max(0.0, problem.weight[p] - mu[p]);
      h[p] = problem.weight[p] > mu[p] ? -1.0 : 0.0;
    }
    for (std::uint32_t s : chosen) {
      for (std::size_t e = cols.offsets[s]; e < cols.offsets[s + 1]; ++e) {
        if (cols.value[e] <= T && open_point[cols.index[e]]) h[cols.index[e]] += 1.0;
      }
    }
    step.update(value < best);
    best = std::min(best, value);
    double norm = 0.0;
    for (double x : h) norm += x * x;
    if (norm == 0.0 || best - lower <= 1e-9 * std::fabs(lower) || step.exhausted() ||
        Clock::now() > deadline) {
      break;
    }
    const double t = step.factor * (value - lower) / norm;
    for (std::size_t p = 0; p < points; ++p) {
      if (open_point[p]) mu[p] = std::max(0.0, mu[p] - t * h[p]);
    }
  }
  return best;
}

/// max over points some site reaches of the nearest time any site could give.
double center_bound(const NearestProblem& problem) {
  double lowest = 0.0;
  for (std::size_t p = 0; p < problem.base_s.size(); ++p) {
    const bool reachable = std::isfinite(problem.base_s[p]) || problem.rows.size(p) > 0;
    if (!reachable) continue;
    double best = std::min(problem.penalty_s, problem.base_s[p]);
    if (problem.rows.size(p) > 0)
      best = std::min(best, problem.rows.value[problem.rows.offsets[p]]);
    lowest = std::max(lowest, best);
  }
  return lowest;
}

/// min over I* of (base_q + the k largest a_qs): no k sites can give any point more.
double access_bound(const AccessProblem& access, std::size_t k) {
  std::vector<std::vector<double>> rows(access.point_index.size());
  const SparseLists& cols = access.columns;
  for (std::size_t e = 0; e < cols.index.size(); ++e) rows[cols.index[e]].push_back(cols.value[e]);
  double lowest = std::numeric_limits<double>::infinity();
  for (std::size_t q = 0; q < rows.size(); ++q) {
    auto& r = rows[q];
    std::sort(r.begin(), r.end(), std::greater<>());
    double most = access.base_access[q];
    for (std::size_t i = 0; i < std::min(k, r.size()); ++i) most += r[i];
    lowest = std::min(lowest, most);
  }
  return rows.empty() ? 0.0 : lowest;
}

}  // namespace

double heuristic_bound(const PlanContext& context, PlanObjective objective, std::size_t k,
                       double incumbent, std::size_t iterations, Clock::time_point deadline) {
  const NearestProblem& problem = context.nearest;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  switch (objective) {
    case PlanObjective::PMedian:
      return iterations == 0 ? nan : pmedian_bound(problem, k, incumbent, iterations, deadline);
    case PlanObjective::Mclp:
      return iterations == 0 ? nan : coverage_bound(problem, k, incumbent, iterations, deadline);
    case PlanObjective::MinShareBeyond: {
      if (iterations == 0) return nan;
      const double total = context.setup.total_population;
      const double covered =
          coverage_bound(problem, k, total * (1.0 - incumbent), iterations, deadline);
      return std::max(0.0, (total - covered) / total);
    }
    case PlanObjective::PCenter:
      return center_bound(problem);
    case PlanObjective::MaximinAccess:
      return access_bound(*context.access, k);
    case PlanObjective::Lscp:
    case PlanObjective::MinGiniTime:
      return nan;
  }
  return nan;
}

}  // namespace equiroute::engine::detail
