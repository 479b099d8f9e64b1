#include "equiroute/engine/equity_bootstrap.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <cmath>
#include <limits>

#include "equiroute/core/error.hpp"
#include "equiroute/engine/burden.hpp"
#include "equiroute/engine/region_scores.hpp"
#include "equity_resampling.hpp"

namespace equiroute::engine {
namespace {

using detail::EquityResampler;
using detail::kStatisticCount;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// Replicates per oneTBB task: enough work per task to amortise scheduling.
constexpr std::size_t kReplicateGrain = 8;

/// replicates[s][b]: statistic s on replicate b. Each replicate draws from its own stream
/// and writes its own slot, so the result does not depend on the thread count.
std::vector<std::vector<double>> run_replicates(const EquityResampler& kernel,
                                                const ResamplingPlan& plan,
                                                const BootstrapOptions& options) {
  const std::size_t b_count = options.replicates;
  std::vector<std::vector<double>> out(kStatisticCount, std::vector<double>(b_count, kNaN));
  tbb::task_arena arena(options.threads == 0 ? tbb::task_arena::automatic
                                             : static_cast<int>(options.threads));
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, b_count, kReplicateGrain),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        std::vector<double> counts;
                        for (std::size_t b = range.begin(); b != range.end(); ++b) {
                          plan.draw_counts(options.seed, b, counts);
                          const auto values = kernel.evaluate(counts);
                          for (std::size_t s = 0; s < kStatisticCount; ++s) out[s][b] = values[s];
                        }
                      });
  });
  return out;
}

/// Interval of one statistic from its replicate and leave-one-out values.
StatisticBootstrap summarise(std::string name, double estimate, std::vector<double> replicates,
                             std::vector<double> leave_one_out, const ResamplingPlan& plan,
                             double level, const std::string& estimate_undefined_reason) {
  StatisticBootstrap out;
  out.statistic = std::move(name);
  out.replicates = std::move(replicates);
  out.leave_one_out = std::move(leave_one_out);
  if (!std::isfinite(estimate)) {
    out.undefined_reason = estimate_undefined_reason;
    return out;
  }
  out.estimate = estimate;
  for (double v : out.replicates) out.undefined_replicates += std::isfinite(v) ? 0 : 1;
  if (out.undefined_replicates > 0) {
    out.undefined_reason = std::to_string(out.undefined_replicates) + " of " +
                           std::to_string(out.replicates.size()) +
                           " bootstrap replicates leave it undefined (e.g. a replicate "
                           "without resource), so there is no interval";
    return out;
  }
  out.interval = bootstrap_interval(estimate, out.replicates,
                                    bca_acceleration(out.leave_one_out, plan), level);
  return out;
}

/// Why statistic s is undefined on the data, from equity_indices()' own reasons.
std::string undefined_reason(std::size_t s, const EquityIndices& indices) {
  using namespace detail;
  const bool t_part =
      s == kTheilT || s == kTheilTBetween || s == kTheilTWithin || s == kTheilTBetweenShare;
  const TheilResult& theil = t_part ? indices.theil_t : indices.theil_l;
  if (s != kGini && !theil.defined()) return theil.undefined_reason;
  if (s == kTheilTBetweenShare || s == kTheilLBetweenShare) {
    return "the index is 0 (perfect equality), so it has no between share";
  }
  return "undefined on the data";
}

}  // namespace

const StatisticBootstrap* EquityBootstrap::find(std::string_view statistic) const {
  for (const auto& s : statistics) {
    if (s.statistic == statistic) return &s;
  }
  return nullptr;
}

bool excludes(const Interval& interval, double value) {
  return value < interval.lower || value > interval.upper;
}

