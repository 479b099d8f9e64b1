#include "equiroute/engine/access_analysis.hpp"

#include "equiroute/engine/model_registry.hpp"

namespace equiroute::engine {

AccessAnalysis analyse_access(const AccessInput& input, std::span<const std::string> unit_ids,
                              std::span<const std::string> group_keys,
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
  out.burden = travel_burden(out.nearest_travel_s, input.population, group_keys, options.burden);

  if (!group_keys.empty()) {
    out.groups = group_index(group_keys);
    out.group_population = group_totals(out.groups, input.population);
    for (const auto& column : out.columns) {
      out.group_scores.push_back(group_weighted_means(
          out.groups, out.results[column.model].column(column.column), input.population));
    }
  }
  const LogBase base = options.burden.log_base;
  out.equity.push_back(value_equity("nearest_travel_s", out.nearest_travel_s, input.population,
                                    unit_ids, group_keys, base));
  for (const auto& column : out.columns) {
    out.equity.push_back(value_equity(column.name, out.results[column.model].column(column.column),
                                      input.population, unit_ids, group_keys, base));
  }
  return out;
}

}  // namespace equiroute::engine
