#include "equiroute/pipeline/plan_outputs.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "equiroute/geodata/feature_builder.hpp"
#include "equiroute/pipeline/scenario_layer.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;

namespace {

std::string objective_name(engine::PlanObjective objective) {
  return std::string(engine::plan_objective_info(objective).name);
}

std::string joined(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ";") + id;
  return out;
}

long long count(std::size_t n) { return static_cast<long long>(n); }

/// One indicator of the before/after table: name, unit, value of a set of indicators.
struct IndicatorRow {
  std::string name;
  std::string unit;
  double (*value)(const PlanIndicators&, std::size_t threshold);
  std::size_t threshold = 0;
};

std::vector<IndicatorRow> indicator_rows(const PlanOutcome& plan) {
  std::vector<IndicatorRow> rows{
      {"mean_travel_min", "min", [](const PlanIndicators& i, std::size_t) { return i.mean_min; }},
      {"median_travel_min", "min",
       [](const PlanIndicators& i, std::size_t) { return i.median_min; }},
      {"p90_travel_min", "min", [](const PlanIndicators& i, std::size_t) { return i.p90_min; }}};
  for (std::size_t t = 0; t < plan.thresholds_min.size(); ++t) {
    rows.push_back({fmt::format("share_beyond_{:g}_min", plan.thresholds_min[t]), "share",
                    [](const PlanIndicators& i, std::size_t k) { return i.share_beyond[k]; }, t});
  }
  rows.push_back({"unreached_population", "persons",
                  [](const PlanIndicators& i, std::size_t) { return i.unreached_population; }});
  rows.push_back({"gini_travel_time", "gini",
                  [](const PlanIndicators& i, std::size_t) { return i.gini_time; }});
  rows.push_back({"theil_t_travel_time", "theil",
                  [](const PlanIndicators& i, std::size_t) { return i.theil_t_time; }});
  rows.push_back({"theil_t_between_share", "share",
                  [](const PlanIndicators& i, std::size_t) { return i.theil_t_between_share; }});
  return rows;
}

/// The chosen sites of every plan as points: id "<objective>_k<k>_<site>", the plan and the
/// site's role (new candidate, or existing when existing sites may close).
geodata::FeatureSet plan_sites_layer(const PlanOutcome& plan) {
  std::vector<std::string> ids, objectives, sites, names, roles;
  std::vector<LonLat> points;
  std::vector<double> ks;
  for (const auto& choice : plan.choices) {
    const auto& s = choice.solution;
    for (const auto j : s.sites) {
      const std::string name = objective_name(s.objective);
      ids.push_back(fmt::format("{}_k{}_{}", name, s.k, plan.site_ids[j]));
      objectives.push_back(name);
      ks.push_back(static_cast<double>(s.k));
      sites.push_back(plan.site_ids[j]);
      names.push_back(plan.site_names.empty() ? "" : plan.site_names[j]);
      roles.push_back(j < plan.existing_count ? "existing" : "new");
      points.push_back(plan.site_points[j]);
    }
  }
  geodata::FeatureSet layer = geodata::point_features("plan_sites", "id", ids, points);
  geodata::set_column(layer, "objective", objectives);
  geodata::set_column(layer, "k", ks);
  geodata::set_column(layer, "site", sites);
  geodata::set_column(layer, "name", names);
  geodata::set_column(layer, "role", roles);
  return layer;
}

nlohmann::ordered_json indicators_json(const PlanIndicators& i) {
  auto number = [](double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nullptr; };
  return {{"mean_travel_min", number(i.mean_min)},
          {"p90_travel_min", number(i.p90_min)},
          {"share_beyond", i.share_beyond},
          {"gini_travel_time", number(i.gini_time)}};
}

}  // namespace

