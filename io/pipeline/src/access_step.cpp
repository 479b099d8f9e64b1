#include "equiroute/pipeline/access_step.hpp"

#include <spdlog/spdlog.h>

#include <limits>
#include <variant>

#include "equiroute/core/error.hpp"
#include "equiroute/engine/model_registry.hpp"

namespace equiroute::io {

namespace {

void log_reach(const engine::AccessAnalysis& analysis) {
  for (const auto& result : analysis.results) {
    if (result.unreached_count > 0) {
      spdlog::warn("{}: {} demand points reach no facility (score 0, flagged)", result.model,
                   result.unreached_count);
    }
    if (result.ratio_undefined_count > 0) {
      spdlog::warn("{}: {} facilities have no demand in their catchment (ratio undefined, flagged)",
                   result.model, result.ratio_undefined_count);
    }
  }
}

}  // namespace

nlohmann::ordered_json access_parameters(const AccessOutcome& outcome) {
  nlohmann::ordered_json p;
  p["travel_costs"] = {{"method", outcome.costs.method},
                       {"approximate", outcome.costs.matrix.approximate},
                       {"reachable_pairs", outcome.costs.matrix.entries()}};
  if (outcome.cost_report) {
    p["travel_costs"]["rows"] = outcome.cost_report->rows;
    p["travel_costs"]["unreachable_rows"] = outcome.cost_report->unreachable_rows;
    p["travel_costs"]["missing_pairs"] = outcome.cost_report->missing_pairs;
  }
  p["weight"] = outcome.problem.weight_name;
  p["models"] = nlohmann::ordered_json::object();
  const auto& a = outcome.analysis;
  for (std::size_t r = 0; r < a.results.size(); ++r) {
    nlohmann::ordered_json params = nlohmann::ordered_json::object();
    for (const auto& [key, value] : a.params[r])
      std::visit([&](const auto& v) { params[key] = v; }, value);
    p["models"][a.results[r].model] = {
        {"source", engine::access_model(a.results[r].model).source()}, {"params", params}};
  }
  p["burden_thresholds_min"] = a.burden.thresholds_min;
  return p;
}

network::TravelCosts access_costs(const AccessProblem& problem, const CostSource& source,
                                  std::optional<CostCsvReport>& report) {
  if (source.matrix_file.empty()) {
    network::TravelCostOptions travel = source.travel;
    travel.origins_label = problem.demand_label;
    travel.destinations_label = problem.facility_label;
    return network::travel_costs(travel, problem.demand_points, problem.facility_points);
  }
  auto read = read_cost_matrix_csv(source.matrix_file, problem.demand_ids, problem.facility_ids,
                                   source.matrix_fields);
  report = read.report;
  if (read.report.missing_pairs > 0 || read.report.unreachable_rows > 0) {
    spdlog::warn("cost matrix: {} pairs missing and {} rows without a time, treated as unreachable",
                 read.report.missing_pairs, read.report.unreachable_rows);
  }
  network::TravelCostOptions labels = source.travel;
  labels.origins_label = problem.demand_label;
  labels.destinations_label = problem.facility_label;
  labels.cutoff_s = std::numeric_limits<double>::infinity();  // the file's times, as given
  network::require_reachable(read.matrix.entries() > 0, labels, source.matrix_file.string());
  network::TravelCosts costs;
  costs.matrix = std::move(read.matrix);
  costs.method = "Travel times from the cost matrix " + source.matrix_file.string() + ".";
  return costs;
}

AccessOutcome analyse_access(AccessProblem problem, const CostSource& source,
                             const engine::AccessAnalysisOptions& options) {
  std::optional<CostCsvReport> report;
  network::TravelCosts costs = access_costs(problem, source, report);
  AccessOutcome out = analyse_access(std::move(problem), std::move(costs), options);
  out.cost_report = std::move(report);
  return out;
}

AccessOutcome analyse_access(AccessProblem problem, network::TravelCosts costs,
                             const engine::AccessAnalysisOptions& options) {
  AccessOutcome out;
  out.costs = std::move(costs);
  out.problem = std::move(problem);
  const AccessProblem& p = out.problem;
  out.analysis = engine::analyse_access({out.costs.matrix, p.weights, p.supply},
                                        {p.demand_ids, p.region_keys, p.group_keys}, options);
  log_reach(out.analysis);
  return out;
}

}  // namespace equiroute::io
