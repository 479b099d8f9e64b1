#include "equiroute/engine/gini.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "equity_validation.hpp"

namespace equiroute::engine {

GiniResult gini(std::span<const double> resource, std::span<const double> weight,
                std::span<const std::string> unit_ids) {
  detail::check_index_inputs(resource, weight, unit_ids);
  const std::size_t n = resource.size();

  // Sort key r_i / w_i; zero weight: +∞ with resource (sorted last), 0 without (no effect).
  std::vector<double> ratio(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (weight[i] > 0) {
      ratio[i] = resource[i] / weight[i];
    } else {
      ratio[i] = resource[i] > 0 ? std::numeric_limits<double>::infinity() : 0.0;
    }
  }
  GiniResult result;
  auto& order = result.lorenz.order;
  order.resize(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&ratio](std::size_t a, std::size_t b) { return ratio[a] < ratio[b]; });

  // Cumulate in sorted order, and use the cumulated totals so the last point is exactly 1.
  std::vector<double> cum_w(n + 1, 0.0);
  std::vector<double> cum_r(n + 1, 0.0);
  for (std::size_t k = 0; k < n; ++k) {
    cum_w[k + 1] = cum_w[k] + weight[order[k]];
    cum_r[k + 1] = cum_r[k] + resource[order[k]];
  }
  auto& points = result.lorenz.points;
  points.resize(n + 1);
  for (std::size_t k = 0; k <= n; ++k) points[k] = {cum_w[k] / cum_w[n], cum_r[k] / cum_r[n]};

  double g = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    g += points[k].first * points[k + 1].second - points[k + 1].first * points[k].second;
  }
  // Rounding can leave -1e-17 for perfect equality; G is never negative by construction.
  result.gini = std::max(g, 0.0);
  return result;
}

std::string gini_band(double g) {
  if (std::isnan(g)) return "undefined";
  if (g < 0.2) return "absolutely fair";
  if (g < 0.3) return "relatively fair";
  if (g < 0.4) return "relatively reasonable";
  if (g < 0.5) return "large gap";
  return "highly unequal";
}

}  // namespace equiroute::engine
