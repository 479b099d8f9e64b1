#include "equity_resampling.hpp"

#include <algorithm>
#include <cmath>

#include "equiroute/engine/gini.hpp"

namespace equiroute::engine::detail {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// As in theil.cpp: below this a total index is rounding noise of perfect equality, so a
/// between share would be noise divided by noise.
constexpr double kZeroIndex = 1e-14;

}  // namespace

const char* statistic_name(std::size_t statistic) {
  static constexpr std::array<const char*, kStatisticCount> names{"gini",
                                                                  "theil_t",
                                                                  "theil_l",
                                                                  "theil_t_between",
                                                                  "theil_t_within",
                                                                  "theil_t_between_share",
                                                                  "theil_l_between",
                                                                  "theil_l_within",
                                                                  "theil_l_between_share"};
  return names.at(statistic);
}

EquityResampler::EquityResampler(std::span<const double> resource, std::span<const double> weight,
                                 std::span<const std::size_t> group_of, std::size_t groups,
                                 LogBase base)
    : r_(resource.begin(), resource.end()),
      w_(weight.begin(), weight.end()),
      log_ratio_(resource.size(), 0.0),
      // The Lorenz order of gini() itself, so both sort units the same way.
      order_(gini(resource, weight).lorenz.order),
      group_of_(group_of.begin(), group_of.end()),
      groups_(group_of.empty() ? 0 : groups),
      log_factor_(base == LogBase::Ten ? 1.0 / std::log(10.0) : 1.0) {
  double total_r = 0.0;
  double total_w = 0.0;
  for (std::size_t i = 0; i < r_.size(); ++i) {
    total_r += r_[i];
    total_w += w_[i];
  }
  // Centring the log-ratios on the data's own ratio keeps S_T / R and ln(ρW/R) small, so
  // the two terms of T and L do not cancel.
  rho_ = total_r / total_w;
  for (std::size_t i = 0; i < r_.size(); ++i) {
    if (r_[i] > 0.0 && w_[i] > 0.0) log_ratio_[i] = std::log(r_[i] / (w_[i] * rho_));
  }
}

void EquityResampler::add_unit(SampleSums& sums, std::size_t i, double count) const {
  sums.units += count;
  sums.resource += count * r_[i];
  sums.weight += count * w_[i];
  sums.t_log += count * r_[i] * log_ratio_[i];
  sums.l_log += count * w_[i] * log_ratio_[i];
  if (r_[i] > 0.0 && w_[i] == 0.0) sums.t_blockers += count;
  if (w_[i] > 0.0 && r_[i] == 0.0) sums.l_blockers += count;
}

StatisticValues EquityResampler::finish(double lorenz_area, const SampleSums& total,
                                        std::span<const SampleSums> groups) const {
  StatisticValues out;
  out.fill(kNaN);
  const double rr = total.resource;
  const double ww = total.weight;
  if (total.units == 0.0 || !(rr > 0.0) || !(ww > 0.0))
    return out;  // shares undefined, as gini()/theil() refuse
  out[kGini] = std::max(0.0, 1.0 - lorenz_area / (ww * rr));
  const double shift = std::log(rho_ * ww / rr);
  const bool t_defined = total.t_blockers == 0.0;
  const bool l_defined = total.l_blockers == 0.0;
  if (t_defined) out[kTheilT] = (total.t_log / rr + shift) * log_factor_;
  if (l_defined) out[kTheilL] = (-total.l_log / ww - shift) * log_factor_;
  if (groups.empty()) return out;

  double t_between = 0.0, t_within = 0.0, l_between = 0.0, l_within = 0.0;
  for (const SampleSums& g : groups) {
    // A group's own share (resource for T, weight for L) weights both its terms; when it
    // is 0 both are 0 (theil_decomposition does the same).
    if (g.units > 0.0 && g.resource > 0.0 && g.weight > 0.0) {
      const double yg = g.resource / rr;
      const double pg = g.weight / ww;
      const double group_shift = std::log(rho_ * g.weight / g.resource);
      t_between += yg * std::log(yg / pg);
      t_within += yg * (g.t_log / g.resource + group_shift);
      l_between += pg * std::log(pg / yg);
      l_within += pg * (-g.l_log / g.weight - group_shift);
    }
  }
  if (t_defined) {
    out[kTheilTBetween] = t_between * log_factor_;
    out[kTheilTWithin] = t_within * log_factor_;
    if (out[kTheilT] > kZeroIndex) out[kTheilTBetweenShare] = t_between / (t_between + t_within);
  }
  if (l_defined) {
    out[kTheilLBetween] = l_between * log_factor_;
    out[kTheilLWithin] = l_within * log_factor_;
    if (out[kTheilL] > kZeroIndex) out[kTheilLBetweenShare] = l_between / (l_between + l_within);
  }
  return out;
}

StatisticValues EquityResampler::evaluate(std::span<const double> counts) const {
  SampleSums total;
  std::vector<SampleSums> groups(groups_);
  double area = 0.0;
  double resource_before = 0.0;
  for (std::size_t i : order_) {
    const double c = counts[i];
    if (c == 0.0) continue;
    area += c * w_[i] * (2.0 * resource_before + c * r_[i]);
    resource_before += c * r_[i];
    add_unit(total, i, c);
    if (groups_ > 0) add_unit(groups[group_of_[i]], i, c);
  }
  return finish(area, total, groups);
}

std::vector<std::vector<double>> EquityResampler::leave_one_out() const {
  const std::size_t n = r_.size();
  // Full-sample sums, and per Lorenz position the resource before it and weight after it.
  SampleSums total;
  std::vector<SampleSums> groups(groups_);
  std::vector<double> resource_before(n, 0.0);
  std::vector<double> weight_after(n, 0.0);
  double area = 0.0;
  double cum_r = 0.0;
  for (std::size_t i : order_) {
    area += w_[i] * (2.0 * cum_r + r_[i]);
    resource_before[i] = cum_r;
    cum_r += r_[i];
    add_unit(total, i, 1.0);
    if (groups_ > 0) add_unit(groups[group_of_[i]], i, 1.0);
  }
  double cum_w = 0.0;
  for (auto it = order_.rbegin(); it != order_.rend(); ++it) {
    weight_after[*it] = cum_w;
    cum_w += w_[*it];
  }

  std::vector<std::vector<double>> out(kStatisticCount, std::vector<double>(n, kNaN));
  std::vector<SampleSums> without_groups = groups;
  for (std::size_t i = 0; i < n; ++i) {
    // Removing unit i drops its trapezoid and lowers the cumulated resource of every
    // unit after it by r_i.
    const double area_without =
        area - w_[i] * (2.0 * resource_before[i] + r_[i]) - 2.0 * r_[i] * weight_after[i];
    SampleSums total_without = total;
    add_unit(total_without, i, -1.0);
    if (groups_ > 0) add_unit(without_groups[group_of_[i]], i, -1.0);
    const StatisticValues v = finish(area_without, total_without, without_groups);
    if (groups_ > 0) without_groups[group_of_[i]] = groups[group_of_[i]];
    for (std::size_t s = 0; s < kStatisticCount; ++s) out[s][i] = v[s];
  }
  return out;
}

}  // namespace equiroute::engine::detail
