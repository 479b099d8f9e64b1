#pragma once
// Private to the engine: the equity indices of engine/gini and engine/theil evaluated on a
// bootstrap replicate (unit i drawn c_i times) in O(n), and on every leave-one-out sample
// in O(n · groups), without re-sorting or copying unit names. Replicate i's resource and
// weight are c_i·r_i and c_i·w_i, so the Lorenz order r_i / w_i never changes and the
// formulas reduce to sums (derivations in docs/uncertainty.md):
//   Gini:  G = 1 − A / (W R),  A = Σ_k c_k w_k (2 C_k + c_k r_k) in Lorenz order, C_k the
//          resource before unit k (the trapezoid form of methods.md §2);
//   Theil: with ρ = R₀/W₀ of the data and ℓ_i = ln(r_i / (w_i ρ)),
//          T = S_T / R + ln(ρ W / R),  S_T = Σ c_i r_i ℓ_i;
//          L = −S_L / W − ln(ρ W / R), S_L = Σ c_i w_i ℓ_i;
//          and the same per group for the between/within parts (Shorrocks 1980).
// The tests check every value against gini() / theil_decomposition() on materialised
// samples.

#include <array>
#include <cstddef>
#include <limits>
#include <span>
#include <vector>

#include "equiroute/engine/theil.hpp"

namespace equiroute::engine::detail {

/// The statistics, in the fixed order of EquityBootstrap::statistics.
enum EquityStatistic : std::size_t {
  kGini,
  kTheilT,
  kTheilL,
  kTheilTBetween,
  kTheilTWithin,
  kTheilTBetweenShare,
  kTheilLBetween,
  kTheilLWithin,
  kTheilLBetweenShare,
  kStatisticCount
};

/// Output names ("gini", "theil_t", ..., "theil_l_between_share").
const char* statistic_name(std::size_t statistic);

/// One value per statistic; NaN = undefined on that sample (or no groups).
using StatisticValues = std::array<double, kStatisticCount>;

/// Totals of one sample (or one group of it).
struct SampleSums {
  double units = 0.0;  ///< Σ c: exact (integer counts), so an emptied sample is exactly 0
  double resource = 0.0;
  double weight = 0.0;
  double t_log = 0.0;       ///< S_T = Σ c r ℓ over units with r > 0 and w > 0
  double l_log = 0.0;       ///< S_L = Σ c w ℓ over units with r > 0 and w > 0
  double t_blockers = 0.0;  ///< draws of units with r > 0, w = 0 (T undefined)
  double l_blockers = 0.0;  ///< draws of units with w > 0, r = 0 (L undefined)
};

class EquityResampler {
 public:
  /// Inputs already validated (finite, ≥ 0, positive totals) by the caller.
  /// `group_of` empty: no decomposition; else one group index < `groups` per unit.
  EquityResampler(std::span<const double> resource, std::span<const double> weight,
                  std::span<const std::size_t> group_of, std::size_t groups, LogBase base);

  /// Statistics of the sample in which unit i appears counts[i] times.
  StatisticValues evaluate(std::span<const double> counts) const;

  /// leave_one_out[s][i]: statistic s of the data without unit i.
  std::vector<std::vector<double>> leave_one_out() const;

 private:
  void add_unit(SampleSums& sums, std::size_t i, double count) const;
  StatisticValues finish(double lorenz_area, const SampleSums& total,
                         std::span<const SampleSums> groups) const;

  std::vector<double> r_;
  std::vector<double> w_;
  std::vector<double> log_ratio_;   ///< ℓ_i; 0 where r_i = 0 or w_i = 0
  std::vector<std::size_t> order_;  ///< Lorenz order (ascending r/w, stable)
  std::vector<std::size_t> group_of_;
  std::size_t groups_ = 0;
  double rho_ = 1.0;
  double log_factor_ = 1.0;
};

}  // namespace equiroute::engine::detail
