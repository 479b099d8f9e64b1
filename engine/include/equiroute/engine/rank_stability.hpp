#pragma once
// Rank stability of regions across the settings of a parameter sweep: Spearman's rank
// correlation (Spearman 1904) between each setting's region values and a reference
// setting's, with tied values given their average rank (the usual correction: Pearson's
// correlation of the average ranks, Kendall & Gibbons 1990, Rank Correlation Methods,
// ch. 3), and the regions whose rank moves by more than k places.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace equiroute::engine {

/// Rank 1 goes to the largest value (Descending: accessibility, where more is better) or
/// to the smallest (Ascending: travel time).
enum class RankOrder { Descending, Ascending };

/// Ranks 1..n; tied values share the mean of the positions they occupy (1, 2.5, 2.5, 4).
/// ±infinity are ordinary values (e.g. unreachable = +inf travel time). Throws Error
/// (BadInput) on NaN, naming the index.
std::vector<double> average_ranks(std::span<const double> values,
                                  RankOrder order = RankOrder::Descending);

/// Pearson's correlation of x and y; nullopt when either has no spread (all equal) or
/// fewer than two values. Throws Error (Internal) on a length mismatch.
std::optional<double> pearson(std::span<const double> x, std::span<const double> y);

/// Spearman's ρ: pearson(average_ranks(a), average_ranks(b)).
std::optional<double> spearman(std::span<const double> a, std::span<const double> b);

/// A region whose rank changed by more than the allowed number of places.
struct RankMove {
  std::string region;
  double reference_rank = 0.0;
  double rank = 0.0;
  double change = 0.0;  ///< rank − reference_rank: negative = moved up the ranking
};

struct SettingStability {
  std::size_t setting = 0;
  std::optional<double> spearman;  ///< against the reference; nullopt when all tied
  std::vector<double> ranks;       ///< per region, input order
  /// Regions with |change| > max_places, largest |change| first (ties in input order).
  std::vector<RankMove> moved;
};

struct RankStability {
  std::size_t reference = 0;
  std::size_t max_places = 0;
  RankOrder order = RankOrder::Descending;
  std::vector<SettingStability> settings;  ///< one per setting, the reference included
};

/// `values[s][i]`: the value of region i in setting s (e.g. the accessibility of each
/// county for each combination of a SweepGrid). Throws equiroute::Error (BadInput) when
/// there are no settings or regions, a setting has a different number of values than there
/// are regions, `reference` is not a setting, or a value is NaN (naming region and setting).
RankStability rank_stability(std::span<const std::string> regions,
                             const std::vector<std::vector<double>>& values, std::size_t reference,
                             std::size_t max_places, RankOrder order = RankOrder::Descending);

}  // namespace equiroute::engine
