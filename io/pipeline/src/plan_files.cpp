#include "equiroute/pipeline/plan_files.hpp"

#include "equiroute/pipeline/plan_outputs.hpp"
#include "equiroute/pipeline/plan_step.hpp"
#include "equiroute/pipeline/result_directory.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;

std::vector<fs::path> run_plan_files(const PlanFilesOptions& options) {
  std::vector<fs::path> inputs{options.demand.layer.path, options.existing.layer.path,
                               options.candidates.path};
  if (!options.costs.matrix_file.empty()) inputs.push_back(options.costs.matrix_file);
  if (!options.costs.travel.network.path.empty())
    inputs.push_back(options.costs.travel.network.path);
  ResultDirectory dir(options.output_dir, inputs);

  const DemandPoints demand = load_demand_points(options.demand);
  const SupplyPoints existing = load_supply_points(options.existing);
  const geodata::FeatureSet candidate_layer = geodata::read_point_features(options.candidates);
  const PlanCandidates candidates{.ids = candidate_layer.ids,
                                  .points = geodata::lonlat_points(candidate_layer)};
  engine::BurdenOptions burden;
  burden.thresholds_min = options.burden_thresholds_min;
  const PlanOutcome plan = analyse_plan(options.spec, access_problem(demand, existing), candidates,
                                        options.costs, burden, "");

  plan_solutions_table(plan, true).write_csv(dir.root() / "solutions.csv");
  plan_before_after_table(plan).write_csv(dir.root() / "before_after.csv");
  if (plan.spec.tradeoff) plan_tradeoff_table(plan).write_csv(dir.root() / "tradeoff.csv");
  return dir.commit("equiroute plan (point files)", {{"plan", plan_parameters(plan)}},
                    options.costs.travel.threads, nlohmann::ordered_json::object());
}

}  // namespace equiroute::io
