#include "equiroute/engine/burden.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "equiroute/core/error.hpp"
#include "equiroute/engine/region_scores.hpp"
#include "equiroute/engine/weighted_stats.hpp"

namespace equiroute::engine {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

bool reachable(double t) { return std::isfinite(t); }

TravelTimeStats stats_of(const std::string& key, const std::vector<double>& times_s,
                         const std::vector<double>& population,
                         const std::vector<double>& thresholds_min) {
  TravelTimeStats s;
  s.key = key;
  s.units = times_s.size();
  std::vector<double> reach_t;
  std::vector<double> reach_w;
  for (std::size_t i = 0; i < times_s.size(); ++i) {
    s.population += population[i];
    if (times_s[i] == kInf) {
      ++s.unreachable_units;
      s.unreachable_population += population[i];
    } else {
      reach_t.push_back(times_s[i]);
      reach_w.push_back(population[i]);
    }
  }
  s.mean_reachable_s = weighted_mean(reach_t, reach_w);
  if (s.population > 0.0) {
    s.median_s = weighted_quantile(times_s, population, 0.5);
    s.p90_s = weighted_quantile(times_s, population, 0.9);
    for (double threshold : thresholds_min) {
      s.share_beyond.push_back(weighted_share_above(times_s, population, threshold * 60.0));
    }
  } else {
    s.median_s = s.p90_s = kNaN;
    s.share_beyond.assign(thresholds_min.size(), kNaN);
  }
  return s;
}
}  // namespace

TravelBurden travel_burden(std::span<const double> nearest_travel_s,
                           std::span<const double> population,
                           std::span<const std::string> group_keys, const BurdenOptions& options) {
  const std::size_t n = nearest_travel_s.size();
  if (population.size() != n || (!group_keys.empty() && group_keys.size() != n)) {
    throw std::invalid_argument("travel_burden: times, population and groups differ in length");
  }
  for (double p : population) {
    if (!(p >= 0.0) || !std::isfinite(p)) {
      throw std::invalid_argument("travel_burden: population must be finite and >= 0");
    }
  }
  for (double t : options.thresholds_min) {
    if (!(t >= 0.0) || !std::isfinite(t)) {
      throw std::invalid_argument("travel_burden: thresholds must be finite minutes >= 0");
    }
  }
  std::vector<double> times(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = nearest_travel_s[i];
    if (reachable(t) && t < 0.0) throw std::invalid_argument("travel_burden: negative time");
    times[i] = reachable(t) ? t : kInf;
  }
  std::vector<double> pop(population.begin(), population.end());
  TravelBurden burden;
  burden.thresholds_min = options.thresholds_min;
  burden.overall = stats_of({}, times, pop, options.thresholds_min);
  if (!group_keys.empty()) {
    const GroupIndex groups = group_index(group_keys);
    std::vector<std::vector<double>> group_times(groups.size());
    std::vector<std::vector<double>> group_pop(groups.size());
    for (std::size_t i = 0; i < n; ++i) {
      group_times[groups.group_of[i]].push_back(times[i]);
      group_pop[groups.group_of[i]].push_back(pop[i]);
    }
    for (std::size_t g = 0; g < groups.size(); ++g) {
      burden.groups.push_back(
          stats_of(groups.keys[g], group_times[g], group_pop[g], options.thresholds_min));
    }
  }
  return burden;
}

ValueEquity value_equity(const std::string& name, std::span<const double> values,
                         std::span<const double> population, std::span<const std::string> unit_ids,
                         std::span<const std::string> group_keys, LogBase base) {
  const std::size_t n = values.size();
  if (population.size() != n || (!unit_ids.empty() && unit_ids.size() != n) ||
      (!group_keys.empty() && group_keys.size() != n)) {
    throw std::invalid_argument(
        "value_equity: values, population, ids and groups differ in length");
  }
  ValueEquity result;
  result.name = name;
  std::vector<double> resource;
  std::vector<double> weight;
  std::vector<std::string> ids;
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(values[i])) {
      ++result.units_excluded;
      continue;
    }
    ++result.units_used;
    // r_i = value_i · P_i against w_i = P_i: the Lorenz order r_i / w_i is the value itself.
    resource.push_back(values[i] * population[i]);
    weight.push_back(population[i]);
    ids.push_back(unit_ids.empty() ? std::to_string(i) : unit_ids[i]);
    if (!group_keys.empty()) keys.push_back(group_keys[i]);
  }
  if (resource.empty()) {
    result.undefined_reason = "no unit has a defined value";
    return result;
  }
  try {
    result.indices = equity_indices(resource, weight, ids, keys, base);
  } catch (const Error& e) {
    // gini()/theil() refuse zero totals (all values 0, or no population): undefined,
    // reported with the reason instead of a number.
    result.undefined_reason = e.what();
  }
  return result;
}

}  // namespace equiroute::engine
