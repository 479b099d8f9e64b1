#include "equiroute/engine/weighted_stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace equiroute::engine {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_sizes(std::span<const double> values, std::span<const double> weights) {
  if (values.size() != weights.size()) {
    throw std::invalid_argument("weighted statistics: values and weights differ in length");
  }
}
}  // namespace

double weighted_mean(std::span<const double> values, std::span<const double> weights) {
  check_sizes(values, weights);
  double sum_w = 0.0;
  double sum_wx = 0.0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    sum_w += weights[i];
    sum_wx += weights[i] * values[i];
  }
  return sum_w > 0.0 ? sum_wx / sum_w : kNaN;
}

double weighted_quantile(std::span<const double> values, std::span<const double> weights,
                         double q) {
  check_sizes(values, weights);
  if (!(q >= 0.0 && q <= 1.0)) throw std::invalid_argument("weighted_quantile: q outside [0, 1]");
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  if (!(total > 0.0)) return kNaN;
  double target = q * total;
  double cumulative = 0.0;
  for (std::size_t index : order) {
    if (weights[index] <= 0.0) continue;
    cumulative += weights[index];
    // The relative slack absorbs rounding in the running sum (q = 0.5 of equal weights).
    if (cumulative >= target * (1.0 - 1e-12)) return values[index];
  }
  return values[order.back()];
}

double weighted_share_above(std::span<const double> values, std::span<const double> weights,
                            double threshold) {
  check_sizes(values, weights);
  double total = 0.0;
  double above = 0.0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    total += weights[i];
    if (values[i] > threshold) above += weights[i];
  }
  return total > 0.0 ? above / total : kNaN;
}

}  // namespace equiroute::engine
