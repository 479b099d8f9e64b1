#pragma once
// Helpers of the planning tests: small matrices from minute tables, random instances, and
// the brute force over all subsets that the solvers are checked against.

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "equiroute/engine/plan.hpp"
#include "minute_matrix.hpp"

namespace equiroute::test {

using engine::CostMatrix;

/// A random instance small enough for brute force: integer minutes, some absent pairs,
/// some demand points without population.
struct RandomPlan {
  CostMatrix costs;
  std::vector<double> population;
  std::vector<double> supply;
  std::size_t existing = 0;
  std::size_t k = 1;
  double threshold_min = 30.0;
  engine::PlanInstance instance() const {
    return {.costs = costs,
            .population = population,
            .existing_count = existing,
            .threshold_min = threshold_min,
            .supply = supply};
  }
};

inline RandomPlan random_plan(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](int lo, int hi) {  // inclusive, portable
    return lo + static_cast<int>(rng() % static_cast<std::uint64_t>(hi - lo + 1));
  };
  RandomPlan r;
  const int demand = uniform(6, 12);
  r.existing = static_cast<std::size_t>(uniform(0, 2));
  const int candidates = uniform(5, 9);
  r.k = static_cast<std::size_t>(uniform(1, 3));
  r.threshold_min = uniform(15, 40);
  std::vector<std::vector<double>> minutes(demand);
  for (auto& row : minutes) {
    for (int j = 0; j < static_cast<int>(r.existing) + candidates; ++j) {
      row.push_back(uniform(0, 9) < 2 ? -1.0 : uniform(0, 60));
    }
  }
  r.costs = matrix_from_minutes(minutes);
  for (int i = 0; i < demand; ++i) r.population.push_back(uniform(0, 9) < 1 ? 0 : uniform(1, 100));
  r.population[0] = uniform(1, 100);  // never all zero
  for (std::size_t j = 0; j < r.costs.destination_count; ++j) r.supply.push_back(uniform(1, 5));
  return r;
}

struct BruteForce {
  std::vector<std::uint32_t> sites;
  double value = 0.0;
  bool feasible = false;
};

/// Every subset of the selectable sites of size k (lscp: of every size, smallest first),
/// in lexicographic order; the documented rule picks the best: the primary value (1e-9
/// relative), then person-seconds, then the first in lexicographic order.
inline BruteForce brute_force(const engine::PlanInstance& instance, engine::PlanObjective objective,
                              std::size_t k) {
  using engine::PlanObjective;
  std::vector<std::uint32_t> selectable;
  for (std::uint32_t j = 0; j < instance.costs.destination_count; ++j) {
    if (j >= instance.existing_count || instance.existing_closable) selectable.push_back(j);
  }
  const double sense = engine::plan_objective_info(objective).maximise ? -1.0 : 1.0;
  auto close = [](double a, double b) {
    return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)});
  };
  BruteForce best;
  double best_primary = 0.0, best_secondary = 0.0;
  const bool lscp = objective == PlanObjective::Lscp;
  const std::size_t n = selectable.size();
  for (std::size_t size = lscp ? 0 : k; size <= (lscp ? n : k); ++size) {
    std::vector<std::size_t> pick(size);
    for (std::size_t i = 0; i < size; ++i) pick[i] = i;
    while (true) {
      std::vector<std::uint32_t> sites;
      for (std::size_t i : pick) sites.push_back(selectable[i]);
      bool ok = true;
      if (lscp) {  // everyone with population within T
        const auto t = engine::plan_nearest_times(instance, sites);
        for (std::size_t i = 0; i < t.size(); ++i) {
          if (instance.population[i] > 0 && !(t[i] <= instance.threshold_min * 60.0)) ok = false;
        }
      }
      if (ok) {
        const double primary = sense * engine::evaluate_plan(instance, objective, sites);
        const double secondary = engine::evaluate_plan(instance, PlanObjective::PMedian, sites);
        const bool wins = !best.feasible ||
                          (!close(primary, best_primary) && primary < best_primary) ||
                          (close(primary, best_primary) && !close(secondary, best_secondary) &&
                           secondary < best_secondary);
        if (wins) {
          best = {sites, sense * primary, true};
          best_primary = primary;
          best_secondary = secondary;
        }
      }
      // next combination in lexicographic order
      std::size_t i = size;
      while (i > 0 && pick[i - 1] == n - size + i - 1) --i;
      if (i == 0) break;
      ++pick[i - 1];
      for (std::size_t j = i; j < size; ++j) pick[j] = pick[j - 1] + 1;
    }
    if (lscp && best.feasible) break;
  }
  return best;
}

inline bool same_value(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

}  // namespace equiroute::test
