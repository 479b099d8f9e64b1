#include "equiroute/pipeline/plan_step.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/candidate_grid.hpp"
#include "equiroute/geodata/point_layer.hpp"

namespace equiroute::io {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double minutes(double seconds) { return seconds / 60.0; }

PlanIndicators indicators(std::span<const double> times, const AccessProblem& p,
                          const engine::BurdenOptions& options) {
  const auto burden = engine::travel_burden(times, p.weights, p.group_keys, options);
  const auto equity = engine::value_equity("nearest_travel_s", times, p.weights, p.demand_ids,
                                           p.group_keys, options.log_base);
  PlanIndicators out;
  out.mean_min = minutes(burden.overall.mean_reachable_s);
  out.median_min = minutes(burden.overall.median_s);
  out.p90_min = minutes(burden.overall.p90_s);
  out.share_beyond = burden.overall.share_beyond;
  out.unreached_population = burden.overall.unreachable_population;
  out.gini_time = equity.indices ? equity.indices->gini.gini : kNaN;
  out.theil_t_time = equity.indices ? equity.indices->theil_t.value.value_or(kNaN) : kNaN;
  out.theil_t_between_share = kNaN;
  if (equity.indices && equity.indices->theil_t_groups)
    out.theil_t_between_share = equity.indices->theil_t_groups->between_share.value_or(kNaN);
  return out;
}

/// k beyond the selectable sites is a [plan] key error, found before any solve.
void check_counts(const PlanSpec& spec, std::size_t selectable, const std::string& file) {
  const std::size_t k_max = *std::max_element(spec.ks.begin(), spec.ks.end());
  if (k_max > selectable) {
    throw Error(
        fmt::format("{} asks for {} sites but there are only {} {}",
                    file.empty() ? "option '--k'" : "[plan] key 'plan.k'", k_max, selectable,
                    spec.existing_closable ? "existing and candidate sites" : "candidate sites"),
        {.file = file}, ErrorKind::BadInput, "lower k or add candidate sites");
  }
}

/// The chosen sites' ids, sorted, and their names in the same order.
void name_choice(const PlanOutcome& out, PlanChoice& choice) {
  std::vector<std::uint32_t> sites = choice.solution.sites;
  std::sort(sites.begin(), sites.end(),
            [&](std::uint32_t a, std::uint32_t b) { return out.site_ids[a] < out.site_ids[b]; });
  choice.site_ids.clear();
  choice.site_names.clear();
  for (const auto j : sites) {
    choice.site_ids.push_back(out.site_ids[j]);
    choice.site_names.push_back(out.site_names.empty() ? "" : out.site_names[j]);
  }
}

/// Names of the existing facilities (their name field) and of demand-point candidates (the
/// names of the regions with the same id: the seats of `run`'s regions).
std::vector<std::string> site_names(const Scenario& scenario, const StudyArea& area,
                                    const PlanOutcome& out) {
  std::vector<std::string> names(out.site_ids.size());
  const std::string& field = scenario.facilities ? scenario.facilities->name_field : "";
  if (!field.empty() && area.facilities.has_field(field)) {
    for (std::size_t j = 0; j < out.existing_count && j < area.facilities.size(); ++j)
      names[j] = area.facilities.text(j, field);
  }
  if (scenario.plan->candidates.source == CandidateSource::Demand) {
    std::map<std::string, std::string> region_names;
    for (std::size_t r = 0; r < area.region_units.ids.size(); ++r)
      region_names[area.region_units.ids[r]] = area.region_units.names[r];
    for (std::size_t j = out.existing_count; j < names.size(); ++j) {
      if (auto it = region_names.find(out.site_ids[j]); it != region_names.end())
        names[j] = it->second;
    }
  }
  return names;
}

/// The engine's solves; an error the inputs cause (an infeasible cover within T, nothing in
/// reach) is reported against the objective of [plan] that asked for it.
std::vector<engine::PlanSolution> solve(const engine::PlanInstance& instance,
                                        engine::PlanObjective objective, const PlanSpec& spec,
                                        const std::string& file) {
  try {
    return engine::solve_plan_range(instance, objective, spec.ks, spec.solver);
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::BadInput) throw;
    throw Error(fmt::format("{}, objective '{}': {}",
                            file.empty() ? "option '--objective'" : "[plan] key 'plan.objectives'",
                            engine::plan_objective_info(objective).name, e.what()),
                {.file = file}, e.kind(), e.hint());
  }
}

}  // namespace

