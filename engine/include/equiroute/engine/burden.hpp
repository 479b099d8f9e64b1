#pragma once
// Travel burden (docs/accessibility.md): per region and overall, the population-weighted mean,
// median and 90th percentile of the time to the nearest facility, the share of population
// beyond thresholds (default 30/60/90/120 min), and the Gini / Theil (between/within
// decomposition by a grouping such as prefecture) of travel time and of accessibility
// scores across demand units weighted by population (Gini and Theil from engine/equity).
//
// Unreachable demand units (no facility reachable: travel time NaN or +inf) are handled
// openly rather than dropped: they are given +inf, so they count in the share beyond
// every threshold and push the median / 90th percentile to +inf when they hold at least
// half / a tenth of the population (the honest answer: that share of people cannot reach
// care at all). The mean would then be infinite, so the mean is reported over the
// reachable population only (`mean_reachable_s`) next to the unreachable population. The
// Gini / Theil of travel time cannot include infinite times and are computed over the
// reachable units, with the excluded units counted.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "equiroute/engine/equity.hpp"

namespace equiroute::engine {

struct BurdenOptions {
  std::vector<double> thresholds_min{30.0, 60.0, 90.0, 120.0};
  LogBase log_base = LogBase::E;
};

/// Travel-time statistics of one set of demand units (a region, or all).
struct TravelTimeStats {
  std::string key;  ///< group key; empty for the overall statistics
  std::size_t units = 0;
  std::size_t unreachable_units = 0;
  double population = 0.0;
  double unreachable_population = 0.0;
  /// Population-weighted mean over the reachable units (s); NaN when none is reachable
  /// or their population is 0.
  double mean_reachable_s = 0.0;
  /// Population-weighted median and 90th percentile (weighted_quantile, unreachable =
  /// +inf), s; NaN when the population is 0.
  double median_s = 0.0;
  double p90_s = 0.0;
  /// Share of population with time > threshold, per BurdenOptions::thresholds_min
  /// (unreachable counted beyond every threshold); NaN when the population is 0.
  std::vector<double> share_beyond;
};

/// Equity indices of one per-unit value (travel time or a score) across demand units
/// weighted by population: resource r_i = value_i × P_i, weight P_i, so that the Lorenz
/// order is by value (docs/equity.md).
struct ValueEquity {
  std::string name;                ///< e.g. "nearest_travel_s", "2sfca_beds"
  std::size_t units_used = 0;      ///< units with a finite value
  std::size_t units_excluded = 0;  ///< NaN / infinite values (unreachable, undefined)
  /// Absent when the indices are undefined (e.g. every value 0, or no population).
  std::optional<EquityIndices> indices;
  std::string undefined_reason;
};

struct TravelBurden {
  std::vector<double> thresholds_min;
  TravelTimeStats overall;
  std::vector<TravelTimeStats> groups;  ///< in order of first appearance; empty without groups
};

/// Burden statistics of `nearest_travel_s` (per demand unit; NaN or +inf = unreachable)
/// weighted by `population`. `group_keys` empty: no per-group statistics. Throws
/// std::invalid_argument on length mismatches, negative population or thresholds.
TravelBurden travel_burden(std::span<const double> nearest_travel_s,
                           std::span<const double> population,
                           std::span<const std::string> group_keys = {},
                           const BurdenOptions& options = {});

/// Gini, Theil T and L (decomposed by `group_keys` when given) of `values` across demand
/// units weighted by `population`; units whose value is NaN or infinite are left out and
/// counted. Never throws for undefined indices (reported in undefined_reason); throws
/// std::invalid_argument on length mismatches.
ValueEquity value_equity(const std::string& name, std::span<const double> values,
                         std::span<const double> population,
                         std::span<const std::string> unit_ids = {},
                         std::span<const std::string> group_keys = {}, LogBase base = LogBase::E);

}  // namespace equiroute::engine