EquityBootstrap bootstrap_equity(std::span<const double> resource, std::span<const double> weight,
                                 const BootstrapOptions& options,
                                 std::span<const std::string> group_keys, LogBase base,
                                 std::span<const std::string> unit_ids) {
  validate(options);
  // Validates the data (naming the unit) and gives the reasons for undefined indices.
  const EquityIndices indices = equity_indices(resource, weight, unit_ids, group_keys, base);

  EquityBootstrap out;
  out.options = options;
  const bool grouped = !group_keys.empty();
  out.plan =
      grouped ? ResamplingPlan::stratified(group_keys) : ResamplingPlan::simple(resource.size());
  const EquityResampler kernel(resource, weight, out.plan.stratum_of(),
                               grouped ? out.plan.strata().size() : 0, base);
  const std::vector<double> ones(resource.size(), 1.0);
  const auto estimates = kernel.evaluate(ones);
  auto replicates = run_replicates(kernel, out.plan, options);
  auto leave_one_out = kernel.leave_one_out();

  const std::size_t statistics = grouped ? kStatisticCount : detail::kTheilL + 1;
  for (std::size_t s = 0; s < statistics; ++s) {
    out.statistics.push_back(summarise(detail::statistic_name(s), estimates[s],
                                       std::move(replicates[s]), std::move(leave_one_out[s]),
                                       out.plan, options.level, undefined_reason(s, indices)));
  }
  return out;
}

std::optional<EquityBootstrap> bootstrap_value_equity(std::span<const double> values,
                                                      std::span<const double> population,
                                                      const BootstrapOptions& options,
                                                      std::span<const std::string> group_keys,
                                                      LogBase base) {
  validate(options);
  // value_equity decides (and reports) whether the indices are defined at all.
  if (!value_equity("values", values, population, {}, group_keys, base).indices) {
    return std::nullopt;
  }
  std::vector<double> resource;
  std::vector<double> weight;
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) continue;  // left out as value_equity leaves them out
    resource.push_back(values[i] * population[i]);
    weight.push_back(population[i]);
    if (!group_keys.empty()) keys.push_back(group_keys[i]);
  }
  return bootstrap_equity(resource, weight, options, keys, base);
}

std::vector<EquityBootstrap> bootstrap_analysis(const EquityAnalysis& analysis,
                                                const BootstrapOptions& options) {
  validate(options);
  const EquityInput& in = analysis.input;
  std::vector<EquityBootstrap> out;
  for (const ResourceEquity& result : analysis.results) {
    std::size_t k = 0;
    while (in.resource_names[k] != result.resource) ++k;
    const std::vector<double>& weight =
        result.basis == EquityBasis::Area ? in.area_km2 : in.population;
    out.push_back(bootstrap_equity(in.resources[k], weight, options, in.group_keys, in.log_base,
                                   in.unit_ids));
  }
  return out;
}

StatisticBootstrap bootstrap_difference(const EquityBootstrap& a, const EquityBootstrap& b,
                                        std::string_view statistic) {
  if (a.options.seed != b.options.seed || a.options.replicates != b.options.replicates ||
      !(a.plan == b.plan)) {
    throw Error(
        "a paired bootstrap contrast needs two bootstraps drawn alike (same units, "
        "seed, replicates and groups)",
        {}, ErrorKind::Internal);
  }
  const StatisticBootstrap* x = a.find(statistic);
  const StatisticBootstrap* y = b.find(statistic);
  if (!x || !y) {
    throw Error("no statistic '" + std::string(statistic) + "' to contrast", {},
                ErrorKind::Internal);
  }
  auto minus = [](const std::vector<double>& p, const std::vector<double>& q) {
    std::vector<double> d(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) d[i] = p[i] - q[i];  // NaN stays NaN
    return d;
  };
  const double estimate = x->estimate && y->estimate ? *x->estimate - *y->estimate : kNaN;
  return summarise(std::string(statistic) + " difference", estimate,
                   minus(x->replicates, y->replicates), minus(x->leave_one_out, y->leave_one_out),
                   a.plan, a.options.level, "undefined in one of the two bootstraps");
}

}  // namespace equiroute::engine
