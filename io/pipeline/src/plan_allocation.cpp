// [plan.allocation]: N new units of one supply field shared among the existing facilities
// (engine::allocate_units, Wang & Tang 2013), on the plan's travel costs.

#include <fmt/core.h>

#include <algorithm>
#include <numeric>

#include "equiroute/core/error.hpp"
#include "equiroute/pipeline/plan_step.hpp"

namespace equiroute::io {

namespace {

std::size_t supply_attribute(const engine::SupplyMatrix& supply, const std::string& field,
                             const std::string& file) {
  const auto it = std::find(supply.attributes.begin(), supply.attributes.end(), field);
  if (it != supply.attributes.end())
    return static_cast<std::size_t>(it - supply.attributes.begin());
  std::string known;
  for (const auto& name : supply.attributes) known += (known.empty() ? "" : ", ") + name;
  throw Error(fmt::format("[plan] key 'plan.allocation.field' is '{}', which is not a supply "
                          "field of the facilities",
                          field),
              {.file = file}, ErrorKind::BadInput, "supply fields: " + known);
}

}  // namespace

engine::AllocationResult allocate_plan_units(const PlanAllocationSpec& spec,
                                             const AccessProblem& problem, const PlanOutcome& plan,
                                             const std::string& scenario_file) {
  const std::size_t attribute = supply_attribute(problem.supply, spec.field, scenario_file);
  std::vector<double> supply(plan.existing_count);
  for (std::size_t j = 0; j < supply.size(); ++j) supply[j] = problem.supply.at(j, attribute);
  std::vector<std::uint32_t> existing(plan.existing_count);
  std::iota(existing.begin(), existing.end(), 0u);
  const engine::CostMatrix costs = engine::select_destinations(plan.costs.matrix, existing);
  std::vector<double> caps;
  if (spec.max_per_site >= 0) caps.assign(plan.existing_count, spec.max_per_site);
  const std::span<const std::string> ids(plan.site_ids.data(), plan.existing_count);
  try {
    return engine::allocate_units({.costs = costs,
                                   .population = problem.weights,
                                   .supply = supply,
                                   .new_units = spec.units,
                                   .max_new = caps,
                                   .threshold_min = spec.threshold_min,
                                   .facility_ids = ids});
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::BadInput) throw;
    throw Error(fmt::format("[plan] key 'plan.allocation': {}", e.what()), {.file = scenario_file},
                e.kind(), e.hint());
  }
}

}  // namespace equiroute::io
