// allocate_units: checks, 2SFCA terms from the existing model code, the integer search and
// its bound, and the before/after indicators.

#include "equiroute/engine/resource_allocation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "allocation_model.hpp"
#include "equiroute/core/error.hpp"
#include "equiroute/engine/gini.hpp"
#include "equiroute/engine/two_step_fca.hpp"

namespace equiroute::engine {

namespace {

// The Hessian is dense (m × m doubles): 5000 facilities take 200 MB.
constexpr std::size_t kMaxFacilities = 5000;

std::string facility_name(const AllocationInput& in, std::size_t j) {
  return j < in.facility_ids.size() ? in.facility_ids[j] : "#" + std::to_string(j);
}

void check_input(const AllocationInput& in) {
  const CostMatrix& costs = in.costs;
  if (costs.row_offsets.size() != costs.origin_count + 1 ||
      costs.travel_s.size() != costs.destinations.size() ||
      costs.row_offsets.back() != costs.destinations.size()) {
    throw Error("allocation: the cost matrix is malformed");
  }
  if (in.population.size() != costs.origin_count) {
    throw Error("allocation: " + std::to_string(in.population.size()) + " population values for " +
                std::to_string(costs.origin_count) + " demand points");
  }
  for (double p : in.population) {
    if (!(p >= 0.0) || !std::isfinite(p)) {
      throw Error("allocation: population must be finite and >= 0", {.field = "population"});
    }
  }
  if (in.supply.size() != costs.destination_count) {
    throw Error("allocation: " + std::to_string(in.supply.size()) + " supply values for " +
                    std::to_string(costs.destination_count) + " facilities",
                {.field = "supply"});
  }
  for (std::size_t j = 0; j < in.supply.size(); ++j) {
    if (!(in.supply[j] >= 0.0) || !std::isfinite(in.supply[j])) {
      throw Error("allocation: facility '" + facility_name(in, j) +
                      "' has a supply that is negative or not a number",
                  {.feature_id = facility_name(in, j), .field = "supply"});
    }
  }
  if (!in.max_new.empty() && in.max_new.size() != costs.destination_count) {
    throw Error("allocation: " + std::to_string(in.max_new.size()) + " caps for " +
                    std::to_string(costs.destination_count) + " facilities",
                {.field = "max_new"});
  }
  for (std::size_t j = 0; j < in.max_new.size(); ++j) {
    const double c = in.max_new[j];
    if (!(c >= 0.0) || !std::isfinite(c) || c != std::floor(c)) {
      throw Error("allocation: facility '" + facility_name(in, j) +
                      "' has a cap that is not a whole number >= 0",
                  {.feature_id = facility_name(in, j), .field = "max_new"});
    }
  }
}

/// 2SFCA scores of `supply` (one attribute) with the input's catchment.
AccessResult two_step(const AllocationInput& in, const std::vector<double>& supply) {
  const SupplyMatrix matrix{in.costs.destination_count, {"units"}, supply};
  const CatchmentWeight weight = in.weight ? *in.weight : CatchmentWeight::binary(in.threshold_min);
  return floating_catchment_scores({in.costs, in.population, matrix}, weight, false, "allocation");
}

/// Caps: 0 where D_j = 0 (useless), else min(cap, N). Throws when they cannot take N.
std::vector<double> effective_caps(const AllocationInput& in, const AccessResult& ratios) {
  const double units = static_cast<double>(in.new_units);
  std::vector<double> caps(in.costs.destination_count, 0.0);
  double room = 0.0;
  for (std::size_t j = 0; j < caps.size(); ++j) {
    if (ratios.ratio_undefined[j]) continue;
    caps[j] = std::min(units, in.max_new.empty() ? units : in.max_new[j]);
    room += caps[j];
  }
  if (room == 0.0 && units > 0.0) {
    throw Error("allocation: no facility has demand within its catchment",
                {.field = "threshold_min"});
  }
  if (room < units) {
    throw Error("allocation: the caps allow " + std::to_string(static_cast<long long>(room)) +
                    " new units in all, " + std::to_string(in.new_units) + " requested",
                {.field = "max_new"});
  }
  return caps;
}

struct Spread {
  double mean = 0.0, variance = 0.0, gini = 0.0;
};

/// Population-weighted mean, variance and Gini (engine::gini) of A.
Spread spread(const std::vector<double>& access, std::span<const double> population) {
  Spread s;
  double total = 0.0;
  std::vector<double> resource, weight;
  for (std::size_t i = 0; i < access.size(); ++i) {
    if (!(population[i] > 0.0)) continue;
    total += population[i];
    s.mean += population[i] * access[i];
    resource.push_back(population[i] * access[i]);
    weight.push_back(population[i]);
  }
  s.mean /= total;
  for (std::size_t i = 0; i < access.size(); ++i) {
    if (population[i] > 0.0)
      s.variance += population[i] * (access[i] - s.mean) * (access[i] - s.mean);
  }
  s.variance /= total;
  s.gini = s.mean > 0.0 ? gini(resource, weight).gini : std::numeric_limits<double>::quiet_NaN();
  return s;
}

}  // namespace

AllocationResult allocate_units(const AllocationInput& in, const AllocationOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  check_input(in);
  if (in.costs.destination_count > kMaxFacilities) {
    throw Error("allocation: " + std::to_string(in.costs.destination_count) +
                " facilities is more than the " + std::to_string(kMaxFacilities) +
                " that the dense quadratic model takes");
  }
  double population = 0.0;
  for (double p : in.population) population += p;
  if (!(population > 0.0)) throw Error("allocation: no population", {.field = "population"});
  const std::vector<double> supply(in.supply.begin(), in.supply.end());
  const AccessResult before = two_step(in, supply);
  // 1 / D_j: the ratios of unit supply (NaN where D_j = 0).
  const AccessResult unit = two_step(in, std::vector<double>(supply.size(), 1.0));
  const std::vector<double> caps = effective_caps(in, unit);
  const std::vector<double> access_before = before.column(0);
  const detail::AllocationModel model =
      detail::make_allocation_model(in, access_before, unit.facility_ratio, caps);

  AllocationResult r;
  r.method = "greedy + 1-unit exchange; bound: continuous QP (COIN-OR CLP) + linearisation";
  r.added = detail::allocate_greedy_exchange(model);
  const std::vector<double> enumerated =
      detail::allocate_by_enumeration(model, options.enumeration_limit);
  const double search_q = model.value(r.added);
  double best_q = search_q;
  if (!enumerated.empty()) {
    const double enum_q = model.value(enumerated);
    if (enum_q < search_q - 1e-12 * std::fabs(search_q)) {
      r.added = enumerated;
      best_q = enum_q;
    }
    r.proven_optimal = true;
    r.proof = "enumeration";
  }
  const detail::QpBound qp = detail::continuous_bound(model, r.added);
  const double bound_q = qp.value;
  if (!r.proven_optimal && best_q - bound_q <= 1e-9 * std::fabs(best_q)) {
    r.proven_optimal = true;
    r.proof = "bound";
  }
  r.supply_after = supply;
  for (std::size_t j = 0; j < supply.size(); ++j) r.supply_after[j] += r.added[j];
  r.access_before = access_before;
  r.access_after = two_step(in, r.supply_after).column(0);
  const Spread b = spread(r.access_before, in.population);
  const Spread a = spread(r.access_after, in.population);
  r.variance_before = b.variance;
  r.variance_after = a.variance;
  r.gini_before = b.gini;
  r.gini_after = a.gini;
  r.mean_access_after = a.mean;
  // V = Q / W − ā² with ā fixed by N: the bound on Q gives the bound on V.
  r.variance_bound = std::max(0.0, bound_q / population - a.mean * a.mean);
  // Enumeration proves the answer itself: it is its own best bound.
  if (r.proof == "enumeration") r.variance_bound = r.variance_after;
  r.gap = r.variance_after > 0.0
              ? std::max(0.0, (r.variance_after - r.variance_bound) / r.variance_after)
              : 0.0;
  if (!qp.qp_solved) r.method += " (CLP did not solve the QP: bound from the integer answer)";
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return r;
}

}  // namespace equiroute::engine