TextTable plan_solutions_table(const PlanOutcome& plan, bool with_seconds) {
  std::vector<std::string> header{"objective",
                                  "k",
                                  "sites",
                                  "site_names",
                                  "value",
                                  "value_before",
                                  "unit",
                                  "status",
                                  "gap",
                                  "bound",
                                  "solver",
                                  "person_s",
                                  "covered_population",
                                  "unreached_population",
                                  "tie_break_proven",
                                  "time_limit_reached"};
  std::vector<int> precision{0, 0, 0, 0, 6, 6, 0, 0, 6, 6, 0, 0, 0, 0, 0, 0};
  if (with_seconds) {
    header.push_back("seconds");
    precision.push_back(3);
  }
  TextTable table(header, precision);
  for (const auto& choice : plan.choices) {
    const auto& s = choice.solution;
    std::vector<Cell> row{objective_name(s.objective),
                          count(s.k),
                          joined(choice.site_ids),
                          joined(choice.site_names),
                          s.value,
                          choice.value_before,
                          std::string(s.unit),
                          std::string(engine::to_string(s.status)),
                          s.gap,
                          s.bound,
                          s.solver,
                          s.person_s,
                          s.covered_population,
                          s.unreached_population,
                          std::string(s.tie_break_proven ? "true" : "false"),
                          std::string(s.time_limit_reached ? "true" : "false")};
    if (with_seconds) row.emplace_back(s.seconds);
    table.add_row(std::move(row));
  }
  return table;
}

TextTable plan_before_after_table(const PlanOutcome& plan) {
  TextTable table({"objective", "k", "indicator", "unit", "before", "after", "change"},
                  {0, 0, 0, 0, 4, 4, 4});
  const auto rows = indicator_rows(plan);
  for (const auto& choice : plan.choices) {
    for (const auto& row : rows) {
      const double before = row.value(plan.before, row.threshold);
      const double after = row.value(choice.after, row.threshold);
      table.add_row({objective_name(choice.solution.objective), count(choice.solution.k), row.name,
                     row.unit, before, after, after - before});
    }
  }
  return table;
}

TextTable plan_tradeoff_table(const PlanOutcome& plan) {
  TextTable table({"efficiency", "equity", "k", "weight", "sites", "efficiency_value",
                   "equity_value", "non_dominated"},
                  {0, 0, 0, 3, 0, 6, 6, 0});
  if (!plan.spec.tradeoff) return table;
  for (const auto& point : plan.tradeoff) {
    std::vector<std::string> ids;
    for (const auto j : point.sites) ids.push_back(plan.site_ids[j]);
    std::sort(ids.begin(), ids.end());
    table.add_row({objective_name(plan.spec.tradeoff->efficiency),
                   objective_name(plan.spec.tradeoff->equity), count(point.k), point.weight,
                   joined(ids), point.efficiency, point.equity,
                   std::string(point.non_dominated ? "true" : "false")});
  }
  return table;
}

TextTable plan_allocation_table(const PlanOutcome& plan) {
  TextTable table({"facility", "field", "supply_before", "added", "supply_after"}, {0, 0, 0, 0, 0});
  if (!plan.allocation) return table;
  const auto& a = *plan.allocation;
  for (std::size_t j = 0; j < a.added.size(); ++j) {
    table.add_row({plan.site_ids[j], plan.spec.allocation->field, a.supply_after[j] - a.added[j],
                   a.added[j], a.supply_after[j]});
  }
  return table;
}

TextTable plan_allocation_summary_table(const PlanOutcome& plan) {
  TextTable table({"indicator", "unit", "before", "after"}, {0, 0, 4, 4});
  if (!plan.allocation) return table;
  const auto& a = *plan.allocation;
  // Per 10,000 people, the unit of the paper's densities (Luo et al. 2022, Table 4).
  constexpr double kPer10k = 1e4;
  const double population = std::accumulate(plan.population.begin(), plan.population.end(), 0.0);
  auto mean = [&](const std::vector<double>& access) {
    double sum = 0.0;
    for (std::size_t i = 0; i < access.size(); ++i) sum += plan.population[i] * access[i];
    return kPer10k * sum / population;
  };
  const std::string unit = plan.spec.allocation->field + " per 10k people";
  table.add_row({std::string("mean_access"), unit, mean(a.access_before), mean(a.access_after)});
  table.add_row({std::string("variance_access"), "(" + unit + ")²",
                 kPer10k * kPer10k * a.variance_before, kPer10k * kPer10k * a.variance_after});
  table.add_row({std::string("gini_access"), std::string("gini"), a.gini_before, a.gini_after});
  return table;
}

