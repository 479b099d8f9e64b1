#pragma once
// Nonparametric bootstrap machinery shared by every statistic that gets an interval:
// resampling plans (simple or stratified), per-replicate random streams, percentile and
// BCa intervals. Sources: Efron B. (1987) "Better bootstrap confidence intervals", JASA
// 82(397): 171–185 (BCa); Davison A. C. & Hinkley D. V. (1997) Bootstrap Methods and their
// Application, Cambridge University Press, §2.4 (percentile), §3.7 (stratified), §5.3
// (BCa). Method, seeds and examples: docs/uncertainty.md.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace equiroute::engine {

/// The documented default seed of every bootstrap (any fixed number would do; this one is
/// the year of Luo et al. 2022). Same seed, same data → same replicates, on any machine.
inline constexpr std::uint64_t kDefaultBootstrapSeed = 2022;

struct BootstrapOptions {
  /// Number of bootstrap replicates B (≥ 1). Davison & Hinkley (1997, §5.2.3) recommend
  /// B ≥ 1000 for 95 % intervals; BCa needs the adjusted percentiles to lie inside the
  /// replicates, which small B can prevent (then BCa is reported undefined).
  std::size_t replicates = 1999;
  std::uint64_t seed = kDefaultBootstrapSeed;
  /// Two-sided confidence level, in (0, 1).
  double level = 0.95;
  /// oneTBB worker threads (0: all hardware threads). Results do not depend on it.
  unsigned threads = 1;
};

/// Throws equiroute::Error (BadInput, one line, field "bootstrap" or "bootstrap_level")
/// when replicates is 0 or the level is not inside (0, 1).
void validate(const BootstrapOptions& options);

/// Which units a replicate draws: n units with replacement from all units (simple), or
/// n_g units with replacement from each group g (stratified), so that every group is
/// present in every replicate and a between/within decomposition over the groups keeps
/// its meaning (Davison & Hinkley 1997, §3.7).
class ResamplingPlan {
 public:
  /// Simple plan over n units.
  static ResamplingPlan simple(std::size_t units);
  /// Stratified plan: one stratum per distinct key, in order of first appearance.
  static ResamplingPlan stratified(std::span<const std::string> group_keys);

  std::size_t units() const noexcept { return units_; }
  bool is_stratified() const noexcept { return stratified_; }
  /// Unit indices of each stratum (one stratum holding every unit for a simple plan).
  const std::vector<std::vector<std::size_t>>& strata() const noexcept { return strata_; }
  /// Stratum index of each unit.
  const std::vector<std::size_t>& stratum_of() const noexcept { return stratum_of_; }

  /// How often each unit is drawn in replicate `replicate`: counts[i] ≥ 0, the counts of
  /// each stratum summing to its size. Depends only on (seed, replicate, plan), never on
  /// the thread that computes it: the replicate's random stream is a std::mt19937_64
  /// seeded with splitmix64(seed, replicate), and the draws use Boost.Random's
  /// uniform_int_distribution, which is the same on every platform.
  void draw_counts(std::uint64_t seed, std::size_t replicate, std::vector<double>& counts) const;

  bool operator==(const ResamplingPlan& other) const = default;

 private:
  std::size_t units_ = 0;
  bool stratified_ = false;
  std::vector<std::vector<std::size_t>> strata_;
  std::vector<std::size_t> stratum_of_;
};

/// Seed of replicate `replicate`'s stream: splitmix64 (Steele, Lea & Flood 2014) of the
/// seed and the index, so neighbouring replicates get unrelated streams.
std::uint64_t replicate_stream_seed(std::uint64_t seed, std::size_t replicate);

/// The p-quantile of sorted replicates by the (B + 1)·p rule of Davison & Hinkley (1997,
/// §5.2.1), interpolating linearly between order statistics (Hyndman & Fan type 6); a
/// position below 1 or above B is clamped to the extreme replicate.
double replicate_quantile(std::span<const double> sorted, double p);

/// BCa acceleration from leave-one-out (jackknife) values θ_(i) of the statistic, one per
/// unit (Efron 1987; Davison & Hinkley 1997, eq. 5.23, with the stratified influence values
/// of §3.7): l_i = (n_g − 1)(θ̄_g − θ_(i)) with θ̄_g the mean of the leave-one-out values
/// of unit i's stratum g, and
///     a = Σ_g n_g⁻³ Σ_{i∈g} l_i³ / (6 · (Σ_g n_g⁻² Σ_{i∈g} l_i²)^{3/2}),
/// which for one stratum is Efron's Σ d³ / (6 (Σ d²)^{3/2}). Strata of one unit are not
/// resampled and add nothing. Undefined (reason set) when a leave-one-out value is not
/// finite, no stratum has two units, or every influence value is 0.
struct Acceleration {
  std::optional<double> value;
  std::string undefined_reason;
};
Acceleration bca_acceleration(std::span<const double> leave_one_out, const ResamplingPlan& plan);

struct Interval {
  double lower = 0.0;
  double upper = 0.0;
};

enum class IntervalMethod { Percentile, BCa };

/// "percentile" or "bca".
std::string to_string(IntervalMethod method);

/// Intervals of one statistic from its bootstrap replicates.
struct BootstrapInterval {
  double level = 0.95;
  std::size_t replicates = 0;
  double replicate_mean = 0.0;
  double standard_error = 0.0;  ///< standard deviation of the replicates (B − 1 denominator)
  /// Percentile interval: the (1 − level)/2 and (1 + level)/2 quantiles of the replicates.
  Interval percentile;
  /// BCa interval (Efron 1987): percentiles at α₁,₂ = Φ(z0 + (z0 + z_α)/(1 − a(z0 + z_α)))
  /// with z0 = Φ⁻¹((#{θ* < θ̂} + ½#{θ* = θ̂}) / B) and a the jackknife acceleration.
  std::optional<Interval> bca;
  std::string bca_undefined_reason;  ///< why bca is absent; empty when present
  std::optional<double> z0;
  std::optional<double> acceleration;
  /// BCa when defined, otherwise the percentile interval (the fallback is visible through
  /// method() and bca_undefined_reason).
  const Interval& preferred() const noexcept { return bca ? *bca : percentile; }
  IntervalMethod method() const noexcept {
    return bca ? IntervalMethod::BCa : IntervalMethod::Percentile;
  }
};

/// Percentile and BCa intervals from finite replicates. `acceleration` comes from
/// bca_acceleration(); when it is undefined, BCa is undefined with its reason. BCa is also
/// undefined when every replicate lies on one side of the estimate (z0 infinite), when
/// 1 − a(z0 + z_α) ≤ 0, or when an adjusted level needs a replicate outside 1..B at the
/// (B + 1)·α rule (too few replicates). Preconditions (checked, Error Internal): at least
/// one replicate, all finite, level in (0, 1).
BootstrapInterval bootstrap_interval(double estimate, std::span<const double> replicates,
                                     const Acceleration& acceleration, double level);

}  // namespace equiroute::engine
