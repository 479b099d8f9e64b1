#pragma once
// Grouping of demand points into regions (counties, prefectures) and region scores as
// population-weighted means of their points (docs/accessibility.md: "Region scores are
// population-weighted means of their demand points").

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace equiroute::engine {

/// Groups in order of first appearance of their key; group_of[i] indexes keys.
struct GroupIndex {
  std::vector<std::string> keys;
  std::vector<std::size_t> group_of;
  std::size_t size() const noexcept { return keys.size(); }
};

/// Builds the index of `keys` (one per demand point).
GroupIndex group_index(std::span<const std::string> keys);

/// Per group: Σ w_i x_i / Σ w_i over its points whose value is not NaN (an unreachable
/// travel time is NaN and left out; the caller reports how many). NaN for a group whose
/// weight (over non-NaN values) is 0. Summed in point order, so deterministic.
/// Throws std::invalid_argument on a length mismatch.
std::vector<double> group_weighted_means(const GroupIndex& groups, std::span<const double> values,
                                         std::span<const double> weights);

/// Σ w_i per group.
std::vector<double> group_totals(const GroupIndex& groups, std::span<const double> weights);

}  // namespace equiroute::engine
