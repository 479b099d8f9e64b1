// The continuous relaxation of the allocation as a convex QP with COIN-OR CLP, and the
// linearisation bound that certifies it: for convex Q and any feasible x,
//     Q* ≥ Q(x) + min_{s feasible} ∇Q(x)·(s − x)   (Frank & Wolfe 1956).

#include <ClpSimplex.hpp>
#include <CoinPackedMatrix.hpp>
#include <algorithm>
#include <cmath>

#include "allocation_model.hpp"

namespace equiroute::engine::detail {

namespace {

double certified(const AllocationModel& model, const std::vector<double>& x) {
  const std::vector<double> g = model.gradient(x);
  double at_x = 0.0;
  for (std::size_t j = 0; j < model.m; ++j) at_x += g[j] * x[j];
  return model.value(x) + linear_minimum(model, g) - at_x;
}

/// CLP's QP optimum of ½ xᵀHx + linear·x over Σ x = N, 0 ≤ x ≤ cap (scaled so that the
/// largest Hessian diagonal is 1), or empty when CLP does not report optimality.
std::vector<double> solve_relaxation(const AllocationModel& model) {
  const std::size_t m = model.m;
  double scale = 0.0;
  for (std::size_t j = 0; j < m; ++j) scale = std::max(scale, model.h(j, j));
  if (!(scale > 0.0)) return {};
  std::vector<int> rows, columns;
  std::vector<double> values;
  // CLP takes one triangle of the symmetric Hessian (rows ≤ column).
  for (std::size_t b = 0; b < m; ++b) {
    for (std::size_t a = 0; a <= b; ++a) {
      if (model.h(a, b) == 0.0) continue;
      rows.push_back(static_cast<int>(a));
      columns.push_back(static_cast<int>(b));
      values.push_back(model.h(a, b) / scale);
    }
  }
  const CoinPackedMatrix hessian(true, rows.data(), columns.data(), values.data(),
                                 static_cast<CoinBigIndex>(values.size()));
  std::vector<int> one_row(m, 0), all_columns(m);
  std::vector<double> ones(m, 1.0), cost(m), lower(m, 0.0);
  for (std::size_t j = 0; j < m; ++j) {
    all_columns[j] = static_cast<int>(j);
    cost[j] = model.linear[j] / scale;
  }
  CoinPackedMatrix budget(true, one_row.data(), all_columns.data(), ones.data(),
                          static_cast<CoinBigIndex>(m));
  budget.setDimensions(1, static_cast<int>(m));
  ClpSimplex clp;
  clp.messageHandler()->setLogLevel(0);
  const double row_bound = model.units;
  clp.loadProblem(budget, lower.data(), model.cap.data(), cost.data(), &row_bound, &row_bound);
  CoinPackedMatrix sized(hessian);
  sized.setDimensions(static_cast<int>(m), static_cast<int>(m));
  clp.loadQuadraticObjective(sized);
  clp.primal();
  if (clp.status() != 0) return {};
  const double* x = clp.primalColumnSolution();
  std::vector<double> solution(x, x + m);
  // Back into the feasible set exactly (CLP's tolerances): clip, then fix the sum.
  double sum = 0.0;
  for (std::size_t j = 0; j < m; ++j) {
    solution[j] = std::clamp(solution[j], 0.0, model.cap[j]);
    sum += solution[j];
  }
  for (std::size_t j = 0; j < m && sum != model.units; ++j) {
    const double room = sum < model.units ? model.cap[j] - solution[j] : -solution[j];
    const double step =
        sum < model.units ? std::min(room, model.units - sum) : std::max(room, model.units - sum);
    solution[j] += step;
    sum += step;
  }
  return solution;
}

}  // namespace

QpBound continuous_bound(const AllocationModel& model, const std::vector<double>& integer) {
  QpBound bound;
  bound.value = certified(model, integer);
  const std::vector<double> x = solve_relaxation(model);
  if (!x.empty()) {
    bound.qp_solved = true;
    bound.value = std::max(bound.value, certified(model, x));
  }
  return bound;
}

}  // namespace equiroute::engine::detail
