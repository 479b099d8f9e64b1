#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <vector>

#include "equiroute/core/error.hpp"
#include "equiroute/engine/bootstrap.hpp"

namespace equiroute::engine {

std::string to_string(IntervalMethod method) {
  return method == IntervalMethod::BCa ? "bca" : "percentile";
}

double replicate_quantile(std::span<const double> sorted, double p) {
  if (sorted.empty()) throw Error("quantile of no replicates", {}, ErrorKind::Internal);
  const double b = static_cast<double>(sorted.size());
  const double position = (b + 1.0) * p;  // 1-based, Davison & Hinkley (1997) §5.2.1
  if (position <= 1.0) return sorted.front();
  if (position >= b) return sorted.back();
  const double whole = std::floor(position);
  const auto k = static_cast<std::size_t>(whole);  // 1 ≤ k < B
  const double frac = position - whole;
  return sorted[k - 1] + frac * (sorted[k] - sorted[k - 1]);
}

Acceleration bca_acceleration(std::span<const double> leave_one_out, const ResamplingPlan& plan) {
  Acceleration out;
  if (leave_one_out.size() != plan.units()) {
    throw Error("got " + std::to_string(leave_one_out.size()) + " jackknife values for " +
                    std::to_string(plan.units()) + " units",
                {}, ErrorKind::Internal);
  }
  for (double v : leave_one_out) {
    if (!std::isfinite(v)) {
      out.undefined_reason = "the statistic is undefined when some unit is left out (jackknife)";
      return out;
    }
  }
  double second = 0.0;  // Σ_g n_g⁻² Σ l²
  double third = 0.0;   // Σ_g n_g⁻³ Σ l³
  bool resampled = false;
  for (const auto& members : plan.strata()) {
    const std::size_t n = members.size();
    if (n < 2) continue;  // a one-unit stratum is not resampled: no influence
    resampled = true;
    double mean = 0.0;
    for (std::size_t i : members) mean += leave_one_out[i];
    mean /= static_cast<double>(n);
    double s2 = 0.0;
    double s3 = 0.0;
    for (std::size_t i : members) {
      const double l = static_cast<double>(n - 1) * (mean - leave_one_out[i]);
      s2 += l * l;
      s3 += l * l * l;
    }
    const double nd = static_cast<double>(n);
    second += s2 / (nd * nd);
    third += s3 / (nd * nd * nd);
  }
  if (!resampled) {
    out.undefined_reason = "no group has two units to leave one out (jackknife)";
    return out;
  }
  if (!(second > 0.0)) {
    out.undefined_reason = "every jackknife value is the same (acceleration 0/0)";
    return out;
  }
  out.value = third / (6.0 * std::pow(second, 1.5));
  return out;
}

namespace {

constexpr double kPositionSlack = 1e-9;

struct Moments {
  double mean = 0.0;
  double sd = 0.0;
};

Moments moments(std::span<const double> x) {
  Moments m;
  for (double v : x) m.mean += v;
  m.mean /= static_cast<double>(x.size());
  if (x.size() < 2) return m;
  double ss = 0.0;
  for (double v : x) ss += (v - m.mean) * (v - m.mean);
  m.sd = std::sqrt(ss / static_cast<double>(x.size() - 1));
  return m;
}

/// BCa limits, or the reason they are undefined (Efron 1987, eq. 2.3 and 4.8).
void add_bca(BootstrapInterval& out, double estimate, std::span<const double> sorted,
             const Acceleration& acceleration) {
  const boost::math::normal standard;
  std::size_t below = 0;
  std::size_t equal = 0;
  for (double v : sorted) {
    if (v < estimate) ++below;
    if (v == estimate) ++equal;
  }
  const double b = static_cast<double>(sorted.size());
  const double share = (static_cast<double>(below) + 0.5 * static_cast<double>(equal)) / b;
  if (!(share > 0.0 && share < 1.0)) {
    out.bca_undefined_reason =
        "every replicate lies on one side of the estimate (bias correction z0 is infinite)";
    return;
  }
  const double z0 = boost::math::quantile(standard, share);
  out.z0 = z0;
  if (!acceleration.value) {
    out.bca_undefined_reason = acceleration.undefined_reason;
    return;
  }
  const double a = *acceleration.value;
  out.acceleration = a;
  const double alpha[2] = {(1.0 - out.level) / 2.0, (1.0 + out.level) / 2.0};
  double limit[2] = {0.0, 0.0};
  for (int k = 0; k < 2; ++k) {
    const double z = z0 + boost::math::quantile(standard, alpha[k]);
    const double denominator = 1.0 - a * z;
    if (!(denominator > 0.0)) {
      out.bca_undefined_reason = "1 − a·(z0 + z_α) ≤ 0: the acceleration is too large";
      return;
    }
    const double adjusted = boost::math::cdf(standard, z0 + z / denominator);
    // Round-off of Φ(Φ⁻¹(α)) must not turn position 1 (or B) into "beyond".
    const double position = (b + 1.0) * adjusted;
    if (position < 1.0 - kPositionSlack || position > b + kPositionSlack) {
      out.bca_undefined_reason = "the BCa level " + std::to_string(adjusted) +
                                 " lies beyond the replicates (too few replicates)";
      return;
    }
    limit[k] = replicate_quantile(sorted, adjusted);
  }
  out.bca = Interval{limit[0], limit[1]};
}

}  // namespace

BootstrapInterval bootstrap_interval(double estimate, std::span<const double> replicates,
                                     const Acceleration& acceleration, double level) {
  if (replicates.empty() || !(level > 0.0 && level < 1.0) || !std::isfinite(estimate)) {
    throw Error("bootstrap_interval needs replicates, a finite estimate and 0 < level < 1", {},
                ErrorKind::Internal);
  }
  std::vector<double> sorted(replicates.begin(), replicates.end());
  for (double v : sorted) {
    if (!std::isfinite(v)) {
      throw Error("bootstrap_interval got a replicate that is not finite", {}, ErrorKind::Internal);
    }
  }
  std::sort(sorted.begin(), sorted.end());
  BootstrapInterval out;
  out.level = level;
  out.replicates = sorted.size();
  const Moments m = moments(replicates);
  out.replicate_mean = m.mean;
  out.standard_error = m.sd;
  out.percentile = {replicate_quantile(sorted, (1.0 - level) / 2.0),
                    replicate_quantile(sorted, (1.0 + level) / 2.0)};
  add_bca(out, estimate, sorted, acceleration);
  return out;
}

}  // namespace equiroute::engine
