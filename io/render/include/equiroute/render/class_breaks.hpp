#pragma once
// Classification of a numeric variable into k classes for choropleth maps: quantiles, equal
// intervals and Jenks natural breaks (Fisher 1958 optimal grouping, as popularised by Jenks 1977).

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace equiroute::io {

/// How class boundaries are chosen.
enum class ClassMethod {
  Quantiles,      ///< about n/k values per class; boundaries are data values
  EqualInterval,  ///< k classes of equal width over [min, max]
  Jenks,          ///< Fisher–Jenks: minimises the total within-class sum of squared deviations
};

/// Parses "quantiles", "equal-interval" (or "equal_interval") and "jenks" (also
/// "natural-breaks"). Throws equiroute::Error (BadInput) naming the accepted values otherwise.
ClassMethod parse_class_method(std::string_view name);
/// The canonical name accepted by parse_class_method().
std::string to_string(ClassMethod method);

/// Class boundaries: class 0 is [min, upper[0]], class i > 0 is (upper[i-1], upper[i]].
/// upper is strictly increasing and upper.back() is the largest finite value.
struct ClassBreaks {
  double min = 0.0;
  std::vector<double> upper;
  /// Number of finite values that were classified; NaN/±inf values are excluded ("no data").
  std::size_t finite_count = 0;

  std::size_t classes() const noexcept { return upper.size(); }
  /// Class index of `value`, or -1 for NaN/±inf ("no data"). Values below min go to class 0
  /// and above upper.back() to the last class (so the breaks can classify other data too).
  int class_of(double value) const noexcept;
  /// Lower bound shown in the legend for class i (min for class 0, upper[i-1] otherwise).
  double lower(std::size_t i) const { return i == 0 ? min : upper.at(i - 1); }
};

/// Classifies `values` into at most `k` classes.
/// - NaN and infinite values are excluded (the caller draws them as "no data").
/// - No finite value: returns an empty ClassBreaks (classes() == 0).
/// - Fewer distinct finite values than k (including a constant variable): one class per
///   distinct value, upper = the distinct values, whatever the method.
/// - Quantiles: upper[i] = x_(ceil((i+1)·n/k)) of the sorted values (1-based order statistic);
///   boundaries repeated because of ties are merged, so fewer than k classes may result.
/// - Equal interval: upper[i] = min + (i+1)·(max−min)/k, upper.back() = max exactly.
/// - Jenks: exact Fisher (1958) dynamic programme, O(k·n²) on the sorted values; above
///   `jenks_sample_limit` values it runs on a deterministic sample of evenly spaced order
///   statistics (always including min and max), so results are reproducible.
/// Throws std::invalid_argument when k < 1.
ClassBreaks compute_class_breaks(std::span<const double> values, ClassMethod method, int k,
                                 std::size_t jenks_sample_limit = 3000);

/// Goodness of variance fit (GVF) of a classification: 1 − SDCM/SDAM (Jenks 1977), in [0, 1];
/// 1 when all values are equal. Ignores NaN/inf.
double goodness_of_variance_fit(std::span<const double> values, const ClassBreaks& breaks);

}  // namespace equiroute::io
