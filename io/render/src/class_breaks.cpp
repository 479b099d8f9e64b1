#include "equiroute/render/class_breaks.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "equiroute/core/error.hpp"

namespace equiroute::io {

ClassMethod parse_class_method(std::string_view name) {
  if (name == "quantiles" || name == "quantile") return ClassMethod::Quantiles;
  if (name == "equal-interval" || name == "equal_interval") return ClassMethod::EqualInterval;
  if (name == "jenks" || name == "natural-breaks" || name == "natural_breaks") {
    return ClassMethod::Jenks;
  }
  throw Error(fmt::format("unknown classification method '{}'", name), {}, ErrorKind::BadInput,
              "use one of: quantiles, equal-interval, jenks");
}

std::string to_string(ClassMethod method) {
  switch (method) {
    case ClassMethod::Quantiles:
      return "quantiles";
    case ClassMethod::EqualInterval:
      return "equal-interval";
    case ClassMethod::Jenks:
      return "jenks";
  }
  return "jenks";
}

int ClassBreaks::class_of(double value) const noexcept {
  if (!std::isfinite(value) || upper.empty()) return -1;
  // First boundary >= value: classes are closed on the right.
  auto it = std::lower_bound(upper.begin(), upper.end(), value);
  if (it == upper.end()) return static_cast<int>(upper.size()) - 1;
  return static_cast<int>(it - upper.begin());
}

namespace {

std::vector<double> sorted_finite(std::span<const double> values) {
  std::vector<double> x;
  x.reserve(values.size());
  for (double v : values) {
    if (std::isfinite(v)) x.push_back(v);
  }
  std::sort(x.begin(), x.end());
  return x;
}

/// Fisher's (1958) exact optimal partition of sorted `x` into `k` contiguous groups,
/// minimising the sum of within-group squared deviations. Returns the last index of each group.
std::vector<std::size_t> fisher_jenks(const std::vector<double>& x, std::size_t k) {
  const std::size_t n = x.size();
  // Prefix sums, shifted so that within-group sums are numerically better conditioned.
  const double shift = x[n / 2];
  std::vector<double> s(n + 1, 0.0), s2(n + 1, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    double d = x[i] - shift;
    s[i + 1] = s[i] + d;
    s2[i + 1] = s2[i] + d * d;
  }
  auto ssd = [&](std::size_t first, std::size_t last) {  // inclusive indices
    double m = static_cast<double>(last - first + 1);
    double sum = s[last + 1] - s[first];
    return std::max(0.0, (s2[last + 1] - s2[first]) - sum * sum / m);
  };
  const double inf = std::numeric_limits<double>::infinity();
  // cost[c][j]: best cost of putting x[0..j] into c+1 groups; start[c][j]: first index of the
  // last group in that optimum.
  std::vector<std::vector<double>> cost(k, std::vector<double>(n, inf));
  std::vector<std::vector<std::size_t>> start(k, std::vector<std::size_t>(n, 0));
  for (std::size_t j = 0; j < n; ++j) cost[0][j] = ssd(0, j);
  for (std::size_t c = 1; c < k; ++c) {
    for (std::size_t j = c; j < n; ++j) {
      double best = inf;
      std::size_t best_i = c;
      for (std::size_t i = c; i <= j; ++i) {  // last group is x[i..j]
        double v = cost[c - 1][i - 1] + ssd(i, j);
        if (v < best) {
          best = v;
          best_i = i;
        }
      }
      cost[c][j] = best;
      start[c][j] = best_i;
    }
  }
  std::vector<std::size_t> last_index(k);
  std::size_t j = n - 1;
  for (std::size_t c = k; c-- > 0;) {
    last_index[c] = j;
    if (c > 0) j = start[c][j] - 1;
  }
  return last_index;
}

}  // namespace

ClassBreaks compute_class_breaks(std::span<const double> values, ClassMethod method, int k,
                                 std::size_t jenks_sample_limit) {
  if (k < 1) throw std::invalid_argument(fmt::format("number of classes must be >= 1, got {}", k));
  ClassBreaks breaks;
  std::vector<double> x = sorted_finite(values);
  breaks.finite_count = x.size();
  if (x.empty()) return breaks;
  breaks.min = x.front();
  const std::size_t n = x.size();
  const auto kk = static_cast<std::size_t>(k);

  std::vector<double> distinct = x;
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  if (distinct.size() <= kk) {
    breaks.upper = distinct;
    return breaks;
  }

  switch (method) {
    case ClassMethod::Quantiles:
      for (std::size_t i = 0; i < kk; ++i) {
        std::size_t rank = ((i + 1) * n + kk - 1) / kk;  // ceil((i+1)·n/k), 1-based
        breaks.upper.push_back(x[rank - 1]);
      }
      break;
    case ClassMethod::EqualInterval: {
      const double width = (x.back() - x.front()) / static_cast<double>(kk);
      for (std::size_t i = 0; i + 1 < kk; ++i) {
        breaks.upper.push_back(x.front() + static_cast<double>(i + 1) * width);
      }
      breaks.upper.push_back(x.back());
      break;
    }
    case ClassMethod::Jenks: {
      std::vector<double> sample;
      if (jenks_sample_limit >= 2 && n > jenks_sample_limit) {
        // Evenly spaced order statistics: deterministic, keeps min and max.
        sample.reserve(jenks_sample_limit);
        for (std::size_t i = 0; i < jenks_sample_limit; ++i) {
          std::size_t idx = static_cast<std::size_t>(
              std::llround(static_cast<double>(i) * static_cast<double>(n - 1) /
                           static_cast<double>(jenks_sample_limit - 1)));
          sample.push_back(x[idx]);
        }
      } else {
        sample = x;
      }
      std::size_t groups = std::min(kk, sample.size());
      for (std::size_t last : fisher_jenks(sample, groups)) breaks.upper.push_back(sample[last]);
      breaks.upper.back() = x.back();
      break;
    }
  }
  // Ties (quantiles) or a tie group split by the optimum (Jenks) can repeat a boundary.
  breaks.upper.erase(std::unique(breaks.upper.begin(), breaks.upper.end()), breaks.upper.end());
  return breaks;
}

double goodness_of_variance_fit(std::span<const double> values, const ClassBreaks& breaks) {
  std::vector<double> x = sorted_finite(values);
  if (x.empty() || breaks.classes() == 0) return 1.0;
  double mean = 0.0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(x.size());
  double sdam = 0.0;
  for (double v : x) sdam += (v - mean) * (v - mean);
  if (sdam == 0.0) return 1.0;
  std::vector<double> sum(breaks.classes(), 0.0), count(breaks.classes(), 0.0);
  for (double v : x) {
    auto c = static_cast<std::size_t>(breaks.class_of(v));
    sum[c] += v;
    count[c] += 1.0;
  }
  double sdcm = 0.0;
  for (double v : x) {
    auto c = static_cast<std::size_t>(breaks.class_of(v));
    double m = sum[c] / count[c];
    sdcm += (v - m) * (v - m);
  }
  return 1.0 - sdcm / sdam;
}

}  // namespace equiroute::io
