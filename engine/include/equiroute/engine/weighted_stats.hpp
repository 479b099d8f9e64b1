#pragma once
// Weighted summary statistics (population-weighted mean, median, quantiles, share above a
// threshold), used for region scores and travel-burden indices.

#include <span>

namespace equiroute::engine {

/// Σ w_i x_i / Σ w_i. Precondition: same lengths, w_i ≥ 0. Returns NaN when Σ w = 0.
double weighted_mean(std::span<const double> values, std::span<const double> weights);

/// Weighted quantile, q in [0, 1]: the smallest value x such that the weight of values ≤ x
/// is at least q · Σ w (the inverse of the weighted empirical CDF, no interpolation, so the
/// result is always an observed value). Returns NaN when Σ w = 0.
double weighted_quantile(std::span<const double> values, std::span<const double> weights, double q);

/// Share of the total weight whose value is strictly greater than `threshold`.
/// Returns NaN when Σ w = 0.
double weighted_share_above(std::span<const double> values, std::span<const double> weights,
                            double threshold);

}  // namespace equiroute::engine
