// The sparse views of a checked instance: nearest travel times and 2SFCA contributions.

#include <tbb/parallel_for.h>

#include <algorithm>
#include <limits>
#include <numeric>

#include "equiroute/engine/two_step_fca.hpp"
#include "plan_problem.hpp"

namespace equiroute::engine::detail {

namespace {

/// Site-major copy of point-major lists (`site_count` sites), points ascending per site.
SparseLists transpose(const SparseLists& rows, std::size_t site_count) {
  SparseLists columns;
  columns.offsets.assign(site_count + 1, 0);
  for (std::uint32_t s : rows.index) ++columns.offsets[s + 1];
  std::partial_sum(columns.offsets.begin(), columns.offsets.end(), columns.offsets.begin());
  columns.index.resize(rows.index.size());
  columns.value.resize(rows.index.size());
  std::vector<std::size_t> next(columns.offsets.begin(), columns.offsets.end() - 1);
  const std::size_t points = rows.offsets.size() - 1;
  for (std::size_t p = 0; p < points; ++p) {
    for (std::size_t e = rows.offsets[p]; e < rows.offsets[p + 1]; ++e) {
      const std::size_t at = next[rows.index[e]]++;
      columns.index[at] = static_cast<std::uint32_t>(p);
      columns.value[at] = rows.value[e];
    }
  }
  return columns;
}

/// Destination index → local selectable index (kNoSite for always-open sites).
std::vector<std::uint32_t> local_site_index(const PlanSetup& setup) {
  std::vector<std::uint32_t> local(setup.always_open.size(), kNoSite);
  for (std::size_t s = 0; s < setup.selectable.size(); ++s) {
    local[setup.selectable[s]] = static_cast<std::uint32_t>(s);
  }
  return local;
}

}  // namespace

NearestProblem make_nearest_problem(const PlanSetup& setup) {
  const PlanInstance& in = *setup.instance;
  const CostMatrix& costs = in.costs;
  NearestProblem problem;
  problem.site_count = setup.selectable.size();
  problem.threshold_s = setup.threshold_s;
  problem.penalty_s = setup.penalty_s;
  problem.total_population = setup.total_population;
  for (std::size_t i = 0; i < costs.origin_count; ++i) {
    if (in.population[i] > 0.0) problem.point_index.push_back(static_cast<std::uint32_t>(i));
  }
  const std::size_t points = problem.point_index.size();
  problem.weight.resize(points);
  problem.base_s.resize(points);
  const std::vector<std::uint32_t> local = local_site_index(setup);

  // Pass 1: base time and the number of useful pairs per point.
  std::vector<std::size_t> counts(points + 1, 0);
  tbb::parallel_for(std::size_t{0}, points, [&](std::size_t p) {
    const std::size_t i = problem.point_index[p];
    problem.weight[p] = in.population[i];
    double base = std::numeric_limits<double>::infinity();
    auto dest = costs.row_destinations(i);
    auto time = costs.row_travel_s(i);
    for (std::size_t e = 0; e < dest.size(); ++e) {
      if (setup.always_open[dest[e]]) base = std::min(base, time[e]);
    }
    problem.base_s[p] = base;
    std::size_t useful = 0;
    for (std::size_t e = 0; e < dest.size(); ++e) {
      if (local[dest[e]] != kNoSite && time[e] < base) ++useful;
    }
    counts[p + 1] = useful;
  });
  SparseLists& rows = problem.rows;
  rows.offsets.assign(points + 1, 0);
  std::partial_sum(counts.begin(), counts.end(), rows.offsets.begin());
  rows.index.resize(rows.offsets.back());
  rows.value.resize(rows.offsets.back());

  // Pass 2: the pairs of each point, sorted by (time, site).
  tbb::parallel_for(std::size_t{0}, points, [&](std::size_t p) {
    const std::size_t i = problem.point_index[p];
    auto dest = costs.row_destinations(i);
    auto time = costs.row_travel_s(i);
    std::vector<std::pair<double, std::uint32_t>> pairs;
    pairs.reserve(rows.size(p));
    for (std::size_t e = 0; e < dest.size(); ++e) {
      if (local[dest[e]] != kNoSite && time[e] < problem.base_s[p]) {
        pairs.emplace_back(time[e], local[dest[e]]);
      }
    }
    std::sort(pairs.begin(), pairs.end());
    std::size_t at = rows.offsets[p];
    for (const auto& [t, s] : pairs) {
      rows.index[at] = s;
      rows.value[at] = t;
      ++at;
    }
  });
  problem.columns = transpose(rows, problem.site_count);
  return problem;
}

CatchmentWeight access_weight_of(const PlanInstance& instance) {
  return instance.access_weight ? *instance.access_weight
                                : CatchmentWeight::binary(instance.threshold_min);
}

AccessProblem make_access_problem(const PlanSetup& setup) {
  const PlanInstance& in = *setup.instance;
  const CostMatrix& costs = in.costs;
  const CatchmentWeight weight = access_weight_of(in);
  // R_j = S_j / D_j for every site at once: D_j does not depend on which sites are open.
  SupplyMatrix supply{costs.destination_count, {"supply"}, {}};
  supply.values = in.supply.empty() ? std::vector<double>(costs.destination_count, 1.0)
                                    : std::vector<double>(in.supply.begin(), in.supply.end());
  const AccessResult all =
      floating_catchment_scores({costs, in.population, supply}, weight, false, "plan");
  const std::vector<std::uint32_t> local = local_site_index(setup);

  AccessProblem problem;
  SparseLists rows;
  for (std::size_t i = 0; i < costs.origin_count; ++i) {
    if (!(in.population[i] > 0.0)) continue;
    double base = 0.0;
    std::vector<std::pair<std::uint32_t, double>> chosen;
    auto dest = costs.row_destinations(i);
    auto time = costs.row_travel_s(i);
    for (std::size_t e = 0; e < dest.size(); ++e) {
      const std::uint32_t j = dest[e];
      if (all.ratio_undefined[j] || !weight.in_catchment_s(time[e])) continue;
      const double a = weight.at_s(time[e]) * all.facility_ratio[j];
      if (!(a > 0.0)) continue;
      if (local[j] == kNoSite) {
        base += a;
      } else {
        chosen.emplace_back(local[j], a);
      }
    }
    if (!(base > 0.0) && chosen.empty()) continue;
    problem.point_index.push_back(static_cast<std::uint32_t>(i));
    problem.base_access.push_back(base);
    for (const auto& [s, a] : chosen) {
      rows.index.push_back(s);
      rows.value.push_back(a);
    }
    rows.offsets.push_back(rows.index.size());
  }
  problem.columns = transpose(rows, setup.selectable.size());
  return problem;
}

}  // namespace equiroute::engine::detail
