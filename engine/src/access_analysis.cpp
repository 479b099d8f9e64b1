#include "equiroute/engine/access_analysis.hpp"

#include <algorithm>

#include "equiroute/engine/model_registry.hpp"

namespace equiroute::engine {

std::vector<ModelRequest> model_requests(const std::vector<std::string>& names,
                                         const std::map<std::string, ModelParams>& params,
                                         std::optional<double> catchment_min) {
  std::vector<ModelRequest> requests;
  for (const auto& name : names) {
    const AccessModel& model = access_model(name);
    ModelParams own;
    if (auto it = params.find(name); it != params.end()) own = it->second;
    if (catchment_min && model.takes_catchment() && !own.count("threshold_min"))
      own["threshold_min"] = *catchment_min;
    (void)model.resolve(own);
    requests.push_back({name, std::move(own)});
  }
  for (const auto& [name, values] : params) {
    if (std::find(names.begin(), names.end(), name) == names.end()) (void)access_model(name);
  }
  return requests;
}

namespace {

void aggregate_regions(const AccessInput& input, const DemandUnits& units, AccessAnalysis& out) {
  if (units.regions.empty()) return;
  out.regions = group_index(units.regions);
  out.region_population = group_totals(out.regions, input.population);
  out.region_nearest_travel_s =
      group_weighted_means(out.regions, out.nearest_travel_s, input.population);
  for (const auto& column : out.columns) {
    out.region_scores.push_back(group_weighted_means(
        out.regions, out.results[column.model].column(column.column), input.population));
  }
}

void equity_of_access(const AccessInput& input, const DemandUnits& units, LogBase base,
                      AccessAnalysis& out) {
  const std::string nearest = "nearest_travel_s";
  out.equity.push_back(
      value_equity(nearest, out.nearest_travel_s, input.population, units.ids, units.groups, base));
  for (const auto& column : out.columns) {
    if (column.name == nearest) continue;
    out.equity.push_back(value_equity(column.name, out.results[column.model].column(column.column),
                                      input.population, units.ids, units.groups, base));
  }
}

}  // namespace

AccessAnalysis analyse_access(const AccessInput& input, const DemandUnits& units,
                              const AccessAnalysisOptions& options) {
  check_access_input(input);
  AccessAnalysis out;
  // Resolve every model first so that a bad parameter fails before any work is done.
  std::vector<ResolvedParams> resolved;
  for (const auto& request : options.models) {
    resolved.push_back(access_model(request.name).resolve(request.params));
  }
  for (std::size_t r = 0; r < options.models.size(); ++r) {
    const auto& model = access_model(options.models[r].name);
    out.results.push_back(model.compute(input, resolved[r]));
    out.params.push_back(resolved[r].values());
    const auto& result = out.results.back();
    for (std::size_t c = 0; c < result.columns.size(); ++c) {
      out.columns.push_back({result.model + "_" + result.columns[c], r, c});
    }
  }
  out.nearest_travel_s = run_access_model("nearest", input).column(0);
  out.burden = travel_burden(out.nearest_travel_s, input.population, units.groups, options.burden);
  aggregate_regions(input, units, out);
  equity_of_access(input, units, options.burden.log_base, out);
  return out;
}

}  // namespace equiroute::engine