void write_plan_outputs(const PlanOutcome& plan, const Scenario& scenario, const fs::path& root) {
  const fs::path tables = root / "tables";
  fs::create_directories(tables);
  auto both = [&](const TextTable& table, const std::string& name, const std::string& title) {
    table.write_csv(tables / (name + ".csv"));
    table.write_markdown(tables / (name + ".md"), title);
  };
  both(plan_solutions_table(plan), "plan_solutions",
       scenario.text("What-if plans: chosen sites", "规划方案：选址"));
  both(plan_before_after_table(plan), "plan_before_after",
       scenario.text("Travel burden before and after each plan", "各方案前后的出行负担"));
  if (plan.spec.tradeoff)
    both(plan_tradeoff_table(plan), "plan_tradeoff",
         scenario.text("Trade-off between efficiency and equity", "效率与公平的权衡"));
  if (plan.allocation) {
    both(plan_allocation_table(plan), "plan_allocation",
         scenario.text("New units per facility", "各机构新增资源"));
    both(plan_allocation_summary_table(plan), "plan_allocation_summary",
         scenario.text("2SFCA accessibility before and after the new units",
                       "新增资源前后的两步移动搜索法可达性"));
  }
  write_scenario_layer(plan_sites_layer(plan), "plan_sites", scenario, root);
}

nlohmann::ordered_json plan_parameters(const PlanOutcome& plan) {
  nlohmann::ordered_json p;
  std::vector<std::string> objectives;
  for (const auto o : plan.spec.objectives) objectives.push_back(objective_name(o));
  p["objectives"] = objectives;
  p["k"] = plan.spec.ks;
  p["threshold_min"] = plan.spec.threshold_min;
  p["existing_closable"] = plan.spec.existing_closable;
  p["candidates"] = {{"source", to_string(plan.spec.candidates.source)},
                     {"count", plan.site_ids.size() - plan.existing_count}};
  p["existing_sites"] = plan.existing_count;
  p["time_limit_s"] = plan.spec.solver.time_limit_s;
  p["starts"] = plan.spec.solver.starts;
  p["travel"] = plan.costs.method;
  p["before"] = indicators_json(plan.before);
  nlohmann::ordered_json solutions = nlohmann::ordered_json::array();
  for (const auto& choice : plan.choices) {
    const auto& s = choice.solution;
    solutions.push_back({{"objective", objective_name(s.objective)},
                         {"k", s.k},
                         {"sites", choice.site_ids},
                         {"site_names", choice.site_names},
                         {"value", s.value},
                         {"unit", std::string(s.unit)},
                         {"status", std::string(engine::to_string(s.status))},
                         {"gap", std::isfinite(s.gap) ? nlohmann::ordered_json(s.gap) : nullptr},
                         {"solver", s.solver},
                         {"seconds", s.seconds},
                         {"time_limit_reached", s.time_limit_reached},
                         {"after", indicators_json(choice.after)}});
  }
  p["solutions"] = solutions;
  if (plan.allocation) {
    const auto& a = *plan.allocation;
    p["allocation"] = {{"field", plan.spec.allocation->field},
                       {"units", plan.spec.allocation->units},
                       {"threshold_min", plan.spec.allocation->threshold_min},
                       {"variance_before", a.variance_before},
                       {"variance_after", a.variance_after},
                       {"variance_bound", a.variance_bound},
                       {"gap", a.gap},
                       {"gini_before", a.gini_before},
                       {"gini_after", a.gini_after},
                       {"proven_optimal", a.proven_optimal},
                       {"proof", a.proof},
                       {"method", a.method},
                       {"seconds", a.seconds}};
  }
  return p;
}

}  // namespace equiroute::io
