#pragma once
// Bootstrap confidence intervals for every equity index of the engine: the Gini
// coefficient (engine/gini.hpp), Theil T and L with their between/within parts
// (engine/theil.hpp), for resources against population or area (engine/equity.hpp) and for
// travel times or accessibility scores across demand units (engine/burden.hpp,
// value_equity). Units (regions or demand points) are resampled with replacement, each
// carrying its resource and weight, so every replicate is weighted exactly as the statistic
// is; with groups the resampling is stratified by group. Method: docs/uncertainty.md
// (Efron 1987; Davison & Hinkley 1997).

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "equiroute/engine/bootstrap.hpp"
#include "equiroute/engine/equity.hpp"

namespace equiroute::engine {

/// The bootstrap of one statistic.
struct StatisticBootstrap {
  /// "gini", "theil_t", "theil_l", and with groups "theil_t_between", "theil_t_within",
  /// "theil_t_between_share", "theil_l_between", "theil_l_within", "theil_l_between_share".
  std::string statistic;
  /// The statistic on the data (equal to equity_indices() up to rounding, ≤ 1e-12);
  /// absent when undefined there.
  std::optional<double> estimate;
  /// Absent when the estimate is undefined, or when some replicate is undefined (e.g. a
  /// replicate that drew only units without resource): then `undefined_reason` says so.
  std::optional<BootstrapInterval> interval;
  std::string undefined_reason;
  std::size_t undefined_replicates = 0;
  /// The B replicate values (NaN where undefined), in replicate order, and the n
  /// leave-one-out values (NaN where undefined): kept so that paired contrasts
  /// (bootstrap_difference) can be formed from the same draws.
  std::vector<double> replicates;
  std::vector<double> leave_one_out;
};

/// Every statistic of one resource against one weight.
struct EquityBootstrap {
  BootstrapOptions options;
  /// Units resampled (for value equity: the units with a finite value), and the plan:
  /// stratified by group when group keys were given.
  ResamplingPlan plan;
  std::vector<StatisticBootstrap> statistics;  ///< in the order listed above

  /// The statistic by name, or nullptr.
  const StatisticBootstrap* find(std::string_view statistic) const;
};

/// Bootstraps the indices of equity_indices(resource, weight, unit_ids, group_keys, base).
/// `group_keys` empty: simple resampling of the n units, no decomposition; given: stratified
/// resampling (n_g units drawn from each group g) and the decomposition's parts too.
/// Throws equiroute::Error as equity_indices() does on invalid data, and BadInput (one line)
/// on invalid options (validate()). Deterministic for any options.threads.
EquityBootstrap bootstrap_equity(std::span<const double> resource, std::span<const double> weight,
                                 const BootstrapOptions& options,
                                 std::span<const std::string> group_keys = {},
                                 LogBase base = LogBase::E,
                                 std::span<const std::string> unit_ids = {});

/// Bootstraps value_equity(name, values, population, …, group_keys, base): the units with
/// a finite value are resampled (stratified by group when given), each with r = value ×
/// population and w = population. Returns nothing when the indices are undefined on the
/// data (value_equity's undefined_reason says why). Throws BadInput on invalid options and
/// std::invalid_argument on length mismatches, as value_equity does.
std::optional<EquityBootstrap> bootstrap_value_equity(std::span<const double> values,
                                                      std::span<const double> population,
                                                      const BootstrapOptions& options,
                                                      std::span<const std::string> group_keys = {},
                                                      LogBase base = LogBase::E);

/// Bootstraps every result of analyse_equity(): element k belongs to analysis.results[k].
/// All of them use the same draws (same units, seed and plan), so any two are paired.
std::vector<EquityBootstrap> bootstrap_analysis(const EquityAnalysis& analysis,
                                                const BootstrapOptions& options);

/// Paired contrast a − b of one statistic from two bootstraps of the same units with the
/// same seed, replicates and plan (e.g. the Gini against area minus the Gini against
/// population of one resource): replicate b of the difference is the difference of the
/// replicates b, its leave-one-out values the differences of theirs. The contrast is
/// significant at the level when its interval excludes 0. Throws Error (Internal) when the
/// two bootstraps were not drawn alike or lack the statistic.
StatisticBootstrap bootstrap_difference(const EquityBootstrap& a, const EquityBootstrap& b,
                                        std::string_view statistic);

/// Whether an interval excludes `value` (e.g. 0 for a contrast).
bool excludes(const Interval& interval, double value);

}  // namespace equiroute::engine
