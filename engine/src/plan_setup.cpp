// Checks a PlanInstance once and resolves its defaults (PlanSetup).

#include <algorithm>
#include <cmath>

#include "equiroute/core/error.hpp"
#include "plan_problem.hpp"

namespace equiroute::engine::detail {

namespace {

void check_matrix(const CostMatrix& costs) {
  if (costs.row_offsets.size() != costs.origin_count + 1 ||
      costs.travel_s.size() != costs.destinations.size() ||
      costs.row_offsets.back() != costs.destinations.size()) {
    throw Error("plan: the cost matrix is malformed (row offsets and entries disagree)");
  }
  for (std::size_t i = 0; i < costs.origin_count; ++i) {
    if (costs.row_offsets[i] > costs.row_offsets[i + 1]) {
      throw Error("plan: the cost matrix is malformed (row offsets decrease)");
    }
  }
  for (std::size_t e = 0; e < costs.entries(); ++e) {
    if (costs.destinations[e] >= costs.destination_count) {
      throw Error("plan: the cost matrix names a site outside its " +
                  std::to_string(costs.destination_count) + " sites");
    }
    if (!(costs.travel_s[e] >= 0.0) || !std::isfinite(costs.travel_s[e])) {
      throw Error("plan: travel times must be finite and >= 0 seconds");
    }
  }
}

void check_population(const PlanSetup& setup) {
  const PlanInstance& in = *setup.instance;
  if (in.population.size() != in.costs.origin_count) {
    throw Error("plan: " + std::to_string(in.population.size()) + " population values for " +
                std::to_string(in.costs.origin_count) + " demand points");
  }
  for (std::size_t i = 0; i < in.population.size(); ++i) {
    const double w = in.population[i];
    if (!(w >= 0.0) || !std::isfinite(w)) {
      throw Error("plan: demand point '" + setup.demand_name(i) +
                      "' has a population that is negative or not a number",
                  {.feature_id = setup.demand_name(i), .field = "population"});
    }
  }
}

void check_sites(const PlanSetup& setup) {
  const PlanInstance& in = *setup.instance;
  if (in.existing_count > in.costs.destination_count) {
    throw Error("plan: " + std::to_string(in.existing_count) + " existing facilities but the " +
                "cost matrix has only " + std::to_string(in.costs.destination_count) + " sites");
  }
  if (!in.supply.empty() && in.supply.size() != in.costs.destination_count) {
    throw Error("plan: " + std::to_string(in.supply.size()) + " supply values for " +
                    std::to_string(in.costs.destination_count) + " sites",
                {.field = "supply"});
  }
  for (std::size_t j = 0; j < in.supply.size(); ++j) {
    if (!(in.supply[j] >= 0.0) || !std::isfinite(in.supply[j])) {
      throw Error("plan: site '" + setup.site_name(j) +
                      "' has a supply that is negative or not "
                      "a number",
                  {.feature_id = setup.site_name(j), .field = "supply"});
    }
  }
  if (!in.site_ids.empty() && in.site_ids.size() != in.costs.destination_count) {
    throw Error("plan: " + std::to_string(in.site_ids.size()) + " site ids for " +
                std::to_string(in.costs.destination_count) + " sites");
  }
}

/// "no candidate within reach of anyone": no selectable site has a pair with a demand
/// point that holds people.
void check_candidates_reachable(const PlanSetup& setup) {
  const PlanInstance& in = *setup.instance;
  const CostMatrix& costs = in.costs;
  if (setup.selectable.empty()) {
    throw Error("plan: there are no candidate sites to choose from", {.field = "candidates"});
  }
  std::vector<std::uint8_t> selectable(costs.destination_count, 0);
  for (std::uint32_t j : setup.selectable) selectable[j] = 1;
  for (std::size_t i = 0; i < costs.origin_count; ++i) {
    if (!(in.population[i] > 0.0)) continue;
    for (std::uint32_t j : costs.row_destinations(i)) {
      if (selectable[j]) return;
    }
  }
  throw Error("plan: no candidate site is within reach of any demand point with population (" +
                  std::to_string(setup.selectable.size()) +
                  " candidates, no pair in the cost matrix)",
              {.field = "candidates"});
}

double largest_travel_time(const CostMatrix& costs) {
  double largest = 0.0;
  for (double t : costs.travel_s) largest = std::max(largest, t);
  return largest;
}

}  // namespace

std::string PlanSetup::demand_name(std::size_t i) const {
  if (i < instance->demand_ids.size()) return instance->demand_ids[i];
  return "#" + std::to_string(i);
}

std::string PlanSetup::site_name(std::size_t j) const {
  if (j < instance->site_ids.size()) return instance->site_ids[j];
  return "#" + std::to_string(j);
}

PlanSetup make_plan_setup(const PlanInstance& instance) {
  PlanSetup setup;
  setup.instance = &instance;
  check_matrix(instance.costs);
  if (!instance.demand_ids.empty() && instance.demand_ids.size() != instance.costs.origin_count) {
    throw Error("plan: " + std::to_string(instance.demand_ids.size()) + " demand ids for " +
                std::to_string(instance.costs.origin_count) + " demand points");
  }
  check_population(setup);
  check_sites(setup);
  if (!(instance.threshold_min > 0.0) || !std::isfinite(instance.threshold_min)) {
    throw Error("plan: the threshold must be a positive number of minutes",
                {.field = "threshold_min"});
  }
  setup.threshold_s = instance.threshold_min * 60.0;
  setup.penalty_s = std::isnan(instance.unreached_penalty_s) ? largest_travel_time(instance.costs)
                                                             : instance.unreached_penalty_s;
  if (!(setup.penalty_s >= 0.0) || !std::isfinite(setup.penalty_s)) {
    throw Error("plan: the unreached penalty must be a finite number of seconds >= 0",
                {.field = "unreached_penalty_s"});
  }
  for (double w : instance.population) setup.total_population += w;
  if (!(setup.total_population > 0.0)) {
    throw Error("plan: the demand points hold no population", {.field = "population"});
  }
  const std::size_t sites = instance.costs.destination_count;
  setup.always_open.assign(sites, 0);
  for (std::size_t j = 0; j < sites; ++j) {
    const bool existing = j < instance.existing_count;
    if (existing && !instance.existing_closable) {
      setup.always_open[j] = 1;
    } else {
      setup.selectable.push_back(static_cast<std::uint32_t>(j));
    }
  }
  check_candidates_reachable(setup);
  return setup;
}

void check_site_count(const PlanSetup& setup, std::size_t k) {
  const std::string what =
      setup.instance->existing_closable ? "existing and candidate sites" : "candidate sites";
  if (k == 0) throw Error("plan: k must be at least 1", {.field = "k"});
  if (k > setup.selectable.size()) {
    throw Error("plan: k = " + std::to_string(k) + " is larger than the " +
                    std::to_string(setup.selectable.size()) + " " + what,
                {.field = "k"});
  }
}

}  // namespace equiroute::engine::detail
