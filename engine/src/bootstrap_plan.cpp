#include <boost/random/uniform_int_distribution.hpp>
#include <random>

#include "equiroute/core/error.hpp"
#include "equiroute/engine/bootstrap.hpp"
#include "equiroute/engine/region_scores.hpp"

namespace equiroute::engine {

void validate(const BootstrapOptions& options) {
  if (options.replicates == 0) {
    throw Error("the number of bootstrap replicates must be at least 1 (got 0)",
                {.field = "bootstrap"}, ErrorKind::BadInput,
                "leave the bootstrap out to skip intervals, or give e.g. 1999 replicates");
  }
  if (!(options.level > 0.0 && options.level < 1.0)) {
    throw Error("the bootstrap confidence level must lie strictly between 0 and 1 (got " +
                    std::to_string(options.level) + ")",
                {.field = "bootstrap_level"}, ErrorKind::BadInput);
  }
}

ResamplingPlan ResamplingPlan::simple(std::size_t units) {
  ResamplingPlan plan;
  plan.units_ = units;
  plan.strata_.emplace_back(units);
  for (std::size_t i = 0; i < units; ++i) plan.strata_[0][i] = i;
  plan.stratum_of_.assign(units, 0);
  return plan;
}

ResamplingPlan ResamplingPlan::stratified(std::span<const std::string> group_keys) {
  ResamplingPlan plan;
  plan.units_ = group_keys.size();
  plan.stratified_ = true;
  const GroupIndex groups = group_index(group_keys);
  plan.strata_.resize(groups.size());
  for (std::size_t i = 0; i < group_keys.size(); ++i) plan.strata_[groups.group_of[i]].push_back(i);
  plan.stratum_of_ = groups.group_of;
  return plan;
}

std::uint64_t replicate_stream_seed(std::uint64_t seed, std::size_t replicate) {
  // splitmix64 finaliser applied twice: once to the seed, once to seed-hash + index, so
  // that (seed, replicate) pairs map to well-mixed, distinct 64-bit seeds.
  auto mix = [](std::uint64_t z) {
    z += 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  };
  return mix(mix(seed) + static_cast<std::uint64_t>(replicate));
}

void ResamplingPlan::draw_counts(std::uint64_t seed, std::size_t replicate,
                                 std::vector<double>& counts) const {
  counts.assign(units_, 0.0);
  std::mt19937_64 stream(replicate_stream_seed(seed, replicate));
  for (const auto& members : strata_) {
    if (members.empty()) continue;
    boost::random::uniform_int_distribution<std::size_t> pick(0, members.size() - 1);
    for (std::size_t k = 0; k < members.size(); ++k) counts[members[pick(stream)]] += 1.0;
  }
}

}  // namespace equiroute::engine