PlanCandidates plan_candidates(const PlanCandidatesSpec& spec, const AccessProblem& problem,
                               const geodata::FeatureSet& regions) {
  PlanCandidates c;
  switch (spec.source) {
    case CandidateSource::Demand:
      c.ids = problem.demand_ids;
      c.points = problem.demand_points;
      break;
    case CandidateSource::Layer: {
      const geodata::FeatureSet layer = geodata::read_point_features(spec.layer);
      c.ids = layer.ids;
      c.points = geodata::lonlat_points(layer);
      break;
    }
    case CandidateSource::Grid: {
      auto grid = geodata::grid_candidates(regions, spec.spacing_km * 1000.0);
      c.ids = std::move(grid.ids);
      c.points = std::move(grid.points);
      break;
    }
  }
  return c;
}

PlanOutcome analyse_plan(const PlanSpec& spec, const AccessProblem& problem,
                         const PlanCandidates& candidates, const CostSource& source,
                         const engine::BurdenOptions& burden, const std::string& scenario_file) {
  if (problem.weight_name != "population")
    throw Error("planning needs the population of the demand points (there is none)",
                {.file = scenario_file});
  PlanOutcome out;
  out.spec = spec;
  out.existing_count = problem.facility_ids.size();
  out.population = problem.weights;
  out.site_ids = problem.facility_ids;
  out.site_ids.insert(out.site_ids.end(), candidates.ids.begin(), candidates.ids.end());
  out.site_points = problem.facility_points;
  out.site_points.insert(out.site_points.end(), candidates.points.begin(), candidates.points.end());
  check_counts(spec, candidates.ids.size() + (spec.existing_closable ? out.existing_count : 0),
               scenario_file);
  AccessProblem sites = problem;
  sites.facility_ids = out.site_ids;
  sites.facility_points = out.site_points;
  std::optional<CostCsvReport> report;
  out.costs = access_costs(sites, source, report);
  out.thresholds_min = burden.thresholds_min;

  const engine::PlanInstance instance{.costs = out.costs.matrix,
                                      .population = problem.weights,
                                      .existing_count = out.existing_count,
                                      .existing_closable = spec.existing_closable,
                                      .threshold_min = spec.threshold_min,
                                      .demand_ids = problem.demand_ids,
                                      .site_ids = out.site_ids};
  out.before = indicators(engine::plan_nearest_times(instance, {}), problem, burden);
  for (const auto objective : spec.objectives) {
    const bool has_before = objective != engine::PlanObjective::Lscp && !spec.existing_closable &&
                            out.existing_count > 0;
    const double value_before = has_before ? engine::evaluate_plan(instance, objective, {}) : kNaN;
    for (auto& solution : solve(instance, objective, spec, scenario_file)) {
      spdlog::info("plan {} k={}: {} {} ({}, {})", engine::plan_objective_info(objective).name,
                   solution.k, solution.value, solution.unit, engine::to_string(solution.status),
                   solution.solver);
      PlanChoice choice;
      choice.value_before = value_before;
      choice.after =
          indicators(engine::plan_nearest_times(instance, solution.sites), problem, burden);
      choice.solution = std::move(solution);
      name_choice(out, choice);
      out.choices.push_back(std::move(choice));
    }
  }
  if (spec.allocation)
    out.allocation = allocate_plan_units(*spec.allocation, problem, out, scenario_file);
  if (spec.tradeoff) {
    out.tradeoff = engine::plan_tradeoff(instance, {.efficiency = spec.tradeoff->efficiency,
                                                    .equity = spec.tradeoff->equity,
                                                    .ks = spec.ks,
                                                    .weights = spec.tradeoff->weights,
                                                    .options = spec.solver});
  }
  return out;
}

PlanOutcome plan_scenario(const Scenario& scenario, const StudyArea& area,
                          const AccessProblem& problem, unsigned threads) {
  if (!scenario.plan)
    throw Error("the scenario has no [plan] table", {.file = scenario.file.string()});
  CostSource source{.travel = scenario.network};
  source.travel.threads = threads;
  const PlanCandidates candidates =
      plan_candidates(scenario.plan->candidates, problem, area.regions);
  PlanOutcome out = analyse_plan(*scenario.plan, problem, candidates, source,
                                 scenario.access.analysis.burden, scenario.file.string());
  out.site_names = site_names(scenario, area, out);
  for (auto& choice : out.choices) name_choice(out, choice);
  return out;
}

}  // namespace equiroute::io
