#include "equiroute/engine/region_scores.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <unordered_map>

namespace equiroute::engine {

GroupIndex group_index(std::span<const std::string> keys) {
  GroupIndex index;
  std::unordered_map<std::string, std::size_t> seen;
  index.group_of.reserve(keys.size());
  for (const auto& key : keys) {
    auto [it, inserted] = seen.emplace(key, index.keys.size());
    if (inserted) index.keys.push_back(key);
    index.group_of.push_back(it->second);
  }
  return index;
}

std::vector<double> group_weighted_means(const GroupIndex& groups, std::span<const double> values,
                                         std::span<const double> weights) {
  if (values.size() != groups.group_of.size() || weights.size() != values.size()) {
    throw std::invalid_argument(
        "group_weighted_means: values, weights and groups differ in length");
  }
  std::vector<double> sum_w(groups.size(), 0.0);
  std::vector<double> sum_wx(groups.size(), 0.0);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) continue;
    sum_w[groups.group_of[i]] += weights[i];
    sum_wx[groups.group_of[i]] += weights[i] * values[i];
  }
  std::vector<double> means(groups.size(), std::numeric_limits<double>::quiet_NaN());
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (sum_w[g] > 0.0) means[g] = sum_wx[g] / sum_w[g];
  }
  return means;
}

std::vector<double> group_totals(const GroupIndex& groups, std::span<const double> weights) {
  if (weights.size() != groups.group_of.size()) {
    throw std::invalid_argument("group_totals: weights and groups differ in length");
  }
  std::vector<double> totals(groups.size(), 0.0);
  for (std::size_t i = 0; i < weights.size(); ++i) totals[groups.group_of[i]] += weights[i];
  return totals;
}

}  // namespace equiroute::engine
