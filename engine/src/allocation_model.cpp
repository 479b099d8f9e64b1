// The allocation quadratic, its greedy + exchange search and the enumeration for small
// instances.

#include "allocation_model.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace equiroute::engine::detail {

double AllocationModel::value(const std::vector<double>& n) const {
  double q = constant;
  for (std::size_t a = 0; a < m; ++a) {
    if (n[a] == 0.0) continue;
    double hn = 0.0;
    for (std::size_t b = 0; b < m; ++b) hn += h(a, b) * n[b];
    q += n[a] * (linear[a] + 0.5 * hn);
  }
  return q;
}

std::vector<double> AllocationModel::gradient(const std::vector<double>& n) const {
  std::vector<double> g(linear);
  for (std::size_t a = 0; a < m; ++a) {
    for (std::size_t b = 0; b < m; ++b) g[a] += h(a, b) * n[b];
  }
  return g;
}

AllocationModel make_allocation_model(const AllocationInput& input,
                                      const std::vector<double>& access_before,
                                      const std::vector<double>& inverse_demand,
                                      const std::vector<double>& caps) {
  const CostMatrix& costs = input.costs;
  const CatchmentWeight weight =
      input.weight ? *input.weight : CatchmentWeight::binary(input.threshold_min);
  AllocationModel model;
  model.m = costs.destination_count;
  model.hessian.assign(model.m * model.m, 0.0);
  model.linear.assign(model.m, 0.0);
  model.cap = caps;
  model.units = static_cast<double>(input.new_units);
  std::vector<std::pair<std::size_t, double>> row;
  for (std::size_t i = 0; i < costs.origin_count; ++i) {
    const double p = input.population[i];
    if (!(p > 0.0)) continue;
    row.clear();
    auto dest = costs.row_destinations(i);
    auto time = costs.row_travel_s(i);
    for (std::size_t e = 0; e < dest.size(); ++e) {
      const double a = weight.at_s(time[e]) * inverse_demand[dest[e]];
      if (a > 0.0) row.emplace_back(dest[e], a);  // NaN (no demand) fails the test
    }
    const double c = access_before[i];
    model.constant += p * c * c;
    for (const auto& [j, a] : row) {
      model.linear[j] += 2.0 * p * a * c;
      for (const auto& [l, b] : row) model.hessian[j * model.m + l] += 2.0 * p * a * b;
    }
  }
  return model;
}

std::vector<double> allocate_greedy_exchange(const AllocationModel& model) {
  const std::size_t m = model.m;
  std::vector<double> n(m, 0.0);
  std::vector<double> g = model.gradient(n);
  auto add = [&](std::size_t b, double sign) {
    n[b] += sign;
    for (std::size_t a = 0; a < m; ++a) g[a] += sign * model.h(a, b);
  };
  // Greedy: each unit where Q grows least (ΔQ = g_b + H_bb / 2); ties: lowest index.
  for (double unit = 0; unit < model.units; ++unit) {
    std::size_t best = m;
    double best_delta = 0.0;
    for (std::size_t b = 0; b < m; ++b) {
      if (n[b] >= model.cap[b]) continue;
      const double delta = g[b] + 0.5 * model.h(b, b);
      if (best == m || delta < best_delta) {
        best = b;
        best_delta = delta;
      }
    }
    add(best, 1.0);
  }
  // Exchanges: move one unit a → b while ΔQ = g_b − g_a + (H_aa + H_bb − 2 H_ab)/2 < 0.
  const double tolerance = 1e-12 * std::max(1.0, std::fabs(model.value(n)));
  for (std::size_t moves = 0; moves < 1000000; ++moves) {
    std::size_t from = m, to = m;
    double best_delta = -tolerance;
    for (std::size_t a = 0; a < m; ++a) {
      if (n[a] < 1.0) continue;
      for (std::size_t b = 0; b < m; ++b) {
        if (b == a || n[b] >= model.cap[b]) continue;
        const double delta =
            g[b] - g[a] + 0.5 * (model.h(a, a) + model.h(b, b) - 2.0 * model.h(a, b));
        if (delta < best_delta) {
          best_delta = delta;
          from = a;
          to = b;
        }
      }
    }
    if (from == m) break;
    add(from, -1.0);
    add(to, 1.0);
  }
  return n;
}

std::vector<double> allocate_by_enumeration(const AllocationModel& model, std::size_t limit) {
  // Facilities that can take units, and the number of allocations (saturating count).
  std::vector<std::size_t> open;
  for (std::size_t j = 0; j < model.m; ++j) {
    if (model.cap[j] > 0) open.push_back(j);
  }
  const std::size_t units = static_cast<std::size_t>(model.units);
  // ways[r] = allocations of r units over the facilities processed so far
  std::vector<double> ways(units + 1, 0.0);
  ways[0] = 1.0;
  for (std::size_t j : open) {
    std::vector<double> next(units + 1, 0.0);
    for (std::size_t r = 0; r <= units; ++r) {
      for (std::size_t u = 0; u <= std::min<std::size_t>(r, static_cast<std::size_t>(model.cap[j]));
           ++u) {
        next[r] = std::min(next[r] + ways[r - u], 1e18);
      }
    }
    ways = std::move(next);
  }
  if (ways[units] > static_cast<double>(limit)) return {};
  std::vector<double> n(model.m, 0.0), best;
  double best_value = 0.0;
  std::function<void(std::size_t, std::size_t)> place = [&](std::size_t k, std::size_t left) {
    if (k + 1 == open.size() || open.empty()) {
      if (!open.empty()) {
        if (static_cast<double>(left) > model.cap[open[k]]) return;
        n[open[k]] = static_cast<double>(left);
      } else if (left > 0) {
        return;
      }
      const double v = model.value(n);
      // Ties (1e-12 relative): the first allocation in enumeration order stays.
      if (best.empty() || v < best_value - 1e-12 * std::fabs(best_value)) {
        best = n;
        best_value = v;
      }
      if (!open.empty()) n[open[k]] = 0.0;
      return;
    }
    const std::size_t most =
        std::min<std::size_t>(left, static_cast<std::size_t>(model.cap[open[k]]));
    for (std::size_t u = 0; u <= most; ++u) {
      n[open[k]] = static_cast<double>(u);
      place(k + 1, left - u);
    }
    n[open[k]] = 0.0;
  };
  place(0, units);
  return best;
}

double linear_minimum(const AllocationModel& model, const std::vector<double>& g) {
  std::vector<std::size_t> order;
  for (std::size_t j = 0; j < model.m; ++j) {
    if (model.cap[j] > 0) order.push_back(j);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return g[a] < g[b]; });
  double left = model.units, sum = 0.0;
  for (std::size_t j : order) {
    if (left <= 0.0) break;
    const double take = std::min(left, model.cap[j]);
    sum += take * g[j];
    left -= take;
  }
  return sum;
}

}  // namespace equiroute::engine::detail
